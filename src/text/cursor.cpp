#include "text/cursor.h"

#include "util/utf8.h"

namespace nanoproc::text {

Error Cursor::error(const Token& at, std::string msg) const {
  SourceLoc loc;
  loc.file = ts_->file;
  loc.line = at.line;
  loc.column = at.column;
  return Error(ErrorKind::Malformed, std::move(msg), std::move(loc));
}

Error Cursor::unexpected() const {
  const Token& t = peek();
  if (t.kind == TokKind::Eof) return error(t, "unexpected end of input");
  return error(t, "unexpected token");
}

Status Cursor::expect(TokKind kind) {
  if (!is(kind)) return Unexpected(unexpected());
  next();
  return ok_status();
}

Status Cursor::expect_keyword(std::string_view kw) {
  if (!is_keyword(kw)) return Unexpected(unexpected());
  next();
  return ok_status();
}

Status Cursor::expect_lparen_keyword(std::string_view kw) {
  NP_CHECK(expect(TokKind::LParen));
  return expect_keyword(kw);
}

Expected<std::string_view> Cursor::expect_string() {
  if (!is(TokKind::String)) return Unexpected(unexpected());
  return next().text;
}

Expected<std::string> Cursor::expect_name() {
  if (!is(TokKind::String)) return Unexpected(unexpected());
  const Token& t = next();
  if (!utf8_valid(t.text)) return Unexpected(error(t, "malformed UTF-8 encoding"));
  return std::string(t.text);
}

Status Cursor::skip_sexpr() {
  NP_CHECK(expect(TokKind::LParen));
  int depth = 1;
  while (depth > 0) {
    const Token& t = next();
    if (t.kind == TokKind::LParen) ++depth;
    else if (t.kind == TokKind::RParen) --depth;
    else if (t.kind == TokKind::Eof) return Unexpected(error(t, "unexpected end of input"));
  }
  return ok_status();
}

}  // namespace nanoproc::text
