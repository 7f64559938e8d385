// The text parsers must never crash on malformed input: deep nesting is refused, and
// randomly mutated spec scripts either parse or fail with a located Malformed error.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "text/wast.h"
#include "text/wat.h"
#include "util/file.h"

using namespace nanoproc;
namespace fs = std::filesystem;

namespace {

// Instructions are parsed without recursion: nesting depth is limited by memory only.
TEST(TextRobustness, DeepNesting) {
  const int n = 200000;
  std::string deep = "(func ";
  for (int i = 0; i < n; ++i) deep += "(block ";
  EXPECT_TRUE(parse_wat(deep + std::string(n + 1, ')')).has_value());
  EXPECT_FALSE(parse_wat(deep + std::string(n, ')')).has_value());
  std::string ifs = "(func ";
  for (int i = 0; i < n / 4; ++i) ifs += "(if (i32.const 0) (then (nop) (i32.add (i32.const 1) ";
  ifs += "(i32.const 2)";
  for (int i = 0; i < n / 4; ++i) ifs += ") drop) (else))";
  EXPECT_TRUE(parse_wat(ifs + ")").has_value());
  std::string flat = "(func ";
  for (int i = 0; i < n; ++i) flat += "block ";
  EXPECT_FALSE(parse_wat(flat + ")").has_value());
  for (int i = 0; i < n; ++i) flat += "end ";
  EXPECT_TRUE(parse_wat(flat + ")").has_value());
  std::string either = "(assert_return (invoke \"f\")";
  for (int i = 0; i < 100000; ++i) either += " (either";
  EXPECT_FALSE(parse_wast(either, "t").has_value());
}

std::vector<std::string> sample_scripts() {
  std::vector<std::string> out;
  fs::path root = fs::path(NANOPROC_SHARED_DIR) / "testsuite" / "spec";
  for (const char* name : {"annotations.wast", "block.wast", "const.wast", "elem.wast",
                           "array.wast", "simd_lane.wast", "try_table.wast", "legacy/try_delegate.wast",
                           "type-subtyping.wast", "names.wast", "comments.wast", "float_literals.wast",
                           "memory.wast", "br_on_cast.wast"}) {
    auto b = read_file((root / name).string());
    if (b) out.emplace_back(b->begin(), b->end());
  }
  return out;
}

std::string mutate(std::string s, std::mt19937& rng) {
  static const char kAlphabet[] = "()$\"\\;@ \n0x1_.-+pP:=abcfinu{}\xc3\xff\x00";
  int edits = 1 + int(rng() % 4);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    size_t at = rng() % s.size();
    size_t len = 1 + rng() % 16;
    switch (rng() % 5) {
      case 0:  // delete
        s.erase(at, std::min(len, s.size() - at));
        break;
      case 1:  // insert a random character
        s.insert(at, 1, kAlphabet[rng() % (sizeof(kAlphabet) - 1)]);
        break;
      case 2:  // replace a character
        s[at] = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
        break;
      case 3: {  // duplicate a range somewhere else
        std::string piece = s.substr(at, len);
        s.insert(rng() % s.size(), piece);
        break;
      }
      default:  // truncate
        s.resize(at);
        break;
    }
  }
  return s;
}

TEST(TextRobustness, MutatedScriptsNeverCrash) {
  auto scripts = sample_scripts();
  ASSERT_GE(scripts.size(), 10u);
  std::mt19937 rng(12345);
  size_t parsed = 0, failed = 0;
  for (int i = 0; i < 600; ++i) {
    std::string text = mutate(scripts[rng() % scripts.size()], rng);
    auto s = parse_wast(text, "m.wast");
    if (s) {
      ++parsed;
      for (const auto& c : s->commands)
        if (c.module && c.module->kind == ScriptModule::Kind::Quote) (void)parse_wat(c.module->quote);
    } else {
      ++failed;
      EXPECT_EQ(s.error().kind(), ErrorKind::Malformed);
      EXPECT_TRUE(s.error().loc().has_line()) << s.error().to_string();
    }
    // Also a window of the script as a module on its own.
    size_t from = rng() % (text.size() + 1);
    auto m = parse_wat(std::string_view(text).substr(from, rng() % 4000), "w.wat");
    if (!m) {
      EXPECT_TRUE(m.error().loc().has_line()) << m.error().to_string();
    }
  }
  EXPECT_GT(failed, 0u);
  EXPECT_GT(parsed, 0u);
}

}  // namespace
