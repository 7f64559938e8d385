// The decoder's malformed-module paths: each spec message, with its byte offset.
#include <gtest/gtest.h>

#include "binary_builder.h"

using namespace nanoproc;
using namespace nanoproc::test;

namespace {

// Decoding must fail with exactly `message` at byte `offset`.
void expect_malformed(const Bytes& b, const std::string& message, uint64_t offset) {
  auto m = decode(b);
  ASSERT_FALSE(m.has_value()) << "expected: " << message;
  EXPECT_EQ(m.error().kind(), ErrorKind::Malformed);
  EXPECT_EQ(m.error().message(), message);
  EXPECT_EQ(m.error().loc().offset, offset) << message;
}

const std::string kEnd = "unexpected end of section or function";

TEST(DecoderErrors, Header) {
  expect_malformed({}, kEnd, 0);
  expect_malformed({0x00, 0x61, 0x73}, kEnd, 0);
  expect_malformed({0x00, 0x61, 0x73, 0x6D}, kEnd, 4);
  expect_malformed({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00}, kEnd, 4);
  expect_malformed({0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00}, "magic header not detected", 0);
  expect_malformed({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00}, "unknown binary version", 4);
  expect_malformed({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x00}, kEnd, 9);
  EXPECT_TRUE(decode(kHeader).has_value());
}

TEST(DecoderErrors, SectionFraming) {
  expect_malformed(module_of({Bytes{0x0E, 0x00}}), "malformed section id", 8);
  expect_malformed(module_of({Bytes{0x7F, 0x00}}), "malformed section id", 8);
  // A size beyond the input.
  expect_malformed(module_of({Bytes{0x01, 0x05, 0x00}}), "length out of bounds", 9);
  // Contents shorter / longer than the size.
  expect_malformed(module_of({Bytes{0x01, 0x02, 0x00, 0x00}}), "section size mismatch", 10);
  expect_malformed(module_of({Bytes{0x01, 0x01, 0x01, 0x60, 0x00, 0x00}}), "section size mismatch", 10);
  // Duplicate and out-of-order sections.
  expect_malformed(module_of({kTypeVoid, kTypeVoid}), "unexpected content after last section", 14);
  expect_malformed(module_of({kOneFunc, kTypeVoid}), "unexpected content after last section", 12);
  // Tag (13) comes before global (6) in Wasm 3.0; after it is out of order.
  expect_malformed(module_of({section(6, {0x00}), section(13, {0x00})}), "unexpected content after last section", 11);
  EXPECT_TRUE(decode(module_of({section(13, {0x00}), section(6, {0x00})})).has_value());
  // Data count (12) sits between element (9) and code (10).
  expect_malformed(module_of({section(10, {0x00}), section(12, {0x00})}), "unexpected content after last section", 11);
  EXPECT_TRUE(decode(module_of({section(9, {0x00}), section(12, {0x00}), section(10, {0x00}), section(11, {0x00})})).has_value());
}

TEST(DecoderErrors, CrossSectionCounts) {
  expect_malformed(module_of({kTypeVoid, kOneFunc}), "function and code section have inconsistent lengths", 18);
  expect_malformed(module_of({kTypeVoid, kEmptyBody}), "function and code section have inconsistent lengths", 20);
  expect_malformed(module_of({kTypeVoid, kOneFunc, section(10, {0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B})}),
                   "function and code section have inconsistent lengths", 27);
  expect_malformed(module_of({section(12, {0x01})}), "data count and data section have inconsistent lengths", 11);
  expect_malformed(module_of({section(12, {0x00}), section(11, {0x01, 0x01, 0x00})}),
                   "data count and data section have inconsistent lengths", 16);
  EXPECT_TRUE(decode(module_of({section(12, {0x01}), section(11, {0x01, 0x01, 0x00})})).has_value());
}

TEST(DecoderErrors, VectorsAndNames) {
  // Two types declared, one present: the second runs off the input.
  expect_malformed(module_of({section(1, {0x02, 0x60, 0x00, 0x00})}), kEnd, 14);
  // A count larger than the whole remaining input.
  expect_malformed(module_of({section(1, {0x7F})}), "length out of bounds", 10);
  // An export name longer than the input.
  expect_malformed(module_of({section(7, {0x01, 0x09, 'a'})}), "length out of bounds", 11);
  // Invalid UTF-8 in an import name (a lone continuation byte), reported at the name.
  expect_malformed(module_of({section(2, {0x01, 0x01, 0x80, 0x00, 0x00, 0x00})}), "malformed UTF-8 encoding", 11);
  // Overlong UTF-8 encoding of '/' in an export name.
  expect_malformed(module_of({section(7, {0x01, 0x02, 0xC0, 0xAF, 0x00, 0x00})}), "malformed UTF-8 encoding", 11);
}

TEST(DecoderErrors, Leb128) {
  // A u32 index padded to 5 bytes is fine; 6 bytes is too long; high bits are too large.
  auto m = decode(module_of({kTypeVoid, section(3, {0x01, 0x80, 0x80, 0x80, 0x80, 0x00}), kEmptyBody}));
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  EXPECT_EQ(m->functions[0].type_index, 0u);
  expect_malformed(module_of({section(3, {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})}),
                   "integer representation too long", 15);
  expect_malformed(module_of({section(3, {0x01, 0x80, 0x80, 0x80, 0x80, 0x10})}), "integer too large", 15);
  auto max = decode(module_of({section(8, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F})}));
  ASSERT_TRUE(max.has_value());
  EXPECT_EQ(*max->start, 0xFFFFFFFFu);
  // A section size with a padded LEB.
  EXPECT_TRUE(decode(module_of({Bytes{0x01, 0x81, 0x80, 0x00, 0x00}})).has_value());
  // Signed LEBs in constant expressions: the bits beyond 32 must repeat the sign bit.
  Bytes global_head = {0x01, 0x7F, 0x00, 0x41};
  auto global = [&](Bytes leb) { return module_of({section(6, cat({global_head, leb, Bytes{0x0B}}))}); };
  EXPECT_TRUE(decode(global({0xFF, 0xFF, 0xFF, 0xFF, 0x7F})).has_value());  // -1
  EXPECT_TRUE(decode(global({0x80, 0x80, 0x80, 0x80, 0x78})).has_value());  // INT32_MIN
  EXPECT_TRUE(decode(global({0xFF, 0xFF, 0xFF, 0xFF, 0x07})).has_value());  // INT32_MAX
  expect_malformed(global({0x80, 0x80, 0x80, 0x80, 0x70}), "integer too large", 18);
  expect_malformed(global({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), "integer too large", 18);
  expect_malformed(global({0xFF, 0xFF, 0xFF, 0xFF, 0x4F}), "integer too large", 18);
  expect_malformed(global({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}), "integer representation too long", 18);
  // i64: the tenth byte holds one payload bit.
  Bytes g64 = {0x01, 0x7E, 0x00, 0x42};
  auto global64 = [&](Bytes leb) { return module_of({section(6, cat({g64, leb, Bytes{0x0B}}))}); };
  EXPECT_TRUE(decode(global64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F})).has_value());
  EXPECT_TRUE(decode(global64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F})).has_value());
  expect_malformed(global64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E}), "integer too large", 23);
  expect_malformed(global64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}), "integer too large", 23);
  // Memory limits are u64 in Wasm 3.0: ten bytes are allowed, eleven are not.
  EXPECT_TRUE(decode(module_of({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})})).has_value());
  expect_malformed(module_of({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})}),
                   "integer representation too long", 21);
}

TEST(DecoderErrors, Types) {
  expect_malformed(module_of({section(1, {0x01, 0x61, 0x00, 0x00})}), "malformed definition type", 11);
  // -0x20 as a two-byte signed LEB128.
  expect_malformed(module_of({section(1, {0x01, 0xE0, 0x7F, 0x00, 0x00})}), "integer representation too long", 11);
  expect_malformed(module_of({section(1, {0x01, 0x60, 0x01, 0x40, 0x00})}), "malformed value type", 13);
  expect_malformed(module_of({section(1, {0x01, 0x5E, 0x78, 0x02})}), "malformed mutability", 13);
  expect_malformed(module_of({section(1, {0x01, 0x60, 0x01, 0x63, 0x7F, 0x00})}), "malformed heap type", 14);
}

TEST(DecoderErrors, ImportsAndExports) {
  expect_malformed(module_of({section(2, {0x01, 0x01, 'a', 0x01, 'b', 0x05, 0x00})}), "malformed import kind", 15);
  expect_malformed(module_of({section(7, {0x01, 0x01, 'a', 0x05, 0x00})}), "malformed export kind", 13);
  expect_malformed(module_of({section(2, {0x01, 0x01, 'a', 0x01, 'b', 0x03, 0x7F, 0x02})}), "malformed mutability", 17);
  expect_malformed(module_of({section(2, {0x01, 0x01, 'a', 0x01, 'b', 0x04, 0x01, 0x00})}), "zero byte expected", 16);
}

TEST(DecoderErrors, TablesMemoriesTags) {
  expect_malformed(module_of({section(5, {0x01, 0x08, 0x00})}), "malformed limits flags", 11);  // page size
  expect_malformed(module_of({section(5, {0x01, 0x10, 0x00})}), "malformed limits flags", 11);
  expect_malformed(module_of({section(4, {0x01, 0x70, 0x02, 0x00})}), "malformed limits flags", 12);  // shared table
  expect_malformed(module_of({section(4, {0x01, 0x7F, 0x00, 0x00})}), "malformed reference type", 11);
  expect_malformed(module_of({section(4, {0x01, 0x40, 0x01, 0x70, 0x00, 0x00, 0xD0, 0x70, 0x0B})}), "zero byte expected", 12);
  expect_malformed(module_of({section(13, {0x01, 0x01, 0x00})}), "zero byte expected", 11);
}

TEST(DecoderErrors, ConstantExpressions) {
  // No `end` before the input ends.
  expect_malformed(module_of({section(6, {0x01, 0x7F, 0x00, 0x41, 0x00})}), kEnd, 15);
  // An unknown opcode, and an unknown prefixed one.
  expect_malformed(module_of({section(6, {0x01, 0x7F, 0x00, 0xFF, 0x0B})}), "illegal opcode ff", 13);
  expect_malformed(module_of({section(6, {0x01, 0x7F, 0x00, 0xFC, 0x7F, 0x0B})}), "illegal opcode fc 7f", 13);
  // Nested blocks are counted: this expression is decoded whole (and invalid later).
  auto m = decode(module_of({section(6, {0x01, 0x7F, 0x00, 0x02, 0x7F, 0x41, 0x00, 0x0B, 0x0B})}));
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  EXPECT_EQ(m->globals[0].init.bytes.size(), 6u);
}

TEST(DecoderErrors, Segments) {
  expect_malformed(module_of({section(9, {0x01, 0x08})}), "malformed elements segment kind", 11);
  expect_malformed(module_of({section(9, {0x01, 0x01, 0x01, 0x00})}), "malformed element kind", 12);
  expect_malformed(module_of({section(9, {0x01, 0x05, 0x7F, 0x00})}), "malformed reference type", 12);
  expect_malformed(module_of({section(11, {0x01, 0x03})}), "malformed data segment kind", 11);
  // A data segment whose bytes run past the input.
  expect_malformed(module_of({section(11, {0x01, 0x01, 0x03, 'a', 'b'})}), kEnd, 13);
}

TEST(DecoderErrors, Code) {
  // 4 x 0x40000000 locals: 2^32, beyond the spec's limit.
  Bytes locals = {0x04};
  for (int i = 0; i < 4; ++i) locals = cat({locals, Bytes{0x80, 0x80, 0x80, 0x80, 0x04, 0x7F}});
  Bytes body = cat({locals, Bytes{0x0B}});
  expect_malformed(module_of({kTypeVoid, kOneFunc, section(10, cat({Bytes{0x01}, uleb(body.size()), body}))}),
                   "too many locals", 22);
  // Beyond our implementation limit.
  Bytes many = {0x01, 0xD1, 0x86, 0x03, 0x7F, 0x0B};  // 50001 i32
  expect_malformed(module_of({kTypeVoid, kOneFunc, section(10, cat({Bytes{0x01}, uleb(many.size()), many}))}),
                   "too many locals", 22);
  Bytes ok = {0x01, 0xD0, 0x86, 0x03, 0x7F, 0x0B};  // 50000 i32
  EXPECT_TRUE(decode(module_of({kTypeVoid, kOneFunc, section(10, cat({Bytes{0x01}, uleb(ok.size()), ok}))})).has_value());
  // Locals cannot run into the next body.
  expect_malformed(module_of({kTypeVoid, kOneFunc, section(10, {0x01, 0x02, 0x01, 0x01})}), kEnd, 24);
  // A body size beyond the input.
  expect_malformed(module_of({kTypeVoid, kOneFunc, section(10, {0x01, 0x09, 0x00, 0x0B})}), "length out of bounds", 21);
}

TEST(DecoderErrors, BodyCutShortIsReportedInsideTheBody) {
  // The body's declared size ends inside an i32.const immediate; what follows is not a
  // section. The spec's decoder reads on into the next bytes; so does our error path.
  Bytes code = section(10, {0x01, 0x03, 0x00, 0x41, 0x80});
  Bytes b = module_of({kTypeVoid, kOneFunc, code});
  b.push_back(0x80);
  b.push_back(0x80);
  b.push_back(0x80);
  b.push_back(0x80);
  b.push_back(0x00);
  expect_malformed(b, "integer representation too long", 28);
}

TEST(DecoderErrors, CustomSections) {
  // A name running past the section's size.
  expect_malformed(module_of({Bytes{0x00, 0x01, 0x05, 'a', 'b', 'c', 'd', 'e'}}), kEnd, 11);
  expect_malformed(module_of({Bytes{0x00, 0x00}}), kEnd, 10);
  expect_malformed(module_of({Bytes{0x00, 0x03, 0x02, 'a'}}), kEnd, 11);
  // Malformed UTF-8 in a custom section's name is malformed, as for every name.
  expect_malformed(module_of({section(0, {0x01, 0xFF})}), "malformed UTF-8 encoding", 10);
  // Concatenated modules: the second header reads as a custom section of size 'a'.
  expect_malformed(cat({kHeader, kHeader}), "length out of bounds", 9);
}

}  // namespace
