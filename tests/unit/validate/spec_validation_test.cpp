// Runs the validator over every module of the spec test suite (../shared/testsuite/spec/*.wast
// and legacy/*.wast) and checks the classification: modules that must be valid validate,
// assert_invalid modules fail with ErrorKind::Invalid and the expected message prefix,
// binary assert_malformed modules fail to decode or validate as Malformed.
//
// Disabled by default because it also depends on the text parser and the decoder; run with
//   nanoproc_unit_tests --gtest_also_run_disabled_tests --gtest_filter='SpecValidation.*'
// Set NANOPROC_SPEC_FILTER=substring to limit the files, NANOPROC_SPEC_VERBOSE=1 to list
// every failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "binary/decoder.h"
#include "text/wast.h"
#include "text/wat.h"
#include "validate/validator.h"

using namespace nanoproc;
namespace fs = std::filesystem;

namespace {

struct Tally {
  int passed = 0;
  int failed = 0;
  int skipped = 0;  // the module could not be produced (parser/decoder problem)
  int valid_checked = 0, invalid_checked = 0, malformed_checked = 0;
  std::vector<std::string> failures;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Produces the Module of a script module: parsed text, decoded binary or parsed quote.
Expected<Module> materialise(const ScriptModule& sm) {
  switch (sm.kind) {
    case ScriptModule::Kind::Text: return sm.module;
    case ScriptModule::Kind::Binary: return decode_module(sm.bytes);
    case ScriptModule::Kind::Quote: return parse_wat(sm.quote, "<quote>");
  }
  return sm.module;
}

void check_file(const fs::path& path, Tally& t) {
  std::string text = read_file(path);
  auto script = parse_wast(text, path.filename().string());
  if (!script) {
    t.skipped++;
    t.failures.push_back(path.filename().string() + ": wast parse error: " + script.error().to_string());
    return;
  }
  const std::string file = path.filename().string();
  for (const WastCommand& cmd : script->commands) {
    if (!cmd.module) continue;
    const std::string where = fmt::format("{}:{}", file, cmd.loc.line);
    auto fail = [&](std::string msg) {
      t.failed++;
      t.failures.push_back(where + ": " + msg);
    };
    switch (cmd.kind) {
      case WastCommand::Kind::Module:
      case WastCommand::Kind::AssertUnlinkable:
      case WastCommand::Kind::AssertUninstantiable:
      case WastCommand::Kind::AssertTrap: {
        auto m = materialise(*cmd.module);
        if (!m) {
          t.skipped++;
          t.failures.push_back(where + ": module does not parse/decode: " + m.error().to_string());
          break;
        }
        Status s = validate_module(*m);
        t.valid_checked++;
        if (s) t.passed++;
        else fail("valid module rejected: " + s.error().to_string());
        break;
      }
      case WastCommand::Kind::AssertInvalid: {
        auto m = materialise(*cmd.module);
        if (!m) {
          t.skipped++;
          t.failures.push_back(where + ": assert_invalid module does not parse/decode: " +
                               m.error().to_string());
          break;
        }
        Status s = validate_module(*m);
        t.invalid_checked++;
        if (std::getenv("NANOPROC_SPEC_SHOW") && !s)
          std::printf("%s: expected \"%s\": %s\n", where.c_str(), cmd.text.c_str(),
                      s.error().message().c_str());
        if (s) fail("invalid module accepted (expected \"" + cmd.text + "\")");
        else if (s.error().kind() != ErrorKind::Invalid)
          fail("expected invalid \"" + cmd.text + "\", got " + error_kind_name(s.error().kind()) + ": " +
               s.error().message());
        else if (s.error().message().compare(0, cmd.text.size(), cmd.text) != 0)
          fail("expected \"" + cmd.text + "\", got \"" + s.error().message() + "\"");
        else t.passed++;
        break;
      }
      case WastCommand::Kind::AssertMalformed: {
        if (cmd.module->kind == ScriptModule::Kind::Text) break;
        auto m = materialise(*cmd.module);
        t.malformed_checked++;
        if (!m) {  // the parser or decoder caught it
          t.passed++;
          break;
        }
        Status s = validate_module(*m);
        if (std::getenv("NANOPROC_SPEC_SHOW") && !s)
          std::printf("%s: expected malformed \"%s\": %s\n", where.c_str(), cmd.text.c_str(),
                      s.error().message().c_str());
        if (s) {
          fail("malformed module accepted (expected \"" + cmd.text + "\")" +
               (cmd.module->kind == ScriptModule::Kind::Quote ? " [quote]" : ""));
        } else if (s.error().kind() != ErrorKind::Malformed) {
          fail("expected malformed \"" + cmd.text + "\", got " + error_kind_name(s.error().kind()) +
               ": " + s.error().message() + (cmd.module->kind == ScriptModule::Kind::Quote ? " [quote]" : ""));
        } else {
          t.passed++;
        }
        break;
      }
      default: break;
    }
  }
}

}  // namespace

TEST(SpecValidation, DISABLED_AllModules) {
  const fs::path root = fs::path(NANOPROC_SHARED_DIR) / "testsuite" / "spec";
  std::vector<fs::path> files;
  for (const fs::path& dir : {root, root / "legacy"}) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".wast") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  const char* filter = std::getenv("NANOPROC_SPEC_FILTER");
  Tally t;
  for (const auto& f : files) {
    if (filter && f.string().find(filter) == std::string::npos) continue;
    check_file(f, t);
  }
  const bool verbose = std::getenv("NANOPROC_SPEC_VERBOSE") != nullptr;
  for (size_t i = 0; i < t.failures.size() && (verbose || i < 50); ++i)
    std::printf("%s\n", t.failures[i].c_str());
  std::printf("spec validation: %d passed, %d failed, %d skipped (module not produced); "
              "checked %d valid, %d invalid, %d malformed (binary/quote) modules\n",
              t.passed, t.failed, t.skipped, t.valid_checked, t.invalid_checked, t.malformed_checked);
  EXPECT_EQ(t.failed, 0);
}
