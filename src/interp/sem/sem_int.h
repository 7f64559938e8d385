// Scalar integer operators (i32.*, i64.*): comparisons, arithmetic, bit counting, shifts
// and rotates, sign extension. i32/i64 values are carried as uint32_t/uint64_t; signed
// operators reinterpret them (C++20 defines the modular conversions and >> on negatives).
// Division and remainder return a TrapKind and write the result through `out`.
#pragma once
#include <bit>
#include <cstdint>
#include <limits>

#include "interp/sem/sem_detail.h"

namespace nanoproc::sem {
inline namespace NP_SEM_NS {

namespace detail {

template <typename U>
NP_SEM_INLINE uint32_t ieqz(U a) { return a == 0; }

// Division and remainder share the trap rules: x/0 and x%0 trap, INT_MIN / -1 overflows,
// INT_MIN % -1 is 0 (and must not reach the hardware, whose idiv faults on it).
template <typename U>
[[nodiscard]] NP_SEM_INLINE TrapKind idiv_s(U a, U b, U* out) {
  using S = std::make_signed_t<U>;
  if (b == 0) [[unlikely]] return TrapKind::IntegerDivideByZero;
  if (static_cast<S>(a) == std::numeric_limits<S>::min() && static_cast<S>(b) == -1) [[unlikely]]
    return TrapKind::IntegerOverflow;
  *out = static_cast<U>(static_cast<S>(a) / static_cast<S>(b));
  return TrapKind::None;
}
template <typename U>
[[nodiscard]] NP_SEM_INLINE TrapKind idiv_u(U a, U b, U* out) {
  if (b == 0) [[unlikely]] return TrapKind::IntegerDivideByZero;
  *out = a / b;
  return TrapKind::None;
}
template <typename U>
[[nodiscard]] NP_SEM_INLINE TrapKind irem_s(U a, U b, U* out) {
  using S = std::make_signed_t<U>;
  if (b == 0) [[unlikely]] return TrapKind::IntegerDivideByZero;
  *out = static_cast<S>(b) == -1 ? 0 : static_cast<U>(static_cast<S>(a) % static_cast<S>(b));
  return TrapKind::None;
}
template <typename U>
[[nodiscard]] NP_SEM_INLINE TrapKind irem_u(U a, U b, U* out) {
  if (b == 0) [[unlikely]] return TrapKind::IntegerDivideByZero;
  *out = a % b;
  return TrapKind::None;
}

template <typename U>
NP_SEM_INLINE U ishl(U a, U b) { return a << (b & (sizeof(U) * 8 - 1)); }
template <typename U>
NP_SEM_INLINE U ishr_s(U a, U b) {
  return static_cast<U>(static_cast<std::make_signed_t<U>>(a) >> (b & (sizeof(U) * 8 - 1)));
}
template <typename U>
NP_SEM_INLINE U ishr_u(U a, U b) { return a >> (b & (sizeof(U) * 8 - 1)); }

}  // namespace detail

// ---- i32 ----
NP_SEM_INLINE uint32_t I32Eqz(uint32_t a) { return detail::ieqz(a); }
NP_SEM_INLINE uint32_t I32Eq(uint32_t a, uint32_t b) { return a == b; }
NP_SEM_INLINE uint32_t I32Ne(uint32_t a, uint32_t b) { return a != b; }
NP_SEM_INLINE uint32_t I32LtS(uint32_t a, uint32_t b) { return int32_t(a) < int32_t(b); }
NP_SEM_INLINE uint32_t I32LtU(uint32_t a, uint32_t b) { return a < b; }
NP_SEM_INLINE uint32_t I32GtS(uint32_t a, uint32_t b) { return int32_t(a) > int32_t(b); }
NP_SEM_INLINE uint32_t I32GtU(uint32_t a, uint32_t b) { return a > b; }
NP_SEM_INLINE uint32_t I32LeS(uint32_t a, uint32_t b) { return int32_t(a) <= int32_t(b); }
NP_SEM_INLINE uint32_t I32LeU(uint32_t a, uint32_t b) { return a <= b; }
NP_SEM_INLINE uint32_t I32GeS(uint32_t a, uint32_t b) { return int32_t(a) >= int32_t(b); }
NP_SEM_INLINE uint32_t I32GeU(uint32_t a, uint32_t b) { return a >= b; }

NP_SEM_INLINE uint32_t I32Clz(uint32_t a) { return std::countl_zero(a); }
NP_SEM_INLINE uint32_t I32Ctz(uint32_t a) { return std::countr_zero(a); }
NP_SEM_INLINE uint32_t I32Popcnt(uint32_t a) { return std::popcount(a); }
NP_SEM_INLINE uint32_t I32Add(uint32_t a, uint32_t b) { return a + b; }
NP_SEM_INLINE uint32_t I32Sub(uint32_t a, uint32_t b) { return a - b; }
NP_SEM_INLINE uint32_t I32Mul(uint32_t a, uint32_t b) { return a * b; }
[[nodiscard]] NP_SEM_INLINE TrapKind I32DivS(uint32_t a, uint32_t b, uint32_t* out) { return detail::idiv_s(a, b, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I32DivU(uint32_t a, uint32_t b, uint32_t* out) { return detail::idiv_u(a, b, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I32RemS(uint32_t a, uint32_t b, uint32_t* out) { return detail::irem_s(a, b, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I32RemU(uint32_t a, uint32_t b, uint32_t* out) { return detail::irem_u(a, b, out); }
NP_SEM_INLINE uint32_t I32And(uint32_t a, uint32_t b) { return a & b; }
NP_SEM_INLINE uint32_t I32Or(uint32_t a, uint32_t b) { return a | b; }
NP_SEM_INLINE uint32_t I32Xor(uint32_t a, uint32_t b) { return a ^ b; }
NP_SEM_INLINE uint32_t I32Shl(uint32_t a, uint32_t b) { return detail::ishl(a, b); }
NP_SEM_INLINE uint32_t I32ShrS(uint32_t a, uint32_t b) { return detail::ishr_s(a, b); }
NP_SEM_INLINE uint32_t I32ShrU(uint32_t a, uint32_t b) { return detail::ishr_u(a, b); }
NP_SEM_INLINE uint32_t I32Rotl(uint32_t a, uint32_t b) { return std::rotl(a, int(b & 31)); }
NP_SEM_INLINE uint32_t I32Rotr(uint32_t a, uint32_t b) { return std::rotr(a, int(b & 31)); }
NP_SEM_INLINE uint32_t I32Extend8S(uint32_t a) { return uint32_t(int32_t(int8_t(a))); }
NP_SEM_INLINE uint32_t I32Extend16S(uint32_t a) { return uint32_t(int32_t(int16_t(a))); }

// ---- i64 ----
NP_SEM_INLINE uint32_t I64Eqz(uint64_t a) { return detail::ieqz(a); }
NP_SEM_INLINE uint32_t I64Eq(uint64_t a, uint64_t b) { return a == b; }
NP_SEM_INLINE uint32_t I64Ne(uint64_t a, uint64_t b) { return a != b; }
NP_SEM_INLINE uint32_t I64LtS(uint64_t a, uint64_t b) { return int64_t(a) < int64_t(b); }
NP_SEM_INLINE uint32_t I64LtU(uint64_t a, uint64_t b) { return a < b; }
NP_SEM_INLINE uint32_t I64GtS(uint64_t a, uint64_t b) { return int64_t(a) > int64_t(b); }
NP_SEM_INLINE uint32_t I64GtU(uint64_t a, uint64_t b) { return a > b; }
NP_SEM_INLINE uint32_t I64LeS(uint64_t a, uint64_t b) { return int64_t(a) <= int64_t(b); }
NP_SEM_INLINE uint32_t I64LeU(uint64_t a, uint64_t b) { return a <= b; }
NP_SEM_INLINE uint32_t I64GeS(uint64_t a, uint64_t b) { return int64_t(a) >= int64_t(b); }
NP_SEM_INLINE uint32_t I64GeU(uint64_t a, uint64_t b) { return a >= b; }

NP_SEM_INLINE uint64_t I64Clz(uint64_t a) { return uint64_t(std::countl_zero(a)); }
NP_SEM_INLINE uint64_t I64Ctz(uint64_t a) { return uint64_t(std::countr_zero(a)); }
NP_SEM_INLINE uint64_t I64Popcnt(uint64_t a) { return uint64_t(std::popcount(a)); }
NP_SEM_INLINE uint64_t I64Add(uint64_t a, uint64_t b) { return a + b; }
NP_SEM_INLINE uint64_t I64Sub(uint64_t a, uint64_t b) { return a - b; }
NP_SEM_INLINE uint64_t I64Mul(uint64_t a, uint64_t b) { return a * b; }
[[nodiscard]] NP_SEM_INLINE TrapKind I64DivS(uint64_t a, uint64_t b, uint64_t* out) { return detail::idiv_s(a, b, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I64DivU(uint64_t a, uint64_t b, uint64_t* out) { return detail::idiv_u(a, b, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I64RemS(uint64_t a, uint64_t b, uint64_t* out) { return detail::irem_s(a, b, out); }
[[nodiscard]] NP_SEM_INLINE TrapKind I64RemU(uint64_t a, uint64_t b, uint64_t* out) { return detail::irem_u(a, b, out); }
NP_SEM_INLINE uint64_t I64And(uint64_t a, uint64_t b) { return a & b; }
NP_SEM_INLINE uint64_t I64Or(uint64_t a, uint64_t b) { return a | b; }
NP_SEM_INLINE uint64_t I64Xor(uint64_t a, uint64_t b) { return a ^ b; }
NP_SEM_INLINE uint64_t I64Shl(uint64_t a, uint64_t b) { return detail::ishl(a, b); }
NP_SEM_INLINE uint64_t I64ShrS(uint64_t a, uint64_t b) { return detail::ishr_s(a, b); }
NP_SEM_INLINE uint64_t I64ShrU(uint64_t a, uint64_t b) { return detail::ishr_u(a, b); }
NP_SEM_INLINE uint64_t I64Rotl(uint64_t a, uint64_t b) { return std::rotl(a, int(b & 63)); }
NP_SEM_INLINE uint64_t I64Rotr(uint64_t a, uint64_t b) { return std::rotr(a, int(b & 63)); }
NP_SEM_INLINE uint64_t I64Extend8S(uint64_t a) { return uint64_t(int64_t(int8_t(a))); }
NP_SEM_INLINE uint64_t I64Extend16S(uint64_t a) { return uint64_t(int64_t(int16_t(a))); }
NP_SEM_INLINE uint64_t I64Extend32S(uint64_t a) { return uint64_t(int64_t(int32_t(a))); }

}  // namespace NP_SEM_NS
}  // namespace nanoproc::sem
