// Scalar float operators (f32.*, f64.*). Arithmetic and sqrt are the hardware's IEEE
// operations (round to nearest even; NaN results come out quieted, which is what the spec's
// nans{} rule asks). abs/neg/copysign are pure sign-bit operations that keep NaN payloads.
// min/max and the rounding operators are written out because neither C++ nor SSE2 has
// the Wasm semantics:
//   - min/max: NaN if either operand is NaN, and -0 < +0.
//   - ceil/floor/trunc/nearest: no libm call, no dependence on the rounding mode beyond
//     the default round-to-nearest-even, which the runtime never changes.
#pragma once
#include <cstdint>

#include "interp/sem/sem_detail.h"

namespace nanoproc::sem {
inline namespace NP_SEM_NS {
namespace detail {

enum class Round { Ceil, Floor, Trunc, Nearest };

#if defined(NP_SEM_SSE41)
template <Round M>
inline constexpr int kSseRound =
    (M == Round::Ceil    ? _MM_FROUND_TO_POS_INF
     : M == Round::Floor ? _MM_FROUND_TO_NEG_INF
     : M == Round::Trunc ? _MM_FROUND_TO_ZERO
                         : _MM_FROUND_TO_NEAREST_INT) |
    _MM_FROUND_NO_EXC;
#endif

// Rounding to an integral value. For |x| < 2^mant, (|x| + 2^mant) - 2^mant rounds |x| to
// the nearest integer, ties to even (the sum lies where the float spacing is exactly 1);
// trunc/ceil of |x| are that result corrected by one. All four operators preserve the sign
// (ceil(-0.5) = -0, floor(0.5) = +0), so the sign is put back at the end. Values with
// |x| >= 2^mant are already integral; NaNs come back quieted as the spec requires.
template <Round M, typename F>
NP_SEM_INLINE F fround(F x) {
#if defined(NP_SEM_SSE41)
  if constexpr (std::is_same_v<F, float>) {
    __m128 v = _mm_set_ss(x);
    return _mm_cvtss_f32(_mm_round_ss(v, v, kSseRound<M>));
  } else {
    __m128d v = _mm_set_sd(x);
    return _mm_cvtsd_f64(_mm_round_sd(v, v, kSseRound<M>));
  }
#else
  using B = FloatBits<F>;
  const typename B::U xb = bits(x);
  const typename B::U sign = xb & B::kSign;
  const F ax = from_bits<F>(xb & ~B::kSign);
  if (!(ax < B::kTwoPowMant)) [[unlikely]] {
    if (ax != ax) return from_bits<F>(xb | B::kQuiet);
    return x;
  }
  const F n = (ax + B::kTwoPowMant) - B::kTwoPowMant;
  F r;
  if constexpr (M == Round::Nearest) {
    r = n;
  } else {
    const F down = n > ax ? n - F(1) : n;  // trunc(|x|)
    const F up = n < ax ? n + F(1) : n;    // ceil(|x|)
    if constexpr (M == Round::Trunc) r = down;
    else if constexpr (M == Round::Ceil) r = sign ? down : up;
    else r = sign ? up : down;
  }
  return from_bits<F>(bits(r) | sign);
#endif
}

#if defined(NP_SEM_SSE2)
// Wasm min/max of SSE registers (sem_simd_float.h uses them too), from compares and
// bitwise selects. Not minps/maxps: GCC constant-folds those as if -0 and +0 were
// interchangeable, so min(+0, -0) written with literals would come out +0.
template <bool IsMax>
NP_SEM_INLINE __m128 minmax_ps(__m128 x, __m128 y) {
  __m128 x_wins = IsMax ? _mm_cmplt_ps(y, x) : _mm_cmplt_ps(x, y);
  __m128 r = _mm_or_ps(_mm_and_ps(x_wins, x), _mm_andnot_ps(x_wins, y));
  __m128 eq = _mm_cmpeq_ps(x, y);  // equal operands differ at most in the sign of zero
  r = IsMax ? _mm_andnot_ps(_mm_andnot_ps(x, eq), r) : _mm_or_ps(r, _mm_and_ps(eq, x));
  __m128 un = _mm_cmpunord_ps(x, y);  // NaN lanes: x + y propagates the NaN, quieted
  return _mm_or_ps(_mm_andnot_ps(un, r), _mm_and_ps(un, _mm_add_ps(x, y)));
}
template <bool IsMax>
NP_SEM_INLINE __m128d minmax_pd(__m128d x, __m128d y) {
  __m128d x_wins = IsMax ? _mm_cmplt_pd(y, x) : _mm_cmplt_pd(x, y);
  __m128d r = _mm_or_pd(_mm_and_pd(x_wins, x), _mm_andnot_pd(x_wins, y));
  __m128d eq = _mm_cmpeq_pd(x, y);
  r = IsMax ? _mm_andnot_pd(_mm_andnot_pd(x, eq), r) : _mm_or_pd(r, _mm_and_pd(eq, x));
  __m128d un = _mm_cmpunord_pd(x, y);
  return _mm_or_pd(_mm_andnot_pd(un, r), _mm_and_pd(un, _mm_add_pd(x, y)));
}
// Branch-free scalar min/max: the same on one lane.
template <bool IsMax>
NP_SEM_INLINE float fminmax_sse(float a, float b) {
  return _mm_cvtss_f32(minmax_ps<IsMax>(_mm_set_ss(a), _mm_set_ss(b)));
}
template <bool IsMax>
NP_SEM_INLINE double fminmax_sse(double a, double b) {
  return _mm_cvtsd_f64(minmax_pd<IsMax>(_mm_set_sd(a), _mm_set_sd(b)));
}
#endif

template <typename F>
NP_SEM_INLINE F fmin(F a, F b) {
#if defined(NP_SEM_SSE2)
  return fminmax_sse<false>(a, b);
#endif
  if (a < b) return a;
  if (b < a) return b;
  if (a == b) return from_bits<F>(bits(a) | bits(b));  // equal, or +-0: -0 wins
  return a + b;  // a NaN operand: the sum propagates it quieted (canonical stays canonical)
}
template <typename F>
NP_SEM_INLINE F fmax(F a, F b) {
#if defined(NP_SEM_SSE2)
  return fminmax_sse<true>(a, b);
#endif
  if (a > b) return a;
  if (b > a) return b;
  if (a == b) return from_bits<F>(bits(a) & bits(b));  // equal, or +-0: +0 wins
  return a + b;
}

template <typename F>
NP_SEM_INLINE F fabs_(F a) { return from_bits<F>(bits(a) & ~FloatBits<F>::kSign); }
template <typename F>
NP_SEM_INLINE F fneg(F a) { return from_bits<F>(bits(a) ^ FloatBits<F>::kSign); }
template <typename F>
NP_SEM_INLINE F fcopysign(F a, F b) {
  constexpr auto s = FloatBits<F>::kSign;
  return from_bits<F>((bits(a) & ~s) | (bits(b) & s));
}

NP_SEM_INLINE float fsqrt(float a) {
#if defined(NP_SEM_SSE2)
  return _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(a)));  // no errno path for negative inputs
#else
  return __builtin_sqrtf(a);
#endif
}
NP_SEM_INLINE double fsqrt(double a) {
#if defined(NP_SEM_SSE2)
  __m128d v = _mm_set_sd(a);
  return _mm_cvtsd_f64(_mm_sqrt_sd(v, v));
#else
  return __builtin_sqrt(a);
#endif
}

}  // namespace detail

// ---- f32 ----
NP_SEM_INLINE uint32_t F32Eq(float a, float b) { return a == b; }
NP_SEM_INLINE uint32_t F32Ne(float a, float b) { return a != b; }
NP_SEM_INLINE uint32_t F32Lt(float a, float b) { return a < b; }
NP_SEM_INLINE uint32_t F32Gt(float a, float b) { return a > b; }
NP_SEM_INLINE uint32_t F32Le(float a, float b) { return a <= b; }
NP_SEM_INLINE uint32_t F32Ge(float a, float b) { return a >= b; }
NP_SEM_INLINE float F32Abs(float a) { return detail::fabs_(a); }
NP_SEM_INLINE float F32Neg(float a) { return detail::fneg(a); }
NP_SEM_INLINE float F32Ceil(float a) { return detail::fround<detail::Round::Ceil>(a); }
NP_SEM_INLINE float F32Floor(float a) { return detail::fround<detail::Round::Floor>(a); }
NP_SEM_INLINE float F32Trunc(float a) { return detail::fround<detail::Round::Trunc>(a); }
NP_SEM_INLINE float F32Nearest(float a) { return detail::fround<detail::Round::Nearest>(a); }
NP_SEM_INLINE float F32Sqrt(float a) { return detail::fsqrt(a); }
NP_SEM_INLINE float F32Add(float a, float b) { return a + b; }
NP_SEM_INLINE float F32Sub(float a, float b) { return a - b; }
NP_SEM_INLINE float F32Mul(float a, float b) { return a * b; }
NP_SEM_INLINE float F32Div(float a, float b) { return a / b; }
NP_SEM_INLINE float F32Min(float a, float b) { return detail::fmin(a, b); }
NP_SEM_INLINE float F32Max(float a, float b) { return detail::fmax(a, b); }
NP_SEM_INLINE float F32Copysign(float a, float b) { return detail::fcopysign(a, b); }

// ---- f64 ----
NP_SEM_INLINE uint32_t F64Eq(double a, double b) { return a == b; }
NP_SEM_INLINE uint32_t F64Ne(double a, double b) { return a != b; }
NP_SEM_INLINE uint32_t F64Lt(double a, double b) { return a < b; }
NP_SEM_INLINE uint32_t F64Gt(double a, double b) { return a > b; }
NP_SEM_INLINE uint32_t F64Le(double a, double b) { return a <= b; }
NP_SEM_INLINE uint32_t F64Ge(double a, double b) { return a >= b; }
NP_SEM_INLINE double F64Abs(double a) { return detail::fabs_(a); }
NP_SEM_INLINE double F64Neg(double a) { return detail::fneg(a); }
NP_SEM_INLINE double F64Ceil(double a) { return detail::fround<detail::Round::Ceil>(a); }
NP_SEM_INLINE double F64Floor(double a) { return detail::fround<detail::Round::Floor>(a); }
NP_SEM_INLINE double F64Trunc(double a) { return detail::fround<detail::Round::Trunc>(a); }
NP_SEM_INLINE double F64Nearest(double a) { return detail::fround<detail::Round::Nearest>(a); }
NP_SEM_INLINE double F64Sqrt(double a) { return detail::fsqrt(a); }
NP_SEM_INLINE double F64Add(double a, double b) { return a + b; }
NP_SEM_INLINE double F64Sub(double a, double b) { return a - b; }
NP_SEM_INLINE double F64Mul(double a, double b) { return a * b; }
NP_SEM_INLINE double F64Div(double a, double b) { return a / b; }
NP_SEM_INLINE double F64Min(double a, double b) { return detail::fmin(a, b); }
NP_SEM_INLINE double F64Max(double a, double b) { return detail::fmax(a, b); }
NP_SEM_INLINE double F64Copysign(double a, double b) { return detail::fcopysign(a, b); }

}  // namespace NP_SEM_NS
}  // namespace nanoproc::sem
