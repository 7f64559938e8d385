// Coverage of the sem contract, mostly at compile time: for every opcodes.def row in scope
// (Sig not `sp`, Imm None/Lane/Shuffle), sem::<Enum> exists and its C++ type is exactly
// what the row's Sig says (value types, trailing lane / shuffle immediate, TrapKind + out
// pointer for trapping operators).
#include <gtest/gtest.h>

#include <string>

#include "sem_eval.h"

namespace {

using namespace semtest;

#define NP_OP(E, P, C, T, I, S, B)                                                       \
  NP_SEM_IF_SIMPLE(I, S,                                                                 \
                   static_assert(sig_of<ImmKind::I>(&nanoproc::sem::E).view() == #S,   \
                                 "sem::" #E " does not have the type of Sig " #S);)
#include "ir/opcodes.def"
#undef NP_OP

TEST(SemCoverage, InScopeRowsAndTrappingSet) {
  int in_scope = 0;
  std::string trapping;
  for (unsigned i = 0; i < nanoproc::kOpcodeCount; ++i) {
    auto op = static_cast<Opcode>(i);
    const auto& info = nanoproc::op_info(op);
    bool expect = !info.sig.special &&
                  (info.imm == ImmKind::None || info.imm == ImmKind::Lane || info.imm == ImmKind::Shuffle);
    EXPECT_EQ(nanoproc::sem::has_sem(op), expect) << info.text;
    in_scope += expect;
    if (nanoproc::sem::is_trapping(op)) {
      trapping += ' ';
      trapping += info.text;
    }
  }
  EXPECT_EQ(trapping,
            " i32.div_s i32.div_u i32.rem_s i32.rem_u i64.div_s i64.div_u i64.rem_s i64.rem_u"
            " i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u"
            " i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u");
  std::printf("[ sem ] %d operators in scope\n", in_scope);
}

TEST(SemCoverage, EvalReachesEveryInScopeOperator) {
  for (unsigned i = 0; i < nanoproc::kOpcodeCount; ++i) {
    auto op = static_cast<Opcode>(i);
    Value in[3] = {V128(0, 0), V128(0, 0), V128(0, 0)}, out;
    TrapKind trap;
    EXPECT_EQ(eval(op, in, Imm{}, &out, &trap), nanoproc::sem::has_sem(op)) << nanoproc::op_name(op);
  }
}

}  // namespace
