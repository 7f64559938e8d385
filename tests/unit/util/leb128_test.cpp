#include <gtest/gtest.h>

#include <vector>

#include "util/byte_reader.h"
#include "util/byte_writer.h"

using namespace nanoproc;

namespace {

ByteReader reader(const std::vector<uint8_t>& v) { return ByteReader(v.data(), v.data() + v.size()); }

TEST(Leb128, U32Basic) {
  std::vector<uint8_t> b = {0xE5, 0x8E, 0x26};
  auto r = reader(b);
  EXPECT_EQ(r.u32(), 624485u);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.at_end());
}

TEST(Leb128, U32OverlongRejected) {
  std::vector<uint8_t> b = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  auto r = reader(b);
  r.u32();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "integer representation too long");
}

TEST(Leb128, U32PaddedFiveBytesAccepted) {
  std::vector<uint8_t> b = {0x80, 0x80, 0x80, 0x80, 0x00};
  auto r = reader(b);
  EXPECT_EQ(r.u32(), 0u);
  EXPECT_TRUE(r.ok());
}

TEST(Leb128, U32UnusedBitsRejected) {
  std::vector<uint8_t> b = {0xFF, 0xFF, 0xFF, 0xFF, 0x1F};
  auto r = reader(b);
  r.u32();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "integer too large");
  std::vector<uint8_t> max = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  auto r2 = reader(max);
  EXPECT_EQ(r2.u32(), 0xFFFFFFFFu);
  EXPECT_TRUE(r2.ok());
}

TEST(Leb128, S32SignBits) {
  std::vector<uint8_t> minus1 = {0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
  auto r = reader(minus1);
  EXPECT_EQ(r.s32(), -1);
  EXPECT_TRUE(r.ok());
  std::vector<uint8_t> bad = {0xFF, 0xFF, 0xFF, 0xFF, 0x4F};  // unused bits not sign
  auto r2 = reader(bad);
  r2.s32();
  EXPECT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().message(), "integer too large");
}

TEST(Leb128, S64Extremes) {
  for (int64_t v : {INT64_MIN, INT64_MAX, int64_t{0}, int64_t{-1}, int64_t{63}, int64_t{-64}, int64_t{64}}) {
    ByteWriter w;
    w.s64(v);
    auto r = reader(w.buffer());
    EXPECT_EQ(r.s64(), v);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(r.at_end());
  }
}

TEST(Leb128, TruncatedIsUnexpectedEnd) {
  std::vector<uint8_t> b = {0x80};
  auto r = reader(b);
  r.u32();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "unexpected end");
  EXPECT_EQ(r.error().loc().offset, 1u);
}

TEST(Utf8, Names) {
  std::vector<uint8_t> good = {3, 'a', 0xC3, 0xA9};
  auto r = reader(good);
  EXPECT_EQ(r.name(), "a\xC3\xA9");
  std::vector<uint8_t> surrogate = {3, 0xED, 0xA0, 0x80};
  auto r2 = reader(surrogate);
  r2.name();
  EXPECT_EQ(r2.error().message(), "malformed UTF-8 encoding");
}

}  // namespace
