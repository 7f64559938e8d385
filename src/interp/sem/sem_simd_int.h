// Integer SIMD operators (i8x16.*, i16x8.*, i32x4.*, i64x2.*): comparisons, lane-wise
// arithmetic, saturation, shifts, min/max, rounding average, abs/neg/popcnt, all_true and
// bitmask, narrowing, extension, extended multiplication, pairwise addition, dot product
// and Q15 multiplication.
//
// Written as vector expressions (GCC/clang vector extensions), which compile to the SSE2
// instruction, or to a short sequence where SSE2 lacks one. SSE2/SSSE3/SSE4.1 intrinsics
// are used only where the compiler cannot find the instruction from the expression
// (saturating arithmetic, pavg, packs, pmaddwd, movmsk, pshufb, 64-bit compares).
// Arithmetic is done on unsigned lanes so that wrap-around is defined.
#pragma once
#include <cstdint>
#include <limits>
#include <type_traits>

#include "interp/sem/sem_detail.h"

namespace nanoproc::sem {
inline namespace NP_SEM_NS {
namespace detail {

// Sign-/zero-extend half of the T lanes into W lanes.
template <typename W, bool High, typename T>
NP_SEM_INLINE vec<W> extend(v128 a) {
  return __builtin_convertvector(half<High, T>(as<T>(a)), vec<W>);
}

template <typename U>
NP_SEM_INLINE v128 add(v128 a, v128 b) { return V128(as<U>(a) + as<U>(b)); }
template <typename U>
NP_SEM_INLINE v128 sub(v128 a, v128 b) { return V128(as<U>(a) - as<U>(b)); }
template <typename U>
NP_SEM_INLINE v128 mul(v128 a, v128 b) { return V128(as<U>(a) * as<U>(b)); }
template <typename U>
NP_SEM_INLINE v128 neg(v128 a) { return V128(vec<U>{} - as<U>(a)); }

template <typename S>
NP_SEM_INLINE v128 abs(v128 a) {
  using U = std::make_unsigned_t<S>;
  vec<U> m;
  if constexpr (sizeof(S) == 8) m = vcast<vec<U>>(as<S>(a) >> 63);  // SSE2 has no pcmpgtq
  else m = vcast<vec<U>>(as<S>(a) < 0);
  return V128((as<U>(a) ^ m) - m);  // two's complement negation where negative; INT_MIN stays
}

template <typename T>
NP_SEM_INLINE v128 min(v128 a, v128 b) {
  vec<T> x = as<T>(a), y = as<T>(b);
  return V128(x < y ? x : y);
}
template <typename T>
NP_SEM_INLINE v128 max(v128 a, v128 b) {
  vec<T> x = as<T>(a), y = as<T>(b);
  return V128(x > y ? x : y);
}

// Shift counts are taken modulo the lane width. SSE2 has no byte shifts: shift 16-bit
// lanes and mask off the bits that crossed into the neighbouring byte; the arithmetic
// shift sign-extends the logical one with (t ^ s) - s, s = 0x80 >> n.
template <typename T>
NP_SEM_INLINE v128 shl(v128 a, uint32_t n) {
  using U = std::make_unsigned_t<T>;
  n &= kBits<T> - 1;
  if constexpr (sizeof(T) == 1) {
    return V128(vcast<u8x16>(as<uint16_t>(a) << n) & splat<uint8_t>(uint8_t(0xFFu << n)));
  } else {
    return V128(as<U>(a) << n);
  }
}
template <typename T>
NP_SEM_INLINE v128 shr_u(v128 a, uint32_t n) {
  using U = std::make_unsigned_t<T>;
  n &= kBits<T> - 1;
  if constexpr (sizeof(T) == 1) {
    return V128(vcast<u8x16>(as<uint16_t>(a) >> n) & splat<uint8_t>(uint8_t(0xFFu >> n)));
  } else {
    return V128(as<U>(a) >> n);
  }
}
template <typename T>
NP_SEM_INLINE v128 shr_s(v128 a, uint32_t n) {
  using S = std::make_signed_t<T>;
  n &= kBits<T> - 1;
  if constexpr (sizeof(T) == 1) {
    u8x16 t = vu8(shr_u<uint8_t>(a, n));
    u8x16 s = splat<uint8_t>(uint8_t(0x80u >> n));
    return V128((t ^ s) - s);
  } else {
    return V128(as<S>(a) >> n);
  }
}

// Saturating add/sub of 8- and 16-bit lanes (SSE2 has them all).
template <typename S>
NP_SEM_INLINE v128 add_sat_s(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  if constexpr (sizeof(S) == 1) return from_m(_mm_adds_epi8(mi(a), mi(b)));
  else return from_m(_mm_adds_epi16(mi(a), mi(b)));
#else
  using U = std::make_unsigned_t<S>;
  vec<S> x = as<S>(a), y = as<S>(b);
  vec<S> r = vcast<vec<S>>(as<U>(a) + as<U>(b));
  vec<S> sat = (x >> (kBits<S> - 1)) ^ std::numeric_limits<S>::max();  // MIN if x < 0 else MAX
  return V128(((x ^ r) & (y ^ r)) < 0 ? sat : r);  // overflow: r's sign differs from both
#endif
}
template <typename S>
NP_SEM_INLINE v128 sub_sat_s(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  if constexpr (sizeof(S) == 1) return from_m(_mm_subs_epi8(mi(a), mi(b)));
  else return from_m(_mm_subs_epi16(mi(a), mi(b)));
#else
  using U = std::make_unsigned_t<S>;
  vec<S> x = as<S>(a), y = as<S>(b);
  vec<S> r = vcast<vec<S>>(as<U>(a) - as<U>(b));
  vec<S> sat = (x >> (kBits<S> - 1)) ^ std::numeric_limits<S>::max();
  return V128(((x ^ y) & (x ^ r)) < 0 ? sat : r);  // overflow: operands differ in sign, r != x's
#endif
}
template <typename U>
NP_SEM_INLINE v128 add_sat_u(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  if constexpr (sizeof(U) == 1) return from_m(_mm_adds_epu8(mi(a), mi(b)));
  else return from_m(_mm_adds_epu16(mi(a), mi(b)));
#else
  vec<U> r = as<U>(a) + as<U>(b);
  return V128(r | vcast<vec<U>>(r < as<U>(a)));
#endif
}
template <typename U>
NP_SEM_INLINE v128 sub_sat_u(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  if constexpr (sizeof(U) == 1) return from_m(_mm_subs_epu8(mi(a), mi(b)));
  else return from_m(_mm_subs_epu16(mi(a), mi(b)));
#else
  vec<U> x = as<U>(a), y = as<U>(b);
  return V128((x - y) & vcast<vec<U>>(x >= y));
#endif
}

template <typename U>
NP_SEM_INLINE v128 avgr_u(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  if constexpr (sizeof(U) == 1) return from_m(_mm_avg_epu8(mi(a), mi(b)));
  else return from_m(_mm_avg_epu16(mi(a), mi(b)));
#else
  vec<U> x = as<U>(a), y = as<U>(b);
  return V128((x | y) - ((x ^ y) >> 1));  // (x + y + 1) >> 1 without the carry out
#endif
}

template <typename T>
NP_SEM_INLINE uint32_t all_true(v128 a) {
#if defined(NP_SEM_SSE2)
  if constexpr (sizeof(T) < 8) {
    const __m128i z = _mm_setzero_si128();
    __m128i eq = sizeof(T) == 1 ? _mm_cmpeq_epi8(mi(a), z) : sizeof(T) == 2 ? _mm_cmpeq_epi16(mi(a), z) : _mm_cmpeq_epi32(mi(a), z);
    return _mm_movemask_epi8(eq) == 0;
  }
#endif
  v128 zero_lanes = V128(as<T>(a) == 0);
  return (zero_lanes[0] | zero_lanes[1]) == 0;
}

// Saturating narrow of signed W lanes of a then b into N lanes (N signed or unsigned).
template <typename N, typename W>
NP_SEM_INLINE v128 narrow(v128 a, v128 b) {
  constexpr W lo = std::numeric_limits<N>::min(), hi = std::numeric_limits<N>::max();
  auto clamp = [](vec<W> x) {
    x = x < lo ? splat<W>(lo) : x;
    return x > hi ? splat<W>(hi) : x;
  };
  using H = std::conditional_t<
      sizeof(N) == 1, std::conditional_t<std::is_signed_v<N>, i8x8, u8x8>,
      std::conditional_t<std::is_signed_v<N>, i16x4, u16x4>>;
  return concat(__builtin_convertvector(clamp(as<W>(a)), H), __builtin_convertvector(clamp(as<W>(b)), H));
}

// a[2i] + a[2i+1] of signed/unsigned T lanes, widened to W = 2*sizeof(T) lanes.
template <typename T, typename W>
NP_SEM_INLINE v128 extadd_pairwise(v128 a) {
  constexpr int h = kBits<T>;
  using WU = std::make_unsigned_t<W>;
  if constexpr (std::is_signed_v<T>) {
    vec<W> w = as<W>(a);
    vec<W> even = vcast<vec<W>>(as<WU>(a) << h) >> h, odd = w >> h;
    return V128(vcast<vec<WU>>(even) + vcast<vec<WU>>(odd));
  } else {
    vec<WU> w = as<WU>(a);
    return V128((w & splat<WU>(WU((1ull << h) - 1))) + (w >> h));
  }
}

// Products of the low or high halves, widened. Unsigned-lane multiply: the full product
// always fits the wide lane, so the result is exact for both signednesses.
template <typename T, typename W, bool High>
NP_SEM_INLINE v128 extmul(v128 a, v128 b) {
  using WU = std::make_unsigned_t<W>;
  return V128(vcast<vec<WU>>(extend<W, High, T>(a)) * vcast<vec<WU>>(extend<W, High, T>(b)));
}

#if defined(NP_SEM_SSE2)
// 64-bit lane equality and signed greater-than from 32-bit compares (SSE2 has neither).
NP_SEM_INLINE __m128i cmpeq64(__m128i a, __m128i b) {
#if defined(NP_SEM_SSE41)
  return _mm_cmpeq_epi64(a, b);
#else
  __m128i e = _mm_cmpeq_epi32(a, b);
  return _mm_and_si128(e, _mm_shuffle_epi32(e, 0xB1));  // both halves equal
#endif
}
NP_SEM_INLINE __m128i cmpgt64(__m128i a, __m128i b) {
#if defined(__SSE4_2__)
  return _mm_cmpgt_epi64(a, b);
#else
  // High halves compare signed, low halves unsigned (biased by 2^31 into signed order).
  const __m128i bias = _mm_set_epi32(0, int32_t(0x80000000u), 0, int32_t(0x80000000u));
  __m128i x = _mm_xor_si128(a, bias), y = _mm_xor_si128(b, bias);
  __m128i gt = _mm_cmpgt_epi32(x, y), eq = _mm_cmpeq_epi32(x, y);
  __m128i r = _mm_or_si128(gt, _mm_and_si128(eq, _mm_shuffle_epi32(gt, 0xA0)));  // hi gt | hi eq & lo gt
  return _mm_shuffle_epi32(r, 0xF5);  // broadcast each high half
#endif
}
#endif

NP_SEM_INLINE v128 i64_eq(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  return from_m(cmpeq64(mi(a), mi(b)));
#else
  return V128(vi64(a) == vi64(b));
#endif
}
NP_SEM_INLINE v128 i64_gt(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  return from_m(cmpgt64(mi(a), mi(b)));
#else
  return V128(vi64(a) > vi64(b));
#endif
}

}  // namespace detail

#define NP_SEM_VCMP(Name, T, op)                                   \
  NP_SEM_INLINE v128 Name(v128 a, v128 b) {                        \
    return detail::V128(detail::as<T>(a) op detail::as<T>(b));     \
  }
NP_SEM_VCMP(I8x16Eq, int8_t, ==)
NP_SEM_VCMP(I8x16Ne, int8_t, !=)
NP_SEM_VCMP(I8x16LtS, int8_t, <)
NP_SEM_VCMP(I8x16LtU, uint8_t, <)
NP_SEM_VCMP(I8x16GtS, int8_t, >)
NP_SEM_VCMP(I8x16GtU, uint8_t, >)
NP_SEM_VCMP(I8x16LeS, int8_t, <=)
NP_SEM_VCMP(I8x16LeU, uint8_t, <=)
NP_SEM_VCMP(I8x16GeS, int8_t, >=)
NP_SEM_VCMP(I8x16GeU, uint8_t, >=)
NP_SEM_VCMP(I16x8Eq, int16_t, ==)
NP_SEM_VCMP(I16x8Ne, int16_t, !=)
NP_SEM_VCMP(I16x8LtS, int16_t, <)
NP_SEM_VCMP(I16x8LtU, uint16_t, <)
NP_SEM_VCMP(I16x8GtS, int16_t, >)
NP_SEM_VCMP(I16x8GtU, uint16_t, >)
NP_SEM_VCMP(I16x8LeS, int16_t, <=)
NP_SEM_VCMP(I16x8LeU, uint16_t, <=)
NP_SEM_VCMP(I16x8GeS, int16_t, >=)
NP_SEM_VCMP(I16x8GeU, uint16_t, >=)
NP_SEM_VCMP(I32x4Eq, int32_t, ==)
NP_SEM_VCMP(I32x4Ne, int32_t, !=)
NP_SEM_VCMP(I32x4LtS, int32_t, <)
NP_SEM_VCMP(I32x4LtU, uint32_t, <)
NP_SEM_VCMP(I32x4GtS, int32_t, >)
NP_SEM_VCMP(I32x4GtU, uint32_t, >)
NP_SEM_VCMP(I32x4LeS, int32_t, <=)
NP_SEM_VCMP(I32x4LeU, uint32_t, <=)
NP_SEM_VCMP(I32x4GeS, int32_t, >=)
NP_SEM_VCMP(I32x4GeU, uint32_t, >=)
#undef NP_SEM_VCMP

NP_SEM_INLINE v128 I64x2Eq(v128 a, v128 b) { return detail::i64_eq(a, b); }
NP_SEM_INLINE v128 I64x2Ne(v128 a, v128 b) { return ~detail::i64_eq(a, b); }
NP_SEM_INLINE v128 I64x2LtS(v128 a, v128 b) { return detail::i64_gt(b, a); }
NP_SEM_INLINE v128 I64x2GtS(v128 a, v128 b) { return detail::i64_gt(a, b); }
NP_SEM_INLINE v128 I64x2LeS(v128 a, v128 b) { return ~detail::i64_gt(a, b); }
NP_SEM_INLINE v128 I64x2GeS(v128 a, v128 b) { return ~detail::i64_gt(b, a); }

// ---- lane-wise arithmetic ----
NP_SEM_INLINE v128 I8x16Add(v128 a, v128 b) { return detail::add<uint8_t>(a, b); }
NP_SEM_INLINE v128 I16x8Add(v128 a, v128 b) { return detail::add<uint16_t>(a, b); }
NP_SEM_INLINE v128 I32x4Add(v128 a, v128 b) { return detail::add<uint32_t>(a, b); }
NP_SEM_INLINE v128 I64x2Add(v128 a, v128 b) { return detail::add<uint64_t>(a, b); }
NP_SEM_INLINE v128 I8x16Sub(v128 a, v128 b) { return detail::sub<uint8_t>(a, b); }
NP_SEM_INLINE v128 I16x8Sub(v128 a, v128 b) { return detail::sub<uint16_t>(a, b); }
NP_SEM_INLINE v128 I32x4Sub(v128 a, v128 b) { return detail::sub<uint32_t>(a, b); }
NP_SEM_INLINE v128 I64x2Sub(v128 a, v128 b) { return detail::sub<uint64_t>(a, b); }
NP_SEM_INLINE v128 I16x8Mul(v128 a, v128 b) { return detail::mul<uint16_t>(a, b); }
NP_SEM_INLINE v128 I32x4Mul(v128 a, v128 b) { return detail::mul<uint32_t>(a, b); }
NP_SEM_INLINE v128 I64x2Mul(v128 a, v128 b) { return detail::mul<uint64_t>(a, b); }
NP_SEM_INLINE v128 I8x16Neg(v128 a) { return detail::neg<uint8_t>(a); }
NP_SEM_INLINE v128 I16x8Neg(v128 a) { return detail::neg<uint16_t>(a); }
NP_SEM_INLINE v128 I32x4Neg(v128 a) { return detail::neg<uint32_t>(a); }
NP_SEM_INLINE v128 I64x2Neg(v128 a) { return detail::neg<uint64_t>(a); }

#if defined(NP_SEM_SSSE3)
NP_SEM_INLINE v128 I8x16Abs(v128 a) { return detail::from_m(_mm_abs_epi8(detail::mi(a))); }
NP_SEM_INLINE v128 I16x8Abs(v128 a) { return detail::from_m(_mm_abs_epi16(detail::mi(a))); }
NP_SEM_INLINE v128 I32x4Abs(v128 a) { return detail::from_m(_mm_abs_epi32(detail::mi(a))); }
#else
NP_SEM_INLINE v128 I8x16Abs(v128 a) { return detail::abs<int8_t>(a); }
NP_SEM_INLINE v128 I16x8Abs(v128 a) { return detail::abs<int16_t>(a); }
NP_SEM_INLINE v128 I32x4Abs(v128 a) { return detail::abs<int32_t>(a); }
#endif
NP_SEM_INLINE v128 I64x2Abs(v128 a) { return detail::abs<int64_t>(a); }

NP_SEM_INLINE v128 I8x16AddSatS(v128 a, v128 b) { return detail::add_sat_s<int8_t>(a, b); }
NP_SEM_INLINE v128 I8x16AddSatU(v128 a, v128 b) { return detail::add_sat_u<uint8_t>(a, b); }
NP_SEM_INLINE v128 I8x16SubSatS(v128 a, v128 b) { return detail::sub_sat_s<int8_t>(a, b); }
NP_SEM_INLINE v128 I8x16SubSatU(v128 a, v128 b) { return detail::sub_sat_u<uint8_t>(a, b); }
NP_SEM_INLINE v128 I16x8AddSatS(v128 a, v128 b) { return detail::add_sat_s<int16_t>(a, b); }
NP_SEM_INLINE v128 I16x8AddSatU(v128 a, v128 b) { return detail::add_sat_u<uint16_t>(a, b); }
NP_SEM_INLINE v128 I16x8SubSatS(v128 a, v128 b) { return detail::sub_sat_s<int16_t>(a, b); }
NP_SEM_INLINE v128 I16x8SubSatU(v128 a, v128 b) { return detail::sub_sat_u<uint16_t>(a, b); }

NP_SEM_INLINE v128 I8x16MinS(v128 a, v128 b) { return detail::min<int8_t>(a, b); }
NP_SEM_INLINE v128 I8x16MinU(v128 a, v128 b) { return detail::min<uint8_t>(a, b); }
NP_SEM_INLINE v128 I8x16MaxS(v128 a, v128 b) { return detail::max<int8_t>(a, b); }
NP_SEM_INLINE v128 I8x16MaxU(v128 a, v128 b) { return detail::max<uint8_t>(a, b); }
NP_SEM_INLINE v128 I16x8MinS(v128 a, v128 b) { return detail::min<int16_t>(a, b); }
NP_SEM_INLINE v128 I16x8MinU(v128 a, v128 b) { return detail::min<uint16_t>(a, b); }
NP_SEM_INLINE v128 I16x8MaxS(v128 a, v128 b) { return detail::max<int16_t>(a, b); }
NP_SEM_INLINE v128 I16x8MaxU(v128 a, v128 b) { return detail::max<uint16_t>(a, b); }
NP_SEM_INLINE v128 I32x4MinS(v128 a, v128 b) { return detail::min<int32_t>(a, b); }
NP_SEM_INLINE v128 I32x4MinU(v128 a, v128 b) { return detail::min<uint32_t>(a, b); }
NP_SEM_INLINE v128 I32x4MaxS(v128 a, v128 b) { return detail::max<int32_t>(a, b); }
NP_SEM_INLINE v128 I32x4MaxU(v128 a, v128 b) { return detail::max<uint32_t>(a, b); }

NP_SEM_INLINE v128 I8x16AvgrU(v128 a, v128 b) { return detail::avgr_u<uint8_t>(a, b); }
NP_SEM_INLINE v128 I16x8AvgrU(v128 a, v128 b) { return detail::avgr_u<uint16_t>(a, b); }

// ---- shifts ----
NP_SEM_INLINE v128 I8x16Shl(v128 a, uint32_t n) { return detail::shl<uint8_t>(a, n); }
NP_SEM_INLINE v128 I8x16ShrS(v128 a, uint32_t n) { return detail::shr_s<int8_t>(a, n); }
NP_SEM_INLINE v128 I8x16ShrU(v128 a, uint32_t n) { return detail::shr_u<uint8_t>(a, n); }
NP_SEM_INLINE v128 I16x8Shl(v128 a, uint32_t n) { return detail::shl<uint16_t>(a, n); }
NP_SEM_INLINE v128 I16x8ShrS(v128 a, uint32_t n) { return detail::shr_s<int16_t>(a, n); }
NP_SEM_INLINE v128 I16x8ShrU(v128 a, uint32_t n) { return detail::shr_u<uint16_t>(a, n); }
NP_SEM_INLINE v128 I32x4Shl(v128 a, uint32_t n) { return detail::shl<uint32_t>(a, n); }
NP_SEM_INLINE v128 I32x4ShrS(v128 a, uint32_t n) { return detail::shr_s<int32_t>(a, n); }
NP_SEM_INLINE v128 I32x4ShrU(v128 a, uint32_t n) { return detail::shr_u<uint32_t>(a, n); }
NP_SEM_INLINE v128 I64x2Shl(v128 a, uint32_t n) { return detail::shl<uint64_t>(a, n); }
NP_SEM_INLINE v128 I64x2ShrS(v128 a, uint32_t n) { return detail::shr_s<int64_t>(a, n); }
NP_SEM_INLINE v128 I64x2ShrU(v128 a, uint32_t n) { return detail::shr_u<uint64_t>(a, n); }

// ---- popcnt ----
NP_SEM_INLINE v128 I8x16Popcnt(v128 a) {
#if defined(NP_SEM_SSSE3)
  // Nibble lookup table.
  const __m128i lut = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m128i low4 = _mm_set1_epi8(0x0F);
  __m128i x = detail::mi(a);
  __m128i lo = _mm_shuffle_epi8(lut, _mm_and_si128(x, low4));
  __m128i hi = _mm_shuffle_epi8(lut, _mm_and_si128(_mm_srli_epi16(x, 4), low4));
  return detail::from_m(_mm_add_epi8(lo, hi));
#else
  // Bit-parallel count within each byte; the 16-bit shifts leak bits across bytes only
  // into positions the masks clear.
  u16x8 x = detail::vu16(a);
  x = x - ((x >> 1) & 0x5555);
  x = (x & 0x3333) + ((x >> 2) & 0x3333);
  x = (x + (x >> 4)) & 0x0F0F;
  return detail::V128(x);
#endif
}

// ---- all_true / bitmask ----
NP_SEM_INLINE uint32_t I8x16AllTrue(v128 a) { return detail::all_true<uint8_t>(a); }
NP_SEM_INLINE uint32_t I16x8AllTrue(v128 a) { return detail::all_true<uint16_t>(a); }
NP_SEM_INLINE uint32_t I32x4AllTrue(v128 a) { return detail::all_true<uint32_t>(a); }
NP_SEM_INLINE uint32_t I64x2AllTrue(v128 a) {
#if defined(NP_SEM_SSE2)
  return _mm_movemask_epi8(detail::cmpeq64(detail::mi(a), _mm_setzero_si128())) == 0;
#else
  return detail::all_true<uint64_t>(a);
#endif
}

NP_SEM_INLINE uint32_t I8x16Bitmask(v128 a) {
#if defined(NP_SEM_SSE2)
  return uint32_t(_mm_movemask_epi8(detail::mi(a)));
#else
  // Gather the 8 sign bits of each half into its top byte: bit 8k+7 times 2^(7(7-k))
  // lands on bit 56+k, and no two partial products share a bit, so nothing carries.
  auto gather = [](uint64_t h) { return uint32_t(((h & 0x8080808080808080ull) * 0x0002040810204081ull) >> 56); };
  return gather(a[0]) | (gather(a[1]) << 8);
#endif
}
NP_SEM_INLINE uint32_t I16x8Bitmask(v128 a) {
#if defined(NP_SEM_SSE2)
  __m128i packed = _mm_packs_epi16(detail::mi(a), _mm_setzero_si128());  // keeps each sign
  return uint32_t(_mm_movemask_epi8(packed)) & 0xFF;
#else
  // Same trick for 4 sign bits per half at bits 16k+15: shifted to 16k, times
  // 2^45 + 2^30 + 2^15 + 1 they land on bits 45..48 without overlapping.
  auto gather = [](uint64_t h) {
    return uint32_t((((h >> 15) & 0x0001000100010001ull) * 0x0000200040008001ull) >> 45) & 0xF;
  };
  return gather(a[0]) | (gather(a[1]) << 4);
#endif
}
NP_SEM_INLINE uint32_t I32x4Bitmask(v128 a) {
#if defined(NP_SEM_SSE2)
  return uint32_t(_mm_movemask_ps(detail::mf(a)));
#else
  u32x4 s = detail::vu32(a) >> 31;
  return s[0] | (s[1] << 1) | (s[2] << 2) | (s[3] << 3);
#endif
}
NP_SEM_INLINE uint32_t I64x2Bitmask(v128 a) {
#if defined(NP_SEM_SSE2)
  return uint32_t(_mm_movemask_pd(detail::md(a)));
#else
  return uint32_t((a[0] >> 63) | ((a[1] >> 63) << 1));
#endif
}

// ---- narrow ----
NP_SEM_INLINE v128 I8x16NarrowI16x8S(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  return detail::from_m(_mm_packs_epi16(detail::mi(a), detail::mi(b)));
#else
  return detail::narrow<int8_t, int16_t>(a, b);
#endif
}
NP_SEM_INLINE v128 I8x16NarrowI16x8U(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  return detail::from_m(_mm_packus_epi16(detail::mi(a), detail::mi(b)));  // signed in, unsigned out
#else
  return detail::narrow<uint8_t, int16_t>(a, b);
#endif
}
NP_SEM_INLINE v128 I16x8NarrowI32x4S(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  return detail::from_m(_mm_packs_epi32(detail::mi(a), detail::mi(b)));
#else
  return detail::narrow<int16_t, int32_t>(a, b);
#endif
}
NP_SEM_INLINE v128 I16x8NarrowI32x4U(v128 a, v128 b) {
#if defined(NP_SEM_SSE41)
  return detail::from_m(_mm_packus_epi32(detail::mi(a), detail::mi(b)));
#elif defined(NP_SEM_SSE2)
  // Saturate each lane's low 16 bits (negative -> 0, > 65535 -> all ones), then
  // sign-extend them so that the signed pack passes them through unchanged.
  auto prep = [](__m128i x) {
    x = _mm_andnot_si128(_mm_srai_epi32(x, 31), x);
    x = _mm_or_si128(x, _mm_cmpgt_epi32(x, _mm_set1_epi32(0xFFFF)));
    return _mm_srai_epi32(_mm_slli_epi32(x, 16), 16);
  };
  return detail::from_m(_mm_packs_epi32(prep(detail::mi(a)), prep(detail::mi(b))));
#else
  return detail::narrow<uint16_t, int32_t>(a, b);
#endif
}

// ---- extend ----
NP_SEM_INLINE v128 I16x8ExtendLowI8x16S(v128 a) { return detail::V128(detail::extend<int16_t, false, int8_t>(a)); }
NP_SEM_INLINE v128 I16x8ExtendHighI8x16S(v128 a) { return detail::V128(detail::extend<int16_t, true, int8_t>(a)); }
NP_SEM_INLINE v128 I16x8ExtendLowI8x16U(v128 a) { return detail::V128(detail::extend<uint16_t, false, uint8_t>(a)); }
NP_SEM_INLINE v128 I16x8ExtendHighI8x16U(v128 a) { return detail::V128(detail::extend<uint16_t, true, uint8_t>(a)); }
NP_SEM_INLINE v128 I32x4ExtendLowI16x8S(v128 a) { return detail::V128(detail::extend<int32_t, false, int16_t>(a)); }
NP_SEM_INLINE v128 I32x4ExtendHighI16x8S(v128 a) { return detail::V128(detail::extend<int32_t, true, int16_t>(a)); }
NP_SEM_INLINE v128 I32x4ExtendLowI16x8U(v128 a) { return detail::V128(detail::extend<uint32_t, false, uint16_t>(a)); }
NP_SEM_INLINE v128 I32x4ExtendHighI16x8U(v128 a) { return detail::V128(detail::extend<uint32_t, true, uint16_t>(a)); }
NP_SEM_INLINE v128 I64x2ExtendLowI32x4S(v128 a) { return detail::V128(detail::extend<int64_t, false, int32_t>(a)); }
NP_SEM_INLINE v128 I64x2ExtendHighI32x4S(v128 a) { return detail::V128(detail::extend<int64_t, true, int32_t>(a)); }
NP_SEM_INLINE v128 I64x2ExtendLowI32x4U(v128 a) { return detail::V128(detail::extend<uint64_t, false, uint32_t>(a)); }
NP_SEM_INLINE v128 I64x2ExtendHighI32x4U(v128 a) { return detail::V128(detail::extend<uint64_t, true, uint32_t>(a)); }

// ---- extmul ----
NP_SEM_INLINE v128 I16x8ExtmulLowI8x16S(v128 a, v128 b) { return detail::extmul<int8_t, int16_t, false>(a, b); }
NP_SEM_INLINE v128 I16x8ExtmulHighI8x16S(v128 a, v128 b) { return detail::extmul<int8_t, int16_t, true>(a, b); }
NP_SEM_INLINE v128 I16x8ExtmulLowI8x16U(v128 a, v128 b) { return detail::extmul<uint8_t, uint16_t, false>(a, b); }
NP_SEM_INLINE v128 I16x8ExtmulHighI8x16U(v128 a, v128 b) { return detail::extmul<uint8_t, uint16_t, true>(a, b); }
NP_SEM_INLINE v128 I32x4ExtmulLowI16x8S(v128 a, v128 b) { return detail::extmul<int16_t, int32_t, false>(a, b); }
NP_SEM_INLINE v128 I32x4ExtmulHighI16x8S(v128 a, v128 b) { return detail::extmul<int16_t, int32_t, true>(a, b); }
NP_SEM_INLINE v128 I32x4ExtmulLowI16x8U(v128 a, v128 b) { return detail::extmul<uint16_t, uint32_t, false>(a, b); }
NP_SEM_INLINE v128 I32x4ExtmulHighI16x8U(v128 a, v128 b) { return detail::extmul<uint16_t, uint32_t, true>(a, b); }

#if defined(NP_SEM_SSE2)
namespace detail {
// 32x32->64 multiplies of lanes 0,1 (High=false) or 2,3. pmuludq reads lanes 0 and 2, so
// the selected pair is spread there first. Signed products without SSE4.1's pmuldq:
// a*b = ua*ub - 2^32 * ((a<0 ? ub : 0) + (b<0 ? ua : 0))  (mod 2^64).
template <bool Signed, bool High>
NP_SEM_INLINE v128 extmul64(v128 a, v128 b) {
  __m128i x = mi(a), y = mi(b);
  x = High ? _mm_unpackhi_epi32(x, x) : _mm_unpacklo_epi32(x, x);
  y = High ? _mm_unpackhi_epi32(y, y) : _mm_unpacklo_epi32(y, y);
  if constexpr (!Signed) {
    return from_m(_mm_mul_epu32(x, y));
  } else {
#if defined(NP_SEM_SSE41)
    return from_m(_mm_mul_epi32(x, y));
#else
    __m128i p = _mm_mul_epu32(x, y);
    __m128i fix = _mm_add_epi32(_mm_and_si128(_mm_srai_epi32(x, 31), y), _mm_and_si128(_mm_srai_epi32(y, 31), x));
    return from_m(_mm_sub_epi64(p, _mm_slli_epi64(fix, 32)));
#endif
  }
}
}  // namespace detail
NP_SEM_INLINE v128 I64x2ExtmulLowI32x4S(v128 a, v128 b) { return detail::extmul64<true, false>(a, b); }
NP_SEM_INLINE v128 I64x2ExtmulHighI32x4S(v128 a, v128 b) { return detail::extmul64<true, true>(a, b); }
NP_SEM_INLINE v128 I64x2ExtmulLowI32x4U(v128 a, v128 b) { return detail::extmul64<false, false>(a, b); }
NP_SEM_INLINE v128 I64x2ExtmulHighI32x4U(v128 a, v128 b) { return detail::extmul64<false, true>(a, b); }
#else
NP_SEM_INLINE v128 I64x2ExtmulLowI32x4S(v128 a, v128 b) { return detail::extmul<int32_t, int64_t, false>(a, b); }
NP_SEM_INLINE v128 I64x2ExtmulHighI32x4S(v128 a, v128 b) { return detail::extmul<int32_t, int64_t, true>(a, b); }
NP_SEM_INLINE v128 I64x2ExtmulLowI32x4U(v128 a, v128 b) { return detail::extmul<uint32_t, uint64_t, false>(a, b); }
NP_SEM_INLINE v128 I64x2ExtmulHighI32x4U(v128 a, v128 b) { return detail::extmul<uint32_t, uint64_t, true>(a, b); }
#endif

// ---- pairwise add, dot, q15mulr ----
NP_SEM_INLINE v128 I16x8ExtaddPairwiseI8x16S(v128 a) { return detail::extadd_pairwise<int8_t, int16_t>(a); }
NP_SEM_INLINE v128 I16x8ExtaddPairwiseI8x16U(v128 a) { return detail::extadd_pairwise<uint8_t, uint16_t>(a); }
NP_SEM_INLINE v128 I32x4ExtaddPairwiseI16x8S(v128 a) {
#if defined(NP_SEM_SSE2)
  return detail::from_m(_mm_madd_epi16(detail::mi(a), _mm_set1_epi16(1)));
#else
  return detail::extadd_pairwise<int16_t, int32_t>(a);
#endif
}
NP_SEM_INLINE v128 I32x4ExtaddPairwiseI16x8U(v128 a) { return detail::extadd_pairwise<uint16_t, uint32_t>(a); }

// Sum of the products of adjacent signed 16-bit lanes; the one overflowing case
// (-32768 * -32768 twice) wraps, as the spec's modular addition does (and pmaddwd).
NP_SEM_INLINE v128 I32x4DotI16x8S(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  return detail::from_m(_mm_madd_epi16(detail::mi(a), detail::mi(b)));
#else
  i32x4 x = detail::vi32(a), y = detail::vi32(b);
  i32x4 xe = vcast<i32x4>(detail::vu32(a) << 16) >> 16, xo = x >> 16;
  i32x4 ye = vcast<i32x4>(detail::vu32(b) << 16) >> 16, yo = y >> 16;
  return detail::V128(vcast<u32x4>(xe * ye) + vcast<u32x4>(xo * yo));
#endif
}

// (a * b + 2^14) >> 15, saturated. Only -32768 * -32768 saturates, and only it produces
// 0x8000 before saturation (the true minimum is -32767), so the fix-up is one compare.
NP_SEM_INLINE v128 I16x8Q15mulrSatS(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  __m128i x = detail::mi(a), y = detail::mi(b);
#if defined(NP_SEM_SSSE3)
  __m128i r = _mm_mulhrs_epi16(x, y);
#else
  // p = hi * 2^16 + lo, so (p + 2^14) >> 15 = 2*hi + ((lo >> 14) + 1) >> 1, and the last
  // term is pavgw(lo >> 14, 0).
  __m128i hi = _mm_mulhi_epi16(x, y), lo = _mm_mullo_epi16(x, y);
  __m128i r = _mm_add_epi16(_mm_slli_epi16(hi, 1), _mm_avg_epu16(_mm_srli_epi16(lo, 14), _mm_setzero_si128()));
#endif
  __m128i ovf = _mm_cmpeq_epi16(r, _mm_set1_epi16(int16_t(0x8000)));
  return detail::from_m(_mm_xor_si128(r, ovf));
#else
  // Even and odd lanes in 32-bit lanes: the products (|p| <= 2^30) and rounding are exact.
  i32x4 x = detail::vi32(a), y = detail::vi32(b);
  i32x4 xe = vcast<i32x4>(detail::vu32(a) << 16) >> 16, xo = x >> 16;
  i32x4 ye = vcast<i32x4>(detail::vu32(b) << 16) >> 16, yo = y >> 16;
  i32x4 re = (xe * ye + 0x4000) >> 15, ro = (xo * yo + 0x4000) >> 15;
  re = re > 0x7FFF ? detail::splat<int32_t>(0x7FFF) : re;
  ro = ro > 0x7FFF ? detail::splat<int32_t>(0x7FFF) : ro;
  return detail::V128((vcast<u32x4>(re) & 0xFFFF) | (vcast<u32x4>(ro) << 16));
#endif
}

}  // namespace NP_SEM_NS
}  // namespace nanoproc::sem
