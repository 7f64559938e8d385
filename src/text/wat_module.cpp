// Module-level passes of the WAT parser: name binding (pass 1), then types (pass 2a) and
// the fields in order (pass 2b, wat_fields.cpp).
#include <fmt/format.h>

#include "text/wat_parser.h"

namespace nanoproc::text {

const char* space_name(Space s) {
  switch (s) {
    case Space::Type: return "type";
    case Space::Func: return "function";
    case Space::Table: return "table";
    case Space::Memory: return "memory";
    case Space::Global: return "global";
    case Space::Tag: return "tag";
    case Space::Elem: return "elem segment";
    case Space::Data: return "data segment";
    case Space::Local: return "local";
    case Space::Label: return "label";
  }
  return "index";
}

namespace {

bool kind_space(std::string_view kw, Space* s, const char** kind) {
  if (kw == "func") *s = Space::Func, *kind = "function";
  else if (kw == "table") *s = Space::Table, *kind = "table";
  else if (kw == "memory") *s = Space::Memory, *kind = "memory";
  else if (kw == "global") *s = Space::Global, *kind = "global";
  else if (kw == "tag") *s = Space::Tag, *kind = "tag";
  else return false;
  return true;
}

}  // namespace

Expected<Module> WatParser::parse_fields() {
  while (!c_.at_rparen_or_eof()) {
    field_positions_.push_back(c_.pos());
    NP_CHECK(scan_field());
  }
  size_t end = c_.pos();
  field_names_.resize(spaces_[unsigned(Space::Type)].count);
  NP_CHECK(type_definitions());
  for (size_t p : field_positions_) {
    c_.seek(p);
    NP_CHECK(parse_field());
  }
  c_.seek(end);
  if (uses_data_count_) m_.data_count = uint32_t(m_.datas.size());
  m_.count_imports();
  return std::move(m_);
}

// ---- pass 1 ----

Status WatParser::bind(Space s, const Token& at) {
  NameSpace& ns = spaces_[unsigned(s)];
  if (c_.is(TokKind::Id)) {
    const Token& id = c_.next();
    auto [it, fresh] = ns.names.emplace(std::string(id.text), ns.count);
    if (!fresh)
      return Unexpected(c_.error(id, fmt::format("duplicate {} ${}", space_name(s), id.text)));
  }
  ++ns.count;
  return ok_status();
}

void WatParser::note_definition(const char* kind) {
  if (!first_definition_) first_definition_ = kind;
}

Status WatParser::check_import_order(const Token& at) {
  if (first_definition_)
    return Unexpected(c_.error(at, fmt::format("import after {} definition", first_definition_)));
  return ok_status();
}

Status WatParser::scan_field() {
  size_t p = c_.pos();
  if (!c_.is(TokKind::LParen) || !c_.is(TokKind::Keyword, 1)) return Unexpected(c_.unexpected());
  const Token& open = c_.peek();
  std::string_view kw = c_.peek(1).text;
  c_.seek(p + 2);
  Space s;
  const char* kind;
  if (kw == "type") {
    NP_CHECK(bind(Space::Type, open));
  } else if (kw == "rec") {
    while (c_.is_sexpr("type")) {
      size_t q = c_.pos();
      c_.seek(q + 2);
      NP_CHECK(bind(Space::Type, c_.peek()));
      c_.seek(q);
      NP_CHECK(c_.skip_sexpr());
    }
    if (!c_.is(TokKind::RParen)) return Unexpected(c_.unexpected());
  } else if (kind_space(kw, &s, &kind)) {
    NP_CHECK(bind(s, open));
    bool is_import = false, inline_segment = false;
    while (!c_.at_rparen_or_eof()) {
      if (c_.is(TokKind::LParen)) {
        if (c_.is_keyword("import", 1)) is_import = true;
        if ((s == Space::Table && c_.is_keyword("elem", 1)) ||
            (s == Space::Memory && c_.is_keyword("data", 1)))
          inline_segment = true;
        NP_CHECK(c_.skip_sexpr());
      } else {
        c_.next();
      }
    }
    if (is_import) NP_CHECK(check_import_order(open));
    else note_definition(kind);
    if (inline_segment) bind_anon(s == Space::Table ? Space::Elem : Space::Data);
  } else if (kw == "import") {
    if (!c_.is(TokKind::String) || !c_.is(TokKind::String, 1) || !c_.is(TokKind::LParen, 2) ||
        !c_.is(TokKind::Keyword, 3))
      return Unexpected(c_.unexpected());
    c_.seek(c_.pos() + 3);
    if (!kind_space(c_.peek().text, &s, &kind)) return Unexpected(c_.unexpected());
    c_.next();
    NP_CHECK(bind(s, open));
    NP_CHECK(check_import_order(open));
  } else if (kw == "elem") {
    NP_CHECK(bind(Space::Elem, open));
  } else if (kw == "data") {
    NP_CHECK(bind(Space::Data, open));
  } else if (kw != "export" && kw != "start") {
    return Unexpected(c_.error(c_.peek(1), fmt::format("unknown module field {}", kw)));
  }
  c_.seek(p);
  return c_.skip_sexpr();
}

}  // namespace nanoproc::text
