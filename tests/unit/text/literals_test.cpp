#include <gtest/gtest.h>

#include "text/literals.h"

using namespace nanoproc::text;

namespace {

uint64_t i32(std::string_view s) {
  uint64_t v = 0;
  EXPECT_EQ(parse_int(s, 32, &v), LitStatus::Ok) << s;
  return v;
}
uint64_t i64(std::string_view s) {
  uint64_t v = 0;
  EXPECT_EQ(parse_int(s, 64, &v), LitStatus::Ok) << s;
  return v;
}
LitStatus int_status(std::string_view s, unsigned bits) {
  uint64_t v;
  return parse_int(s, bits, &v);
}
uint32_t f32(std::string_view s) {
  uint32_t v = 0;
  EXPECT_EQ(parse_f32(s, &v), LitStatus::Ok) << s;
  return v;
}
uint64_t f64(std::string_view s) {
  uint64_t v = 0;
  EXPECT_EQ(parse_f64(s, &v), LitStatus::Ok) << s;
  return v;
}
LitStatus f32_status(std::string_view s) {
  uint32_t v;
  return parse_f32(s, &v);
}
LitStatus f64_status(std::string_view s) {
  uint64_t v;
  return parse_f64(s, &v);
}

TEST(Literals, IntegerRanges) {
  EXPECT_EQ(i32("0"), 0u);
  EXPECT_EQ(i32("4294967295"), 0xFFFFFFFFu);
  EXPECT_EQ(i32("0xffff_ffff"), 0xFFFFFFFFu);
  EXPECT_EQ(i32("+4294967295"), 0xFFFFFFFFu);
  EXPECT_EQ(i32("-2147483648"), 0x80000000u);
  EXPECT_EQ(i32("-0x8000_0000"), 0x80000000u);
  EXPECT_EQ(i32("-1"), 0xFFFFFFFFu);
  EXPECT_EQ(i32("1_000_000"), 1000000u);
  EXPECT_EQ(int_status("4294967296", 32), LitStatus::Range);
  EXPECT_EQ(int_status("-2147483649", 32), LitStatus::Range);
  EXPECT_EQ(int_status("0x1_0000_0000", 32), LitStatus::Range);
  EXPECT_EQ(i64("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(i64("-9223372036854775808"), 0x8000000000000000u);
  EXPECT_EQ(int_status("18446744073709551616", 64), LitStatus::Range);
  EXPECT_EQ(int_status("-9223372036854775809", 64), LitStatus::Range);
  EXPECT_EQ(int_status("-0x8000000000000001", 64), LitStatus::Range);
  uint64_t v;
  EXPECT_EQ(parse_int("255", 8, &v), LitStatus::Ok);
  EXPECT_EQ(v, 255u);
  EXPECT_EQ(parse_int("-128", 8, &v), LitStatus::Ok);
  EXPECT_EQ(v, 0x80u);
  EXPECT_EQ(int_status("256", 8), LitStatus::Range);
  EXPECT_EQ(int_status("-129", 8), LitStatus::Range);
  EXPECT_EQ(int_status("-32768", 16), LitStatus::Ok);
}

TEST(Literals, IntegerSyntax) {
  for (const char* s : {"", "_1", "1_", "1__0", "0x", "0x_1", "0X1", "1.0", "1e3", "--1", "+-1",
                        "nan", "0xg"})
    EXPECT_EQ(int_status(s, 32), LitStatus::Syntax) << s;
  uint64_t v;
  EXPECT_EQ(parse_nat("-1", UINT32_MAX, &v), LitStatus::Syntax);
  EXPECT_EQ(parse_nat("+1", UINT32_MAX, &v), LitStatus::Syntax);
  EXPECT_EQ(parse_nat("4294967296", UINT32_MAX, &v), LitStatus::Range);
}

TEST(Literals, FloatSpecials) {
  EXPECT_EQ(f32("inf"), 0x7F800000u);
  EXPECT_EQ(f32("-inf"), 0xFF800000u);
  EXPECT_EQ(f32("nan"), 0x7FC00000u);
  EXPECT_EQ(f32("-nan"), 0xFFC00000u);
  EXPECT_EQ(f32("+nan:0x200000"), 0x7FA00000u);
  EXPECT_EQ(f32("nan:0x7f_ffff"), 0x7FFFFFFFu);
  EXPECT_EQ(f32_status("nan:0x0"), LitStatus::Range);
  EXPECT_EQ(f32_status("nan:0x800000"), LitStatus::Range);
  EXPECT_EQ(f64("nan:0xf_ffff_ffff_ffff"), 0x7FFFFFFFFFFFFFFFu);
  EXPECT_EQ(f64("-nan"), 0xFFF8000000000000u);
  EXPECT_EQ(f64_status("nan:0x10000000000000"), LitStatus::Range);
  EXPECT_EQ(f32("-0"), 0x80000000u);
  EXPECT_EQ(f64("-0.0"), 0x8000000000000000u);
  EXPECT_EQ(f32_status("nan:canonical"), LitStatus::Syntax);
  EXPECT_EQ(f32_status("infinity"), LitStatus::Syntax);
}

TEST(Literals, FloatSyntax) {
  EXPECT_EQ(f32("1"), 0x3F800000u);
  EXPECT_EQ(f32("1."), 0x3F800000u);
  EXPECT_EQ(f32("1.e0"), 0x3F800000u);
  EXPECT_EQ(f32("1_0.0_0e0_1"), 0x42C80000u);  // 100
  EXPECT_EQ(f32("0x1p4"), 0x41800000u);
  EXPECT_EQ(f32("0x1.8P+1"), 0x40400000u);      // 3
  for (const char* s : {".5", "1e", "1e+", "0x1p", "1._5", "1.5_", "1e_5", "0x.8", "0x1.g",
                        "1.5.5", "1E5x", "0x_1", "0x1__0p0"})
    EXPECT_EQ(f32_status(s), LitStatus::Syntax) << s;
}

TEST(Literals, HexFloatRounding) {
  EXPECT_EQ(f32("0x1p-149"), 1u);                  // smallest subnormal
  EXPECT_EQ(f32("0x1p-150"), 0u);                  // tie rounds to even (zero)
  EXPECT_EQ(f32("0x1.000001p-150"), 1u);           // just above the tie
  EXPECT_EQ(f32("0x1.8p-149"), 2u);                // tie between 1 and 2: even
  EXPECT_EQ(f32("0x1.fffffep-127"), 0x00800000u);  // rounds up into the smallest normal
  EXPECT_EQ(f32("0x1.fffffep127"), 0x7F7FFFFFu);   // largest finite
  EXPECT_EQ(f32("0x1.fffffefffffff8000000p127"), 0x7F7FFFFFu);
  EXPECT_EQ(f32_status("0x1.ffffffp127"), LitStatus::Range);  // tie rounds up to inf
  EXPECT_EQ(f32_status("0x1p128"), LitStatus::Range);
  EXPECT_EQ(f32("0x1.00000100000000000000000000000000000000000001p0"), 0x3F800001u);
  EXPECT_EQ(f32("0x1.000001p0"), 0x3F800000u);     // exact tie: even
  EXPECT_EQ(f32("0x1.000003p0"), 0x3F800002u);     // tie: up to even
  EXPECT_EQ(f32_status("0x0.00000000000000000000001p+99999999999999"), LitStatus::Range);
  EXPECT_EQ(f32("0x1p-1000000000000"), 0u);
  EXPECT_EQ(f32("0x10000000000000000000000000000000p-124"), 0x3F800000u);
  EXPECT_EQ(f64("0x1p-1074"), 1u);
  EXPECT_EQ(f64("0x1p-1075"), 0u);
  EXPECT_EQ(f64("0x1.0000000000001p-1075"), 1u);
  EXPECT_EQ(f64("0x1.fffffffffffff8p-1023"), 0x0010000000000000u);
  EXPECT_EQ(f64("0x1.fffffffffffffp1023"), 0x7FEFFFFFFFFFFFFFu);
  EXPECT_EQ(f64_status("0x1.fffffffffffff8p1023"), LitStatus::Range);
  EXPECT_EQ(f64("0x1.00000000000008p0"), 0x3FF0000000000000u);
  EXPECT_EQ(f64("0x1.000000000000080000000000001p0"), 0x3FF0000000000001u);
  EXPECT_EQ(f64("0x1.00000000000018p0"), 0x3FF0000000000002u);
}

TEST(Literals, DecimalRounding) {
  EXPECT_EQ(f32("0.1"), 0x3DCCCCCDu);
  EXPECT_EQ(f64("0.1"), 0x3FB999999999999Au);
  EXPECT_EQ(f32("1e-45"), 1u);
  EXPECT_EQ(f32("3.4028234e38"), 0x7F7FFFFFu);
  EXPECT_EQ(f32_status("3.4028236e38"), LitStatus::Range);
  EXPECT_EQ(f32_status("1e39"), LitStatus::Range);
  EXPECT_EQ(f64_status("1e309"), LitStatus::Range);
  EXPECT_EQ(f64("1e-400"), 0u);
  // f32 must be rounded once from the decimal, not via double.
  EXPECT_EQ(f32("1.00000005960464477550"), 0x3F800001u);
  EXPECT_EQ(f32("1.000000059604644775390625"), 0x3F800000u);  // exact tie: even
  EXPECT_EQ(f64("4.9406564584124654e-324"), 1u);
  EXPECT_EQ(f64("2.2250738585072012e-308"), 0x0010000000000000u);
  EXPECT_EQ(f32_status("1e1000000000000000000000000000000000000000000000000000000000"),
            LitStatus::Range);
  EXPECT_EQ(f32("1e-1000000000000000000000000000000000000000000000000000000000"), 0u);
}

}  // namespace
