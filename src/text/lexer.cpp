#include "text/lexer.h"

#include "text/literals.h"
#include "util/utf8.h"

namespace nanoproc::text {

const char* tok_kind_name(TokKind k) {
  switch (k) {
    case TokKind::LParen: return "'('";
    case TokKind::RParen: return "')'";
    case TokKind::Keyword: return "keyword";
    case TokKind::Id: return "identifier";
    case TokKind::String: return "string";
    case TokKind::Number: return "number";
    case TokKind::Eof: return "end of input";
  }
  return "token";
}

namespace {

bool is_idchar(uint8_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '/': case ':': case '<': case '=': case '>': case '?':
    case '@': case '\\': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

int hex_value(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Lexer {
 public:
  Lexer(std::string_view src, TokenStream& out) : src_(src), out_(out) {}

  Status run() {
    for (;;) {
      NP_CHECK(skip_space());
      if (eof()) {
        push(TokKind::Eof, {}, line_, col());
        return ok_status();
      }
      uint8_t c = cur();
      if (c == '(') {
        if (peek(1) == '@') {
          NP_CHECK(annotation());
          continue;
        }
        push(TokKind::LParen, src_.substr(pos_, 1), line_, col());
        ++pos_;
      } else if (c == ')') {
        push(TokKind::RParen, src_.substr(pos_, 1), line_, col());
        ++pos_;
      } else if (c == '"' || is_idchar(c)) {
        NP_CHECK(run_token());
      } else if (c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}') {
        return fail(line_, col(), std::string("unknown operator ") + char(c));
      } else if (c < 0x20 || c == 0x7F) {
        return fail(line_, col(), "misplaced control character");
      } else {
        return fail(line_, col(), utf8_char_len() ? "misplaced unicode character"
                                                  : "malformed UTF-8 encoding");
      }
    }
  }

 private:
  bool eof() const { return pos_ >= src_.size(); }
  uint8_t cur() const { return static_cast<uint8_t>(src_[pos_]); }
  uint8_t peek(size_t k) const {
    return pos_ + k < src_.size() ? static_cast<uint8_t>(src_[pos_ + k]) : 0;
  }
  uint32_t col() const { return static_cast<uint32_t>(pos_ - line_start_ + 1); }
  void newline() {
    ++line_;
    line_start_ = pos_ + 1;
  }
  // Steps over '\n', '\r' or "\r\n", which all end a line (and a line comment).
  void skip_newline() {
    if (cur() == '\r' && peek(1) == '\n') ++pos_;
    newline();
    ++pos_;
  }
  bool at_newline() const { return cur() == '\n' || cur() == '\r'; }

  Status fail(uint32_t line, uint32_t column, std::string msg) {
    SourceLoc loc;
    loc.file = out_.file;
    loc.line = line;
    loc.column = column;
    return Unexpected(Error(ErrorKind::Malformed, std::move(msg), std::move(loc)));
  }

  void push(TokKind k, std::string_view text, uint32_t line, uint32_t column) {
    out_.tokens.push_back(Token{k, text, line, column});
  }

  // Length of the well-formed UTF-8 sequence at pos_ (a non-ASCII lead byte), or 0.
  size_t utf8_char_len() const {
    uint8_t c = cur();
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || pos_ + n > src_.size()) return 0;
    return utf8_valid(src_.substr(pos_, n)) ? n : 0;
  }

  // Whitespace, line comments and (nested) block comments.
  Status skip_space() {
    while (!eof()) {
      uint8_t c = cur();
      if (c == ' ' || c == '\t') {
        ++pos_;
      } else if (c == '\n' || c == '\r') {
        skip_newline();
      } else if (c == ';' && peek(1) == ';') {
        NP_CHECK(line_comment());
      } else if (c == '(' && peek(1) == ';') {
        NP_CHECK(block_comment());
      } else {
        break;
      }
    }
    return ok_status();
  }

  Status line_comment() {
    pos_ += 2;
    while (!eof() && !at_newline()) NP_CHECK(comment_char());
    return ok_status();
  }

  // One character inside a comment: anything but malformed UTF-8.
  Status comment_char() {
    uint8_t c = cur();
    if (c < 0x80) {
      if (c == '\n' || c == '\r') skip_newline();
      else ++pos_;
      return ok_status();
    }
    size_t n = utf8_char_len();
    if (!n) return fail(line_, col(), "malformed UTF-8 encoding");
    pos_ += n;
    return ok_status();
  }

  Status block_comment() {
    uint32_t sl = line_, sc = col();
    pos_ += 2;
    int depth = 1;
    while (depth > 0) {
      if (eof()) return fail(sl, sc, "unclosed comment");
      if (cur() == '(' && peek(1) == ';') {
        pos_ += 2;
        ++depth;
      } else if (cur() == ';' && peek(1) == ')') {
        pos_ += 2;
        --depth;
      } else {
        NP_CHECK(comment_char());
      }
    }
    return ok_status();
  }

  // A string literal starting at pos_ (the opening quote). Appends the decoded bytes to
  // `out` if non-null.
  Status string(std::string* out) {
    uint32_t sl = line_, sc = col();
    ++pos_;
    for (;;) {
      if (eof() || at_newline()) return fail(sl, sc, "unclosed string literal");
      uint8_t c = cur();
      if (c == '"') {
        ++pos_;
        return ok_status();
      }
      if (c < 0x20 || c == 0x7F)
        return fail(line_, col(), "illegal control character in string literal");
      if (c >= 0x80) {
        size_t n = utf8_char_len();
        if (!n) return fail(line_, col(), "malformed UTF-8 encoding");
        if (out) out->append(src_.substr(pos_, n));
        pos_ += n;
        continue;
      }
      if (c != '\\') {
        if (out) out->push_back(char(c));
        ++pos_;
        continue;
      }
      uint32_t el = line_, ec = col();
      uint8_t e = peek(1);
      char simple = 0;
      switch (e) {
        case 'n': simple = '\n'; break;
        case 'r': simple = '\r'; break;
        case 't': simple = '\t'; break;
        case '\\': simple = '\\'; break;
        case '\'': simple = '\''; break;
        case '"': simple = '"'; break;
        default: break;
      }
      if (simple) {
        if (out) out->push_back(simple);
        pos_ += 2;
        continue;
      }
      if (e == 'u' && peek(2) == '{') {
        pos_ += 3;
        uint32_t cp = 0;
        bool any = false, prev_digit = false, big = false;
        while (!eof() && cur() != '}') {
          int h = hex_value(cur());
          if (h >= 0) {
            cp = cp * 16 + uint32_t(h);
            if (cp > 0x10FFFF) big = true, cp = 0x110000;
            any = prev_digit = true;
          } else if (cur() == '_' && prev_digit && hex_value(peek(1)) >= 0) {
            prev_digit = false;
          } else {
            return fail(el, ec, "illegal escape");
          }
          ++pos_;
        }
        if (eof() || !any) return fail(el, ec, "illegal escape");
        ++pos_;  // '}'
        if (big || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
          return fail(el, ec, "malformed UTF-8 encoding");
        if (out) utf8_append(*out, cp);
        continue;
      }
      int h1 = hex_value(e), h2 = hex_value(peek(2));
      if (h1 < 0 || h2 < 0) return fail(el, ec, "illegal escape");
      if (out) out->push_back(char(h1 * 16 + h2));
      pos_ += 3;
    }
  }

  // A maximal run of idchars and strings: a keyword, number, identifier or string, or
  // else a reserved token (an error).
  Status run_token() {
    size_t start = pos_;
    uint32_t sl = line_, sc = col();
    size_t nstrings = 0, nidchars = 0, first_string = 0;
    std::string decoded;
    while (!eof()) {
      uint8_t c = cur();
      if (c == '"') {
        if (nstrings == 0) first_string = pos_;
        std::string tmp;
        NP_CHECK(string(nstrings == 0 ? &decoded : &tmp));
        ++nstrings;
      } else if (is_idchar(c)) {
        ++pos_;
        ++nidchars;
      } else {
        break;
      }
    }
    std::string_view text = src_.substr(start, pos_ - start);
    if (nstrings == 1 && nidchars == 0) {
      out_.storage.push_back(std::move(decoded));
      push(TokKind::String, out_.storage.back(), sl, sc);
      return ok_status();
    }
    if (nstrings == 1 && nidchars == 1 && text[0] == '$' && first_string == start + 1) {
      if (decoded.empty()) return fail(sl, sc, "empty identifier");
      if (!utf8_valid(decoded)) return fail(sl, sc, "malformed UTF-8 encoding");
      out_.storage.push_back(std::move(decoded));
      push(TokKind::Id, out_.storage.back(), sl, sc);
      return ok_status();
    }
    if (nstrings == 0) {
      uint8_t c = uint8_t(text[0]);
      if (c == '$') {
        if (text.size() == 1) return fail(sl, sc, "empty identifier");
        push(TokKind::Id, text.substr(1), sl, sc);
        return ok_status();
      }
      if (c >= 'a' && c <= 'z') {
        push(TokKind::Keyword, text, sl, sc);
        return ok_status();
      }
      if ((c >= '0' && c <= '9') || c == '+' || c == '-') {
        // Only well-formed numbers; `1$x` or `-` are reserved tokens.
        uint64_t v;
        if (parse_int(text, 64, &v) != LitStatus::Syntax || parse_f64(text, &v) != LitStatus::Syntax) {
          push(TokKind::Number, text, sl, sc);
          return ok_status();
        }
      }
    }
    return fail(sl, sc, "unknown operator " + std::string(text));
  }

  // `(@id ...)`: checked for balanced parentheses, valid strings and characters, dropped.
  Status annotation() {
    uint32_t sl = line_, sc = col();
    pos_ += 2;
    NP_CHECK(annotation_id(sl, sc));
    int depth = 1;
    for (;;) {
      if (eof()) return fail(sl, sc, "unclosed annotation");
      uint8_t c = cur();
      if (c == '(' && peek(1) == ';') {
        NP_CHECK(block_comment());
      } else if (c == '(') {
        uint32_t nl = line_, nc = col();
        ++pos_;
        if (cur() == '@' && !eof()) {
          ++pos_;
          if (!eof() && (is_idchar(cur()) || cur() == '"')) NP_CHECK(annotation_id(nl, nc));
        }
        ++depth;
      } else if (c == ')') {
        ++pos_;
        if (--depth == 0) return ok_status();
      } else if (c == '"') {
        NP_CHECK(string(nullptr));
      } else if (c == ';' && peek(1) == ';') {
        NP_CHECK(line_comment());
      } else if (c == '\n' || c == '\r') {
        skip_newline();
      } else if (c == ' ' || c == '\t' || (c > 0x20 && c < 0x7F)) {
        ++pos_;
      } else if (c < 0x80) {
        return fail(line_, col(), "illegal character");
      } else {
        return fail(line_, col(), utf8_char_len() ? "illegal character"
                                                  : "malformed UTF-8 encoding");
      }
    }
  }

  // The name after `(@`: idchars or a non-empty UTF-8 string.
  Status annotation_id(uint32_t sl, uint32_t sc) {
    if (!eof() && is_idchar(cur())) {
      while (!eof() && is_idchar(cur())) ++pos_;
      return ok_status();
    }
    if (!eof() && cur() == '"') {
      std::string name;
      NP_CHECK(string(&name));
      if (name.empty()) return fail(sl, sc, "empty annotation id");
      if (!utf8_valid(name)) return fail(sl, sc, "malformed UTF-8 encoding");
      return ok_status();
    }
    return fail(sl, sc, "empty annotation id");
  }

  std::string_view src_;
  TokenStream& out_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace

Expected<std::unique_ptr<TokenStream>> tokenize(std::string_view src, std::string_view file) {
  auto ts = std::make_unique<TokenStream>();
  ts->file = std::string(file);
  ts->source = src;
  ts->tokens.reserve(src.size() / 4 + 1);
  Lexer lx(src, *ts);
  NP_CHECK(lx.run());
  return ts;
}

}  // namespace nanoproc::text
