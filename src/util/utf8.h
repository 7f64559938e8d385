// UTF-8 validation and encoding (names in binaries, strings in the text format).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace nanoproc {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool utf8_valid(std::string_view s);
// Appends the UTF-8 encoding of code point `cp` (must be a Unicode scalar value).
void utf8_append(std::string& out, uint32_t cp);

}  // namespace nanoproc
