// The spec-test runner behind `nanoproc wast`: runs .wast scripts and classifies every
// command as passed, failed or skipped, with an expectations file listing the assertions
// known not to pass yet (so CI fails on regressions and on unexpected passes alike).
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "util/expected.h"

namespace nanoproc::wast {

enum class Outcome : uint8_t { Passed, Failed, Skipped };

struct AssertionResult {
  Outcome outcome = Outcome::Passed;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string kind;    // "assert_invalid", "module", ...
  std::string detail;  // why it failed or was skipped
  bool message_mismatch = false;  // passed, but our error text differs from the spec's
};

struct FileReport {
  std::string path;
  std::string name;  // path relative to the suite root, e.g. "legacy/throw.wast"
  std::vector<AssertionResult> results;
  std::string fatal;  // non-empty if the script itself could not be read or parsed
  uint32_t count(Outcome o) const;
};

struct Options {
  bool execute = true;  // instantiate modules and run actions; off: module-level checks only
  bool verbose = false;  // print every failure, not just a summary
  // Memories checked by the interpreter instead of by guard pages (hosts with little
  // address space); the suite must pass the same in both modes.
  bool explicit_bounds = false;
};

FileReport run_file(const std::string& path, const std::string& display_name, const Options& opts);

// Key of one assertion in the expectations file: "<name>:<line> <kind>".
std::string expectation_key(const FileReport& f, const AssertionResult& r);

// Reads an expectations file (one key per line, '#' comments). Missing file = empty set.
Expected<std::set<std::string>> read_expectations(const std::string& path);

}  // namespace nanoproc::wast
