// Test helper: running wabt's command-line tools on temporary files.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "util/expected.h"

namespace nanoproc::test {

bool have_tool(const std::string& name);

// wat2wasm on a file / on text; the resulting binary. Extra flags go before the input;
// a file's first line may add more: ";; FLAGS: --enable-exceptions".
Expected<std::vector<uint8_t>> wat2wasm_file(const std::string& path, const std::string& flags = "");
Expected<std::vector<uint8_t>> wat2wasm_text(const std::string& text, const std::string& flags = "");

}  // namespace nanoproc::test
