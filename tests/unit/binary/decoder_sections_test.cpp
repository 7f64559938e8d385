// Every section form through the decoder, and back through the encoder byte for byte
// (these inputs are canonically encoded, so encode(decode(b)) == b).
#include <gtest/gtest.h>

#include "binary/encoder.h"
#include "binary_builder.h"

using namespace nanoproc;
using namespace nanoproc::test;

namespace {

Module decode_ok(const Bytes& b) {
  auto m = decode(b);
  EXPECT_TRUE(m.has_value()) << m.error().to_string();
  if (!m) return {};
  EXPECT_EQ(encode_module(*m), b) << "not reproduced byte for byte";
  return std::move(*m);
}

TEST(DecoderSections, GcTypesAndRecGroups) {
  Bytes types = {
      0x05,
      0x60, 0x01, 0x7F, 0x01, 0x7E,          // 0: plain func [i32] -> [i64]
      0x4E, 0x02,                            // rec group of two:
      0x50, 0x00, 0x5F, 0x02, 0x78, 0x01,    //   1: sub (struct (field (mut i8)) (field (ref null 2)))
      0x63, 0x02, 0x00,
      0x4F, 0x01, 0x01, 0x5E, 0x77, 0x00,    //   2: sub final 1 (array i16)
      0x4E, 0x01, 0x5F, 0x00,                // rec of one: 3: struct {}
      0x4E, 0x00,                            // empty rec group
      0x4F, 0x00, 0x5E, 0x64, 0x6E, 0x01,    // 4: sub final (array (mut (ref any)))
  };
  Module m = decode_ok(module_of({section(1, types)}));
  ASSERT_EQ(m.types.size(), 5u);
  ASSERT_EQ(m.rec_groups.size(), 5u);
  EXPECT_FALSE(m.types[0].explicit_sub);
  EXPECT_TRUE(m.types[0].final);
  EXPECT_EQ(m.types[0].composite.func.params, std::vector<ValType>{kI32});
  EXPECT_EQ(m.types[0].composite.func.results, std::vector<ValType>{kI64});
  EXPECT_EQ(m.rec_groups[1].first, 1u);
  EXPECT_EQ(m.rec_groups[1].count, 2u);
  EXPECT_TRUE(m.rec_groups[1].explicit_rec);
  const SubType& s1 = m.types[1];
  EXPECT_TRUE(s1.explicit_sub);
  EXPECT_FALSE(s1.final);
  ASSERT_EQ(s1.composite.kind, CompositeKind::Struct);
  ASSERT_EQ(s1.composite.struct_.fields.size(), 2u);
  EXPECT_EQ(s1.composite.struct_.fields[0].type.kind, ValKind::I8);
  EXPECT_TRUE(s1.composite.struct_.fields[0].mut);
  EXPECT_EQ(s1.composite.struct_.fields[1].type, ValType::ref(HeapType::index(2), true));
  const SubType& s2 = m.types[2];
  EXPECT_TRUE(s2.final);
  EXPECT_EQ(s2.supertypes, std::vector<uint32_t>{1});
  EXPECT_EQ(s2.composite.array.field.type.kind, ValKind::I16);
  EXPECT_TRUE(m.rec_groups[2].explicit_rec);
  EXPECT_EQ(m.rec_groups[2].count, 1u);
  EXPECT_EQ(m.rec_groups[3].count, 0u);
  EXPECT_EQ(m.types[4].composite.array.field.type, ValType::ref(AbsHeap::Any, false));
  EXPECT_TRUE(m.types[4].explicit_sub);
}

TEST(DecoderSections, ImportsOfEveryKind) {
  Bytes imports = cat({
      Bytes{0x05},
      str("m"), str("f"), Bytes{0x00, 0x00},                    // func type 0
      str("m"), str("t"), Bytes{0x01, 0x6F, 0x05, 0x01, 0x02},  // table externref i64 1..2
      str("m"), str("mem"), Bytes{0x02, 0x03, 0x01, 0x10},      // shared memory 1..16
      str("m"), str("g"), Bytes{0x03, 0x7C, 0x01},              // global (mut f64)
      str("m"), str("e"), Bytes{0x04, 0x00, 0x00},              // tag type 0
  });
  Module m = decode_ok(module_of({kTypeVoid, section(2, imports)}));
  ASSERT_EQ(m.imports.size(), 5u);
  EXPECT_EQ(m.imports[1].table.elem, kExternRef);
  EXPECT_TRUE(m.imports[1].table.limits.is64);
  EXPECT_EQ(m.imports[1].table.limits.max, 2u);
  EXPECT_TRUE(m.imports[2].memory.limits.shared);
  EXPECT_EQ(m.imports[2].memory.limits.max, 16u);
  EXPECT_TRUE(m.imports[3].global.mut);
  EXPECT_EQ(m.imports[3].global.type, kF64);
  EXPECT_EQ(m.imports[4].kind, ExternKind::Tag);
  EXPECT_EQ(m.num_imported_funcs, 1u);
  EXPECT_EQ(m.num_imported_tables, 1u);
  EXPECT_EQ(m.num_imported_memories, 1u);
  EXPECT_EQ(m.num_imported_globals, 1u);
  EXPECT_EQ(m.num_imported_tags, 1u);
}

TEST(DecoderSections, TablesMemoriesTagsGlobalsExports) {
  Bytes tables = {0x02,
                  0x70, 0x00, 0x01,                                      // funcref 1
                  0x40, 0x00, 0x64, 0x70, 0x01, 0x02, 0x03, 0xD2, 0x00, 0x0B};  // (ref func) 2..3 init
  Bytes memories = {0x02, 0x00, 0x01, 0x05, 0x80, 0x80, 0x04, 0x80, 0x80, 0x08};
  Bytes tags = {0x01, 0x00, 0x00};
  Bytes globals = {0x01, 0x7F, 0x01, 0x41, 0x2A, 0x0B};
  Bytes exports = cat({Bytes{0x03}, str("t"), Bytes{0x01, 0x01}, str("tag"), Bytes{0x04, 0x00}, str("g"), Bytes{0x03, 0x00}});
  Module m = decode_ok(module_of({kTypeVoid, kOneFunc, section(4, tables), section(5, memories), section(13, tags),
                                 section(6, globals), section(7, exports), kEmptyBody}));
  ASSERT_EQ(m.tables.size(), 2u);
  EXPECT_FALSE(m.tables[0].init.has_value());
  ASSERT_TRUE(m.tables[1].init.has_value());
  EXPECT_EQ(m.tables[1].init->bytes, (Bytes{0xD2, 0x00, 0x0B}));
  EXPECT_EQ(m.tables[1].type.elem, ValType::ref(AbsHeap::Func, false));
  EXPECT_EQ(m.memories[1].type.limits.min, 65536u);
  EXPECT_EQ(m.memories[1].type.limits.max, 131072u);
  EXPECT_TRUE(m.memories[1].type.limits.is64);
  EXPECT_EQ(m.tags.size(), 1u);
  EXPECT_EQ(m.globals[0].init.bytes, (Bytes{0x41, 0x2A, 0x0B}));
  EXPECT_EQ(m.globals[0].init.offset, 56u);
  EXPECT_EQ(m.exports[1].kind, ExternKind::Tag);
  EXPECT_EQ(m.exports[2].name, "g");
}

TEST(DecoderSections, AllElementSegmentForms) {
  Bytes elems = {0x08,
                 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00,              // 0: active t0, funcs
                 0x01, 0x00, 0x01, 0x00,                          // 1: passive, elemkind, funcs
                 0x02, 0x01, 0x41, 0x01, 0x0B, 0x00, 0x01, 0x00,  // 2: active t1, elemkind, funcs
                 0x03, 0x00, 0x00,                                // 3: declarative, no funcs
                 0x04, 0x41, 0x02, 0x0B, 0x01, 0xD0, 0x70, 0x0B,  // 4: active t0, exprs
                 0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B,              // 5: passive externref exprs
                 0x06, 0x00, 0x41, 0x03, 0x0B, 0x70, 0x00,        // 6: active explicit t0 funcref exprs
                 0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B};             // 7: declarative exprs
  Bytes tables = {0x02, 0x70, 0x00, 0x04, 0x70, 0x00, 0x04};
  Module m = decode_ok(module_of({kTypeVoid, kOneFunc, section(4, tables), section(9, elems), kEmptyBody}));
  ASSERT_EQ(m.elems.size(), 8u);
  const ValType ref_func = ValType::ref(AbsHeap::Func, false);
  for (uint8_t i = 0; i < 8; ++i) EXPECT_EQ(m.elems[i].flags, i);
  EXPECT_EQ(m.elems[0].mode, SegmentMode::Active);
  EXPECT_EQ(m.elems[0].type, ref_func);
  EXPECT_EQ(m.elems[0].func_indices, std::vector<uint32_t>{0});
  EXPECT_EQ(m.elems[1].mode, SegmentMode::Passive);
  EXPECT_EQ(m.elems[2].table, 1u);
  EXPECT_EQ(m.elems[2].offset.bytes, (Bytes{0x41, 0x01, 0x0B}));
  EXPECT_EQ(m.elems[3].mode, SegmentMode::Declarative);
  EXPECT_EQ(m.elems[3].size(), 0u);
  EXPECT_TRUE(m.elems[4].uses_exprs);
  EXPECT_EQ(m.elems[4].type, kFuncRef);
  EXPECT_EQ(m.elems[4].exprs[0].bytes, (Bytes{0xD0, 0x70, 0x0B}));
  EXPECT_EQ(m.elems[5].type, kExternRef);
  EXPECT_EQ(m.elems[6].table, 0u);
  EXPECT_EQ(m.elems[6].size(), 0u);
  EXPECT_EQ(m.elems[7].mode, SegmentMode::Declarative);
  EXPECT_EQ(m.elems[7].size(), 1u);
}

TEST(DecoderSections, AllDataSegmentFormsAndDataCount) {
  Bytes datas = cat({Bytes{0x03, 0x00, 0x41, 0x00, 0x0B}, str("abc"), Bytes{0x01}, str(""),
                     Bytes{0x02, 0x01, 0x41, 0x08, 0x0B}, str("\x01\x02")});
  Module m = decode_ok(module_of({section(5, {0x02, 0x00, 0x01, 0x00, 0x01}), section(12, {0x03}), section(11, datas)}));
  ASSERT_EQ(m.datas.size(), 3u);
  EXPECT_EQ(*m.data_count, 3u);
  EXPECT_EQ(m.datas[0].mode, SegmentMode::Active);
  EXPECT_EQ(m.datas[0].bytes, (Bytes{'a', 'b', 'c'}));
  EXPECT_EQ(m.datas[1].mode, SegmentMode::Passive);
  EXPECT_TRUE(m.datas[1].bytes.empty());
  EXPECT_EQ(m.datas[2].memory, 1u);
  EXPECT_EQ(m.datas[2].flags, 2u);
  EXPECT_EQ(m.datas[2].offset.bytes, (Bytes{0x41, 0x08, 0x0B}));
}

TEST(DecoderSections, StartAndCode) {
  Bytes code = {0x02,
                0x07, 0x02, 0x02, 0x7F, 0x01, 0x7C, 0x01, 0x0B,  // locals 2 x i32, 1 x f64; nop end
                0x04, 0x01, 0x01, 0x63, 0x00};                    // 1 x (ref null 0); body lacks end
  Module m = decode_ok(module_of({kTypeVoid, section(3, {0x02, 0x00, 0x00}), section(8, {0x01}), section(10, code)}));
  EXPECT_EQ(*m.start, 1u);
  ASSERT_EQ(m.functions.size(), 2u);
  ASSERT_EQ(m.functions[0].locals.size(), 2u);
  EXPECT_EQ(m.functions[0].locals[0].count, 2u);
  EXPECT_EQ(m.functions[0].locals[1].type, kF64);
  EXPECT_EQ(m.functions[0].body, (Bytes{0x01, 0x0B}));
  EXPECT_EQ(m.functions[0].body_offset, 31u);
  // The decoder does not walk bodies: a body without its `end` is the validator's to find.
  EXPECT_TRUE(m.functions[1].body.empty());
  EXPECT_EQ(m.functions[1].locals[0].type, ValType::ref(HeapType::index(0), true));
}

TEST(DecoderSections, CustomSectionsKeepTheirPlaces) {
  Bytes c0 = section(0, cat({str("first"), Bytes{1, 2, 3}}));
  Bytes c1 = section(0, str("after-type"));
  Bytes c2 = section(0, cat({str("after-code"), Bytes{9}}));
  Bytes c3 = section(0, str("x"));
  Module m = decode_ok(module_of({c0, kTypeVoid, c1, kOneFunc, kEmptyBody, c2, c3}));
  ASSERT_EQ(m.customs.size(), 4u);
  EXPECT_EQ(m.customs[0].name, "first");
  EXPECT_EQ(m.customs[0].after_section, 0u);
  EXPECT_EQ(m.customs[0].bytes, (Bytes{1, 2, 3}));
  EXPECT_EQ(m.customs[1].after_section, 1u);
  EXPECT_EQ(m.customs[2].after_section, 10u);
  EXPECT_EQ(m.customs[3].after_section, 10u);
  // A custom section after an empty section: the encoder keeps the empty section.
  decode_ok(module_of({section(2, {0x00}), c1}));
  decode_ok(module_of({section(9, {0x00}), c1, section(12, {0x00}), c2}));
}

TEST(DecoderSections, NameSection) {
  Bytes names = cat({str("name"),
                     section(0, str("mod")),
                     section(1, cat({Bytes{0x02, 0x00}, str("f0"), Bytes{0x01}, str("f1")})),
                     section(2, cat({Bytes{0x01, 0x01, 0x02, 0x00}, str("a"), Bytes{0x01}, str("b")})),
                     section(4, {0x00})});  // type names: skipped
  Bytes b = module_of({kTypeVoid, section(3, {0x02, 0x00, 0x00}), section(10, {0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B}),
                       cat({Bytes{0x00}, uleb(names.size()), names})});
  Module m = decode_ok(b);
  EXPECT_EQ(m.names.module_name, "mod");
  EXPECT_EQ(m.names.functions.at(0), "f0");
  EXPECT_EQ(m.names.functions.at(1), "f1");
  EXPECT_EQ(m.names.locals.at(1).at(0), "a");
  EXPECT_EQ(m.names.locals.at(1).at(1), "b");
  EXPECT_EQ(m.func_display_name(1), "f1");
  ASSERT_EQ(m.customs.size(), 1u);

  DecodeOptions no_names;
  no_names.parse_names = false;
  auto plain = decode_module(b, no_names);
  ASSERT_TRUE(plain.has_value());
  EXPECT_TRUE(plain->names.empty());
}

TEST(DecoderSections, MalformedNameSectionIsIgnored) {
  const Bytes bad[] = {
      cat({str("name"), Bytes{0x01, 0x05, 0x01, 0x00}}),            // subsection past the end
      cat({str("name"), section(1, {0x01, 0x00, 0x01, 0xFF})}),     // bad UTF-8
      cat({str("name"), section(1, {0x00}), section(0, str("m"))}),  // out of order
      cat({str("name"), section(0, cat({str("m"), Bytes{0x00}}))}),  // trailing byte
  };
  for (const Bytes& payload : bad) {
    Module m = decode_ok(module_of({cat({Bytes{0x00}, uleb(payload.size()), payload})}));
    EXPECT_TRUE(m.names.empty());
    EXPECT_EQ(m.customs.size(), 1u);
  }
}

TEST(DecoderSections, NonCanonicalLebsDecodeToTheSameModule) {
  // Flags and indices written with padded LEBs (as binary-leb128.wast does).
  Bytes padded = module_of({section(4, {0x01, 0x70, 0x00, 0x00}),
                            section(9, {0x01, 0x82, 0x00, 0x80, 0x00, 0x41, 0x00, 0x0B, 0x00, 0x00}),
                            section(5, {0x01, 0x00, 0x00})});
  EXPECT_FALSE(decode(padded).has_value());  // memory after element: out of order
  Bytes ok = module_of({section(4, {0x01, 0x70, 0x00, 0x00}),
                        section(9, {0x01, 0x82, 0x00, 0x80, 0x00, 0x41, 0x00, 0x0B, 0x00, 0x00})});
  auto m = decode(ok);
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  EXPECT_EQ(m->elems[0].flags, 2u);
  auto again = decode(encode_module(*m));
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(*again == *m);
  EXPECT_LT(encode_module(*m).size(), ok.size());
}

}  // namespace
