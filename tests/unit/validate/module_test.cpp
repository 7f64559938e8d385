// Module-level rules: imports, limits, globals and constant expressions, segments, start,
// exports; and malformed bodies taking precedence over invalid ones.
#include "test_module.h"

using namespace nanoproc;
using namespace nanoproc::test;

namespace {
Import global_import(ValType t, bool mut) {
  Import imp;
  imp.kind = ExternKind::Global;
  imp.global = GlobalType{t, mut};
  return imp;
}
}  // namespace

TEST(ValidateModule, MemoryLimits) {
  auto mem_module = [](uint64_t min, std::optional<uint64_t> max, bool is64, bool shared = false) {
    TestModule t;
    t.memory(min, is64);
    auto& l = t.m.memories[0].type.limits;
    l.has_max = max.has_value();
    l.max = max.value_or(0);
    l.shared = shared;
    return t;
  };
  EXPECT_TRUE(valid(mem_module(65536, 65536, false).m));
  EXPECT_TRUE(invalid(mem_module(65537, {}, false).m, "memory size must be at most 65536 pages (4GiB)"));
  EXPECT_TRUE(invalid(mem_module(0, 65537, false).m, "memory size"));
  EXPECT_TRUE(valid(mem_module(uint64_t(1) << 48, {}, true).m));
  EXPECT_TRUE(invalid(mem_module((uint64_t(1) << 48) + 1, {}, true).m, "memory size"));
  EXPECT_TRUE(invalid(mem_module(2, 1, false).m, "size minimum must not be greater than maximum"));
  EXPECT_TRUE(invalid(mem_module(1, {}, false, true).m, "shared memory must have maximum"));
  EXPECT_TRUE(valid(mem_module(1, 2, false, true).m));
  // Several memories are fine in Wasm 3.0.
  TestModule multi = mem_module(1, {}, false);
  multi.memory();
  EXPECT_TRUE(valid(multi.m));
}

TEST(ValidateModule, TableLimitsAndInitializers) {
  TestModule t;
  t.table(kFuncRef, 0xFFFFFFFFull);
  EXPECT_TRUE(valid(t.m));
  t.m.tables[0].type.limits.min = 0x100000000ull;
  EXPECT_TRUE(invalid(t.m, "table size"));
  t.m.tables[0].type.limits.is64 = true;
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.table(kFuncRef, 2);
  u.m.tables[0].type.limits.has_max = true;
  u.m.tables[0].type.limits.max = 1;
  EXPECT_TRUE(invalid(u.m, "size minimum must not be greater than maximum"));

  TestModule v;  // non-nullable tables need an initializer
  v.table(ValType::ref(AbsHeap::Func, false));
  EXPECT_TRUE(invalid(v.m, "type mismatch"));
  uint32_t f = v.func({}, {}, code({}));
  v.m.tables[0].init = cexpr({I(Opcode::RefFunc, f)});
  EXPECT_TRUE(valid(v.m));

  TestModule w;  // table initializers see imported globals only
  w.global(kFuncRef, false, cexpr({heap(Opcode::RefNull, HeapType::abstract(AbsHeap::Func))}));
  w.table();
  w.m.tables[0].init = cexpr({I(Opcode::GlobalGet, 0)});
  EXPECT_TRUE(invalid(w.m, "unknown global"));
  w.m.globals.clear();
  w.import(global_import(kFuncRef, false));
  EXPECT_TRUE(valid(w.m));
}

TEST(ValidateModule, GlobalInitializers) {
  TestModule t;
  t.import(global_import(kI32, false));
  t.global(kI32, false, cexpr({I(Opcode::GlobalGet, 0), i32c(1), I(Opcode::I32Add)}));
  t.global(kI32, true, cexpr({I(Opcode::GlobalGet, 1)}));  // earlier defined global
  t.global(kI64, false, cexpr({i64c(2), i64c(3), I(Opcode::I64Sub)}));
  EXPECT_TRUE(valid(t.m));

  TestModule u;
  u.global(kI32, false, cexpr({I(Opcode::GlobalGet, 1)}));
  u.global(kI32, false, cexpr({i32c(0)}));
  EXPECT_TRUE(invalid(u.m, "unknown global 1"));

  TestModule v;
  v.import(global_import(kI32, true));
  v.global(kI32, false, cexpr({I(Opcode::GlobalGet, 0)}));
  EXPECT_TRUE(invalid(v.m, "constant expression required"));

  TestModule w;
  w.global(kF32, false, cexpr({f32c(), I(Opcode::F32Neg)}));
  EXPECT_TRUE(invalid(w.m, "constant expression required"));

  TestModule x;
  x.global(kI32, false, cexpr({i64c(0)}));
  EXPECT_TRUE(invalid(x.m, "type mismatch"));
  Status xs = validate_module(x.m);
  ASSERT_FALSE(xs);
  EXPECT_NE(xs.error().message().find("in global 0 initializer"), std::string::npos)
      << xs.error().message();

  TestModule y;
  y.global(kI32, false, cexpr({}));
  EXPECT_TRUE(invalid(y.m, "type mismatch"));

  TestModule z;
  z.global(kI32, false, cexpr({i32c(0), i32c(0)}));
  EXPECT_TRUE(invalid(z.m, "type mismatch"));
}

TEST(ValidateModule, ElementSegments) {
  TestModule t;
  t.table();
  uint32_t f = t.func({}, {}, code({}));
  ElemSegment seg;
  seg.offset = cexpr({i32c(0)});
  seg.func_indices = {f};
  t.m.elems.push_back(seg);
  ElemSegment exprs;
  exprs.mode = SegmentMode::Passive;
  exprs.uses_exprs = true;
  exprs.exprs = {cexpr({I(Opcode::RefFunc, f)}), cexpr({heap(Opcode::RefNull, HeapType::abstract(AbsHeap::Func))})};
  t.m.elems.push_back(exprs);
  EXPECT_TRUE(valid(t.m));

  TestModule u = t;
  u.m.elems[0].func_indices = {9};
  EXPECT_TRUE(invalid(u.m, "unknown function 9"));

  TestModule v = t;
  v.m.elems[0].table = 3;
  EXPECT_TRUE(invalid(v.m, "unknown table 3"));

  TestModule w = t;
  w.m.elems[0].offset = cexpr({i64c(0)});
  EXPECT_TRUE(invalid(w.m, "type mismatch"));

  TestModule x = t;  // externref segment into a funcref table
  x.m.elems[1].mode = SegmentMode::Active;
  x.m.elems[1].offset = cexpr({i32c(0)});
  x.m.elems[1].type = kExternRef;
  x.m.elems[1].exprs = {cexpr({heap(Opcode::RefNull, HeapType::abstract(AbsHeap::Extern))})};
  EXPECT_TRUE(invalid(x.m, "type mismatch"));

  TestModule y = t;
  y.m.elems[1].exprs = {cexpr({i32c(0)})};
  EXPECT_TRUE(invalid(y.m, "type mismatch"));

  TestModule z = t;  // table64 offsets are i64
  z.m.tables[0].type.limits.is64 = true;
  EXPECT_TRUE(invalid(z.m, "type mismatch"));
  z.m.elems[0].offset = cexpr({i64c(0)});
  EXPECT_TRUE(valid(z.m));
}

TEST(ValidateModule, DataSegments) {
  TestModule t;
  t.m.datas.push_back(DataSegment{SegmentMode::Active, 0, cexpr({i32c(0)}), {1}, 0});
  EXPECT_TRUE(invalid(t.m, "unknown memory 0"));
  t.memory();
  EXPECT_TRUE(valid(t.m));
  t.m.datas[0].offset = cexpr({I(Opcode::Nop), i32c(0)});
  EXPECT_TRUE(invalid(t.m, "constant expression required"));
  t.m.datas[0].offset = cexpr({i64c(0)});
  EXPECT_TRUE(invalid(t.m, "type mismatch"));
  t.m.memories[0].type.limits.is64 = true;
  EXPECT_TRUE(valid(t.m));
}

TEST(ValidateModule, StartAndExports) {
  TestModule t;
  uint32_t f = t.func({}, {}, code({}));
  uint32_t g = t.func({kI32}, {}, code({}));
  t.m.start = f;
  t.m.exports.push_back(Export{"a", ExternKind::Func, f});
  t.m.exports.push_back(Export{"b", ExternKind::Func, g});
  EXPECT_TRUE(valid(t.m));

  TestModule u = t;
  u.m.start = g;
  EXPECT_TRUE(invalid(u.m, "start function"));
  u.m.start = 7;
  EXPECT_TRUE(invalid(u.m, "unknown function 7"));

  TestModule v = t;
  v.m.exports.push_back(Export{"a", ExternKind::Func, g});
  EXPECT_TRUE(invalid(v.m, "duplicate export name"));

  TestModule w = t;
  w.m.exports.push_back(Export{"m", ExternKind::Memory, 0});
  EXPECT_TRUE(invalid(w.m, "unknown memory 0"));

  TestModule x = t;
  x.m.exports.push_back(Export{"t", ExternKind::Tag, 0});
  EXPECT_TRUE(invalid(x.m, "unknown tag 0"));
}

TEST(ValidateModule, ImportsAndFunctionTypes) {
  TestModule t;
  Import imp;
  imp.kind = ExternKind::Func;
  imp.func_type = 3;
  t.import(imp);
  EXPECT_TRUE(invalid(t.m, "unknown type 3"));

  TestModule u;
  Function f;
  f.type_index = 0;
  f.body = code({});
  u.m.functions.push_back(f);
  EXPECT_TRUE(invalid(u.m, "unknown type 0"));

  TestModule v;  // imported functions come first in the index space
  uint32_t ty = v.func_type({}, {kI32});
  Import fi;
  fi.kind = ExternKind::Func;
  fi.func_type = ty;
  v.import(fi);
  v.func({}, {kI32}, code({I(Opcode::Call, 0)}));
  EXPECT_TRUE(valid(v.m));
}

TEST(ValidateMalformed, BodyStructure) {
  TestModule t;
  t.func({}, {}, code({i32c(1), I(Opcode::Drop)}, /*add_end=*/false));
  EXPECT_TRUE(malformed(t.m, "unexpected end"));

  TestModule u;
  u.func({}, {}, code({I(Opcode::Nop), I(Opcode::End), I(Opcode::Nop)}));
  EXPECT_TRUE(malformed(u.m, "section size mismatch"));

  TestModule v;
  v.func({}, {}, std::vector<uint8_t>{0xFF, 0x0B});
  EXPECT_TRUE(malformed(v.m, "illegal opcode"));

  TestModule w;
  w.func({}, {}, code({I(Opcode::Else)}));
  EXPECT_TRUE(malformed(w.m, "else without a matching if"));
}

TEST(ValidateMalformed, TakesPrecedenceOverInvalid) {
  // Function 0 is invalid, function 1 malformed: the module is malformed.
  TestModule t;
  t.func({}, {}, code({I(Opcode::I32Eqz)}));
  t.func({}, {}, std::vector<uint8_t>{0x41});  // truncated i32.const
  EXPECT_TRUE(malformed(t.m, "unexpected end"));

  // The rest of the invalid body itself is scanned too.
  TestModule u;
  u.func({}, {}, code({I(Opcode::I32Eqz), I(Opcode::Nop)}, false));
  EXPECT_TRUE(malformed(u.m, "unexpected end"));

  // A module-level error and a body needing the data count section.
  TestModule v;
  v.memory();
  v.m.datas.push_back(DataSegment{SegmentMode::Passive, 0, {}, {}, 1});
  v.m.start = 5;
  v.func({}, {}, code({I(Opcode::DataDrop, 0)}));
  EXPECT_TRUE(malformed(v.m, "data count section required"));
}
