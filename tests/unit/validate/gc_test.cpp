// Typed function references, local initialisation, and GC instructions.
#include "test_module.h"

using namespace nanoproc;
using namespace nanoproc::test;

namespace {
HeapType H(AbsHeap h) { return HeapType::abstract(h); }
const ValType kAnyRef = ValType::ref(AbsHeap::Any, true);
const ValType kEqRef = ValType::ref(AbsHeap::Eq, true);
}  // namespace

TEST(ValidateFuncRefs, CallRefAndRefFunc) {
  TestModule t;
  uint32_t ty = t.func_type({kI32}, {kI32});
  uint32_t f = t.func(ty, code({I(Opcode::LocalGet, 0)}));
  t.m.exports.push_back(Export{"f", ExternKind::Func, f});  // declares f
  t.func({}, {kI32}, code({i32c(1), I(Opcode::RefFunc, f), I(Opcode::CallRef, ty)}));
  t.func({}, {kI32}, code({i32c(1), I(Opcode::RefFunc, f), I(Opcode::ReturnCallRef, ty)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;  // not declared
  uint32_t g = u.func({}, {}, code({}));
  u.func({}, {}, code({I(Opcode::RefFunc, g), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(u.m, "undeclared function reference"));

  TestModule v;  // wrong operand type
  uint32_t vt = v.func_type({}, {});
  v.func({kExternRef}, {}, code({I(Opcode::LocalGet, 0), I(Opcode::CallRef, vt)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));

  TestModule w;  // unreachable call_ref result still typed
  uint32_t wt = w.func_type({kI32}, {kI64});
  w.func({}, {kI32}, code({I(Opcode::Unreachable), I(Opcode::CallRef, wt)}));
  EXPECT_TRUE(invalid(w.m, "type mismatch"));
}

TEST(ValidateFuncRefs, DeclarationsFromSegmentsAndGlobals) {
  TestModule t;
  uint32_t f = t.func({}, {}, code({}));
  uint32_t g = t.func({}, {}, code({}));
  t.global(kFuncRef, false, cexpr({I(Opcode::RefFunc, f)}));
  ElemSegment seg;
  seg.mode = SegmentMode::Declarative;
  seg.func_indices = {g};
  t.m.elems.push_back(seg);
  t.func({}, {}, code({I(Opcode::RefFunc, f), I(Opcode::Drop), I(Opcode::RefFunc, g), I(Opcode::Drop)}));
  EXPECT_TRUE(valid(t.m));
}

TEST(ValidateFuncRefs, NullChecksAndBranches) {
  TestModule t;
  uint32_t ty = t.func_type({}, {});
  ValType nullable = ref(ty, true), nonnull = ref(ty);
  t.func({nullable}, {nonnull}, code({I(Opcode::LocalGet, 0), I(Opcode::RefAsNonNull)}));
  t.func({nullable}, {nonnull},
         code({blk(Opcode::Block), I(Opcode::LocalGet, 0), I(Opcode::BrOnNull, 0), I(Opcode::Return),
               I(Opcode::End), I(Opcode::Unreachable)}));
  t.func({nullable}, {nonnull},
         code({blk(Opcode::Block, nonnull), I(Opcode::LocalGet, 0), I(Opcode::BrOnNonNull, 0),
               I(Opcode::Unreachable), I(Opcode::End)}));
  // Bottom heap type after unreachable.
  t.func({}, {ValType::ref(AbsHeap::Extern, false)},
         code({blk(Opcode::Block, kExternRef), I(Opcode::Unreachable), I(Opcode::BrOnNull, 0),
               I(Opcode::Return), I(Opcode::End), I(Opcode::Unreachable)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;  // br_on_non_null needs a label ending in a reference
  u.func({kFuncRef}, {}, code({blk(Opcode::Block), I(Opcode::LocalGet, 0), I(Opcode::BrOnNonNull, 0),
                               I(Opcode::End)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));

  TestModule v;
  v.func({kI32}, {}, code({I(Opcode::LocalGet, 0), I(Opcode::RefAsNonNull), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));
}

TEST(ValidateFuncRefs, NonDefaultableLocals) {
  TestModule t;
  uint32_t ty = t.func_type({}, {});
  ValType nonnull = ref(ty);
  uint32_t f = t.func(ty, code({}));
  t.m.exports.push_back(Export{"f", ExternKind::Func, f});
  t.func({}, {}, code({I(Opcode::RefFunc, f), I(Opcode::LocalSet, 0), I(Opcode::LocalGet, 0),
                       I(Opcode::Drop)}),
         {{1, nonnull}});
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.func({}, {}, code({I(Opcode::LocalGet, 0), I(Opcode::Drop)}), {{1, ref(AbsHeap::Func)}});
  EXPECT_TRUE(invalid(u.m, "uninitialized local"));

  // Initialisation inside a block does not survive the block.
  TestModule v;
  uint32_t vf = v.func({}, {}, code({}));
  v.m.exports.push_back(Export{"f", ExternKind::Func, vf});
  v.func({}, {}, code({blk(Opcode::Block), I(Opcode::RefFunc, vf), I(Opcode::LocalSet, 0),
                       I(Opcode::End), I(Opcode::LocalGet, 0), I(Opcode::Drop)}),
         {{1, ref(AbsHeap::Func)}});
  EXPECT_TRUE(invalid(v.m, "uninitialized local"));

  // ...nor does the then-branch's reach the else-branch.
  TestModule w;
  uint32_t wf = w.func({}, {}, code({}));
  w.m.exports.push_back(Export{"f", ExternKind::Func, wf});
  w.func({kI32}, {}, code({I(Opcode::LocalGet, 0), blk(Opcode::If), I(Opcode::RefFunc, wf),
                           I(Opcode::LocalSet, 1), I(Opcode::Else), I(Opcode::LocalGet, 1),
                           I(Opcode::Drop), I(Opcode::End)}),
         {{1, ref(AbsHeap::Func)}});
  EXPECT_TRUE(invalid(w.m, "uninitialized local"));
}

TEST(ValidateGc, Structs) {
  TestModule t;
  uint32_t s = t.struct_type({{kI32, true}, {ValKind::I8, false}, {kF64, true}});
  t.func({}, {ref(s)}, code({i32c(1), i32c(2), f64c(), I(Opcode::StructNew, s)}));
  t.func({}, {ref(s)}, code({I(Opcode::StructNewDefault, s)}));
  t.func({ref(s, true)}, {kI32}, code({I(Opcode::LocalGet, 0), I(Opcode::StructGetS, s, 1)}));
  t.func({ref(s, true)}, {kF64}, code({I(Opcode::LocalGet, 0), I(Opcode::StructGet, s, 2)}));
  t.func({ref(s, true)}, {}, code({I(Opcode::LocalGet, 0), i32c(5), I(Opcode::StructSet, s, 0)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  uint32_t us = u.struct_type({{kI32, false}});
  u.func({ref(us)}, {}, code({I(Opcode::LocalGet, 0), i32c(5), I(Opcode::StructSet, us, 0)}));
  EXPECT_TRUE(invalid(u.m, "immutable field"));

  TestModule v;  // packed field read with struct.get
  uint32_t vs = v.struct_type({{ValKind::I16, false}});
  v.func({ref(vs)}, {kI32}, code({I(Opcode::LocalGet, 0), I(Opcode::StructGet, vs, 0)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));

  TestModule w;  // struct.new_default needs defaultable fields
  uint32_t ws = w.struct_type({{ref(AbsHeap::Any), false}});
  w.func({}, {}, code({I(Opcode::StructNewDefault, ws), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(w.m, "type mismatch"));

  TestModule x;
  x.func({}, {}, code({I(Opcode::StructNewDefault, 3), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(x.m, "unknown type"));
}

TEST(ValidateGc, Arrays) {
  TestModule t;
  uint32_t a = t.array_type({kI32, true});
  uint32_t b = t.array_type({ValKind::I8, true});
  uint32_t r = t.array_type({kFuncRef, true});
  t.m.datas.push_back(DataSegment{SegmentMode::Passive, 0, {}, {1, 2, 3}, 1});
  t.m.data_count = 1;
  ElemSegment seg;
  seg.mode = SegmentMode::Passive;
  t.m.elems.push_back(seg);
  t.func({}, {ref(a)}, code({i32c(1), i32c(2), I(Opcode::ArrayNew, a)}));
  t.func({}, {ref(a)}, code({i32c(2), I(Opcode::ArrayNewDefault, a)}));
  t.func({}, {ref(a)}, code({i32c(1), i32c(2), i32c(3), I(Opcode::ArrayNewFixed, a, 3)}));
  t.func({}, {ref(b)}, code({i32c(0), i32c(2), I(Opcode::ArrayNewData, b, 0)}));
  t.func({}, {ref(r)}, code({i32c(0), i32c(0), I(Opcode::ArrayNewElem, r, 0)}));
  t.func({ref(b)}, {kI32}, code({I(Opcode::LocalGet, 0), i32c(0), I(Opcode::ArrayGetU, b)}));
  t.func({ref(a)}, {}, code({I(Opcode::LocalGet, 0), i32c(0), i32c(7), I(Opcode::ArraySet, a)}));
  t.func({ref(a)}, {kI32}, code({I(Opcode::LocalGet, 0), I(Opcode::ArrayLen)}));
  t.func({ref(a)}, {}, code({I(Opcode::LocalGet, 0), i32c(0), i32c(7), i32c(1), I(Opcode::ArrayFill, a)}));
  t.func({ref(a), ref(a)}, {}, code({I(Opcode::LocalGet, 0), i32c(0), I(Opcode::LocalGet, 1), i32c(0),
                                     i32c(1), I(Opcode::ArrayCopy, a, a)}));
  t.func({ref(b)}, {}, code({I(Opcode::LocalGet, 0), i32c(0), i32c(0), i32c(1),
                             I(Opcode::ArrayInitData, b, 0)}));
  t.func({ref(r)}, {}, code({I(Opcode::LocalGet, 0), i32c(0), i32c(0), i32c(0),
                             I(Opcode::ArrayInitElem, r, 0)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  uint32_t ua = u.array_type({kI64, false});
  u.func({ref(ua)}, {}, code({I(Opcode::LocalGet, 0), i32c(0), i64c(1), I(Opcode::ArraySet, ua)}));
  EXPECT_TRUE(invalid(u.m, "immutable array"));

  TestModule v;  // array.copy between incompatible element types
  uint32_t va = v.array_type({kI32, true});
  uint32_t vb = v.array_type({ValKind::I8, true});
  v.func({ref(va), ref(vb)}, {}, code({I(Opcode::LocalGet, 0), i32c(0), I(Opcode::LocalGet, 1), i32c(0),
                                       i32c(1), I(Opcode::ArrayCopy, va, vb)}));
  EXPECT_TRUE(invalid(v.m, "array types do not match"));

  TestModule w;  // array.new_data of references
  uint32_t wa = w.array_type({kFuncRef, true});
  w.m.datas.push_back(DataSegment{SegmentMode::Passive, 0, {}, {}, 1});
  w.m.data_count = 1;
  w.func({}, {}, code({i32c(0), i32c(0), I(Opcode::ArrayNewData, wa, 0), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(w.m, "array type is not numeric or vector"));

  TestModule x;  // element segment type must match the array
  uint32_t xa = x.array_type({kExternRef, true});
  ElemSegment xs;
  xs.mode = SegmentMode::Passive;
  x.m.elems.push_back(xs);
  x.func({}, {}, code({i32c(0), i32c(0), I(Opcode::ArrayNewElem, xa, 0), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(x.m, "type mismatch"));
}

TEST(ValidateGc, I31AndEq) {
  TestModule t;
  t.func({}, {kI32}, code({i32c(5), I(Opcode::RefI31), I(Opcode::I31GetS)}));
  t.func({kEqRef, kEqRef}, {kI32}, code({I(Opcode::LocalGet, 0), I(Opcode::LocalGet, 1), I(Opcode::RefEq)}));
  EXPECT_TRUE(valid(t.m));
  TestModule u;
  u.func({kAnyRef, kEqRef}, {kI32}, code({I(Opcode::LocalGet, 0), I(Opcode::LocalGet, 1), I(Opcode::RefEq)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));
}

TEST(ValidateGc, Casts) {
  TestModule t;
  uint32_t s = t.add_sub(TestModule::struct_sub({}, {}, false));
  uint32_t s2 = t.add_sub(TestModule::struct_sub({{kI32, false}}, {s}));
  t.func({kAnyRef}, {kI32}, code({I(Opcode::LocalGet, 0), heap(Opcode::RefTest, HeapType::index(s))}));
  t.func({kAnyRef}, {ref(s2, true)},
         code({I(Opcode::LocalGet, 0), heap(Opcode::RefCastNull, HeapType::index(s2))}));
  // br_on_cast: branch with the cast type, fall through with the rest.
  t.func({ref(s, true)}, {ref(s2)},
         code({blk(Opcode::Block, ref(s2)), I(Opcode::LocalGet, 0),
               br_on_cast(Opcode::BrOnCast, 0, ref(s, true), ref(s2)), I(Opcode::Drop),
               I(Opcode::Unreachable), I(Opcode::End)}));
  t.func({ref(s, true)}, {ref(s2, true)},
         code({blk(Opcode::Block, ref(s, true)), I(Opcode::LocalGet, 0),
               br_on_cast(Opcode::BrOnCastFail, 0, ref(s, true), ref(s2, true)), I(Opcode::Return),
               I(Opcode::End), I(Opcode::Unreachable)}));
  t.func({kExternRef}, {kAnyRef}, code({I(Opcode::LocalGet, 0), I(Opcode::AnyConvertExtern)}));
  t.func({ref(AbsHeap::Any)}, {ref(AbsHeap::Extern)},
         code({I(Opcode::LocalGet, 0), I(Opcode::ExternConvertAny)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;  // ref.test across hierarchies
  uint32_t uf = u.func_type({}, {});
  u.func({kAnyRef}, {kI32}, code({I(Opcode::LocalGet, 0), heap(Opcode::RefTest, HeapType::index(uf))}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));

  TestModule v;  // the cast target must be a subtype of the source
  uint32_t vs = v.struct_type({});
  v.func({ref(vs, true)}, {},
         code({blk(Opcode::Block, kAnyRef), I(Opcode::LocalGet, 0),
               br_on_cast(Opcode::BrOnCast, 0, ref(vs, true), ref(AbsHeap::Any, true)), I(Opcode::Drop),
               I(Opcode::Unreachable), I(Opcode::End), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));

  TestModule w;  // br_on_cast_fail sends the difference: (ref null $s) \ (ref $s2) is nullable
  uint32_t ws = w.add_sub(TestModule::struct_sub({}, {}, false));
  uint32_t ws2 = w.add_sub(TestModule::struct_sub({}, {ws}));
  w.func({ref(ws, true)}, {},
         code({blk(Opcode::Block, ref(ws)), I(Opcode::LocalGet, 0),
               br_on_cast(Opcode::BrOnCastFail, 0, ref(ws, true), ref(ws2)), I(Opcode::Drop),
               I(Opcode::Unreachable), I(Opcode::End), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(w.m, "type mismatch"));

  TestModule x;
  x.func({kFuncRef}, {kAnyRef}, code({I(Opcode::LocalGet, 0), I(Opcode::AnyConvertExtern)}));
  EXPECT_TRUE(invalid(x.m, "type mismatch"));
}

TEST(ValidateGc, ConstantExpressions) {
  TestModule t;
  uint32_t s = t.struct_type({{kI32, false}});
  uint32_t a = t.array_type({kI64, false});
  t.global(ref(s), false, cexpr({i32c(1), I(Opcode::StructNew, s)}));
  t.global(ref(a), false, cexpr({i64c(1), i64c(2), I(Opcode::ArrayNewFixed, a, 2)}));
  t.global(ref(AbsHeap::I31), false, cexpr({i32c(1), i32c(2), I(Opcode::I32Mul), I(Opcode::RefI31)}));
  t.global(kExternRef, false, cexpr({heap(Opcode::RefNull, H(AbsHeap::Any)), I(Opcode::ExternConvertAny)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  uint32_t ua = u.array_type({kI32, true});
  u.global(ref(ua), false, cexpr({i32c(1), I(Opcode::ArrayNewDefault, ua), I(Opcode::Nop)}));
  EXPECT_TRUE(invalid(u.m, "constant expression required"));
}
