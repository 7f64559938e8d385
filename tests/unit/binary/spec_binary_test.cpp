// Every `(module binary ...)` of the spec test suite through the decoder: malformed ones
// must fail with the spec's message (or, for body-level problems, leave a body the
// validator will reject), all others must decode and survive encode -> decode.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "body_walk.h"
#include "util/file.h"
#include "wast_binaries.h"

using namespace nanoproc;

namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

TEST(SpecBinary, AllBinaryModules) {
  std::string shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "no ../shared";
  std::vector<std::string> files = test::files_with_suffix(shared + "/testsuite/spec", ".wast");
  ASSERT_FALSE(files.empty());
  int malformed = 0, decoded = 0;
  std::vector<std::string> failures;
  for (const auto& path : files) {
    if (path.find("/proposals/") != std::string::npos) continue;
    auto text = read_file(path);
    ASSERT_TRUE(text.has_value()) << path;
    std::string s(text->begin(), text->end());
    for (const auto& wb : test::wast_binary_modules(s)) {
      std::string where = fmt::format("{}:{}", path, wb.line);
      auto m = decode_module(wb.bytes);
      if (wb.assertion == "assert_malformed") {
        ++malformed;
        if (!m) {
          if (!starts_with(m.error().message(), wb.message))
            failures.push_back(fmt::format("{}: expected \"{}\", got \"{}\"", where, wb.message,
                                           m.error().to_string()));
          continue;
        }
        // A problem inside a function body is the validator's to report (see decoder.h).
        std::string body = test::body_encoding_problem(*m);
        if (body.empty())
          failures.push_back(fmt::format("{}: expected \"{}\", but it decodes", where, wb.message));
        continue;
      }
      ++decoded;
      if (!m) {
        failures.push_back(fmt::format("{}: {}: {}", where, wb.assertion, m.error().to_string()));
        continue;
      }
      auto again = decode_module(encode_module(*m));
      if (!again || !(*again == *m)) failures.push_back(fmt::format("{}: round trip differs", where));
    }
  }
  for (const auto& f : failures) ADD_FAILURE() << f;
  EXPECT_GT(malformed, 700);
  EXPECT_GT(decoded, 80);
}

}  // namespace
