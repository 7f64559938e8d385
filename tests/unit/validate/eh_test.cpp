// Exception handling: tags, throw, throw_ref, try_table, and the legacy instructions.
#include "test_module.h"

using namespace nanoproc;
using namespace nanoproc::test;

namespace {
BlockType result(ValType t) {
  BlockType bt;
  bt.kind = BlockType::Kind::Value;
  bt.value = t;
  return bt;
}
CatchClause clause(CatchKind k, uint32_t tag, uint32_t label) { return CatchClause{k, tag, label}; }
const ValType kExnNonNull = ValType::ref(AbsHeap::Exn, false);
}  // namespace

TEST(ValidateEh, Throw) {
  TestModule t;
  uint32_t tag = t.tag({kI32});
  t.func({}, {}, code({i32c(1), I(Opcode::Throw, tag)}));
  t.func({}, {kI32}, code({i32c(1), I(Opcode::Throw, tag), I(Opcode::I32Add)}));  // polymorphic
  t.func({kExnRef}, {}, code({I(Opcode::LocalGet, 0), I(Opcode::ThrowRef)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.func({}, {}, code({I(Opcode::Throw, 0)}));
  EXPECT_TRUE(invalid(u.m, "unknown tag 0"));

  TestModule v;
  v.tag({kI32});
  v.func({}, {}, code({I(Opcode::Throw, 0)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch: instruction requires [i32] but stack has []"));

  TestModule w;
  w.tag({kI32});
  w.func({}, {}, code({i64c(5), I(Opcode::Throw, 0)}));
  EXPECT_TRUE(invalid(w.m, "type mismatch: instruction requires [i32] but stack has [i64]"));

  TestModule x;
  x.func({kI32}, {}, code({I(Opcode::LocalGet, 0), I(Opcode::ThrowRef)}));
  EXPECT_TRUE(invalid(x.m, "type mismatch"));
}

TEST(ValidateEh, TagTypes) {
  TestModule t;
  Tag tag;
  tag.type.type_index = t.func_type({}, {kI32});
  t.m.tags.push_back(tag);
  EXPECT_TRUE(invalid(t.m, "non-empty tag result type"));

  TestModule u;
  Import imp;
  imp.kind = ExternKind::Tag;
  imp.tag.type_index = u.func_type({}, {kI32});
  u.import(imp);
  EXPECT_TRUE(invalid(u.m, "non-empty tag result type"));
}

TEST(ValidateEh, TryTable) {
  TestModule t;
  uint32_t tag = t.tag({kI32});
  // (block (result i32) (try_table (catch $tag 0) ...) ...)
  t.func({}, {kI32},
         code({blk(Opcode::Block, kI32), try_table({}, {clause(CatchKind::Catch, tag, 0)}),
               i32c(1), I(Opcode::Throw, tag), I(Opcode::End), i32c(0), I(Opcode::End)}));
  // catch_ref sends the tag's values and an exnref.
  uint32_t both = t.func_type({}, {kI32, kExnNonNull});
  t.func({}, {},
         code({blk_type(Opcode::Block, both), try_table({}, {clause(CatchKind::CatchRef, tag, 0)}),
               I(Opcode::End), I(Opcode::Unreachable), I(Opcode::End), I(Opcode::Drop), I(Opcode::Drop)}));
  t.func({}, {},
         code({blk(Opcode::Block), try_table(result(kI32), {clause(CatchKind::CatchAll, 0, 1)}),
               i32c(3), I(Opcode::End), I(Opcode::Drop), I(Opcode::End)}));
  t.func({}, {kExnRef},
         code({blk(Opcode::Block, kExnRef), try_table({}, {clause(CatchKind::CatchAllRef, 0, 0)}),
               I(Opcode::End), I(Opcode::Unreachable), I(Opcode::End)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;  // the label does not take the tag's values
  uint32_t ut = u.tag({kI32});
  u.func({}, {}, code({blk(Opcode::Block), try_table({}, {clause(CatchKind::Catch, ut, 0)}),
                       I(Opcode::End), I(Opcode::End)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch"));

  TestModule v;  // catch_all_ref needs an exnref label
  v.func({}, {}, code({blk(Opcode::Block, kI32), try_table({}, {clause(CatchKind::CatchAllRef, 0, 0)}),
                       I(Opcode::End), i32c(0), I(Opcode::End), I(Opcode::Drop)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));

  TestModule w;  // the try_table's own label is not in scope of its catches
  w.func({}, {}, code({try_table({}, {clause(CatchKind::CatchAll, 0, 1)}), I(Opcode::End)}));
  EXPECT_TRUE(invalid(w.m, "unknown label"));
}

TEST(ValidateEh, Legacy) {
  TestModule t;
  uint32_t tag = t.tag({kI64});
  t.func({}, {kI32}, code({blk(Opcode::Try, kI32), i32c(1), I(Opcode::Catch, tag), I(Opcode::I32WrapI64),
                           I(Opcode::CatchAll), i32c(2), I(Opcode::End)}));
  t.func({}, {}, code({blk(Opcode::Try), I(Opcode::Catch, tag), I(Opcode::Drop), I(Opcode::Rethrow, 0),
                       I(Opcode::End)}));
  t.func({}, {}, code({blk(Opcode::Block), blk(Opcode::Try), I(Opcode::Delegate, 0), I(Opcode::End)}));
  EXPECT_TRUE(valid(t.m));

  ValidateOptions no_legacy;
  no_legacy.legacy_exceptions = false;
  EXPECT_TRUE(invalid(t.m, "legacy exception handling", no_legacy));

  TestModule u;
  u.func({}, {kI32}, code({blk(Opcode::Try, kI32), I(Opcode::End)}));
  EXPECT_TRUE(invalid(u.m, "type mismatch: instruction requires [i32] but stack has []"));

  TestModule v;
  uint32_t vt = v.tag({});
  v.func({}, {}, code({blk(Opcode::Try), I(Opcode::Catch, vt), i32c(42), I(Opcode::End)}));
  EXPECT_TRUE(invalid(v.m, "type mismatch: block requires [] but stack has [i32]"));

  TestModule w;  // catch pushes the tag's values
  uint32_t wt = w.tag({kI64});
  w.func({}, {kI32}, code({blk(Opcode::Try, kI32), i32c(42), I(Opcode::Catch, wt), I(Opcode::End)}));
  EXPECT_TRUE(invalid(w.m, "type mismatch: instruction requires [i32] but stack has [i64]"));

  TestModule x;  // rethrow must name a catch block
  x.func({}, {}, code({blk(Opcode::Try), I(Opcode::Rethrow, 0), I(Opcode::End)}));
  EXPECT_TRUE(invalid(x.m, "invalid rethrow label"));

  TestModule y;
  y.func({}, {}, code({blk(Opcode::Try), I(Opcode::Delegate, 1)}));
  EXPECT_TRUE(invalid(y.m, "unknown label"));

  TestModule z;  // catch without try does not decode
  z.func({}, {}, code({I(Opcode::CatchAll)}));
  EXPECT_TRUE(malformed(z.m, "catch_all without a matching try"));
}
