// Test helper: the `(module binary "...")` modules of a .wast script, with the assertion
// that encloses each (if any) and its expected message. Just enough of the script syntax
// for that (comments, strings, parentheses); the real script parser lives in src/text.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace nanoproc::test {

struct WastBinary {
  std::string assertion;  // "assert_malformed", "assert_invalid", ... or "" at top level
  std::string message;    // the assertion's expected message, if any
  std::vector<uint8_t> bytes;
  int line = 0;
};

std::vector<WastBinary> wast_binary_modules(const std::string& text);

// Every file name (sorted) under `dir` ending in `suffix`, recursively.
std::vector<std::string> files_with_suffix(const std::string& dir, const std::string& suffix);

// The shared test material, or "" if ../shared is missing.
std::string shared_dir();

}  // namespace nanoproc::test
