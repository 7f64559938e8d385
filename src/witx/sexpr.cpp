#include "witx/sexpr.h"

#include <algorithm>

namespace nanoproc::witx {

namespace {

bool is_idchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '/': case ':': case '<': case '=': case '>': case '?':
    case '@': case '\\': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

// Turns the raw comments collected before an item into its doc text, the way witx does:
// only comments whose text starts with a third `;` count; the common leading whitespace
// is removed and trailing whitespace dropped.
std::string process_docs(const std::vector<std::string_view>& raw) {
  std::vector<std::string_view> docs;
  for (std::string_view c : raw) {
    while (!c.empty() && (c.back() == ' ' || c.back() == '\t' || c.back() == '\r' || c.back() == '\n'))
      c.remove_suffix(1);
    if (!c.empty() && c.front() == ';') docs.push_back(c.substr(1));
  }
  if (docs.empty()) return {};
  size_t trim = std::string_view::npos;
  for (std::string_view d : docs) {
    if (d.empty()) continue;
    size_t lead = d.find_first_not_of(" \t");
    if (lead == std::string_view::npos) continue;
    trim = std::min(trim, lead);
  }
  if (trim == std::string_view::npos) trim = 0;
  std::string out;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (i) out += '\n';
    std::string_view d = docs[i];
    if (d.size() > trim) out.append(d.substr(trim));
  }
  // Blank doc lines at the end carry nothing.
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

class Reader {
 public:
  Reader(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  Expected<std::vector<SExpr>> run() {
    std::vector<SExpr> top;
    std::vector<SExpr> stack;  // open lists
    for (;;) {
      NP_CHECK(skip_space_and_comments());
      if (pos_ >= text_.size()) break;
      char c = text_[pos_];
      if (c == '(') {
        if (stack.size() >= kMaxSExprDepth) return err(here(), "s-expressions nested too deeply");
        SExpr list;
        list.kind = SExpr::Kind::List;
        list.loc = here();
        list.docs = take_docs();
        advance(1);
        if (pos_ < text_.size() && text_[pos_] == '@') {
          // An annotation: `(@name` opens a list whose head is the keyword "@name".
          SExpr head;
          head.kind = SExpr::Kind::Keyword;
          head.loc = here();
          size_t start = pos_;
          advance(1);
          while (pos_ < text_.size() && is_idchar(text_[pos_])) advance(1);
          head.text = std::string(text_.substr(start, pos_ - start));
          if (head.text.size() == 1) return err(head.loc, "annotation without a name after `(@`");
          list.items.push_back(std::move(head));
        }
        stack.push_back(std::move(list));
        continue;
      }
      if (c == ')') {
        if (stack.empty()) return err(here(), "unexpected `)` with no open `(`");
        pending_.clear();
        advance(1);
        SExpr done = std::move(stack.back());
        stack.pop_back();
        (stack.empty() ? top : stack.back().items).push_back(std::move(done));
        continue;
      }
      SExpr atom;
      NP_CHECK(read_atom(atom));
      if (stack.empty()) return err(atom.loc, fmt::format("{} outside of any list", atom.describe()));
      stack.back().items.push_back(std::move(atom));
    }
    if (!stack.empty())
      return err(stack.back().loc, "`(` is never closed (unexpected end of file)");
    return top;
  }

 private:
  SourceLoc here() const {
    SourceLoc l;
    l.file = file_;
    l.line = line_;
    l.column = col_;
    return l;
  }
  Error err(SourceLoc loc, std::string msg) const { return Error(ErrorKind::Malformed, std::move(msg), std::move(loc)); }

  void advance(size_t n) {
    for (size_t i = 0; i < n && pos_ < text_.size(); ++i, ++pos_) {
      if (text_[pos_] == '\n') {
        ++line_;
        col_ = 1;
      } else {
        ++col_;
      }
    }
  }

  std::string take_docs() {
    std::string d = process_docs(pending_);
    pending_.clear();
    return d;
  }

  Status skip_space_and_comments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance(1);
      } else if (c == ';' && pos_ + 1 < text_.size() && text_[pos_ + 1] == ';') {
        size_t end = text_.find('\n', pos_);
        if (end == std::string_view::npos) end = text_.size();
        pending_.push_back(text_.substr(pos_ + 2, end - pos_ - 2));
        advance(end - pos_);
      } else if (c == '(' && pos_ + 1 < text_.size() && text_[pos_ + 1] == ';') {
        SourceLoc start = here();
        size_t body = pos_ + 2;
        advance(2);
        int depth = 1;
        while (depth > 0) {
          if (pos_ >= text_.size()) return err(start, "block comment `(;` is never closed");
          if (text_.compare(pos_, 2, "(;") == 0) {
            ++depth;
            advance(2);
          } else if (text_.compare(pos_, 2, ";)") == 0) {
            --depth;
            advance(2);
          } else {
            advance(1);
          }
        }
        pending_.push_back(text_.substr(body, pos_ - 2 - body));
      } else {
        break;
      }
    }
    return {};
  }

  Status read_atom(SExpr& atom) {
    atom.loc = here();
    atom.docs = take_docs();
    char c = text_[pos_];
    if (c == '"') return read_string(atom);
    size_t start = pos_;
    while (pos_ < text_.size() && is_idchar(text_[pos_])) advance(1);
    if (pos_ == start) {
      unsigned char uc = static_cast<unsigned char>(c);
      return err(atom.loc, uc >= 0x20 && uc < 0x7f ? fmt::format("unexpected character `{}`", c)
                                                    : fmt::format("unexpected byte {:#04x}", unsigned(uc)));
    }
    std::string_view word = text_.substr(start, pos_ - start);
    if (word[0] == '$') {
      if (word.size() == 1) return err(atom.loc, "`$` must be followed by a name");
      atom.kind = SExpr::Kind::Id;
      atom.text = std::string(word.substr(1));
    } else {
      atom.kind = SExpr::Kind::Keyword;
      atom.text = std::string(word);
    }
    return {};
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  Status read_string(SExpr& atom) {
    atom.kind = SExpr::Kind::String;
    advance(1);
    std::string out;
    for (;;) {
      if (pos_ >= text_.size() || text_[pos_] == '\n') return err(atom.loc, "string is never closed");
      char c = text_[pos_];
      if (c == '"') {
        advance(1);
        break;
      }
      if (c != '\\') {
        out += c;
        advance(1);
        continue;
      }
      SourceLoc esc = here();
      if (pos_ + 1 >= text_.size()) return err(esc, "string is never closed");
      char e = text_[pos_ + 1];
      advance(2);
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '"': out += '"'; break;
        case '\'': out += '\''; break;
        case '\\': out += '\\'; break;
        default: {
          int hi = hex_value(e);
          int lo = pos_ < text_.size() ? hex_value(text_[pos_]) : -1;
          if (hi < 0 || lo < 0) return err(esc, fmt::format("unknown escape `\\{}` in string", e));
          out += static_cast<char>(hi * 16 + lo);
          advance(1);
        }
      }
    }
    atom.text = std::move(out);
    return {};
  }

  std::string_view text_;
  const std::string& file_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t col_ = 1;
  std::vector<std::string_view> pending_;  // comments since the last token
};

}  // namespace

std::string SExpr::describe() const {
  switch (kind) {
    case Kind::Keyword: return fmt::format("`{}`", text);
    case Kind::Id: return fmt::format("`${}`", text);
    case Kind::String: return fmt::format("string \"{}\"", text);
    case Kind::List:
      if (!items.empty() && items[0].kind == Kind::Keyword) return fmt::format("`({} ...)`", items[0].text);
      return "a list";
  }
  return "?";
}

Expected<std::vector<SExpr>> read_sexprs(std::string_view text, const std::string& file) {
  return Reader(text, file).run();
}

}  // namespace nanoproc::witx
