// Regression tests for the bugs the libFuzzer targets (tests/fuzz) found: one test per bug,
// named after it, on the minimised input.
#include <gtest/gtest.h>

#include <string_view>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "text/wat.h"
#include "validate/validator.h"

using namespace nanoproc;

namespace {

// The properties fuzz_text checks on a text module: a valid module's encoding decodes,
// validates and re-encodes to the same bytes.
void expect_text_round_trip(std::string_view wat) {
  auto m = parse_wat(wat);
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  ASSERT_TRUE(validate_module(*m).has_value());
  std::vector<uint8_t> bytes = encode_module(*m);
  DecodeOptions opts;
  opts.custom_page_sizes = true;
  auto d = decode_module(bytes, opts);
  ASSERT_TRUE(d.has_value()) << d.error().to_string();
  EXPECT_TRUE(validate_module(*d).has_value());
  EXPECT_EQ(encode_module(*d), bytes);
  EXPECT_TRUE(*d == *m);
}

}  // namespace

// fuzz_text: `(memory 1 (pagesize 1))` parsed and validated, but the decoder rejected its
// encoding ("malformed limits flags"): it knew no custom page sizes at all.
TEST(FuzzRegressions, CustomPageSizeEncodingDidNotDecode) {
  expect_text_round_trip("(module (memory 1 (pagesize 1)))");
  expect_text_round_trip("(module (memory i64 1 2 (pagesize 65536)))");
  expect_text_round_trip("(module (import \"m\" \"mem\" (memory 0 (pagesize 1))))");
  // Wasm 3.0 itself (the default) still rejects the flag, as binary.wast requires.
  const std::vector<uint8_t> flag8 = {0, 'a', 's', 'm', 1, 0, 0, 0, 5, 4, 1, 0x08, 0x00, 0x00};
  auto strict = decode_module(flag8);
  ASSERT_FALSE(strict.has_value());
  EXPECT_EQ(strict.error().message(), "malformed limits flags");
  DecodeOptions opts;
  opts.custom_page_sizes = true;
  auto lax = decode_module(flag8, opts);
  ASSERT_TRUE(lax.has_value()) << lax.error().to_string();
  ASSERT_EQ(lax->memories.size(), 1u);
  EXPECT_EQ(lax->memories[0].type.page_size_log2, 0u);
  // Tables have no page size.
  const std::vector<uint8_t> table8 = {0, 'a', 's', 'm', 1, 0, 0, 0, 4, 5, 1, 0x70, 0x08, 0x00, 0x00};
  EXPECT_FALSE(decode_module(table8, opts).has_value());
}
