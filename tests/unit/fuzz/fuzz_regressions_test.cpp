// Regression tests for the bugs the libFuzzer targets (tests/fuzz) found: one test per bug,
// named after it, on the minimised input.
#include <gtest/gtest.h>

#include <string_view>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "text/wat.h"
#include "validate/validator.h"
#include "nanoproc/nanoproc.h"

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

// fuzz_decode: a heap type index of 2^31 or more (here 4294967285, in `ref.null`) came back
// from HeapType::index as an abstract heap type that does not exist: the module validated
// and printed as `ref.null ?`, which does not parse. The instruction reader now rejects
// such indexes as malformed (no module can define 2^31 types).
TEST(FuzzRegressions, HeapTypeIndexAtOrAboveTwoToThe31) {
  const std::vector<uint8_t> bytes = {0,    0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 4,
                                      4,    1,    0x6f, 0,    1, 0xa, 0xb, 1, 9, 0, 0xd0, 0xf5, 0xff, 0xff,
                                      0xff, 0x0f, 0,    0x0b};
  auto m = decode_module(bytes);  // bodies are read by the validator
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  Status v = validate_module(*m);
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().kind(), ErrorKind::Malformed);
  EXPECT_NE(v.error().message().find("type index 4294967285"), std::string::npos) << v.error().message();
  EXPECT_EQ(v.error().loc().offset, 30u);  // the heap type's first byte
  // 2^31 - 1 (ff ff ff ff 07) is still read; it is an unknown type.
  std::vector<uint8_t> max = bytes;
  max[30] = 0xff, max[34] = 0x07;
  auto ok = decode_module(max);
  ASSERT_TRUE(ok.has_value()) << ok.error().to_string();
  Status v2 = validate_module(*ok);
  ASSERT_FALSE(v2.has_value());
  EXPECT_EQ(v2.error().kind(), ErrorKind::Invalid) << v2.error().to_string();
}

// fuzz_exec: moving a v128 between register slots that overlap by one 8-byte slot (here:
// the loaded value into the result slot) copies with memcpy on overlapping ranges. That is
// undefined behaviour (it happens to work with glibc's 16-byte memcpy); ASan reports
// memcpy-param-overlap in interp::run (src/interp/interp_control.inc, L_Copy128, which now
// uses memmove). Under ASan this test aborted before the fix.
TEST(FuzzRegressions, V128CopyBetweenOverlappingSlots) {
  std::string_view wat = R"((module
    (memory 1 1)
    (func (export "load") (param i32) (result v128) (v128.load align=16 (local.get 0)))
    (func (export "store") (param i32 v128) (v128.store align=16 (local.get 0) (local.get 1)))))";
  nanoproc::api::Engine engine;
  auto module = nanoproc::api::Module::compile(
      engine, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(wat.data()), wat.size()));
  ASSERT_TRUE(module) << module.error().to_string();
  nanoproc::api::Store store(engine);
  nanoproc::api::Linker linker;
  auto inst = linker.instantiate(store, *module);
  ASSERT_TRUE(inst) << inst.error().to_string();
  using nanoproc::api::Val;
  Val v = Val::from_raw(nanoproc::api::ValType::V128, 0x0123456789abcdefull, 0xfedcba9876543210ull);
  ASSERT_TRUE(inst->func("store")->call({Val(int32_t{16}), v}));
  auto r = inst->func("load")->call({Val(int32_t{16})});
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].raw(0), 0x0123456789abcdefull);
  EXPECT_EQ((*r)[0].raw(1), 0xfedcba9876543210ull);
}
