// print -> parse round trips: every .wasm under ../shared and the .wat samples go through
// print_module, then our parser (parse_wat) and wabt's wat2wasm, and must come back as
// the same module (up to what the text format leaves open, see normalize.h).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "../binary/tool_runner.h"
#include "../binary/wast_binaries.h"
#include "binary/decoder.h"
#include "binary/encoder.h"
#include "normalize.h"
#include "text/printer.h"
#include "text/wat.h"
#include "util/file.h"

using namespace nanoproc;

namespace {

// A first difference between two modules, for the failure message.
std::string first_difference(const Module& a, const Module& b) {
  if (a.types != b.types) return "types";
  if (a.rec_groups != b.rec_groups) return "rec groups";
  if (a.imports != b.imports) return "imports";
  if (a.functions.size() != b.functions.size()) return "function count";
  for (size_t i = 0; i < a.functions.size(); ++i)
    if (!(a.functions[i] == b.functions[i])) return fmt::format("function {}", i);
  if (a.tables != b.tables) return "tables";
  if (a.memories != b.memories) return "memories";
  if (a.globals != b.globals) return "globals";
  if (a.tags != b.tags) return "tags";
  if (a.exports != b.exports) return "exports";
  if (a.start != b.start) return "start";
  if (a.elems != b.elems) return "elems";
  if (a.datas != b.datas) return "datas";
  return "";
}

// The module a text gives back through `parse`, canonicalised through the binary.
void expect_same(const Module& original, const Expected<Module>& reparsed, const std::string& what) {
  ASSERT_TRUE(reparsed.has_value()) << what << ": " << reparsed.error().to_string();
  auto canonical = decode_module(encode_module(*reparsed));
  ASSERT_TRUE(canonical.has_value()) << what << ": " << canonical.error().to_string();
  Module a = original, b = std::move(*canonical);
  test::normalize(a);
  test::normalize(b);
  EXPECT_EQ(first_difference(a, b), "") << what;
  EXPECT_TRUE(a == b) << what;
}

void check_file(const std::vector<uint8_t>& bytes, const std::string& what, const std::string& wabt_flags) {
  auto m = decode_module(bytes);
  ASSERT_TRUE(m.has_value()) << what << ": " << m.error().to_string();
  std::string text = print_module(*m);
  expect_same(*m, parse_wat(text, what), what + " (parse_wat)");
  if (wabt_flags.empty()) return;
  PrintOptions plain;
  plain.custom_annotations = false;
  auto wabt = test::wat2wasm_text(print_module(*m, plain), wabt_flags);
  ASSERT_TRUE(wabt.has_value()) << what << ": " << wabt.error().to_string();
  expect_same(*m, decode_module(*wabt), what + " (wat2wasm)");
}

TEST(PrinterRoundTrip, SharedWasmFiles) {
  std::string shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no ../shared";
  // wabt checks a sample of them (it is slow to start); our parser checks them all.
  bool wabt = test::have_tool("wat2wasm");
  int n = 0;
  for (const auto& path : test::files_with_suffix(shared, ".wasm")) {
    auto bytes = read_file(path);
    ASSERT_TRUE(bytes.has_value()) << path;
    check_file(*bytes, path, wabt && n++ % 8 == 0 ? "--enable-all --no-check" : "");
  }
}

TEST(PrinterRoundTrip, WatSamples) {
  if (!test::have_tool("wat2wasm")) GTEST_SKIP() << "wat2wasm not installed";
  auto files = test::files_with_suffix(std::string(NANOPROC_SOURCE_DIR) + "/tests/unit/binary/wat", ".wat");
  ASSERT_FALSE(files.empty());
  for (const auto& path : files) {
    auto bytes = test::wat2wasm_file(path);
    ASSERT_TRUE(bytes.has_value()) << path << ": " << bytes.error().to_string();
    check_file(*bytes, path, "--enable-all --no-check");
  }
}

// The spec suite's binary modules, valid or not (printing must not need validity).
TEST(PrinterRoundTrip, SpecBinaryModules) {
  std::string shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no ../shared";
  for (const auto& path : test::files_with_suffix(shared + "/testsuite/spec", ".wast")) {
    if (path.find("/proposals/") != std::string::npos) continue;
    auto text = read_file(path);
    ASSERT_TRUE(text.has_value());
    for (const auto& wb : test::wast_binary_modules(std::string(text->begin(), text->end()))) {
      auto m = decode_module(wb.bytes);
      if (!m) continue;
      std::string where = fmt::format("{}:{}", path, wb.line);
      std::string printed = print_module(*m);
      if (wb.assertion == "assert_malformed") continue;  // printed without crashing is enough
      expect_same(*m, parse_wat(printed, where), where);
    }
  }
}

}  // namespace
