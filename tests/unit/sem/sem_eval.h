// Test-side glue for src/interp/sem: values as tagged bit patterns, a dynamic evaluator
// eval(op, args) generated from opcodes.def (so every in-scope operator can be driven from
// tables and .wast files), and the Sig string each sem function's C++ type implies.
//
// Everything is in an unnamed namespace: a test file may define NANOPROC_SEM_PORTABLE
// before including this, and then evaluates the portable implementation instead.
#pragma once
#include <array>
#include <bit>
#include <cstring>
#include <initializer_list>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "interp/sem/sem.h"
#include "ir/opcode.h"

namespace {
namespace semtest {

using nanoproc::ImmKind;
using nanoproc::Opcode;
using nanoproc::TrapKind;
using nanoproc::v128;

// A wasm value: type letter as in opcodes.def Sig ('i', 'l', 'f', 'd', 'v') and its bits.
struct Value {
  char type = 'x';
  uint64_t lo = 0, hi = 0;
  bool operator==(const Value&) const = default;
};

inline Value I32(uint32_t x) { return {'i', x, 0}; }
inline Value I64(uint64_t x) { return {'l', x, 0}; }
inline Value F32(float x) { return {'f', std::bit_cast<uint32_t>(x), 0}; }
inline Value F64(double x) { return {'d', std::bit_cast<uint64_t>(x), 0}; }
inline Value F32Bits(uint32_t b) { return {'f', b, 0}; }
inline Value F64Bits(uint64_t b) { return {'d', b, 0}; }
inline Value V128(uint64_t lo, uint64_t hi) { return {'v', lo, hi}; }
inline Value V128(v128 v) { return {'v', v[0], v[1]}; }

template <typename T>
constexpr char letter() {
  if constexpr (std::is_same_v<T, uint32_t>) return 'i';
  else if constexpr (std::is_same_v<T, uint64_t>) return 'l';
  else if constexpr (std::is_same_v<T, float>) return 'f';
  else if constexpr (std::is_same_v<T, double>) return 'd';
  else if constexpr (std::is_same_v<T, v128>) return 'v';
  else if constexpr (std::is_same_v<T, void>) return 'x';
  else return '?';
}

template <typename T>
T from_value(const Value& v) {
  if constexpr (std::is_same_v<T, uint32_t>) return uint32_t(v.lo);
  else if constexpr (std::is_same_v<T, uint64_t>) return v.lo;
  else if constexpr (std::is_same_v<T, float>) return std::bit_cast<float>(uint32_t(v.lo));
  else if constexpr (std::is_same_v<T, double>) return std::bit_cast<double>(v.lo);
  else return v128{v.lo, v.hi};
}
template <typename T>
Value to_value(T x) {
  if constexpr (std::is_same_v<T, uint32_t>) return I32(x);
  else if constexpr (std::is_same_v<T, uint64_t>) return I64(x);
  else if constexpr (std::is_same_v<T, float>) return F32(x);
  else if constexpr (std::is_same_v<T, double>) return F64(x);
  else return V128(x);
}

// The Sig string ("ii_i", "vi_v", "x_x", ...) that a sem function's type stands for, after
// removing the Lane/Shuffle immediate and turning a TrapKind + out-pointer into a result.
struct SigText {
  char s[12] = {};
  int n = 0;
  constexpr void push(char c) { s[n++] = c; }
  constexpr std::string_view view() const { return {s, size_t(n)}; }
};
template <ImmKind K, typename R, typename... A>
constexpr SigText sig_of(R (*)(A...)) {
  using Args = std::tuple<A...>;
  constexpr size_t n = sizeof...(A);
  constexpr bool trapping = std::is_same_v<R, TrapKind>;
  constexpr bool imm = K == ImmKind::Lane || K == ImmKind::Shuffle;
  constexpr size_t values = n - (trapping ? 1 : 0) - (imm ? 1 : 0);
  SigText t;
  [&]<size_t... I>(std::index_sequence<I...>) { (t.push(letter<std::tuple_element_t<I, Args>>()), ...); }(
      std::make_index_sequence<values>{});
  if (values == 0) t.push('x');
  t.push('_');
  if constexpr (trapping) {
    t.push(letter<std::remove_pointer_t<std::tuple_element_t<n - 1, Args>>>());
  } else {
    t.push(letter<R>());
  }
  if constexpr (K == ImmKind::Lane) {
    if (!std::is_same_v<std::tuple_element_t<n - 1, Args>, uint32_t>) t.push('!');
  }
  if constexpr (K == ImmKind::Shuffle) {
    if (!std::is_same_v<std::tuple_element_t<n - 1, Args>, const uint8_t*>) t.push('!');
  }
  if constexpr (trapping) {
    if (!std::is_pointer_v<std::tuple_element_t<n - 1, Args>>) t.push('!');
  }
  return t;
}

// v128 from lanes (lane 0 first) and back.
template <typename T>
v128 make(std::initializer_list<T> lanes) {
  T a[16 / sizeof(T)] = {};
  size_t i = 0;
  for (T x : lanes) a[i++] = x;
  v128 v;
  std::memcpy(&v, a, 16);
  return v;
}
template <typename T>
v128 splat(T x) {
  T a[16 / sizeof(T)];
  for (T& l : a) l = x;
  v128 v;
  std::memcpy(&v, a, 16);
  return v;
}
template <typename T>
std::array<T, 16 / sizeof(T)> lanes(v128 v) {
  std::array<T, 16 / sizeof(T)> a;
  std::memcpy(a.data(), &v, 16);
  return a;
}

// gtest cannot compare vector types (== is lane-wise); compare their two halves.
#define EXPECT_V128_EQ(a, b) EXPECT_EQ(semtest::lanes<uint64_t>(a), semtest::lanes<uint64_t>(b))

// Immediates of Lane and Shuffle operators.
struct Imm {
  uint32_t lane = 0;
  uint8_t shuffle[16] = {};
};

template <ImmKind K, typename R, typename... A>
TrapKind call(R (*f)(A...), const Value* in, const Imm& imm, Value* out) {
  using Args = std::tuple<A...>;
  constexpr size_t n = sizeof...(A);
  if constexpr (std::is_same_v<R, void>) {
    f();
    *out = Value{};
    return TrapKind::None;
  } else if constexpr (std::is_same_v<R, TrapKind>) {
    std::remove_pointer_t<std::tuple_element_t<n - 1, Args>> r{};
    TrapKind t = [&]<size_t... I>(std::index_sequence<I...>) {
      return f(from_value<std::tuple_element_t<I, Args>>(in[I])..., &r);
    }(std::make_index_sequence<n - 1>{});
    if (t == TrapKind::None) *out = to_value(r);
    return t;
  } else if constexpr (K == ImmKind::Lane) {
    *out = to_value([&]<size_t... I>(std::index_sequence<I...>) {
      return f(from_value<std::tuple_element_t<I, Args>>(in[I])..., imm.lane);
    }(std::make_index_sequence<n - 1>{}));
    return TrapKind::None;
  } else if constexpr (K == ImmKind::Shuffle) {
    *out = to_value([&]<size_t... I>(std::index_sequence<I...>) {
      return f(from_value<std::tuple_element_t<I, Args>>(in[I])..., imm.shuffle);
    }(std::make_index_sequence<n - 1>{}));
    return TrapKind::None;
  } else {
    *out = to_value([&]<size_t... I>(std::index_sequence<I...>) {
      return f(from_value<std::tuple_element_t<I, Args>>(in[I])...);
    }(std::make_index_sequence<n>{}));
    return TrapKind::None;
  }
}

// Evaluates an in-scope operator. Returns false for operators sem does not cover.
inline bool eval(Opcode op, const Value* in, const Imm& imm, Value* out, TrapKind* trap) {
  namespace sem = nanoproc::sem;
  switch (op) {
#define NP_OP(E, P, C, T, I, S, B)                                 \
  NP_SEM_IF_SIMPLE(I, S, case Opcode::E                            \
                   : *trap = call<ImmKind::I>(&sem::E, in, imm, out); \
                   return true;)
#include "ir/opcodes.def"
#undef NP_OP
    default:
      return false;
  }
}

inline Value eval1(Opcode op, Value a, const Imm& imm = {}) {
  Value out;
  TrapKind t;
  eval(op, &a, imm, &out, &t);
  return out;
}
inline Value eval2(Opcode op, Value a, Value b, const Imm& imm = {}) {
  Value in[2] = {a, b}, out;
  TrapKind t;
  eval(op, in, imm, &out, &t);
  return out;
}
inline Value eval3(Opcode op, Value a, Value b, Value c) {
  Value in[3] = {a, b, c}, out;
  TrapKind t;
  eval(op, in, Imm{}, &out, &t);
  return out;
}

}  // namespace semtest
}  // namespace
