// Numeric literals of the text format: integers with signed/unsigned spellings, floats
// from decimal (correctly rounded) and hexadecimal (exact round-to-nearest-even), inf,
// nan and nan:0x payloads. All results are raw bits.
#pragma once
#include <cstdint>
#include <string_view>

namespace nanoproc::text {

enum class LitStatus : uint8_t {
  Ok,
  Syntax,  // not a literal of this kind at all
  Range,   // well-formed but out of range (or a NaN payload that is zero / too wide)
};

// An unsigned natural number: decimal or 0x hex with `_` separators, at most `max`.
LitStatus parse_nat(std::string_view s, uint64_t max, uint64_t* out);

// An N-bit integer (N = 8, 16, 32 or 64): an unsigned spelling up to 2^N-1 or a negative
// one down to -2^(N-1). `out` receives the two's complement bits (zero-extended).
LitStatus parse_int(std::string_view s, unsigned bits, uint64_t* out);

// f32 / f64 literals (also plain integers, inf, nan, nan:0xN, with optional sign).
LitStatus parse_f32(std::string_view s, uint32_t* out);
LitStatus parse_f64(std::string_view s, uint64_t* out);

// v128 lane shapes: "i8x16" ... "f64x2".
bool v128_shape(std::string_view shape, unsigned* lane_bits, bool* is_float);
// One lane literal of a v128.const with the given shape; `out` gets the lane's bits.
LitStatus parse_lane(std::string_view s, unsigned lane_bits, bool is_float, uint64_t* out);

}  // namespace nanoproc::text
