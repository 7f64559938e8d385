// Whole-file reading and safe writing for the CLI and test runners.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "util/expected.h"

namespace nanoproc {

Expected<std::vector<uint8_t>> read_file(const std::string& path);
// Writes via a temporary file in the same directory and renames it over `path`, so a
// failure never leaves a half-written or truncated file behind.
Status write_file_atomic(const std::string& path, std::span<const uint8_t> data);

}  // namespace nanoproc
