// Scalar conversions: wrap/extend, trapping and saturating float->int truncation,
// int->float conversion, demote/promote and reinterpretation.
//
// Range checks of truncation are done on the float itself, before any C++ conversion (which
// would be undefined out of range): x converts iff trunc(x) is in [lo, hi], i.e.
// lo - 1 < x < hi + 1, and since hi + 1 = 2^k is exact in every format, the upper test is
// x < 2^k. The lower bound lo - 1 is exact only for some pairs (f64 -> i32: -2147483649;
// u32/u64: -1); where it is not (f32 -> i32, f32/f64 -> i64) no float lies strictly between
// lo - 1 and lo, so x >= lo is the same test.
//
// int->float: the compiler's conversions are correctly rounded for every pair, including
// u64 -> f32/f64, which compilers lower with a sticky low bit (or split exact halves) rather
// than the double-rounding "convert as signed, then fix up" shortcut; tests check the ties.
#pragma once
#include <cstdint>
#include <limits>

#include "interp/sem/sem_detail.h"

namespace nanoproc::sem {
inline namespace NP_SEM_NS {
namespace detail {

// 2^N for unsigned I, 2^(N-1) for signed I; exact in both float formats.
template <typename I, typename F>
constexpr F trunc_hi() {
  return std::is_signed_v<I> ? -F(std::numeric_limits<I>::min())
                             : F(2) * F(std::numeric_limits<I>::max() / 2 + 1);
}

template <typename I, typename F>
NP_SEM_INLINE bool trunc_in_range(F x) {
  constexpr F lo = F(std::numeric_limits<I>::min());
  constexpr F hi = trunc_hi<I, F>();
  constexpr F lo_m1 = lo - F(1);
  if constexpr (lo_m1 == lo) {
    return x >= lo && x < hi;
  } else {
    return x > lo_m1 && x < hi;
  }
}

// Trapping truncation: NaN -> invalid conversion, out of range -> integer overflow.
template <typename I, typename F, typename U>
[[nodiscard]] NP_SEM_INLINE TrapKind trunc_trap(F x, U* out) {
  if (!trunc_in_range<I>(x)) [[unlikely]]
    return x != x ? TrapKind::InvalidConversion : TrapKind::IntegerOverflow;
  *out = static_cast<U>(static_cast<I>(x));
  return TrapKind::None;
}

// Saturating truncation: NaN -> 0, out of range -> the nearest bound.
template <typename I, typename F>
NP_SEM_INLINE I trunc_sat(F x) {
  constexpr F lo = F(std::numeric_limits<I>::min());
  constexpr F hi = trunc_hi<I, F>();
  if (x != x) return 0;
  if (x >= hi) return std::numeric_limits<I>::max();
  if (x <= lo) return std::numeric_limits<I>::min();
  return static_cast<I>(x);
}

}  // namespace detail

NP_SEM_INLINE uint32_t I32WrapI64(uint64_t a) { return uint32_t(a); }
NP_SEM_INLINE uint64_t I64ExtendI32S(uint32_t a) { return uint64_t(int64_t(int32_t(a))); }
NP_SEM_INLINE uint64_t I64ExtendI32U(uint32_t a) { return uint64_t(a); }

[[nodiscard]] NP_SEM_INLINE TrapKind I32TruncF32S(float a, uint32_t* out) { return detail::trunc_trap<int32_t>(a, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I32TruncF32U(float a, uint32_t* out) { return detail::trunc_trap<uint32_t>(a, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I32TruncF64S(double a, uint32_t* out) { return detail::trunc_trap<int32_t>(a, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I32TruncF64U(double a, uint32_t* out) { return detail::trunc_trap<uint32_t>(a, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I64TruncF32S(float a, uint64_t* out) { return detail::trunc_trap<int64_t>(a, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I64TruncF32U(float a, uint64_t* out) { return detail::trunc_trap<uint64_t>(a, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I64TruncF64S(double a, uint64_t* out) { return detail::trunc_trap<int64_t>(a, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I64TruncF64U(double a, uint64_t* out) { return detail::trunc_trap<uint64_t>(a, out); }

NP_SEM_INLINE uint32_t I32TruncSatF32S(float a) { return uint32_t(detail::trunc_sat<int32_t>(a)); }
NP_SEM_INLINE uint32_t I32TruncSatF32U(float a) { return detail::trunc_sat<uint32_t>(a); }
NP_SEM_INLINE uint32_t I32TruncSatF64S(double a) { return uint32_t(detail::trunc_sat<int32_t>(a)); }
NP_SEM_INLINE uint32_t I32TruncSatF64U(double a) { return detail::trunc_sat<uint32_t>(a); }
NP_SEM_INLINE uint64_t I64TruncSatF32S(float a) { return uint64_t(detail::trunc_sat<int64_t>(a)); }
NP_SEM_INLINE uint64_t I64TruncSatF32U(float a) { return detail::trunc_sat<uint64_t>(a); }
NP_SEM_INLINE uint64_t I64TruncSatF64S(double a) { return uint64_t(detail::trunc_sat<int64_t>(a)); }
NP_SEM_INLINE uint64_t I64TruncSatF64U(double a) { return detail::trunc_sat<uint64_t>(a); }

NP_SEM_INLINE float F32ConvertI32S(uint32_t a) { return float(int32_t(a)); }
NP_SEM_INLINE float F32ConvertI32U(uint32_t a) { return float(a); }
NP_SEM_INLINE float F32ConvertI64S(uint64_t a) { return float(int64_t(a)); }
NP_SEM_INLINE float F32ConvertI64U(uint64_t a) { return float(a); }
NP_SEM_INLINE double F64ConvertI32S(uint32_t a) { return double(int32_t(a)); }
NP_SEM_INLINE double F64ConvertI32U(uint32_t a) { return double(a); }
NP_SEM_INLINE double F64ConvertI64S(uint64_t a) { return double(int64_t(a)); }
NP_SEM_INLINE double F64ConvertI64U(uint64_t a) { return double(a); }

// The hardware conversions keep the top payload bits and set the quiet bit, so a canonical
// NaN stays canonical and any other NaN becomes an arithmetic NaN, as the spec requires.
NP_SEM_INLINE float F32DemoteF64(double a) { return float(a); }
NP_SEM_INLINE double F64PromoteF32(float a) { return double(a); }

NP_SEM_INLINE uint32_t I32ReinterpretF32(float a) { return detail::bits(a); }
NP_SEM_INLINE uint64_t I64ReinterpretF64(double a) { return detail::bits(a); }
NP_SEM_INLINE float F32ReinterpretI32(uint32_t a) { return detail::from_bits<float>(a); }
NP_SEM_INLINE double F64ReinterpretI64(uint64_t a) { return detail::from_bits<double>(a); }

}  // namespace NP_SEM_NS
}  // namespace nanoproc::sem
