// Malformed witx never crashes the toolchain: randomly mutated WASI definitions either fail
// with a located error or go through validation and every generator.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>

#include "witx/gen_cpp.h"
#include "witx/gen_docs.h"
#include "witx/validate.h"

namespace nanoproc::witx {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(WitxRobustness, MutatedDefinitionsFailCleanlyOrGenerate) {
  const std::string dir = NANOPROC_SHARED_DIR "/witx/preview1/";
  const std::string types = read(dir + "typenames.witx");
  const std::string module = read(dir + "wasi_snapshot_preview1.witx");
  ASSERT_FALSE(types.empty());
  std::mt19937 rng(12345);
  const std::string alphabet = "()$;\"@ \n0u8abcdefghijklmnopqrstuvwxyz_";
  int accepted = 0, rejected = 0;
  for (int iter = 0; iter < 400; ++iter) {
    std::string t = types, m = module;
    std::string& target = (iter % 3 == 0) ? m : t;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % target.size();
      switch (rng() % 4) {
        case 0: target.erase(at, 1 + rng() % 16); break;
        case 1: target.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 2: target[at] = alphabet[rng() % alphabet.size()]; break;
        default: {  // move a chunk elsewhere: shuffles definitions and parentheses
          size_t len = std::min<size_t>(1 + rng() % 200, target.size() - at);
          std::string chunk = target.substr(at, len);
          target.erase(at, len);
          target.insert(rng() % (target.size() + 1), chunk);
        }
      }
    }
    std::map<std::string, std::string> files = {{"m/typenames.witx", t}, {"m/main.witx", m}};
    FileLoader loader = [&files](const std::string& p) -> Expected<std::string> {
      auto it = files.find(p);
      if (it == files.end()) return Error(ErrorKind::Io, "no such file");
      return it->second;
    };
    auto doc = load_document({"m/main.witx"}, loader);
    if (!doc) {
      ++rejected;
      const Error& err = doc.error();
      EXPECT_TRUE(err.loc().has_line() || err.kind() == ErrorKind::Io) << iter << ": " << err.to_string();
      continue;
    }
    ++accepted;
    // Whatever validates must go through every generator (which may still refuse cleanly).
    (void)generate_cpp_host(*doc, CppOptions{});
    (void)generate_c_header(*doc, CHeaderOptions{});
    (void)generate_markdown(*doc, "");
  }
  EXPECT_GT(accepted, 10);
  EXPECT_GT(rejected, 100);
}

}  // namespace
}  // namespace nanoproc::witx
