#include <gtest/gtest.h>

#include <set>
#include <string>

#include "ir/opcode.h"

using namespace nanoproc;

TEST(OpcodeTable, EncodingsAreUniqueAndRoundTrip) {
  std::set<std::pair<unsigned, unsigned>> seen;
  for (unsigned i = 0; i < kOpcodeCount; ++i) {
    const OpInfo& info = op_info(static_cast<Opcode>(i));
    EXPECT_TRUE(seen.insert({info.prefix, info.code}).second) << info.text;
    auto back = info.prefix ? opcode_from_prefixed(info.prefix, info.code)
                            : opcode_from_byte(static_cast<uint8_t>(info.code));
    ASSERT_TRUE(back.has_value()) << info.text;
    EXPECT_EQ(*back, info.op);
  }
}

TEST(OpcodeTable, TextLookup) {
  EXPECT_EQ(opcode_from_text("i32.add"), Opcode::I32Add);
  EXPECT_EQ(opcode_from_text("i32x4.relaxed_dot_i8x16_i7x16_add_s"), Opcode::I32x4RelaxedDotI8x16I7x16AddS);
  EXPECT_FALSE(opcode_from_text("i32.bogus").has_value());
}

TEST(OpcodeTable, Signatures) {
  const OpSig& s = op_info(Opcode::I64Store32).sig;
  EXPECT_FALSE(s.special);
  EXPECT_EQ(s.num_params, 2);
  EXPECT_TRUE(s.param_is_address[0]);
  EXPECT_EQ(s.params[1], ValKind::I64);
  EXPECT_EQ(s.num_results, 0);
  EXPECT_EQ(natural_align_log2(Opcode::I64Store32), 2u);
  EXPECT_EQ(natural_align_log2(Opcode::V128Load), 4u);
  EXPECT_TRUE(op_info(Opcode::Block).sig.special);
}
