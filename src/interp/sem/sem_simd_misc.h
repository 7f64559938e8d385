// Lane plumbing and bitwise SIMD operators: splat, extract_lane/replace_lane, shuffle,
// swizzle, v128.not/and/andnot/or/xor/bitselect/any_true.
//
// Lane indices arrive validated; they are still masked to the lane count so that a bad
// index can never read or write outside the vector. Float lanes move as bits, never through
// arithmetic, so -0 and NaN payloads survive.
#pragma once
#include <cstdint>
#include <cstring>
#include <utility>

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

namespace detail {
// Without a byte shuffle instruction: result byte i = table[min(index byte i, limit)],
// each half assembled in a general register, fully unrolled so every shift is a constant.
// (Writing bytes into a vector one by one costs several times more.)
template <size_t... I>
NP_SEM_INLINE uint64_t gather8(const uint8_t* table, uint64_t idx, unsigned limit, std::index_sequence<I...>) {
  auto pick = [&](unsigned k) { return uint64_t(table[k < limit ? k : limit]); };
  return ((pick(unsigned(idx >> (8 * I)) & 0xFF) << (8 * I)) | ...);
}
NP_SEM_INLINE v128 gather_bytes(const uint8_t* table, v128 idx, unsigned limit) {
  return v128{gather8(table, idx[0], limit, std::make_index_sequence<8>{}),
              gather8(table, idx[1], limit, std::make_index_sequence<8>{})};
}
NP_SEM_INLINE v128 shuffle_gather(v128 a, v128 b, const uint8_t* lanes16) {
  uint8_t src[32];
  std::memcpy(src, &a, 16);
  std::memcpy(src + 16, &b, 16);
  return gather_bytes(src, load_v128(lanes16), 31);  // indices are < 32; 31 caps bad ones
}
NP_SEM_INLINE v128 swizzle_gather(v128 a, v128 s) {
  uint8_t src[17] = {};  // src[16] = 0 stands for every out-of-range index
  std::memcpy(src, &a, 16);
  return gather_bytes(src, s, 16);
}

#if defined(NP_SEM_SSE2)
// The pshufb forms. pshufb zeroes a byte whose index has the top bit set. Shuffle:
// indices 0..15 select from a (+0x70 keeps them below 0x80), 16..31 from b (-16 wraps
// the others to >= 0xF0). Swizzle: saturating +0x70 pushes every index >= 16 to >= 0x80.
#define NP_SEM_PSHUFB_BODIES                                                                            \
  NP_SEM_PSHUFB_ATTR inline v128 shuffle_pshufb(v128 a, v128 b, const uint8_t* lanes16) {              \
    __m128i idx = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(lanes16)), _mm_set1_epi8(31)); \
    __m128i from_a = _mm_shuffle_epi8(mi(a), _mm_adds_epu8(idx, _mm_set1_epi8(0x70)));                \
    __m128i from_b = _mm_shuffle_epi8(mi(b), _mm_sub_epi8(idx, _mm_set1_epi8(16)));                   \
    return from_m(_mm_or_si128(from_a, from_b));                                                        \
  }                                                                                                     \
  NP_SEM_PSHUFB_ATTR inline v128 swizzle_pshufb(v128 a, v128 s) {                                      \
    return from_m(_mm_shuffle_epi8(mi(a), _mm_adds_epu8(mi(s), _mm_set1_epi8(0x70))));                 \
  }
#if defined(NP_SEM_SSSE3)
#define NP_SEM_PSHUFB_ATTR [[gnu::always_inline]]
NP_SEM_PSHUFB_BODIES
#else
// An SSE2 build still runs on CPUs that have SSSE3 (all x86-64 CPUs since about 2008): use
// pshufb through an out-of-line call when the CPU has it, checked once at startup. The
// byte gather costs ~20x more; these are the only operators where the difference is that
// large, and the gather still serves CPUs without SSSE3.
#define NP_SEM_PSHUFB_ATTR [[gnu::target("ssse3"), gnu::noinline]]
NP_SEM_PSHUFB_BODIES
inline const bool kCpuHasSsse3 = (__builtin_cpu_init(), __builtin_cpu_supports("ssse3"));
#endif
#undef NP_SEM_PSHUFB_ATTR
#undef NP_SEM_PSHUFB_BODIES
#endif
}  // namespace detail

// Lane i of the result is byte lanes16[i] of the 32-byte concatenation a:b.
NP_SEM_INLINE v128 I8x16Shuffle(v128 a, v128 b, const uint8_t* lanes16) {
#if defined(NP_SEM_SSSE3)
  return detail::shuffle_pshufb(a, b, lanes16);
#elif defined(NP_SEM_SSE2)
  if (detail::kCpuHasSsse3) [[likely]] return detail::shuffle_pshufb(a, b, lanes16);
  return detail::shuffle_gather(a, b, lanes16);
#else
  return detail::shuffle_gather(a, b, lanes16);
#endif
}

// Lane i of the result is a[s[i]], or 0 where s[i] >= 16.
NP_SEM_INLINE v128 I8x16Swizzle(v128 a, v128 s) {
#if defined(NP_SEM_SSSE3)
  return detail::swizzle_pshufb(a, s);
#elif defined(NP_SEM_SSE2)
  if (detail::kCpuHasSsse3) [[likely]] return detail::swizzle_pshufb(a, s);
  return detail::swizzle_gather(a, s);
#else
  return detail::swizzle_gather(a, s);
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
