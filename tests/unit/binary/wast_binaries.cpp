#include "wast_binaries.h"

#include <algorithm>
#include <filesystem>

namespace nanoproc::test {
namespace {

struct Token {
  enum Kind { Open, Close, Atom, String } kind;
  std::string text;  // atom text or decoded string bytes
  int line;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

std::vector<Token> tokenize(const std::string& s) {
  std::vector<Token> out;
  size_t i = 0, n = s.size();
  int line = 1;
  while (i < n) {
    char c = s[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (c == ';' && i + 1 < n && s[i + 1] == ';') {
      while (i < n && s[i] != '\n') ++i;
    } else if (c == '(' && i + 1 < n && s[i + 1] == ';') {
      int depth = 0;
      while (i < n) {
        if (s.compare(i, 2, "(;") == 0) {
          ++depth;
          i += 2;
        } else if (s.compare(i, 2, ";)") == 0) {
          --depth;
          i += 2;
          if (depth == 0) break;
        } else {
          if (s[i] == '\n') ++line;
          ++i;
        }
      }
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Token::Open : Token::Close, "", line});
      ++i;
    } else if (c == '"') {
      std::string b;
      ++i;
      while (i < n && s[i] != '"') {
        if (s[i] != '\\') {
          b += s[i++];
          continue;
        }
        char e = s[i + 1];
        switch (e) {
          case 'n': b += '\n'; i += 2; break;
          case 't': b += '\t'; i += 2; break;
          case 'r': b += '\r'; i += 2; break;
          case '\\': case '\'': case '"': b += e; i += 2; break;
          case 'u': {
            size_t close = s.find('}', i);
            append_utf8(b, static_cast<uint32_t>(std::stoul(s.substr(i + 3, close - i - 3), nullptr, 16)));
            i = close + 1;
            break;
          }
          default:
            b += char(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
            i += 3;
        }
      }
      ++i;
      out.push_back({Token::String, b, line});
    } else if (isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else {
      size_t j = i;
      while (j < n && !isspace(static_cast<unsigned char>(s[j])) && s[j] != '(' && s[j] != ')' && s[j] != '"') ++j;
      out.push_back({Token::Atom, s.substr(i, j - i), line});
      i = j;
    }
  }
  return out;
}

}  // namespace

std::vector<WastBinary> wast_binary_modules(const std::string& text) {
  std::vector<Token> t = tokenize(text);
  std::vector<WastBinary> out;
  for (size_t k = 0; k + 2 < t.size(); ++k) {
    if (t[k].kind != Token::Open || t[k + 1].kind != Token::Atom || t[k + 1].text != "module") continue;
    size_t m = k + 2;
    if (t[m].kind == Token::Atom && t[m].text[0] == '$') ++m;
    if (t[m].kind != Token::Atom || t[m].text != "binary") continue;
    WastBinary wb;
    wb.line = t[k].line;
    if (k >= 2 && t[k - 2].kind == Token::Open && t[k - 1].kind == Token::Atom) wb.assertion = t[k - 1].text;
    for (++m; m < t.size() && t[m].kind != Token::Close; ++m)
      if (t[m].kind == Token::String) wb.bytes.insert(wb.bytes.end(), t[m].text.begin(), t[m].text.end());
    if (m + 1 < t.size() && t[m + 1].kind == Token::String) wb.message = t[m + 1].text;
    out.push_back(std::move(wb));
  }
  return out;
}

std::vector<std::string> files_with_suffix(const std::string& dir, const std::string& suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  namespace fs = std::filesystem;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink, ec), end;
       it != end; it.increment(ec)) {
    if (ec) break;
    std::string p = it->path().string();
    if (it->is_regular_file() && p.size() >= suffix.size() &&
        p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string shared_dir() {
  std::error_code ec;
  return std::filesystem::is_directory(NANOPROC_SHARED_DIR, ec) ? NANOPROC_SHARED_DIR : "";
}

}  // namespace nanoproc::test
