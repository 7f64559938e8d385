// Lane plumbing and bitwise SIMD operators: splat, extract_lane/replace_lane, shuffle,
// swizzle, v128.not/and/andnot/or/xor/bitselect/any_true.
//
// Lane indices arrive validated; they are still masked to the lane count so that a bad
// index can never read or write outside the vector. Float lanes move as bits, never through
// arithmetic, so -0 and NaN payloads survive.
#pragma once
#include <cstdint>
#include <cstring>

#include "interp/sem/sem_detail.h"

namespace nanoproc::sem {
inline namespace NP_SEM_NS {

// ---- splat ----
NP_SEM_INLINE v128 I8x16Splat(uint32_t x) { return detail::V128(detail::splat<uint8_t>(uint8_t(x))); }
NP_SEM_INLINE v128 I16x8Splat(uint32_t x) { return detail::V128(detail::splat<uint16_t>(uint16_t(x))); }
NP_SEM_INLINE v128 I32x4Splat(uint32_t x) { return detail::V128(detail::splat<uint32_t>(x)); }
NP_SEM_INLINE v128 I64x2Splat(uint64_t x) { return detail::splat<uint64_t>(x); }
NP_SEM_INLINE v128 F32x4Splat(float x) { return detail::V128(detail::splat<float>(x)); }
NP_SEM_INLINE v128 F64x2Splat(double x) { return detail::V128(detail::splat<double>(x)); }

// ---- extract_lane / replace_lane ----
NP_SEM_INLINE uint32_t I8x16ExtractLaneS(v128 a, uint32_t lane) { return uint32_t(int32_t(detail::vi8(a)[lane & 15])); }
NP_SEM_INLINE uint32_t I8x16ExtractLaneU(v128 a, uint32_t lane) { return detail::vu8(a)[lane & 15]; }
NP_SEM_INLINE uint32_t I16x8ExtractLaneS(v128 a, uint32_t lane) { return uint32_t(int32_t(detail::vi16(a)[lane & 7])); }
NP_SEM_INLINE uint32_t I16x8ExtractLaneU(v128 a, uint32_t lane) { return detail::vu16(a)[lane & 7]; }
NP_SEM_INLINE uint32_t I32x4ExtractLane(v128 a, uint32_t lane) { return detail::vu32(a)[lane & 3]; }
NP_SEM_INLINE uint64_t I64x2ExtractLane(v128 a, uint32_t lane) { return a[lane & 1]; }
NP_SEM_INLINE float F32x4ExtractLane(v128 a, uint32_t lane) {
  return detail::from_bits<float>(detail::vu32(a)[lane & 3]);
}
NP_SEM_INLINE double F64x2ExtractLane(v128 a, uint32_t lane) { return detail::from_bits<double>(a[lane & 1]); }

NP_SEM_INLINE v128 I8x16ReplaceLane(v128 a, uint32_t x, uint32_t lane) {
  u8x16 v = detail::vu8(a);
  v[lane & 15] = uint8_t(x);
  return detail::V128(v);
}
NP_SEM_INLINE v128 I16x8ReplaceLane(v128 a, uint32_t x, uint32_t lane) {
  u16x8 v = detail::vu16(a);
  v[lane & 7] = uint16_t(x);
  return detail::V128(v);
}
NP_SEM_INLINE v128 I32x4ReplaceLane(v128 a, uint32_t x, uint32_t lane) {
  u32x4 v = detail::vu32(a);
  v[lane & 3] = x;
  return detail::V128(v);
}
NP_SEM_INLINE v128 I64x2ReplaceLane(v128 a, uint64_t x, uint32_t lane) {
  a[lane & 1] = x;
  return a;
}
NP_SEM_INLINE v128 F32x4ReplaceLane(v128 a, float x, uint32_t lane) { return I32x4ReplaceLane(a, detail::bits(x), lane); }
NP_SEM_INLINE v128 F64x2ReplaceLane(v128 a, double x, uint32_t lane) { return I64x2ReplaceLane(a, detail::bits(x), lane); }

// ---- shuffle / swizzle ----

// Lane i of the result is byte lanes16[i] of the 32-byte concatenation a:b.
NP_SEM_INLINE v128 I8x16Shuffle(v128 a, v128 b, const uint8_t* lanes16) {
#if defined(NP_SEM_SSSE3)
  // pshufb zeroes a byte whose index has the top bit set: indices 0..15 select from a
  // (+0x70 keeps them below 0x80), 16..31 from b (-16 wraps the others to >= 0xF0).
  __m128i idx = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(lanes16)), _mm_set1_epi8(31));
  __m128i from_a = _mm_shuffle_epi8(detail::mi(a), _mm_adds_epu8(idx, _mm_set1_epi8(0x70)));
  __m128i from_b = _mm_shuffle_epi8(detail::mi(b), _mm_sub_epi8(idx, _mm_set1_epi8(16)));
  return detail::from_m(_mm_or_si128(from_a, from_b));
#else
  uint8_t src[32];
  std::memcpy(src, &a, 16);
  std::memcpy(src + 16, &b, 16);
  u8x16 r;
  for (int i = 0; i < 16; ++i) r[i] = src[lanes16[i] & 31];
  return detail::V128(r);
#endif
}

// Lane i of the result is a[s[i]], or 0 where s[i] >= 16.
NP_SEM_INLINE v128 I8x16Swizzle(v128 a, v128 s) {
#if defined(NP_SEM_SSSE3)
  // Saturating +0x70 pushes every index >= 16 to >= 0x80, which pshufb turns into 0.
  return detail::from_m(_mm_shuffle_epi8(detail::mi(a), _mm_adds_epu8(detail::mi(s), _mm_set1_epi8(0x70))));
#else
  uint8_t src[16];
  std::memcpy(src, &a, 16);
  u8x16 idx = detail::vu8(s);
  u8x16 r;
  for (int i = 0; i < 16; ++i) r[i] = idx[i] < 16 ? src[idx[i] & 15] : 0;
  return detail::V128(r);
#endif
}

// ---- bitwise ----
NP_SEM_INLINE v128 V128Not(v128 a) { return ~a; }
NP_SEM_INLINE v128 V128And(v128 a, v128 b) { return a & b; }
NP_SEM_INLINE v128 V128AndNot(v128 a, v128 b) { return a & ~b; }
NP_SEM_INLINE v128 V128Or(v128 a, v128 b) { return a | b; }
NP_SEM_INLINE v128 V128Xor(v128 a, v128 b) { return a ^ b; }
NP_SEM_INLINE v128 V128Bitselect(v128 a, v128 b, v128 c) { return (a & c) | (b & ~c); }
NP_SEM_INLINE uint32_t V128AnyTrue(v128 a) { return (a[0] | a[1]) != 0; }

}  // namespace NP_SEM_NS
}  // namespace nanoproc::sem
