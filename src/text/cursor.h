// A read position in a token stream, with the small matching helpers every parser of
// s-expressions needs. Errors carry the file, line and column of the offending token.
#pragma once
#include <string>
#include <string_view>

#include "text/lexer.h"
#include "util/expected.h"

namespace nanoproc::text {

class Cursor {
 public:
  explicit Cursor(const TokenStream& ts, size_t pos = 0) : ts_(&ts), pos_(pos) {}

  const TokenStream& stream() const { return *ts_; }
  size_t pos() const { return pos_; }
  void seek(size_t p) { pos_ = p; }

  // The token k ahead; past the end, the final Eof token.
  const Token& peek(size_t k = 0) const {
    size_t i = pos_ + k;
    return i < ts_->tokens.size() ? ts_->tokens[i] : ts_->tokens.back();
  }
  bool is(TokKind kind, size_t k = 0) const { return peek(k).kind == kind; }
  bool is_keyword(std::string_view kw, size_t k = 0) const {
    const Token& t = peek(k);
    return t.kind == TokKind::Keyword && t.text == kw;
  }
  // `(` followed by keyword `kw`.
  bool is_sexpr(std::string_view kw, size_t k = 0) const {
    return is(TokKind::LParen, k) && is_keyword(kw, k + 1);
  }
  bool at_rparen_or_eof() const { return is(TokKind::RParen) || is(TokKind::Eof); }

  const Token& next() {
    const Token& t = peek();
    if (pos_ + 1 < ts_->tokens.size()) ++pos_;
    return t;
  }

  Error error(const Token& at, std::string msg) const;
  Error error(std::string msg) const { return error(peek(), std::move(msg)); }
  // "unexpected token" (or "unexpected end of input") at the current token.
  Error unexpected() const;

  Status expect(TokKind kind);
  Status expect_keyword(std::string_view kw);
  Status expect_lparen_keyword(std::string_view kw);  // `(kw`
  Status expect_rparen() { return expect(TokKind::RParen); }
  Expected<std::string_view> expect_string();
  // A string that must be valid UTF-8 (import/export names).
  Expected<std::string> expect_name();
  // Skips a balanced s-expression starting at `(`.
  Status skip_sexpr();

 private:
  const TokenStream* ts_;
  size_t pos_;
};

}  // namespace nanoproc::text
