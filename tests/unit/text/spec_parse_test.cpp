// Every .wast script of the spec suite (root and legacy/) must parse, and so must every
// text module inside it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "text/wast.h"
#include "util/file.h"

using namespace nanoproc;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> spec_files() {
  std::vector<std::string> out;
  fs::path root = fs::path(NANOPROC_SHARED_DIR) / "testsuite" / "spec";
  for (const fs::path& dir : {root, root / "legacy"}) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".wast") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SpecParse, EveryScriptParses) {
  auto files = spec_files();
  ASSERT_GT(files.size(), 200u);
  size_t failures = 0, commands = 0;
  for (const auto& f : files) {
    auto bytes = read_file(f);
    ASSERT_TRUE(bytes.has_value()) << f;
    std::string text(bytes->begin(), bytes->end());
    auto script = parse_wast(text, f);
    if (!script) {
      ++failures;
      ADD_FAILURE() << script.error().to_string();
      continue;
    }
    commands += script->commands.size();
  }
  EXPECT_EQ(failures, 0u);
  EXPECT_GT(commands, 50000u);
}

}  // namespace
