// decode(encode(m)) == m over real modules: every .wasm under ../shared (sightglass and
// the WASI test suite) and modules that wabt's wat2wasm builds from our .wat samples.
#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "body_walk.h"
#include "tool_runner.h"
#include "util/file.h"
#include "wast_binaries.h"

using namespace nanoproc;

namespace {

void expect_round_trip(const std::vector<uint8_t>& bytes, const std::string& what) {
  auto m = decode_module(bytes);
  ASSERT_TRUE(m.has_value()) << what << ": " << m.error().to_string();
  EXPECT_EQ(test::body_encoding_problem(*m), "") << what;
  std::vector<uint8_t> once = encode_module(*m);
  auto again = decode_module(once);
  ASSERT_TRUE(again.has_value()) << what << ": re-decoding: " << again.error().to_string();
  EXPECT_TRUE(*again == *m) << what;
  // The encoding is canonical: encoding the re-decoded module changes nothing.
  EXPECT_EQ(encode_module(*again), once) << what;
  // Names survive (they live in the custom section, which is copied verbatim).
  EXPECT_EQ(again->names.functions, m->names.functions) << what;
}

TEST(RoundTrip, SharedWasmFiles) {
  std::string shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no ../shared";
  auto files = test::files_with_suffix(shared, ".wasm");
  ASSERT_GT(files.size(), 50u);
  for (const auto& path : files) {
    auto bytes = read_file(path);
    ASSERT_TRUE(bytes.has_value()) << path;
    expect_round_trip(*bytes, path);
  }
}

TEST(RoundTrip, Wat2WasmSamples) {
  if (!test::have_tool("wat2wasm")) GTEST_SKIP() << "wat2wasm not installed";
  auto files = test::files_with_suffix(std::string(NANOPROC_SOURCE_DIR) + "/tests/unit/binary/wat", ".wat");
  ASSERT_FALSE(files.empty());
  for (const auto& path : files) {
    auto bytes = test::wat2wasm_file(path);
    ASSERT_TRUE(bytes.has_value()) << path << ": " << bytes.error().to_string();
    expect_round_trip(*bytes, path);
  }
}

// Not a pass/fail test: reports decoding throughput on the largest module we have.
TEST(RoundTrip, DecodeThroughput) {
  std::string shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no ../shared";
  std::string largest;
  uintmax_t size = 0;
  for (const auto& path : test::files_with_suffix(shared + "/bench", ".wasm")) {
    uintmax_t s = std::filesystem::file_size(path);
    if (s > size) size = s, largest = path;
  }
  if (largest.empty()) GTEST_SKIP();
  auto bytes = read_file(largest);
  ASSERT_TRUE(bytes.has_value());
  // CPU time of this process, so that other work on a shared machine does not count.
  int iterations = 0;
  std::clock_t start = std::clock();
  double elapsed = 0;
  do {
    auto m = decode_module(*bytes);
    ASSERT_TRUE(m.has_value());
    ++iterations;
    elapsed = double(std::clock() - start) / CLOCKS_PER_SEC;
  } while (elapsed < 0.5);
  double mbps = double(bytes->size()) * iterations / elapsed / 1e6;
  std::printf("decode %s (%zu bytes): %.0f MB/s (CPU time)\n", largest.c_str(), bytes->size(), mbps);
}

}  // namespace
