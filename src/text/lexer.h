// Lexer for the WebAssembly text format (and .wast scripts, which share its tokens).
// The whole input is tokenized up front: the module parser makes two passes over a
// module's fields, and the script parser hands token ranges to the module parser.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"

namespace nanoproc::text {

enum class TokKind : uint8_t {
  LParen,
  RParen,
  Keyword,  // starts with a-z: "i32.add", "offset=8", "nan:0x1", "inf"
  Id,       // $name or $"quoted name"; text() is the name without `$`, unescaped
  String,   // "..."; text() is the decoded bytes (any bytes, not necessarily UTF-8)
  Number,   // starts with a digit or a sign: "0x1p-3", "-inf", "1_000"
  Eof,
};

const char* tok_kind_name(TokKind k);


struct Token {
  TokKind kind = TokKind::Eof;
  std::string_view text;
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, in bytes
};

// Owns the decoded strings that String and quoted Id tokens point into. Parenthesis,
// Keyword and Number tokens point into the source text, which must outlive the stream.
struct TokenStream {
  std::string file;
  std::string_view source;
  std::vector<Token> tokens;  // always ends with an Eof token
  std::deque<std::string> storage;
};

// Errors (unclosed strings/comments/annotations, reserved tokens, bad characters, bad
// escapes) are ErrorKind::Malformed with file:line:column. Annotations `(@id ...)` are
// checked for well-formedness and dropped.
Expected<std::unique_ptr<TokenStream>> tokenize(std::string_view src, std::string_view file);

}  // namespace nanoproc::text
