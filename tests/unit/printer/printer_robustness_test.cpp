// Whatever decodes must print, however broken its contents (run under NANOPROC_SANITIZE
// to catch memory errors).
#include <gtest/gtest.h>

#include <random>

#include "../binary/wast_binaries.h"
#include "binary/decoder.h"
#include "text/printer.h"
#include "util/file.h"

using namespace nanoproc;

namespace {

TEST(PrinterRobustness, RandomMutationsOfSpecModules) {
  std::string shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP();
  std::vector<std::vector<uint8_t>> inputs;
  for (const auto& path : test::files_with_suffix(shared + "/testsuite/spec", ".wast")) {
    if (path.find("/proposals/") != std::string::npos) continue;
    auto text = read_file(path);
    if (!text) continue;
    for (auto& wb : test::wast_binary_modules(std::string(text->begin(), text->end())))
      if (wb.bytes.size() > 8) inputs.push_back(std::move(wb.bytes));
  }
  ASSERT_FALSE(inputs.empty());
  std::mt19937 rng(99);
  int printed = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::vector<uint8_t> b = inputs[rng() % inputs.size()];
    // Mutate only after the header, where it is more likely to still decode.
    for (int e = 0, n = 1 + static_cast<int>(rng() % 3); e < n && b.size() > 8; ++e) {
      size_t at = 8 + rng() % (b.size() - 8);
      b[at] = (rng() % 2) ? static_cast<uint8_t>(rng()) : static_cast<uint8_t>(b[at] ^ (1u << (rng() % 8)));
    }
    auto m = decode_module(b);
    if (!m) continue;
    std::string text = print_module(*m);
    ASSERT_FALSE(text.empty());
    ++printed;
  }
  EXPECT_GT(printed, 500);
}

}  // namespace
