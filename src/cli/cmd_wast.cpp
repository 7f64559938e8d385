// nanoproc wast FILE_OR_DIR...: the spec-test runner.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "cli/cli_app.h"
#include "cli/commands.h"
#include "wast/runner.h"

namespace fs = std::filesystem;

namespace nanoproc::cli {
namespace {

// "spec/throw.wast", "legacy/throw.wast": the parent folder keeps names unique across the
// suite's folders while staying stable wherever the suite is checked out.
std::string display_name(const fs::path& p) {
  auto parent = p.parent_path().filename().string();
  return parent.empty() ? p.filename().string() : parent + "/" + p.filename().string();
}

}  // namespace

int cmd_wast(int argc, char** argv) {
  CLI::App app{"Run WebAssembly spec-test scripts (.wast).", "nanoproc wast"};
  std::vector<std::string> inputs;
  std::string expect_path, update_path;
  bool verbose = false, no_table = false, explicit_bounds = false;
  app.add_option("FILE", inputs, ".wast files, or folders whose *.wast files are run")->required();
  app.add_option("--expect", expect_path,
                 "expectations file: assertions listed there are known failures; any other failure, "
                 "and any listed assertion that passes, makes the run fail");
  app.add_option("--update-expectations", update_path, "write the current failures to this file");
  app.add_flag("-v,--verbose", verbose, "print every failure and message mismatch");
  app.add_flag("--no-table", no_table, "omit the per-file table");
  app.add_flag("--explicit-bounds", explicit_bounds,
               "check memory accesses in the interpreter instead of with guard pages");
  if (int rc = parse_args(app, argc, argv); rc >= 0) return rc;

  std::vector<fs::path> files;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<fs::path> found;
      for (const auto& e : fs::directory_iterator(in, ec))
        if (e.is_regular_file() && e.path().extension() == ".wast") found.push_back(e.path());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(in, ec)) {
      files.emplace_back(in);
    } else {
      std::fprintf(stderr, "nanoproc wast: no such file or folder '%s'\n", in.c_str());
      return 2;
    }
  }

  std::set<std::string> expected;
  if (!expect_path.empty()) {
    auto e = wast::read_expectations(expect_path);
    if (!e) {
      std::fprintf(stderr, "nanoproc wast: %s\n", e.error().to_string().c_str());
      return 2;
    }
    expected = std::move(*e);
  }

  wast::Options opts;
  opts.verbose = verbose;
  opts.explicit_bounds = explicit_bounds;
  uint64_t passed = 0, failed = 0, skipped = 0, mismatches = 0;
  uint64_t unexpected_fail = 0, unexpected_pass = 0, known_fail = 0;
  uint64_t files_ok = 0, files_bad = 0;  // files whose every result matches expectations
  std::vector<std::string> current_failures;
  std::vector<std::string> problems;  // lines to print after the table

  if (!no_table) std::printf("%-44s %7s %7s %7s\n", "file", "passed", "failed", "skipped");
  for (const auto& path : files) {
    wast::FileReport rep = wast::run_file(path.string(), display_name(path), opts);
    if (!rep.fatal.empty()) {
      // A script that cannot be parsed counts as one failure.
      std::string key = fmt::format("{}:0 script", rep.name);
      current_failures.push_back(key);
      ++failed;
      if (expected.count(key)) ++known_fail;
      else {
        ++unexpected_fail;
        problems.push_back(fmt::format("{}: FAIL script: {}", rep.name, rep.fatal));
      }
      if (!no_table) std::printf("%-44s %7s %7s %7s  (%s)\n", rep.name.c_str(), "-", "1", "-", "script error");
      ++(expected.count(key) ? files_ok : files_bad);
      continue;
    }
    uint64_t bad_before = unexpected_fail + unexpected_pass;
    for (const auto& r : rep.results) {
      std::string key = wast::expectation_key(rep, r);
      bool listed = expected.count(key) > 0;
      switch (r.outcome) {
        case wast::Outcome::Passed:
          ++passed;
          if (r.message_mismatch) {
            ++mismatches;
            if (verbose) problems.push_back(fmt::format("{}:{}:{}: note {}: message differs: {}", rep.name, r.line, r.column, r.kind, r.detail));
          }
          if (listed) {
            ++unexpected_pass;
            problems.push_back(fmt::format("{}:{}:{}: UNEXPECTED PASS {} (remove it from the expectations file)", rep.name, r.line, r.column, r.kind));
          }
          break;
        case wast::Outcome::Failed:
          ++failed;
          current_failures.push_back(key);
          if (listed) {
            ++known_fail;
            if (verbose) problems.push_back(fmt::format("{}:{}:{}: known failure {}: {}", rep.name, r.line, r.column, r.kind, r.detail));
          } else {
            ++unexpected_fail;
            problems.push_back(fmt::format("{}:{}:{}: FAIL {}: {}", rep.name, r.line, r.column, r.kind, r.detail));
          }
          break;
        case wast::Outcome::Skipped:
          ++skipped;
          break;
      }
    }
    ++(unexpected_fail + unexpected_pass == bad_before ? files_ok : files_bad);
    if (!no_table)
      std::printf("%-44s %7u %7u %7u\n", rep.name.c_str(), rep.count(wast::Outcome::Passed),
                  rep.count(wast::Outcome::Failed), rep.count(wast::Outcome::Skipped));
  }

  constexpr size_t kMaxProblems = 200;
  for (size_t i = 0; i < problems.size() && (verbose || i < kMaxProblems); ++i)
    std::printf("%s\n", problems[i].c_str());
  if (!verbose && problems.size() > kMaxProblems)
    std::printf("... and %zu more (use -v)\n", problems.size() - kMaxProblems);

  if (!update_path.empty()) {
    std::ofstream out(update_path);
    out << "# Spec-suite assertions known not to pass yet (nanoproc wast --expect).\n"
           "# One '<folder>/<file>:<line> <kind>' per line. Regenerate with --update-expectations.\n";
    std::sort(current_failures.begin(), current_failures.end());
    current_failures.erase(std::unique(current_failures.begin(), current_failures.end()), current_failures.end());
    for (const auto& k : current_failures) out << k << "\n";
    if (!out) {
      std::fprintf(stderr, "nanoproc wast: cannot write '%s'\n", update_path.c_str());
      return 2;
    }
  }

  if (mismatches) std::printf("%llu passing assertions have a different error message than the spec's\n", (unsigned long long)mismatches);
  if (!expect_path.empty())
    std::printf("%llu failures expected (listed in %s), %llu unexpected failures, %llu unexpected passes\n",
                (unsigned long long)known_fail, expect_path.c_str(), (unsigned long long)unexpected_fail,
                (unsigned long long)unexpected_pass);
  std::printf("files: %llu as expected, %llu with unexpected results\n", (unsigned long long)files_ok,
              (unsigned long long)files_bad);
  std::printf("%llu passed, %llu failed, %llu skipped\n", (unsigned long long)passed,
              (unsigned long long)failed, (unsigned long long)skipped);
  if (!expect_path.empty()) return (unexpected_fail || unexpected_pass) ? 1 : 0;
  return failed ? 1 : 0;
}

}  // namespace nanoproc::cli
