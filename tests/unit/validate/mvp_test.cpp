// Function bodies: numeric operators, control flow, locals, globals, calls, the
// polymorphic stack after unreachable code, and the wording of type errors.
#include "test_module.h"

using namespace nanoproc;
using namespace nanoproc::test;

TEST(ValidateMvp, EmptyModuleAndFunction) {
  TestModule t;
  EXPECT_TRUE(valid(t.m));
  t.func({}, {}, code({}));
  EXPECT_TRUE(valid(t.m));
}

TEST(ValidateMvp, SimpleArithmetic) {
  TestModule t;
  t.func({kI32, kI32}, {kI32}, code({I(Opcode::LocalGet, 0), I(Opcode::LocalGet, 1), I(Opcode::I32Add)}));
  t.func({}, {kI64}, code({i64c(1), i64c(2), I(Opcode::I64Mul), I(Opcode::I64Extend32S)}));
  t.func({}, {kF64}, code({f32c(), I(Opcode::F64PromoteF32)}));
  t.func({}, {kI32}, code({f64c(), I(Opcode::I32TruncSatF64U)}));
  EXPECT_TRUE(valid(t.m));
}

TEST(ValidateMvp, OperandTypeMismatchUsesSpecWording) {
  TestModule t;
  t.func({}, {kI32}, code({i64c(1), i32c(2), I(Opcode::I32Add)}));
  EXPECT_TRUE(invalid(t.m, "type mismatch: instruction requires [i32 i32] but stack has [i64 i32]"));
}

TEST(ValidateMvp, EmptyStack) {
  TestModule t;
  t.func({}, {}, code({I(Opcode::I32Eqz), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(t.m, "type mismatch: instruction requires [i32] but stack has []"));
}

TEST(ValidateMvp, ErrorCarriesFunctionAndOffset) {
  TestModule t;
  t.func({}, {}, code({}));
  t.func({}, {}, code({I(Opcode::Nop), I(Opcode::I32Eqz)}));
  t.m.functions[1].body_offset = 0x100;
  Status s = validate_module(t.m);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().loc().offset, 0x101u);
  EXPECT_NE(s.error().message().find("in function 1"), std::string::npos) << s.error().message();
}

TEST(ValidateMvp, BlockResults) {
  TestModule t;
  t.func({}, {kI32}, code({blk(Opcode::Block, kI32), i32c(1), I(Opcode::End)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.func({}, {}, code({blk(Opcode::Block), i32c(1), I(Opcode::End)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch: block requires [] but stack has [i32]"));

  TestModule v;
  v.func({}, {kI32}, code({blk(Opcode::Block, kI32), I(Opcode::End)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch: instruction requires [i32] but stack has []"));
}

TEST(ValidateMvp, MultiValueBlocksAndLoops) {
  TestModule t;
  uint32_t ty = t.func_type({kI32, kI64}, {kI64, kI32});
  t.func({}, {kI64, kI32},
         code({i32c(1), i64c(2), blk_type(Opcode::Block, ty), I(Opcode::Drop), I(Opcode::Drop),
               i64c(3), i32c(4), I(Opcode::End)}));
  // A loop's label takes its parameters.
  t.func({}, {}, code({i32c(1), i64c(2), blk_type(Opcode::Loop, ty), I(Opcode::Br, 0), I(Opcode::End),
                       I(Opcode::Drop), I(Opcode::Drop)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  uint32_t bad = u.func_type({kI32}, {});
  u.func({}, {}, code({i64c(1), blk_type(Opcode::Block, bad), I(Opcode::Drop), I(Opcode::End)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));
}

TEST(ValidateMvp, IfElse) {
  TestModule t;
  t.func({kI32}, {kI32}, code({I(Opcode::LocalGet, 0), blk(Opcode::If, kI32), i32c(1), I(Opcode::Else),
                               i32c(2), I(Opcode::End)}));
  EXPECT_TRUE(valid(t.m));

  // An if with results needs an else.
  TestModule u;
  u.func({kI32}, {kI32}, code({I(Opcode::LocalGet, 0), blk(Opcode::If, kI32), i32c(1), I(Opcode::End)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));

  // ...unless the parameters pass through.
  TestModule v;
  uint32_t ty = v.func_type({kI32}, {kI32});
  v.func({}, {kI32}, code({i32c(5), i32c(1), blk_type(Opcode::If, ty), I(Opcode::Drop), i32c(2),
                           I(Opcode::End)}));
  EXPECT_TRUE(valid(v.m));

  TestModule w;
  w.func({}, {}, code({i64c(0), blk(Opcode::If), I(Opcode::End)}));
  EXPECT_TRUE(invalid(w.m, "type mismatch"));
}

TEST(ValidateMvp, Branches) {
  TestModule t;
  t.func({kI32}, {kI32},
         code({blk(Opcode::Block, kI32), i32c(1), I(Opcode::LocalGet, 0), I(Opcode::BrIf, 0),
               I(Opcode::Drop), i32c(2), I(Opcode::Br, 0), I(Opcode::End)}));
  t.func({kI32}, {kI32},
         code({blk(Opcode::Block, kI32), blk(Opcode::Block, kI32), i32c(1), I(Opcode::LocalGet, 0),
               br_table({0, 1}, 1), I(Opcode::End), I(Opcode::End)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.func({}, {}, code({I(Opcode::Br, 1)}));
  EXPECT_TRUE(invalid(u.m, "unknown label"));

  TestModule v;
  v.func({kI32}, {kI32},
         code({blk(Opcode::Block, kI32), blk(Opcode::Block, kI64), i32c(1), I(Opcode::LocalGet, 0),
               br_table({0}, 1), I(Opcode::End), I(Opcode::Drop), i32c(0), I(Opcode::End)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));

  // br_table arity mismatch
  TestModule w;
  w.func({kI32}, {kI32},
         code({blk(Opcode::Block, kI32), blk(Opcode::Block), I(Opcode::LocalGet, 0), br_table({0}, 1),
               I(Opcode::End), i32c(0), I(Opcode::End)}));
  EXPECT_TRUE(invalid(w.m, "type mismatch"));
}

TEST(ValidateMvp, UnreachableIsPolymorphic) {
  TestModule t;
  t.func({}, {kI32}, code({I(Opcode::Unreachable), I(Opcode::I32Add)}));
  t.func({}, {kI32}, code({I(Opcode::Unreachable), I(Opcode::Select), I(Opcode::I32Eqz)}));
  t.func({}, {}, code({I(Opcode::Unreachable), I(Opcode::Select), I(Opcode::RefIsNull), I(Opcode::Drop)}));
  t.func({}, {kI64}, code({I(Opcode::Unreachable), I(Opcode::Return), i64c(0), I(Opcode::I64Add)}));
  // meet-bottom: each br_table target sees the operand type as it is.
  t.func({}, {}, code({blk(Opcode::Block, kF64), blk(Opcode::Block, kF32), I(Opcode::Unreachable),
                       i32c(1), br_table({0, 1}, 1), I(Opcode::End), I(Opcode::Drop), f64c(),
                       I(Opcode::End), I(Opcode::Drop)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.func({}, {}, code({I(Opcode::Unreachable), i64c(0), I(Opcode::I32Add), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));

  TestModule v;  // select always has a result
  v.func({}, {}, code({I(Opcode::Unreachable), I(Opcode::Select)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));

  TestModule w;  // ref.as_non_null of bottom is still a reference
  w.func({}, {}, code({I(Opcode::Unreachable), I(Opcode::RefAsNonNull), I(Opcode::F32Abs)}));
  EXPECT_TRUE(invalid(w.m, "type mismatch"));
}

TEST(ValidateMvp, Select) {
  TestModule t;
  t.func({}, {kI32}, code({i32c(1), i32c(2), i32c(0), I(Opcode::Select)}));
  t.func({}, {kFuncRef}, code({heap(Opcode::RefNull, HeapType::abstract(AbsHeap::Func)),
                               heap(Opcode::RefNull, HeapType::abstract(AbsHeap::Func)), i32c(0),
                               select_t({kFuncRef})}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;  // untyped select of references
  u.func({}, {}, code({heap(Opcode::RefNull, HeapType::abstract(AbsHeap::Func)),
                       heap(Opcode::RefNull, HeapType::abstract(AbsHeap::Func)), i32c(0),
                       I(Opcode::Select), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));

  TestModule v;
  v.func({}, {}, code({i32c(1), i64c(2), i32c(0), I(Opcode::Select), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));

  TestModule w;
  w.func({}, {}, code({i32c(1), i32c(2), i32c(0), select_t({}), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(w.m, "invalid result arity"));
}

TEST(ValidateMvp, Locals) {
  TestModule t;
  t.func({kI32}, {kI64}, code({I(Opcode::LocalGet, 0), I(Opcode::Drop), I(Opcode::LocalGet, 1),
                               I(Opcode::LocalSet, 2), i64c(0), I(Opcode::LocalTee, 1)}),
         {{2, kI64}});
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.func({kI32}, {}, code({I(Opcode::LocalGet, 3), I(Opcode::Drop)}), {{2, kI64}});
  EXPECT_TRUE(invalid(u.m, "unknown local 3"));

  TestModule v;
  v.func({kI32}, {}, code({i64c(0), I(Opcode::LocalSet, 0)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));
}

TEST(ValidateMvp, ManyLocalsUseTheRunLengthFallback) {
  TestModule t;
  t.func({}, {kF32}, code({i64c(1), I(Opcode::LocalSet, 100000), I(Opcode::LocalGet, 300000)}),
         {{200000, kI64}, {200000, kF32}});
  EXPECT_TRUE(valid(t.m));
  TestModule u;
  u.func({}, {}, code({I(Opcode::LocalGet, 400000), I(Opcode::Drop)}), {{200000, kI64}, {200000, kF32}});
  EXPECT_TRUE(invalid(u.m, "unknown local"));
}

TEST(ValidateMvp, Globals) {
  TestModule t;
  uint32_t g = t.global(kI32, true, cexpr({i32c(0)}));
  uint32_t c = t.global(kI64, false, cexpr({i64c(0)}));
  t.func({}, {kI64}, code({i32c(1), I(Opcode::GlobalSet, g), I(Opcode::GlobalGet, c)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  uint32_t k = u.global(kI32, false, cexpr({i32c(0)}));
  u.func({}, {}, code({i32c(1), I(Opcode::GlobalSet, k)}));
  EXPECT_TRUE(invalid(u.m, "immutable global"));

  TestModule v;
  v.func({}, {}, code({I(Opcode::GlobalGet, 0), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(v.m, "unknown global"));
}

TEST(ValidateMvp, Calls) {
  TestModule t;
  uint32_t callee = t.func({kI32, kI64}, {kF32}, code({f32c()}));
  t.func({}, {kF32}, code({i32c(1), i64c(2), I(Opcode::Call, callee)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  uint32_t f = u.func({kI32}, {}, code({}));
  u.func({}, {}, code({i64c(1), I(Opcode::Call, f)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));

  TestModule v;
  v.func({}, {}, code({I(Opcode::Call, 5)}));
  EXPECT_TRUE(invalid(v.m, "unknown function 5"));
}

TEST(ValidateMvp, CallIndirect) {
  TestModule t;
  uint32_t ty = t.func_type({kI32}, {kI32});
  t.table();
  t.func({}, {kI32}, code({i32c(1), i32c(0), I(Opcode::CallIndirect, ty, 0)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  uint32_t uty = u.func_type({}, {});
  u.func({}, {}, code({i32c(0), I(Opcode::CallIndirect, uty, 0)}));
  EXPECT_TRUE(invalid(u.m, "unknown table"));

  TestModule v;
  uint32_t vty = v.func_type({}, {});
  v.table(kExternRef);
  v.func({}, {}, code({i32c(0), I(Opcode::CallIndirect, vty, 0)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));

  TestModule w;
  w.table();
  w.func({}, {}, code({i32c(0), I(Opcode::CallIndirect, 7, 0)}));
  EXPECT_TRUE(invalid(w.m, "unknown type"));
}

TEST(ValidateMvp, ReturnAndFunctionEnd) {
  TestModule t;
  t.func({}, {kI32}, code({i32c(1), I(Opcode::Return)}));
  EXPECT_TRUE(valid(t.m));
  TestModule u;
  u.func({}, {kI32}, code({i64c(1), I(Opcode::Return)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));
  TestModule v;
  v.func({}, {kI32}, code({i32c(1), i32c(1)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));
}

TEST(ValidateMvp, TailCalls) {
  TestModule t;
  uint32_t callee = t.func({kI32}, {kI32}, code({I(Opcode::LocalGet, 0)}));
  t.func({}, {kI32}, code({i32c(1), I(Opcode::ReturnCall, callee)}));
  uint32_t ty = t.func_type({}, {kI32});
  t.table();
  t.func({}, {kI32}, code({i32c(0), I(Opcode::ReturnCallIndirect, ty, 0)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  uint32_t c = u.func({}, {kI64}, code({i64c(1)}));
  u.func({}, {kI32}, code({I(Opcode::ReturnCall, c)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));

  // Callee results may be subtypes of the caller's.
  TestModule v;
  uint32_t r = v.func({}, {ValType::ref(AbsHeap::Func, false)}, code({I(Opcode::Unreachable)}));
  v.func({}, {kFuncRef}, code({I(Opcode::ReturnCall, r)}));
  EXPECT_TRUE(valid(v.m));
}
