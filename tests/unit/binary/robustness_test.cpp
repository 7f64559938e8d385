// Hostile input: truncations and random mutations of real modules must never crash the
// decoder (run under NANOPROC_SANITIZE to catch memory errors), and whatever still
// decodes must survive encode -> decode.
#include <gtest/gtest.h>

#include <random>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "binary_builder.h"
#include "util/file.h"
#include "wast_binaries.h"

using namespace nanoproc;
using namespace nanoproc::test;

namespace {

void check(const Bytes& b) {
  auto m = decode_module(b);
  if (!m) {
    EXPECT_EQ(m.error().kind(), ErrorKind::Malformed);
    EXPECT_FALSE(m.error().message().empty());
    EXPECT_LE(m.error().loc().offset, b.size());
    return;
  }
  auto again = decode_module(encode_module(*m));
  ASSERT_TRUE(again.has_value()) << again.error().to_string();
  EXPECT_TRUE(*again == *m);
}

std::vector<Bytes> corpus() {
  std::vector<Bytes> out;
  std::string shared = shared_dir();
  if (shared.empty()) return out;
  for (const auto& path : files_with_suffix(shared + "/testsuite/spec", ".wast")) {
    if (path.find("binary") == std::string::npos && path.find("custom") == std::string::npos) continue;
    auto text = read_file(path);
    if (!text) continue;
    for (auto& wb : wast_binary_modules(std::string(text->begin(), text->end())))
      if (wb.assertion.empty() && wb.bytes.size() > 8) out.push_back(std::move(wb.bytes));
  }
  auto noop = read_file(shared + "/bench/sightglass/noop/benchmark.wasm");
  if (noop) out.push_back(std::move(*noop));
  return out;
}

TEST(Robustness, EveryTruncation) {
  std::string shared = shared_dir();
  if (shared.empty()) GTEST_SKIP();
  auto b = read_file(shared + "/bench/sightglass/noop/benchmark.wasm");
  ASSERT_TRUE(b.has_value());
  for (size_t n = 0; n < b->size(); ++n) {
    Bytes prefix(b->begin(), b->begin() + static_cast<ptrdiff_t>(n));
    auto m = decode_module(prefix);
    // A prefix can only decode if it ends exactly at a section boundary.
    if (m) check(prefix);
  }
}

TEST(Robustness, RandomMutations) {
  std::vector<Bytes> inputs = corpus();
  if (inputs.empty()) GTEST_SKIP();
  std::mt19937 rng(12345);
  for (int iter = 0; iter < 20000; ++iter) {
    Bytes b = inputs[rng() % inputs.size()];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !b.empty(); ++e) {
      size_t at = rng() % b.size();
      switch (rng() % 5) {
        case 0: b[at] = static_cast<uint8_t>(rng()); break;
        case 1: b[at] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
        case 2: b.insert(b.begin() + static_cast<ptrdiff_t>(at), static_cast<uint8_t>(rng())); break;
        case 3: b.erase(b.begin() + static_cast<ptrdiff_t>(at)); break;
        case 4: b[at] = (rng() % 2) ? 0xFF : 0x80; break;  // LEB continuation / large values
      }
    }
    check(b);
    if (HasFailure()) break;
  }
}

TEST(Robustness, HostileCountsDoNotAllocate) {
  // Counts near 2^32 with almost no bytes behind them.
  const Bytes huge = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13}) {
    auto m = decode(module_of({section(id, huge)}));
    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().message(), "length out of bounds");
  }
  // A plausible count whose elements are missing.
  auto m = decode(module_of({section(3, {0x05, 0x00})}));
  ASSERT_FALSE(m.has_value());
}

}  // namespace
