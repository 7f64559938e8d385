// The exact WebAssembly semantics of every "simple" operator: one function per row of
// ir/opcodes.def whose Sig is not `sp`, whose Imm is None, Lane or Shuffle, and which is
// neither a load/store nor a const (those have other Imm kinds). The dispatch loop is
// generated against this contract:
//
//   namespace nanoproc::sem, function named exactly like the row's Enum;
//   Sig letters map to  i: uint32_t  l: uint64_t  f: float  d: double  v: v128;
//   non-trapping:  R Enum(A a[, B b[, C c]])           (x_x, i.e. nop: void Nop())
//   Imm Lane:      ... plus a trailing `uint32_t lane` (validated; masked anyway)
//   Imm Shuffle:   v128 I8x16Shuffle(v128 a, v128 b, const uint8_t* lanes16)
//   trapping:      TrapKind Enum(A a[, B b], R* out)  -> TrapKind::None on success;
//                  exactly the integer div/rem and the non-saturating float->int truncations.
//
// is_trapping(op) and has_sem(op) are constexpr, derived from the functions themselves;
// NP_SEM_IF_SIMPLE(Imm, Sig, ...) expands its tail only for rows in scope, so X-macros over
// opcodes.def can generate code for exactly these operators.
//
// All functions are [[gnu::always_inline]] inline. Floating-point results assume the
// default environment: round to nearest even, no flush-to-zero, and no FP contraction
// across operators (the project builds with -std=c++20, where GCC does not contract).
#pragma once
#include <type_traits>

#include "interp/sem/sem_convert.h"
#include "interp/sem/sem_detail.h"
#include "interp/sem/sem_float.h"
#include "interp/sem/sem_int.h"
#include "interp/sem/sem_relaxed.h"
#include "interp/sem/sem_simd_float.h"
#include "interp/sem/sem_simd_int.h"
#include "interp/sem/sem_simd_misc.h"
#include "ir/opcode.h"

// ---- NP_SEM_IF_SIMPLE(Imm, Sig, ...) ----
// A preprocessor test on the Imm and Sig tokens of a row: NP_SEM_PP_IS_PROBE(X) is 1 when X
// expands to `~, 1` (only the names defined below do), else 0.
#define NP_SEM_PP_CAT(a, b) NP_SEM_PP_CAT_(a, b)
#define NP_SEM_PP_CAT_(a, b) a##b
#define NP_SEM_PP_SECOND(a, b, ...) b
#define NP_SEM_PP_IS_PROBE(...) NP_SEM_PP_SECOND(__VA_ARGS__, 0, )
#define NP_SEM_PP_PROBE ~, 1
#define NP_SEM_PP_IMM_None NP_SEM_PP_PROBE
#define NP_SEM_PP_IMM_Lane NP_SEM_PP_PROBE
#define NP_SEM_PP_IMM_Shuffle NP_SEM_PP_PROBE
#define NP_SEM_PP_SIG_sp NP_SEM_PP_PROBE
#define NP_SEM_PP_WHEN_10(...) __VA_ARGS__
#define NP_SEM_PP_WHEN_00(...)
#define NP_SEM_PP_WHEN_01(...)
#define NP_SEM_PP_WHEN_11(...)
#define NP_SEM_IF_SIMPLE(Imm, Sig, ...)                                                  \
  NP_SEM_PP_CAT(NP_SEM_PP_WHEN_, NP_SEM_PP_CAT(NP_SEM_PP_IS_PROBE(NP_SEM_PP_IMM_##Imm), \
                                               NP_SEM_PP_IS_PROBE(NP_SEM_PP_SIG_##Sig)))(__VA_ARGS__)

namespace nanoproc::sem {
inline namespace NP_SEM_NS {

NP_SEM_INLINE void Nop() {}

namespace detail {
template <typename Fn>
struct FnResult;
template <typename R, typename... A>
struct FnResult<R (*)(A...)> {
  using type = R;
};
}  // namespace detail

// True for the operators whose function returns a TrapKind and writes through `out`.
constexpr bool is_trapping(Opcode op) {
  switch (op) {
#define NP_OP(E, P, C, T, I, S, B) \
  NP_SEM_IF_SIMPLE(I, S, case Opcode::E: return std::is_same_v<detail::FnResult<decltype(&E)>::type, TrapKind>;)
#include "ir/opcodes.def"
#undef NP_OP
    default:
      return false;
  }
}

// True for the operators this header implements (the rows NP_SEM_IF_SIMPLE selects).
constexpr bool has_sem(Opcode op) {
  switch (op) {
#define NP_OP(E, P, C, T, I, S, B) NP_SEM_IF_SIMPLE(I, S, case Opcode::E: return true;)
#include "ir/opcodes.def"
#undef NP_OP
    default:
      return false;
  }
}

}  // namespace NP_SEM_NS
}  // namespace nanoproc::sem
