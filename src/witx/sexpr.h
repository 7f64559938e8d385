// Reads witx text into s-expressions. witx uses the WebAssembly text format's lexical rules:
// `;;` line comments, nested `(; ;)` block comments, `$id`s, keywords, strings, and
// annotations `(@name ...)`. Doc comments (`;;;` lines and `(;; ;)` blocks) are attached to
// the s-expression that follows them; an ordinary `;;` line between doc lines is skipped
// without breaking the doc block.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"

namespace nanoproc::witx {

struct SExpr {
  enum class Kind : uint8_t {
    List,     // ( ... ); an annotation (@name ...) is a List whose first item is Keyword "@name"
    Keyword,  // bare atom: keyword or number
    Id,       // $name (text holds the name without `$`)
    String,   // "..." (text holds the decoded bytes)
  };
  Kind kind = Kind::List;
  std::string text;
  std::vector<SExpr> items;
  SourceLoc loc;
  std::string docs;  // doc comment text, lines joined by '\n'; empty if none

  bool is_list() const { return kind == Kind::List; }
  bool is_keyword(std::string_view k) const { return kind == Kind::Keyword && text == k; }
  // A list whose first item is the keyword `k` (e.g. "typename", "@witx").
  bool is_form(std::string_view k) const {
    return kind == Kind::List && !items.empty() && items[0].is_keyword(k);
  }
  std::string describe() const;  // for error messages: "`(typename ...)`", "`$x`", ...
};

inline constexpr uint32_t kMaxSExprDepth = 256;

// Reads all top-level s-expressions of `text`; `file` is used for locations.
Expected<std::vector<SExpr>> read_sexprs(std::string_view text, const std::string& file);

}  // namespace nanoproc::witx
