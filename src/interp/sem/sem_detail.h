// Shared plumbing of the operator semantics (src/interp/sem): the instruction-set level,
// lane views of v128, bitwise lane select, float bit access. Not part of the contract.
//
// Instruction-set level. x86-64 always has SSE2, so the baseline build uses SSE2
// intrinsics where SSE2 has the exact instruction (saturating add, pavg, packs, pmaddwd,
// movmsk...) and GCC/clang vector expressions everywhere else; SSSE3 and SSE4.1 paths
// are compiled in when the build enables them (-mssse3, -msse4.1, -march=...). Defining
// NANOPROC_SEM_PORTABLE before including sem.h selects the vector-expression code that
// non-x86 targets use, so that code can be tested here too.
//
// Each level lives in its own inline namespace, so translation units built for different
// levels (the portable-path tests, or a future -mavx2 interpreter) never violate the ODR.
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "interp/v128.h"
#include "runtime/trap.h"

#if defined(__SSE2__) && !defined(NANOPROC_SEM_PORTABLE)
#define NP_SEM_SSE2 1
#include <emmintrin.h>
#include <tmmintrin.h>  // also without -mssse3: for the run-time dispatched pshufb (sem_simd_misc.h)
#if defined(__SSSE3__)
#define NP_SEM_SSSE3 1
#endif
#if defined(__SSE4_1__)
#define NP_SEM_SSE41 1
#include <smmintrin.h>
#endif
#endif

#if defined(NP_SEM_SSE41)
#define NP_SEM_NS x86_sse41
#elif defined(NP_SEM_SSSE3)
#define NP_SEM_NS x86_ssse3
#elif defined(NP_SEM_SSE2)
#define NP_SEM_NS x86_sse2
#else
#define NP_SEM_NS portable
#endif

#define NP_SEM_INLINE [[gnu::always_inline]] inline

namespace nanoproc::sem {
inline namespace NP_SEM_NS {
namespace detail {

// Half-width vectors, for extend/narrow/convert of the low or high half.
typedef int8_t i8x8 __attribute__((vector_size(8)));
typedef uint8_t u8x8 __attribute__((vector_size(8)));
typedef int16_t i16x4 __attribute__((vector_size(8)));
typedef uint16_t u16x4 __attribute__((vector_size(8)));
typedef int32_t i32x2 __attribute__((vector_size(8)));
typedef uint32_t u32x2 __attribute__((vector_size(8)));
typedef float f32x2 __attribute__((vector_size(8)));

// Lane views. Every operator takes and returns v128; these are free reinterpretations.
NP_SEM_INLINE i8x16 vi8(v128 v) { return vcast<i8x16>(v); }
NP_SEM_INLINE u8x16 vu8(v128 v) { return vcast<u8x16>(v); }
NP_SEM_INLINE i16x8 vi16(v128 v) { return vcast<i16x8>(v); }
NP_SEM_INLINE u16x8 vu16(v128 v) { return vcast<u16x8>(v); }
NP_SEM_INLINE i32x4 vi32(v128 v) { return vcast<i32x4>(v); }
NP_SEM_INLINE u32x4 vu32(v128 v) { return vcast<u32x4>(v); }
NP_SEM_INLINE i64x2 vi64(v128 v) { return vcast<i64x2>(v); }
NP_SEM_INLINE u64x2 vu64(v128 v) { return v; }
NP_SEM_INLINE f32x4 vf32(v128 v) { return vcast<f32x4>(v); }
NP_SEM_INLINE f64x2 vf64(v128 v) { return vcast<f64x2>(v); }
template <typename V>
NP_SEM_INLINE v128 V128(V v) {
  return vcast<v128>(v);
}

#if defined(NP_SEM_SSE2)
NP_SEM_INLINE __m128i mi(v128 v) { return vcast<__m128i>(v); }
NP_SEM_INLINE __m128 mf(v128 v) { return vcast<__m128>(v); }
NP_SEM_INLINE __m128d md(v128 v) { return vcast<__m128d>(v); }
template <typename M>
NP_SEM_INLINE v128 from_m(M m) {
  return vcast<v128>(m);
}
#endif

template <typename T>
struct VecOf;
template <> struct VecOf<int8_t> { using type = i8x16; };
template <> struct VecOf<uint8_t> { using type = u8x16; };
template <> struct VecOf<int16_t> { using type = i16x8; };
template <> struct VecOf<uint16_t> { using type = u16x8; };
template <> struct VecOf<int32_t> { using type = i32x4; };
template <> struct VecOf<uint32_t> { using type = u32x4; };
template <> struct VecOf<int64_t> { using type = i64x2; };
template <> struct VecOf<uint64_t> { using type = u64x2; };
template <> struct VecOf<float> { using type = f32x4; };
template <> struct VecOf<double> { using type = f64x2; };
template <typename T>
using vec = typename VecOf<T>::type;
template <typename T>
inline constexpr int kLanes = 16 / sizeof(T);
template <typename T>
inline constexpr int kBits = sizeof(T) * 8;

template <typename T>
NP_SEM_INLINE vec<T> as(v128 v) {
  return vcast<vec<T>>(v);
}
template <typename T>
NP_SEM_INLINE vec<T> splat(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    // Through the bits: 0 + x would turn -0 into +0 and quiet a signaling NaN.
    using U = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    return vcast<vec<T>>(vec<U>{} + std::bit_cast<U>(x));
  } else {
    return vec<T>{} + x;
  }
}

// The low or high half of a vector, as a half-width vector (for extend and convert).
template <int Off, typename V, int... I>
NP_SEM_INLINE auto half_impl(V v, std::integer_sequence<int, I...>) {
  return __builtin_shufflevector(v, v, (Off + I)...);
}
template <bool High, typename T>
NP_SEM_INLINE auto half(vec<T> v) {
  constexpr int n = kLanes<T> / 2;
  return half_impl<High ? n : 0>(v, std::make_integer_sequence<int, n>{});
}
// Two half-width vectors side by side.
template <typename H, int... I>
NP_SEM_INLINE auto concat_impl(H lo, H hi, std::integer_sequence<int, I...>) {
  return __builtin_shufflevector(lo, hi, I...);
}
template <typename H>
NP_SEM_INLINE v128 concat(H lo, H hi) {
  constexpr int n = sizeof(H) / sizeof(lo[0]);
  return V128(concat_impl(lo, hi, std::make_integer_sequence<int, 2 * n>{}));
}

// Lane-wise `mask ? a : b` for a mask of all-ones / all-zeros lanes (any lane width: the
// select is bitwise). Compiles to pand/pandn/por (or a blend).
template <typename V, typename M>
NP_SEM_INLINE V select(M mask, V a, V b) {
  v128 m = vcast<v128>(mask);
  return vcast<V>((vcast<v128>(a) & m) | (vcast<v128>(b) & ~m));
}

// Float <-> bits, and the IEEE layout constants of each format.
template <typename F>
struct FloatBits;
template <>
struct FloatBits<float> {
  using U = uint32_t;
  using S = int32_t;
  static constexpr U kSign = 0x80000000u;
  static constexpr U kQuiet = 0x00400000u;    // most significant mantissa bit
  static constexpr float kTwoPowMant = 8388608.0f;  // 2^23: every float >= this is integral
};
template <>
struct FloatBits<double> {
  using U = uint64_t;
  using S = int64_t;
  static constexpr U kSign = 0x8000000000000000ull;
  static constexpr U kQuiet = 0x0008000000000000ull;
  static constexpr double kTwoPowMant = 4503599627370496.0;  // 2^52
};
template <typename F>
NP_SEM_INLINE typename FloatBits<F>::U bits(F f) {
  return std::bit_cast<typename FloatBits<F>::U>(f);
}
template <typename F>
NP_SEM_INLINE F from_bits(typename FloatBits<F>::U u) {
  return std::bit_cast<F>(u);
}

// Keeps the compiler from contracting `x * y + z` into an FMA across this value (clang
// contracts within an expression by default; GCC in GNU mode even across statements).
// Relaxed madd promises a deterministic, unfused result.
template <typename T>
NP_SEM_INLINE T no_contract(T v) {
#if defined(__x86_64__) || defined(__i386__)
  __asm__("" : "+x"(v));
#elif defined(__aarch64__)
  __asm__("" : "+w"(v));
#else
  __asm__("" : "+m"(v));
#endif
  return v;
}

}  // namespace detail
}  // namespace NP_SEM_NS
}  // namespace nanoproc::sem
