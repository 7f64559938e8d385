// Float SIMD operators (f32x4.*, f64x2.*) and the conversions between float and integer
// lanes. Same rules as the scalar operators (sem_float.h), lane by lane: IEEE arithmetic
// from the hardware, sign-bit abs/neg, Wasm min/max (NaN-propagating, -0 < +0),
// pmin/pmax (b < a ? b : a), rounding without libm, and saturating truncation.
#pragma once
#include <cstdint>
#include <limits>

#include "interp/sem/sem_detail.h"
#include "interp/sem/sem_float.h"

namespace nanoproc::sem {
inline namespace NP_SEM_NS {
namespace detail {

template <typename F>
using ubits_t = typename FloatBits<F>::U;

template <typename F>
NP_SEM_INLINE v128 vfabs(v128 a) {
  return V128(as<ubits_t<F>>(a) & ~FloatBits<F>::kSign);
}
template <typename F>
NP_SEM_INLINE v128 vfneg(v128 a) {
  return V128(as<ubits_t<F>>(a) ^ FloatBits<F>::kSign);
}

// Lanes where either operand is NaN get x + y: the NaN, quieted, canonical if the inputs
// were canonical (the nans{} rule). Elsewhere the ordered result, with min(-0, +0) = -0
// from OR-ing the bits of equal operands (max: AND).
template <typename F, bool IsMax>
NP_SEM_INLINE v128 vminmax(v128 a, v128 b) {
#if defined(NP_SEM_SSE2)
  if constexpr (std::is_same_v<F, float>) return from_m(minmax_ps<IsMax>(mf(a), mf(b)));
  else return from_m(minmax_pd<IsMax>(md(a), md(b)));
#else
  using U = ubits_t<F>;
  vec<F> x = as<F>(a), y = as<F>(b);
  vec<U> xb = as<U>(a), yb = as<U>(b);
  vec<U> eq = IsMax ? (xb & yb) : (xb | yb);
  vec<U> r = IsMax ? (x > y ? xb : (y > x ? yb : eq)) : (x < y ? xb : (y < x ? yb : eq));
  return V128(((x == x) & (y == y)) ? r : vcast<vec<U>>(x + y));
#endif
}

// pmin = b < a ? b : a, pmax = a < b ? b : a (what minps(b, a) / maxps(b, a) compute, but
// written as compare + select for the constant-folding reason given at minmax_ps).
template <typename F, bool IsMax>
NP_SEM_INLINE v128 vpminmax(v128 a, v128 b) {
  using U = ubits_t<F>;
  vec<F> x = as<F>(a), y = as<F>(b);
  return V128(select(IsMax ? (x < y) : (y < x), as<U>(b), as<U>(a)));
}

// Lane-wise version of fround (sem_float.h), with masks instead of branches.
template <Round M, typename F>
NP_SEM_INLINE v128 vround(v128 a) {
#if defined(NP_SEM_SSE41)
  if constexpr (std::is_same_v<F, float>) return from_m(_mm_round_ps(mf(a), kSseRound<M>));
  else return from_m(_mm_round_pd(md(a), kSseRound<M>));
#else
  using B = FloatBits<F>;
  using U = typename B::U;
  const vec<U> xb = as<U>(a);
  const vec<U> sign = xb & B::kSign;
  const vec<F> ax = vcast<vec<F>>(xb & ~B::kSign);
  const vec<F> n = (ax + B::kTwoPowMant) - B::kTwoPowMant;
  vec<U> r;
  if constexpr (M == Round::Nearest) {
    r = vcast<vec<U>>(n);
  } else {
    const vec<U> one = splat<U>(bits(F(1)));
    const vec<U> down = vcast<vec<U>>(n - vcast<vec<F>>(one & vcast<vec<U>>(n > ax)));  // trunc(|x|)
    const vec<U> up = vcast<vec<U>>(n + vcast<vec<F>>(one & vcast<vec<U>>(n < ax)));    // ceil(|x|)
    // The sign as a lane mask by arithmetic shift (SSE2 has no 64-bit compare).
    const vec<U> negative = vcast<vec<U>>(vcast<vec<typename B::S>>(xb) >> (sizeof(F) * 8 - 1));
    if constexpr (M == Round::Trunc) r = down;
    else if constexpr (M == Round::Ceil) r = select(negative, down, up);
    else r = select(negative, up, down);
  }
  const vec<U> nan_quiet = vcast<vec<U>>(ax != ax) & B::kQuiet;
  return V128(ax < B::kTwoPowMant ? (r | sign) : (xb | nan_quiet));
#endif
}

template <typename F>
NP_SEM_INLINE v128 vsqrt(v128 a) {
#if defined(NP_SEM_SSE2)
  if constexpr (std::is_same_v<F, float>) return from_m(_mm_sqrt_ps(mf(a)));
  else return from_m(_mm_sqrt_pd(md(a)));
#else
  vec<F> x = as<F>(a);  // no portable vector sqrt in the vector extensions
  for (int i = 0; i < kLanes<F>; ++i) x[i] = fsqrt(F(x[i]));
  return V128(x);
#endif
}

}  // namespace detail

#define NP_SEM_VFCMP(Name, F, op)                              \
  NP_SEM_INLINE v128 Name(v128 a, v128 b) {                    \
    return detail::V128(detail::as<F>(a) op detail::as<F>(b)); \
  }
NP_SEM_VFCMP(F32x4Eq, float, ==)
NP_SEM_VFCMP(F32x4Ne, float, !=)
NP_SEM_VFCMP(F32x4Lt, float, <)
NP_SEM_VFCMP(F32x4Gt, float, >)
NP_SEM_VFCMP(F32x4Le, float, <=)
NP_SEM_VFCMP(F32x4Ge, float, >=)
NP_SEM_VFCMP(F64x2Eq, double, ==)
NP_SEM_VFCMP(F64x2Ne, double, !=)
NP_SEM_VFCMP(F64x2Lt, double, <)
NP_SEM_VFCMP(F64x2Gt, double, >)
NP_SEM_VFCMP(F64x2Le, double, <=)
NP_SEM_VFCMP(F64x2Ge, double, >=)
#undef NP_SEM_VFCMP

#define NP_SEM_VFARITH(Name, F, op)                            \
  NP_SEM_INLINE v128 Name(v128 a, v128 b) {                    \
    return detail::V128(detail::as<F>(a) op detail::as<F>(b)); \
  }
NP_SEM_VFARITH(F32x4Add, float, +)
NP_SEM_VFARITH(F32x4Sub, float, -)
NP_SEM_VFARITH(F32x4Mul, float, *)
NP_SEM_VFARITH(F32x4Div, float, /)
NP_SEM_VFARITH(F64x2Add, double, +)
NP_SEM_VFARITH(F64x2Sub, double, -)
NP_SEM_VFARITH(F64x2Mul, double, *)
NP_SEM_VFARITH(F64x2Div, double, /)
#undef NP_SEM_VFARITH

NP_SEM_INLINE v128 F32x4Abs(v128 a) { return detail::vfabs<float>(a); }
NP_SEM_INLINE v128 F32x4Neg(v128 a) { return detail::vfneg<float>(a); }
NP_SEM_INLINE v128 F32x4Sqrt(v128 a) { return detail::vsqrt<float>(a); }
NP_SEM_INLINE v128 F32x4Min(v128 a, v128 b) { return detail::vminmax<float, false>(a, b); }
NP_SEM_INLINE v128 F32x4Max(v128 a, v128 b) { return detail::vminmax<float, true>(a, b); }
NP_SEM_INLINE v128 F32x4Pmin(v128 a, v128 b) { return detail::vpminmax<float, false>(a, b); }
NP_SEM_INLINE v128 F32x4Pmax(v128 a, v128 b) { return detail::vpminmax<float, true>(a, b); }
NP_SEM_INLINE v128 F32x4Ceil(v128 a) { return detail::vround<detail::Round::Ceil, float>(a); }
NP_SEM_INLINE v128 F32x4Floor(v128 a) { return detail::vround<detail::Round::Floor, float>(a); }
NP_SEM_INLINE v128 F32x4Trunc(v128 a) { return detail::vround<detail::Round::Trunc, float>(a); }
NP_SEM_INLINE v128 F32x4Nearest(v128 a) { return detail::vround<detail::Round::Nearest, float>(a); }

NP_SEM_INLINE v128 F64x2Abs(v128 a) { return detail::vfabs<double>(a); }
NP_SEM_INLINE v128 F64x2Neg(v128 a) { return detail::vfneg<double>(a); }
NP_SEM_INLINE v128 F64x2Sqrt(v128 a) { return detail::vsqrt<double>(a); }
NP_SEM_INLINE v128 F64x2Min(v128 a, v128 b) { return detail::vminmax<double, false>(a, b); }
NP_SEM_INLINE v128 F64x2Max(v128 a, v128 b) { return detail::vminmax<double, true>(a, b); }
NP_SEM_INLINE v128 F64x2Pmin(v128 a, v128 b) { return detail::vpminmax<double, false>(a, b); }
NP_SEM_INLINE v128 F64x2Pmax(v128 a, v128 b) { return detail::vpminmax<double, true>(a, b); }
NP_SEM_INLINE v128 F64x2Ceil(v128 a) { return detail::vround<detail::Round::Ceil, double>(a); }
NP_SEM_INLINE v128 F64x2Floor(v128 a) { return detail::vround<detail::Round::Floor, double>(a); }
NP_SEM_INLINE v128 F64x2Trunc(v128 a) { return detail::vround<detail::Round::Trunc, double>(a); }
NP_SEM_INLINE v128 F64x2Nearest(v128 a) { return detail::vround<detail::Round::Nearest, double>(a); }

// ---- conversions between lanes ----

// Hardware conversions quiet NaNs keeping the top payload bits (canonical stays canonical).
NP_SEM_INLINE v128 F32x4DemoteF64x2Zero(v128 a) {
#if defined(NP_SEM_SSE2)
  return detail::from_m(_mm_cvtpd_ps(detail::md(a)));  // upper lanes zeroed
#else
  return detail::concat(__builtin_convertvector(detail::vf64(a), detail::f32x2), detail::f32x2{});
#endif
}
NP_SEM_INLINE v128 F64x2PromoteLowF32x4(v128 a) {
#if defined(NP_SEM_SSE2)
  return detail::from_m(_mm_cvtps_pd(detail::mf(a)));
#else
  return detail::V128(__builtin_convertvector(detail::half<false, float>(detail::vf32(a)), f64x2));
#endif
}

NP_SEM_INLINE v128 F32x4ConvertI32x4S(v128 a) { return detail::V128(__builtin_convertvector(detail::vi32(a), f32x4)); }
// Correctly rounded: the high and low 16 bits convert exactly, and the one addition rounds.
NP_SEM_INLINE v128 F32x4ConvertI32x4U(v128 a) {
  u32x4 x = detail::vu32(a);
  f32x4 hi = __builtin_convertvector(vcast<i32x4>(x >> 16), f32x4);
  f32x4 lo = __builtin_convertvector(vcast<i32x4>(x & 0xFFFF), f32x4);
  return detail::V128(hi * 65536.0f + lo);
}
NP_SEM_INLINE v128 F64x2ConvertLowI32x4S(v128 a) {
  return detail::V128(__builtin_convertvector(detail::half<false, int32_t>(detail::vi32(a)), f64x2));
}
// Exact: 2^52 + x is representable for every u32 x; its mantissa is x.
NP_SEM_INLINE v128 F64x2ConvertLowI32x4U(v128 a) {
  u64x2 w = __builtin_convertvector(detail::half<false, uint32_t>(detail::vu32(a)), u64x2);
  return detail::V128(vcast<f64x2>(w | 0x4330000000000000ull) - 4503599627370496.0);
}

// Saturating truncation: out-of-range lanes take the nearest bound, NaN lanes 0. Only
// in-range lanes reach the conversion instruction (out of range it is undefined in C++).
NP_SEM_INLINE v128 I32x4TruncSatF32x4S(v128 a) {
#if defined(NP_SEM_SSE2)
  __m128 x = detail::mf(a);
  __m128i t = _mm_cvttps_epi32(x);  // 0x80000000 for NaN and out of range
  __m128i over = _mm_castps_si128(_mm_cmpge_ps(x, _mm_set1_ps(2147483648.0f)));
  __m128i ord = _mm_castps_si128(_mm_cmpord_ps(x, x));
  return detail::from_m(_mm_and_si128(_mm_xor_si128(t, over), ord));  // 0x80000000 ^ ~0 = INT_MAX
#else
  f32x4 x = detail::vf32(a);
  i32x4 in = (x >= -2147483648.0f) & (x < 2147483648.0f);
  i32x4 t = __builtin_convertvector(in ? x : f32x4{}, i32x4);
  i32x4 sat = x > 0.0f ? detail::splat<int32_t>(INT32_MAX) : (x < 0.0f ? detail::splat<int32_t>(INT32_MIN) : i32x4{});
  return detail::V128(in ? t : sat);
#endif
}
NP_SEM_INLINE v128 I32x4TruncSatF32x4U(v128 a) {
  // Lanes >= 2^31 convert as x - 2^31 (exact) with the top bit put back.
  f32x4 x = detail::vf32(a);
  i32x4 in = (x > -1.0f) & (x < 4294967296.0f);
  f32x4 xc = in ? x : f32x4{};
  i32x4 big = xc >= 2147483648.0f;
  f32x4 y = xc - vcast<f32x4>(big & detail::splat<int32_t>(0x4F000000));  // 2^31 as f32
  i32x4 t = __builtin_convertvector(y, i32x4) ^ (big & INT32_MIN);
  i32x4 sat = x > 0.0f ? detail::splat<int32_t>(-1) : i32x4{};
  return detail::V128(in ? t : sat);
}
NP_SEM_INLINE v128 I32x4TruncSatF64x2SZero(v128 a) {
  // Every i32 bound is a double: clamp (NaN to 0 first), then convert in range.
#if defined(NP_SEM_SSE2)
  __m128d x = detail::md(a);
  x = _mm_and_pd(x, _mm_cmpord_pd(x, x));
  x = _mm_min_pd(_mm_max_pd(x, _mm_set1_pd(-2147483648.0)), _mm_set1_pd(2147483647.0));
  return detail::from_m(_mm_cvttpd_epi32(x));  // upper lanes zeroed
#else
  f64x2 x = detail::vf64(a);
  x = x == x ? x : f64x2{};
  x = x < -2147483648.0 ? detail::splat(-2147483648.0) : x;
  x = x > 2147483647.0 ? detail::splat(2147483647.0) : x;
  return detail::concat(__builtin_convertvector(x, detail::i32x2), detail::i32x2{});
#endif
}
NP_SEM_INLINE v128 I32x4TruncSatF64x2UZero(v128 a) {
#if defined(NP_SEM_SSE2)
  __m128d x = detail::md(a);
  x = _mm_and_pd(x, _mm_cmpord_pd(x, x));
  x = _mm_min_pd(_mm_max_pd(x, _mm_setzero_pd()), _mm_set1_pd(4294967295.0));
  // cvttpd2dq is signed: lanes >= 2^31 convert as x - 2^31 with the top bit put back.
  __m128d big = _mm_cmpge_pd(x, _mm_set1_pd(2147483648.0));
  __m128i t = _mm_cvttpd_epi32(_mm_sub_pd(x, _mm_and_pd(big, _mm_set1_pd(2147483648.0))));
  __m128i top = _mm_and_si128(_mm_shuffle_epi32(_mm_castpd_si128(big), 0x08), _mm_set_epi32(0, 0, INT32_MIN, INT32_MIN));
  return detail::from_m(_mm_xor_si128(t, top));
#else
  f64x2 x = detail::vf64(a);
  x = x == x ? x : f64x2{};
  x = x < 0.0 ? f64x2{} : x;
  x = x > 4294967295.0 ? detail::splat(4294967295.0) : x;
  return detail::concat(__builtin_convertvector(x, detail::u32x2), detail::u32x2{});
#endif
}

}  // namespace NP_SEM_NS
}  // namespace nanoproc::sem
