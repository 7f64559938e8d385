#include "text/wat.h"

#include "text/cursor.h"
#include "text/lexer.h"
#include "text/wat_parser.h"

namespace nanoproc {

Expected<Module> parse_wat(std::string_view text, std::string_view filename) {
  auto ts = NP_TRY(text::tokenize(text, filename));
  text::Cursor c(*ts);
  Module m;
  if (c.is_sexpr("module")) {
    c.next();
    c.next();
    std::string name;
    if (c.is(text::TokKind::Id)) name = std::string(c.next().text);
    text::WatParser p(c);
    m = NP_TRY(p.parse_fields());
    NP_CHECK(c.expect_rparen());
    m.names.module_name = std::move(name);
  } else {
    text::WatParser p(c);
    m = NP_TRY(p.parse_fields());
  }
  if (!c.is(text::TokKind::Eof)) return Unexpected(c.unexpected());
  return m;
}

}  // namespace nanoproc
