// The encoder on modules built by hand (as the text parser builds them): canonical forms
// are chosen from the module's meaning, and decoding gives the module back.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "binary_builder.h"

using namespace nanoproc;
using namespace nanoproc::test;

namespace {

Module round_trip(const Module& m) {
  auto d = decode_module(encode_module(m));
  EXPECT_TRUE(d.has_value()) << d.error().to_string();
  return d ? std::move(*d) : Module{};
}

ConstExpr expr(Bytes b) {
  ConstExpr e;
  e.bytes = std::move(b);
  return e;
}

SubType func_type(std::vector<ValType> params, std::vector<ValType> results) {
  SubType t;
  t.composite.kind = CompositeKind::Func;
  t.composite.func.params = std::move(params);
  t.composite.func.results = std::move(results);
  return t;
}

TEST(Encoder, EmptyModuleIsJustTheHeader) { EXPECT_EQ(encode_module(Module{}), kHeader); }

TEST(Encoder, TypesWithoutRecGroupsAreSingletons) {
  Module m;
  m.types.push_back(func_type({kI32}, {}));
  SubType s;
  s.final = false;
  s.composite.kind = CompositeKind::Struct;
  s.composite.struct_.fields.push_back(FieldType{ValType(ValKind::I8), true});
  m.types.push_back(s);
  SubType sub;
  sub.supertypes = {1};
  sub.composite = s.composite;
  m.types.push_back(sub);
  Module d = round_trip(m);
  ASSERT_EQ(d.types.size(), 3u);
  EXPECT_EQ(d.rec_groups.size(), 3u);
  EXPECT_EQ(d.types[0], m.types[0]);
  // Non-final or with supertypes: written with `sub`, so explicit_sub comes back set.
  EXPECT_TRUE(d.types[1].explicit_sub);
  EXPECT_FALSE(d.types[1].final);
  EXPECT_EQ(d.types[2].supertypes, std::vector<uint32_t>{1});
  EXPECT_TRUE(d.types[2].final);
}

TEST(Encoder, RecGroupOfTwo) {
  Module m;
  m.types.push_back(func_type({}, {}));
  m.types.push_back(func_type({ValType::ref(HeapType::index(1), false)}, {}));
  m.rec_groups.push_back(RecGroup{0, 2, false});
  Module d = round_trip(m);
  ASSERT_EQ(d.rec_groups.size(), 1u);
  EXPECT_EQ(d.rec_groups[0].count, 2u);
  EXPECT_TRUE(d.rec_groups[0].explicit_rec);  // a group of two is always written as `rec`
  EXPECT_EQ(d.types, m.types);
}

TEST(Encoder, ElementSegmentFormsFollowMeaning) {
  Module m;
  m.types.push_back(func_type({}, {}));
  m.functions.resize(2);
  for (auto& f : m.functions) f.body = {0x0B};
  m.tables.resize(2);
  const ValType ref_func = ValType::ref(AbsHeap::Func, false);
  ElemSegment active0;  // table 0, (ref func) indices: form 0
  active0.offset = expr({0x41, 0x00, 0x0B});
  active0.type = ref_func;
  active0.func_indices = {0, 1};
  ElemSegment active1 = active0;  // table 1: form 2
  active1.table = 1;
  ElemSegment nullable = active0;  // funcref indices: must become expressions (form 4)
  nullable.type = kFuncRef;
  ElemSegment passive;  // form 5 with externref
  passive.mode = SegmentMode::Passive;
  passive.type = kExternRef;
  passive.uses_exprs = true;
  passive.exprs = {expr({0xD0, 0x6F, 0x0B})};
  ElemSegment declared;  // form 3
  declared.mode = SegmentMode::Declarative;
  declared.type = ref_func;
  declared.func_indices = {1};
  m.elems = {active0, active1, nullable, passive, declared};
  Module d = round_trip(m);
  ASSERT_EQ(d.elems.size(), 5u);
  EXPECT_EQ(d.elems[0].flags, 0u);
  EXPECT_EQ(d.elems[1].flags, 2u);
  EXPECT_EQ(d.elems[1].table, 1u);
  EXPECT_EQ(d.elems[2].flags, 4u);
  EXPECT_TRUE(d.elems[2].uses_exprs);
  ASSERT_EQ(d.elems[2].exprs.size(), 2u);
  EXPECT_EQ(d.elems[2].exprs[1].bytes, (Bytes{0xD2, 0x01, 0x0B}));
  EXPECT_EQ(d.elems[3].flags, 5u);
  EXPECT_EQ(d.elems[3].type, kExternRef);
  EXPECT_EQ(d.elems[4].flags, 3u);
}

TEST(Encoder, DataSegmentFormsFollowMeaning) {
  Module m;
  m.memories.resize(2);
  DataSegment a;
  a.offset = expr({0x41, 0x00, 0x0B});
  a.bytes = {1, 2};
  DataSegment b = a;
  b.memory = 1;
  DataSegment p;
  p.mode = SegmentMode::Passive;
  m.datas = {a, b, p};
  m.data_count = 3;
  Module d = round_trip(m);
  ASSERT_EQ(d.datas.size(), 3u);
  EXPECT_EQ(d.datas[0].flags, 0u);
  EXPECT_EQ(d.datas[1].flags, 2u);
  EXPECT_EQ(d.datas[1].memory, 1u);
  EXPECT_EQ(d.datas[2].flags, 1u);
  EXPECT_EQ(d.data_count, std::optional<uint32_t>(3));
}

TEST(Encoder, TablesWithInitialisersTagsAndLimits) {
  Module m;
  m.types.push_back(func_type({kI32}, {}));
  m.rec_groups.push_back(RecGroup{0, 1, false});
  Table t;
  t.type.elem = ValType::ref(HeapType::index(0), false);
  t.type.limits = Limits{10, true, 20, false, true};
  t.init = expr({0xD0, 0x00, 0x0B});
  m.tables.push_back(t);
  Memory mem;
  mem.type.limits = Limits{1, true, 0x10000, true, false};
  m.memories.push_back(mem);
  m.tags.push_back(Tag{TagType{0, 0}});
  Import imp;
  imp.module = "m";
  imp.name = "tag";
  imp.kind = ExternKind::Tag;
  m.imports.push_back(imp);
  m.count_imports();
  Module d = round_trip(m);
  EXPECT_TRUE(d == m);
  EXPECT_EQ(d.num_imported_tags, 1u);
}

TEST(Encoder, CustomSectionsAnchorEmptySections) {
  Module m;
  m.customs.push_back(CustomSection{"a", {1}, 0});
  m.customs.push_back(CustomSection{"b", {}, 2});   // after an (empty) import section
  m.customs.push_back(CustomSection{"c", {}, 11});  // after an (empty) data section
  Module d = round_trip(m);
  EXPECT_TRUE(d == m);
  EXPECT_EQ(d.customs[1].after_section, 2u);
  EXPECT_EQ(d.customs[2].after_section, 11u);
}

}  // namespace
