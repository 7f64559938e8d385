// The WAT parser: abbreviations expand to the same module as their long forms, labels
// and names resolve to the right indices, and errors say what and where.
#include <gtest/gtest.h>

#include "binary/instr_reader.h"
#include "text/wat.h"
#include "util/byte_reader.h"

using namespace nanoproc;

namespace {

Module wat(std::string_view src) {
  auto m = parse_wat(src, "t.wat");
  EXPECT_TRUE(m.has_value()) << src << "\n" << (m ? "" : m.error().to_string());
  return m ? std::move(*m) : Module();
}

Error wat_error(std::string_view src) {
  auto m = parse_wat(src, "t.wat");
  EXPECT_FALSE(m.has_value()) << src;
  return m ? Error() : m.error();
}

void expect_same(std::string_view a, std::string_view b) {
  Module ma = wat(a), mb = wat(b);
  EXPECT_TRUE(ma == mb) << a << "\n  differs from\n" << b;
}

// The instructions of a body, without the final `end`.
std::vector<Instr> decode(const std::vector<uint8_t>& body) {
  std::vector<Instr> out;
  ByteReader r(body.data(), body.data() + body.size());
  InstrReader ir(r);
  while (!r.at_end()) {
    Instr in;
    EXPECT_TRUE(ir.next(in));
    if (!r.ok()) break;
    out.push_back(in);
  }
  if (!out.empty() && out.back().op == Opcode::End) out.pop_back();
  return out;
}

std::vector<Instr> body_of(std::string_view src, size_t func = 0) {
  Module m = wat(src);
  if (func >= m.functions.size()) return {};
  return decode(m.functions[func].body);
}

TEST(Wat, BareFieldsEqualModule) {
  expect_same("(module (func))", "(func)");
  Module m = wat("(module $name (func $f))");
  EXPECT_EQ(m.names.module_name, "name");
  EXPECT_EQ(m.names.functions.at(0), "f");
}

TEST(Wat, InlineExportAndImport) {
  expect_same("(func (export \"a\") (export \"b\"))",
              "(func $f) (export \"a\" (func $f)) (export \"b\" (func 0))");
  expect_same("(func (import \"m\" \"n\") (param i32) (result i64))",
              "(import \"m\" \"n\" (func (param i32) (result i64)))");
  expect_same("(global (export \"g\") (import \"m\" \"n\") (mut i32))",
              "(import \"m\" \"n\" (global $g (mut i32))) (export \"g\" (global $g))");
  expect_same("(memory (import \"m\" \"n\") i64 1 2)", "(import \"m\" \"n\" (memory i64 1 2))");
  expect_same("(table (import \"m\" \"n\") 1 funcref)", "(import \"m\" \"n\" (table 1 funcref))");
  expect_same("(tag (import \"m\" \"n\") (param i32))", "(import \"m\" \"n\" (tag (param i32)))");
}

TEST(Wat, TypeUseReusesOrAppends) {
  Module m = wat("(func (param i64)) (type (func)) (type $t (func (param i32))) (func (param i32))"
                 "(func (type $t)) (func (type 1) (param i32))");
  ASSERT_EQ(m.types.size(), 3u);
  EXPECT_TRUE(m.types[0].composite.func.params.empty());
  EXPECT_EQ(m.types[2].composite.func.params, std::vector<ValType>{kI64});  // appended last
  EXPECT_EQ(m.functions[0].type_index, 2u);
  EXPECT_EQ(m.functions[1].type_index, 1u);
  EXPECT_EQ(m.functions[2].type_index, 1u);
  EXPECT_EQ(wat_error("(type (func)) (func (type 0) (param i32))").message(),
            "inline function type does not match explicit type");
  // A type in a rec group, or a non-final one, is not reused.
  m = wat("(rec (type (func)) (type (struct))) (type (sub (func))) (func)");
  ASSERT_EQ(m.types.size(), 4u);
  EXPECT_EQ(m.functions[0].type_index, 3u);
  EXPECT_EQ(m.rec_groups.size(), 3u);
  EXPECT_TRUE(m.rec_groups[0].explicit_rec);
}

TEST(Wat, TableInlineElem) {
  expect_same("(func $f) (table $t funcref (elem $f $f))",
              "(func $f) (table $t 2 2 funcref) (elem (table $t) (i32.const 0) funcref (ref.func $f) "
              "(ref.func $f))");
  Module m = wat("(func $f) (table i64 (ref func) (elem (ref.func $f)))");
  ASSERT_EQ(m.elems.size(), 1u);
  EXPECT_TRUE(m.tables[0].type.limits.is64);
  EXPECT_FALSE(m.elems[0].uses_exprs);  // (ref func) + ref.func items: index form
  EXPECT_EQ(m.elems[0].func_indices, std::vector<uint32_t>{0});
  EXPECT_EQ(m.elems[0].offset.bytes, (std::vector<uint8_t>{0x42, 0x00, 0x0B}));
}

TEST(Wat, MemoryInlineData) {
  expect_same("(memory (data \"ab\" \"c\"))",
              "(memory 1 1) (data (memory 0) (offset i32.const 0) \"abc\")");
  Module m = wat("(memory i64 (data))");
  EXPECT_EQ(m.memories[0].type.limits.min, 0u);
  EXPECT_TRUE(m.memories[0].type.limits.is64);
}

TEST(Wat, ElemForms) {
  Module m = wat("(table 1 funcref) (func $f)"
                 "(elem (i32.const 0) $f)"                   // legacy: flags 0
                 "(elem func $f)"                            // passive: 1
                 "(elem (table 0) (i32.const 0) func $f)"    // active, explicit table 0: 0
                 "(elem declare func $f)"                    // 3
                 "(elem (i32.const 0) funcref (ref.null func))"  // 4
                 "(elem funcref (item ref.func $f))"         // 5
                 "(elem (table 0) (offset (i32.const 0)) externref)"  // 6
                 "(elem declare funcref (ref.func 0))");     // 7
  std::vector<uint8_t> flags;
  for (const auto& e : m.elems) flags.push_back(e.flags);
  EXPECT_EQ(flags, (std::vector<uint8_t>{0, 1, 0, 3, 4, 5, 6, 7}));
  EXPECT_EQ(m.elems[1].mode, SegmentMode::Passive);
  EXPECT_EQ(m.elems[3].mode, SegmentMode::Declarative);
}

TEST(Wat, DataForms) {
  Module m = wat("(memory $a 1) (memory $b 1) (data \"x\") (data (i32.const 1) \"y\")"
                 "(data (memory $b) (i32.const 2) \"z\") (data $d (memory 0) (offset (i32.const 3)))"
                 "(func (data.drop $d))");
  ASSERT_EQ(m.datas.size(), 4u);
  EXPECT_EQ(m.datas[0].flags, 1);
  EXPECT_EQ(m.datas[1].flags, 0);
  EXPECT_EQ(m.datas[2].flags, 2);
  EXPECT_EQ(m.datas[2].memory, 1u);
  EXPECT_EQ(m.datas[3].flags, 0);
  ASSERT_TRUE(m.data_count.has_value());  // data.drop needs the data count section
  EXPECT_EQ(*m.data_count, 4u);
  EXPECT_FALSE(wat("(memory 1) (data (i32.const 0))").data_count.has_value());
}

TEST(Wat, FoldedEqualsFlat) {
  expect_same("(func (result i32) (i32.add (i32.const 1) (i32.const 2)))",
              "(func (result i32) i32.const 1 i32.const 2 i32.add)");
  expect_same("(func (if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))) drop)",
              "(func i32.const 1 if (result i32) i32.const 2 else i32.const 3 end drop)");
  expect_same("(func (block $l (loop (br_if $l (i32.const 0)))))",
              "(func block $l loop i32.const 0 br_if 1 end end)");
  expect_same("(func (if (i32.const 1) (then) (else)))", "(func i32.const 1 if end)");
}

TEST(Wat, Labels) {
  auto b = body_of("(func (block $a (block $b (br $a) (br $b) (br 1))))");
  ASSERT_EQ(b.size(), 7u);
  EXPECT_EQ(b[2].a, 1u);
  EXPECT_EQ(b[3].a, 0u);
  EXPECT_EQ(b[4].a, 1u);
  // Shadowing: the innermost label with the name wins.
  b = body_of("(func (block $a (block $a (br $a))))");
  EXPECT_EQ(b[2].a, 0u);
  b = body_of("(func block $x block end br $x end)");
  EXPECT_EQ(b[3].op, Opcode::Br);
  EXPECT_EQ(b[3].a, 0u);
  b = body_of("(func (block $out (br_table $out 0 $out (i32.const 0))))");
  EXPECT_EQ(b[2].op, Opcode::BrTable);
  EXPECT_EQ(b[2].targets, (std::vector<uint32_t>{0, 0}));
  EXPECT_EQ(wat_error("(func block $a end $b)").message(), "mismatching label");
  EXPECT_EQ(wat_error("(func block end $b)").message(), "mismatching label");
  EXPECT_EQ(wat_error("(func (br $nope))").message(), "unknown label $nope");
  wat("(func block $a end $a if $b else $b end $b)");
}

TEST(Wat, TryTableCatchLabelsAreOutside) {
  auto b = body_of("(tag $e) (func (block $outer (try_table $t (catch $e $outer) (catch_all 0))))");
  ASSERT_GE(b.size(), 2u);
  EXPECT_EQ(b[1].op, Opcode::TryTable);
  ASSERT_EQ(b[1].catches.size(), 2u);
  EXPECT_EQ(b[1].catches[0].label, 0u);
  EXPECT_EQ(b[1].catches[0].kind, CatchKind::Catch);
  EXPECT_EQ(b[1].catches[1].kind, CatchKind::CatchAll);
}

TEST(Wat, LegacyTry) {
  expect_same("(tag $e) (func (try (do nop) (catch $e) (catch_all)))",
              "(tag $e) (func try nop catch $e catch_all end)");
  auto b = body_of("(func (block $l (try (do) (delegate $l))))");
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[2].op, Opcode::Delegate);
  EXPECT_EQ(b[2].a, 0u);  // relative to the block around the try
  b = body_of("(tag $e) (func (try $t (do) (catch $e (rethrow $t))))");
  EXPECT_EQ(b[2].op, Opcode::Rethrow);
  EXPECT_EQ(b[2].a, 0u);
}

TEST(Wat, LocalsAndParams) {
  Module m = wat("(type $t (func (param i32 i32))) (func $f (type $t) (local $x i64) (local f32 f32)"
                 "  (local.get $x) drop)"
                 "(func (param $a i32) (param i64 i64) (local $b i32) (local.get $b) drop)");
  auto b = decode(m.functions[0].body);
  EXPECT_EQ(b[0].a, 2u);
  EXPECT_EQ(m.functions[0].locals, (std::vector<LocalDecl>{{1, kI64}, {2, kF32}}));
  b = decode(m.functions[1].body);
  EXPECT_EQ(b[0].a, 3u);
  EXPECT_EQ(m.names.locals.at(1).at(0), "a");
  EXPECT_EQ(m.names.locals.at(1).at(3), "b");
  EXPECT_EQ(wat_error("(func (param $a i32) (local $a i32))").message(), "duplicate local $a");
}

TEST(Wat, Immediates) {
  auto b = body_of("(memory 1) (func (drop (i32.load8_u offset=0x10 align=1 (i32.const 0)))"
                   "(drop (i64.load (i32.const 0))) (drop (i32.load 0 (i32.const 0))))");
  EXPECT_EQ(b[1].mem.offset, 16u);
  EXPECT_EQ(b[1].mem.align_log2, 0u);
  EXPECT_EQ(b[4].mem.align_log2, 3u);
  EXPECT_EQ(wat_error("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))").message(),
            "alignment must be a power of two");
  b = body_of("(func (result v128) (v128.const i16x8 -1 0 1 2 3 4 5 0xffff))");
  EXPECT_EQ(b[0].v128[0], 0xFF);
  EXPECT_EQ(b[0].v128[1], 0xFF);
  EXPECT_EQ(b[0].v128[4], 1);
  b = body_of("(func (select (result i32) (i32.const 1) (i32.const 2) (i32.const 3)) drop)");
  EXPECT_EQ(b[3].op, Opcode::SelectT);
  EXPECT_EQ(b[3].types, std::vector<ValType>{kI32});
  b = body_of("(type $s (struct (field $x i32) (field $y (mut i64)))) (func (param (ref $s))"
              " (struct.get $s $y (local.get 0)) drop (ref.test (ref null $s) (local.get 0)) drop"
              " (ref.cast (ref $s) (local.get 0)) drop)");
  EXPECT_EQ(b[1].op, Opcode::StructGet);
  EXPECT_EQ(b[1].b, 1u);
  EXPECT_EQ(b[4].op, Opcode::RefTestNull);
  EXPECT_EQ(b[7].op, Opcode::RefCast);
  b = body_of("(func (param anyref) (block $l (result anyref) (br_on_cast $l anyref (ref i31)"
              " (local.get 0))) drop)");
  EXPECT_EQ(b[2].op, Opcode::BrOnCast);
  EXPECT_EQ(b[2].cast_flags, 1);
  EXPECT_EQ(b[2].heap2, HeapType::abstract(AbsHeap::I31));
  b = body_of("(table $a 1 funcref) (table $b 1 funcref) (type $v (func))"
              " (func (call_indirect $b (type $v) (i32.const 0)) (table.copy $a $b (i32.const 0)"
              " (i32.const 0) (i32.const 0)))");
  EXPECT_EQ(b[1].op, Opcode::CallIndirect);
  EXPECT_EQ(b[1].a, 0u);
  EXPECT_EQ(b[1].b, 1u);
  EXPECT_EQ(b[5].a, 0u);
  EXPECT_EQ(b[5].b, 1u);
  b = body_of("(memory 1) (memory $m 1) (data $d \"\") (func (memory.init $m $d (i32.const 0)"
              " (i32.const 0) (i32.const 0)) (memory.init 0 (i32.const 0) (i32.const 0)"
              " (i32.const 0)))");
  EXPECT_EQ(b[3].a, 0u);
  EXPECT_EQ(b[3].b, 1u);
  EXPECT_EQ(b[7].b, 0u);
  b = body_of("(memory 1) (func (v128.load8_lane 1 (i32.const 0) (v128.const i64x2 0 0)) drop"
              " (v128.load8_lane 0 offset=1 2 (i32.const 0) (v128.const i64x2 0 0)) drop)");
  EXPECT_EQ(b[2].lane, 1);
  EXPECT_EQ(b[2].mem.memory, 0u);
  EXPECT_EQ(b[6].lane, 2);
  EXPECT_EQ(b[6].mem.offset, 1u);
  b = body_of("(func (result i32) (i32.const 0xffffffff) (f32.const -0x1p-149) drop)");
  EXPECT_EQ(b[0].i64, -1);
  EXPECT_EQ(b[1].bits, 0x80000001u);
}

TEST(Wat, ErrorsNameWhatAndWhere) {
  Error e = wat_error("(module\n  (func (call $missing)))");
  EXPECT_EQ(e.kind(), ErrorKind::Malformed);
  EXPECT_EQ(e.message(), "unknown function $missing");
  EXPECT_EQ(e.loc().file, "t.wat");
  EXPECT_EQ(e.loc().line, 2u);
  EXPECT_EQ(e.loc().column, 15u);
  EXPECT_EQ(wat_error("(func) (import \"m\" \"n\" (func))").message(),
            "import after function definition");
  EXPECT_EQ(wat_error("(global i32 (i32.const 0)) (table (import \"m\" \"n\") 1 funcref)").message(),
            "import after global definition");
  EXPECT_EQ(wat_error("(func $f) (func $f)").message(), "duplicate function $f");
  EXPECT_EQ(wat_error("(func i32.bogus)").message(), "unknown operator i32.bogus");
  EXPECT_EQ(wat_error("(func (i32.const 4294967296))").message(), "constant out of range");
  EXPECT_EQ(wat_error("(start 0) (start 0) (func)").message(), "multiple start sections");
  EXPECT_EQ(wat_error("(func (local.get $x))").message(), "unknown local $x");
  EXPECT_EQ(wat_error("(type (struct)) (func (struct.get 0 $f))").message(), "unknown field $f");
  EXPECT_EQ(wat_error("(func (block (param $x i32)))").message(), "unexpected token");
  EXPECT_EQ(wat_error("(func").message(), "unexpected end of input");
  EXPECT_EQ(wat_error("(func) )").message(), "unexpected token");
  EXPECT_EQ(wat_error("(export \"\\ff\" (func 0))").message(), "malformed UTF-8 encoding");
}

TEST(Wat, ForwardReferencesAndNumericPassThrough) {
  Module m = wat("(func (call $g) (global.get $x) drop) (func $g) (global $x i32 (i32.const 0))"
                 "(func (call 7))");
  auto b = decode(m.functions[0].body);
  EXPECT_EQ(b[0].a, 1u);
  EXPECT_EQ(b[1].a, 0u);
  EXPECT_EQ(decode(m.functions[2].body)[0].a, 7u);  // out of range: the validator's business
}

}  // namespace

namespace {

// A numeric type index with the top bit set must not alias an abstract heap type (the
// model keeps those in the top bit): it is an unknown type, reported where it is written.
TEST(Wat, HugeHeapTypeIndexIsUnknown) {
  for (const char* idx : {"2147483648", "4294967285", "4294967295"}) {
    std::string src = std::string("(func (result funcref)\n  (ref.null ") + idx + "))";
    Error e = wat_error(src);
    EXPECT_EQ(e.message(), std::string("unknown type ") + idx) << e.to_string();
    EXPECT_EQ(e.loc().line, 2u) << e.to_string();
    EXPECT_EQ(e.loc().column, 13u) << e.to_string();
  }
  // The largest index that fits stays a concrete index (the validator reports it).
  wat("(func (result funcref) (ref.null 2147483647))");
}

}  // namespace
