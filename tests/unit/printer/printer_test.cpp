// The text printer on chosen modules: exact literals, names, every type and segment form,
// and modules that decode but do not validate.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>

#include "../binary/binary_builder.h"
#include "binary/decoder.h"
#include "text/printer.h"
#include "text/printer_internal.h"
#include "text/wat.h"

using namespace nanoproc;
using namespace nanoproc::print_detail;
using namespace nanoproc::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

Module decoded(const Bytes& b) {
  auto m = decode_module(b);
  EXPECT_TRUE(m.has_value()) << m.error().to_string();
  return m ? std::move(*m) : Module{};
}

TEST(PrinterFloats, Literals) {
  EXPECT_EQ(f32_text(0x00000000), "0");
  EXPECT_EQ(f32_text(0x80000000), "-0");
  EXPECT_EQ(f32_text(0x3F800000), "1");
  EXPECT_EQ(f32_text(0xC1200000), "-10");
  EXPECT_EQ(f32_text(0x3FC00000), "0x1.8p+0");
  EXPECT_EQ(f32_text(0x00000001), "0x1p-149");         // smallest subnormal
  EXPECT_EQ(f32_text(0x7F7FFFFF), "0x1.fffffep+127");  // largest finite
  EXPECT_EQ(f32_text(0x4B800000), "16777216");         // 2^24
  EXPECT_EQ(f32_text(0x7F800000), "inf");
  EXPECT_EQ(f32_text(0xFF800000), "-inf");
  EXPECT_EQ(f32_text(0x7FC00000), "nan");
  EXPECT_EQ(f32_text(0xFFC00000), "-nan");
  EXPECT_EQ(f32_text(0x7FA00001), "nan:0x200001");
  EXPECT_EQ(f32_text(0x7F800001), "nan:0x1");
  EXPECT_EQ(f64_text(0x3FF0000000000000), "1");
  EXPECT_EQ(f64_text(0x400921FB54442D18), "0x1.921fb54442d18p+1");
  EXPECT_EQ(f64_text(0x0000000000000001), "0x1p-1074");
  EXPECT_EQ(f64_text(0x433FFFFFFFFFFFFF), "9007199254740991");  // 2^53 - 1
  EXPECT_EQ(f64_text(0x4340000000000000), "0x1p+53");           // beyond exact decimal range
  EXPECT_EQ(f64_text(0x7FF8000000000000), "nan");
  EXPECT_EQ(f64_text(0xFFF0000000000001), "-nan:0x1");
}

TEST(PrinterFloats, EveryNonNanValueParsesBackExactly) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    uint64_t b64 = rng();
    if (i % 4 == 0) b64 &= 0x800FFFFFFFFFFFFF;  // plenty of subnormals
    if (i % 4 == 1) b64 = (b64 & 0xFFF0000000000000) | (rng() & 0xFF);
    double d;
    std::memcpy(&d, &b64, 8);
    if (d != d) continue;
    std::string t = f64_text(b64);
    double back = std::strtod(t.c_str(), nullptr);
    uint64_t bb;
    std::memcpy(&bb, &back, 8);
    ASSERT_EQ(bb, b64) << t;

    uint32_t b32 = static_cast<uint32_t>(b64 >> 32);
    float f;
    std::memcpy(&f, &b32, 4);
    if (f != f) continue;
    t = f32_text(b32);
    float fb = std::strtof(t.c_str(), nullptr);
    uint32_t fbb;
    std::memcpy(&fbb, &fb, 4);
    ASSERT_EQ(fbb, b32) << t;
  }
}

TEST(PrinterStrings, Escapes) {
  std::string out;
  const uint8_t bytes[] = {'a', '"', '\\', '\n', '\t', 0x00, 0x7F, 0xFF, ' '};
  append_string(out, std::span<const uint8_t>(bytes));
  EXPECT_EQ(out, "\"a\\\"\\\\\\n\\t\\00\\7f\\ff \"");
  EXPECT_TRUE(is_identifier("a.b$c_1!'"));
  EXPECT_FALSE(is_identifier(""));
  EXPECT_FALSE(is_identifier("a b"));
  EXPECT_FALSE(is_identifier("a\"b"));
  EXPECT_FALSE(is_identifier("f(x)"));
  EXPECT_FALSE(is_identifier("caf\xC3\xA9"));
}

TEST(Printer, NamesAreIdsOnlyWhenValidAndUnique) {
  Module m = decoded(module_of({kTypeVoid, section(3, {0x03, 0x00, 0x00, 0x00}),
                                section(10, {0x03, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B, 0x04, 0x00, 0x10, 0x00, 0x0B})}));
  m.names.module_name = "my mod";  // not an identifier: omitted
  m.names.functions[0] = "f";
  m.names.functions[1] = "f";  // repeated: omitted
  m.names.functions[2] = "g";
  std::string text = print_module(m);
  EXPECT_TRUE(contains(text, "(module\n")) << text;
  EXPECT_TRUE(contains(text, "(func $f (;0;)")) << text;
  EXPECT_TRUE(contains(text, "(func (;1;)")) << text;
  EXPECT_TRUE(contains(text, "call $f")) << text;
  auto back = parse_wat(text);
  EXPECT_TRUE(back.has_value()) << back.error().to_string() << "\n" << text;
}

TEST(Printer, GcTypesTablesTagsAndSegments) {
  Bytes types = {0x04,
                 0x60, 0x01, 0x7F, 0x00,
                 0x4E, 0x02,
                 0x50, 0x00, 0x5F, 0x02, 0x78, 0x01, 0x63, 0x02, 0x00,
                 0x4F, 0x01, 0x01, 0x5E, 0x77, 0x00,
                 0x4E, 0x00,
                 0x4E, 0x01, 0x5F, 0x00};
  Bytes tables = {0x02, 0x70, 0x00, 0x01, 0x40, 0x00, 0x64, 0x70, 0x05, 0x02, 0x03, 0xD2, 0x00, 0x0B};
  Bytes memories = {0x02, 0x00, 0x01, 0x07, 0x01, 0x02};
  Bytes elems = {0x03,
                 0x02, 0x00, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x00,             // explicit table 0
                 0x06, 0x01, 0x42, 0x00, 0x0B, 0x70, 0x01, 0xD2, 0x00, 0x0B,  // table 1, exprs
                 0x05, 0x63, 0x00, 0x01, 0xD0, 0x00, 0x0B};                 // passive (ref null 0)
  Bytes datas = cat({Bytes{0x02, 0x02, 0x01, 0x42, 0x07, 0x0B}, str("hi\n"), Bytes{0x01}, str("\x01")});
  Module m = decoded(module_of({section(1, types), section(3, {0x01, 0x00}), section(4, tables),
                                section(5, memories), section(13, {0x01, 0x00, 0x00}),
                                section(6, {0x01, 0x63, 0x03, 0x01, 0xD0, 0x03, 0x0B}),
                                section(9, elems), section(10, {0x01, 0x02, 0x00, 0x0B}), section(11, datas)}));
  std::string text = print_module(m);
  for (const char* expected : {
           "(type (;0;) (func (param i32)))",
           "  (rec\n    (type (;1;) (sub (struct (field (mut i8)) (field (ref null 2)))))\n"
           "    (type (;2;) (sub final 1 (array i16))))\n",
           "(rec)",
           "  (rec\n    (type (;3;) (struct)))",
           "(table (;1;) i64 2 3 (ref func) (ref.func 0))",
           "(memory (;1;) i64 1 2 shared)",
           "(tag (;0;) (type 0) (param i32))",
           "(global (;0;) (mut (ref null 3)) (ref.null 3))",
           "(elem (;0;) (table 0) (i32.const 0) func 0)",
           "(elem (;1;) (table 1) (i64.const 0) funcref (ref.func 0))",
           "(elem (;2;) (ref null 0) (ref.null 0))",
           "(data (;0;) (memory 1) (i64.const 7) \"hi\\n\")",
           "(data (;1;) \"\\01\")",
       })
    EXPECT_TRUE(contains(text, expected)) << expected << "\n---\n" << text;
  auto back = parse_wat(text);
  EXPECT_TRUE(back.has_value()) << back.error().to_string() << "\n" << text;
}

TEST(Printer, InstructionImmediates) {
  Bytes body = {0x00,
                0x41, 0x7F, 0x1A,                                // i32.const -1 drop
                0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F, 0x1A,  // i64 min
                0x43, 0x00, 0x00, 0xC0, 0x7F, 0x1A,              // f32.const nan
                0x41, 0x00, 0x28, 0x40, 0x01, 0x08, 0x1A,        // i32.load 1 offset=8 align=1
                0x41, 0x00, 0x2D, 0x00, 0x00, 0x1A,              // i32.load8_u (natural)
                0xFC, 0x08, 0x00, 0x01,                          // memory.init 1 0
                0xFC, 0x0A, 0x01, 0x00,                          // memory.copy 1 0
                0xFC, 0x0E, 0x00, 0x00,                          // table.copy
                0xD0, 0x6E, 0x1A,                                // ref.null any
                0xD0, 0x70, 0xFB, 0x17, 0x00, 0x1A,              // ref.cast (ref null 0)
                0x02, 0x40, 0x1F, 0x40, 0x02, 0x02, 0x00, 0x00, 0x01, 0x00, 0x0B, 0x0B,  // try_table
                0x1C, 0x01, 0x7F,                                // select (result i32)
                0x0B};
  Bytes code = section(10, cat({Bytes{0x01}, uleb(body.size() + 1), Bytes{0x00}, body}));
  Module m = decoded(module_of({kTypeVoid, kOneFunc, section(5, {0x02, 0x00, 0x01, 0x00, 0x01}), section(12, {0x01}),
                                code, section(11, {0x01, 0x01, 0x00})}));
  std::string text = print_module(m);
  for (const char* expected : {"i32.const -1\n", "i64.const -9223372036854775808\n", "f32.const nan\n",
                               "i32.load 1 offset=8 align=1\n", "i32.load8_u\n", "memory.init 1 0\n",
                               "memory.copy 1 0\n", "table.copy\n", "ref.null any\n", "ref.cast (ref null 0)\n",
                               "try_table (catch_all 0) (catch 1 0)\n", "select (result i32))"})
    EXPECT_TRUE(contains(text, expected)) << expected << "\n---\n" << text;
}

TEST(Printer, InvalidModulesPrintWithoutCrashing) {
  // Type index out of range, a call to a missing function, a global of a missing type.
  Bytes body = {0x00, 0x10, 0xE7, 0x07, 0x0B};
  Module m = decoded(module_of({section(3, {0x01, 0x63}), section(6, {0x01, 0x63, 0x09, 0x00, 0xD0, 0x09, 0x0B}),
                                section(10, cat({Bytes{0x01}, uleb(body.size()), body}))}));
  std::string text = print_module(m);
  EXPECT_TRUE(contains(text, "(func (;0;) (type 99)\n    call 999)")) << text;
  EXPECT_TRUE(contains(text, "(global (;0;) (ref null 9) (ref.null 9))")) << text;

  // Bodies the validator would reject as malformed.
  const Bytes bodies[] = {
      {0x00, 0xFF, 0x0B},                    // illegal opcode
      {0x00, 0x02, 0x40, 0x0B},              // missing final end
      {0x00, 0x0B, 0x01, 0x0B},              // code after the final end
      {0x00, 0x05, 0x0B, 0x0B, 0x0B},        // else / end without a block
      {0x00, 0x41},                          // truncated immediate
  };
  for (const Bytes& b : bodies) {
    Module bad = decoded(module_of({kTypeVoid, kOneFunc, section(10, cat({Bytes{0x01}, uleb(b.size()), b}))}));
    std::string t = print_module(bad);
    EXPECT_TRUE(contains(t, "(func (;0;) (type 0)")) << t;
  }
  Module illegal = decoded(module_of({kTypeVoid, kOneFunc, section(10, {0x01, 0x03, 0x00, 0xFF, 0x0B})}));
  EXPECT_TRUE(contains(print_module(illegal), ";; malformed: at byte offset 0x17: illegal opcode ff"))
      << print_module(illegal);
}

TEST(Printer, CustomSectionsAsAnnotations) {
  Module m = decoded(module_of({section(0, cat({str("first"), Bytes{0x01, 0x22}})), kTypeVoid,
                                section(0, str("after-type"))}));
  std::string text = print_module(m);
  EXPECT_TRUE(contains(text, "(@custom \"first\" (before first) \"\\01\\\"\")")) << text;
  EXPECT_TRUE(contains(text, "(@custom \"after-type\" (after type) \"\")")) << text;
  EXPECT_TRUE(parse_wat(text).has_value());
  PrintOptions plain;
  plain.custom_annotations = false;
  EXPECT_FALSE(contains(print_module(m, plain), "@custom"));
}

}  // namespace
