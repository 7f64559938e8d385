#include <gtest/gtest.h>

#include "text/lexer.h"

using namespace nanoproc;
using namespace nanoproc::text;

namespace {

std::vector<Token> lex(std::string_view src) {
  auto ts = tokenize(src, "t.wat");
  EXPECT_TRUE(ts.has_value()) << (ts ? "" : ts.error().to_string());
  if (!ts) return {};
  static std::vector<std::unique_ptr<TokenStream>> keep;  // tokens point into it
  keep.push_back(std::move(*ts));
  return keep.back()->tokens;
}

Error lex_error(std::string_view src) {
  auto ts = tokenize(src, "t.wat");
  EXPECT_FALSE(ts.has_value()) << src;
  return ts ? Error() : ts.error();
}

TEST(Lexer, KindsTextAndPositions) {
  auto t = lex("(module\n  $x \"a\" 0x1_0 i32.add -inf)");
  ASSERT_EQ(t.size(), 9u);
  EXPECT_EQ(t[0].kind, TokKind::LParen);
  EXPECT_EQ(t[1].kind, TokKind::Keyword);
  EXPECT_EQ(t[1].text, "module");
  EXPECT_EQ(t[2].kind, TokKind::Id);
  EXPECT_EQ(t[2].text, "x");
  EXPECT_EQ(t[2].line, 2u);
  EXPECT_EQ(t[2].column, 3u);
  EXPECT_EQ(t[3].kind, TokKind::String);
  EXPECT_EQ(t[3].text, "a");
  EXPECT_EQ(t[4].kind, TokKind::Number);
  EXPECT_EQ(t[4].text, "0x1_0");
  EXPECT_EQ(t[5].kind, TokKind::Keyword);
  EXPECT_EQ(t[6].kind, TokKind::Number);
  EXPECT_EQ(t[7].kind, TokKind::RParen);
  EXPECT_EQ(t[8].kind, TokKind::Eof);
}

TEST(Lexer, StringEscapes) {
  auto t = lex(R"("\t\n\r\"\'\\\41\ff\u{48}\u{1F600}\u{1_0000}")");
  ASSERT_EQ(t[0].kind, TokKind::String);
  EXPECT_EQ(t[0].text, std::string("\t\n\r\"'\\A\xff" "H\xF0\x9F\x98\x80\xF0\x90\x80\x80"));
}

TEST(Lexer, QuotedIdentifiers) {
  auto t = lex(R"($"hello world" $"\41")");
  EXPECT_EQ(t[0].kind, TokKind::Id);
  EXPECT_EQ(t[0].text, "hello world");
  EXPECT_EQ(t[1].text, "A");
}

TEST(Lexer, CommentsAndAnnotationsAreSkipped) {
  auto t = lex("(; a (; nested ;) b ;) x ;; line\n(@ann x (y \"z\" (; c ;)) ;; )\n) y ;; at eof");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].text, "x");
  EXPECT_EQ(t[1].text, "y");
  EXPECT_EQ(t[1].line, 3u);
}

TEST(Lexer, LineCommentsEndAtAnyNewline) {
  auto t = lex("a ;; one\rb ;; two\r\nc ;; three\nd");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[1].text, "b");
  EXPECT_EQ(t[1].line, 2u);
  EXPECT_EQ(t[2].text, "c");
  EXPECT_EQ(t[2].line, 3u);
  EXPECT_EQ(t[3].line, 4u);
  EXPECT_EQ(lex_error("\"a\rb\"").message(), "unclosed string literal");
}

TEST(Lexer, ReservedTokensAreErrors) {
  EXPECT_EQ(lex_error("1$x").message(), "unknown operator 1$x");
  EXPECT_EQ(lex_error("\"a\"b").message(), "unknown operator \"a\"b");
  EXPECT_EQ(lex_error("x\"a\"").message(), "unknown operator x\"a\"");
  EXPECT_EQ(lex_error("a , b").message(), "unknown operator ,");
  EXPECT_EQ(lex_error("Abc").message(), "unknown operator Abc");
  EXPECT_EQ(lex_error("$").message(), "empty identifier");
  EXPECT_EQ(lex_error("$\"\"").message(), "empty identifier");
  EXPECT_EQ(lex_error("$\"\\ff\"").message(), "malformed UTF-8 encoding");
}

TEST(Lexer, ErrorLocations) {
  Error e = lex_error("(module\n  \"abc\n)");
  EXPECT_EQ(e.kind(), ErrorKind::Malformed);
  EXPECT_EQ(e.message(), "unclosed string literal");
  EXPECT_EQ(e.loc().file, "t.wat");
  EXPECT_EQ(e.loc().line, 2u);
  EXPECT_EQ(e.loc().column, 3u);
  e = lex_error("x (; open (; nested ;)");
  EXPECT_EQ(e.message(), "unclosed comment");
  EXPECT_EQ(e.loc().column, 3u);
  e = lex_error("\n\n  (@a (b)");
  EXPECT_EQ(e.message(), "unclosed annotation");
  EXPECT_EQ(e.loc().line, 3u);
}

TEST(Lexer, BadCharacters) {
  EXPECT_EQ(lex_error("\"a\tb\"").message(), "illegal control character in string literal");
  EXPECT_EQ(lex_error("\"\\q\"").message(), "illegal escape");
  EXPECT_EQ(lex_error("\"\\u{D800}\"").message(), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("\"\\u{110000}\"").message(), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("\"\xff\"").message(), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error(";; \xc0\x80").message(), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("\x01").message(), "misplaced control character");
  EXPECT_EQ(lex_error("\xc3\xa9").message(), "misplaced unicode character");
  EXPECT_EQ(lex_error("(@a \x01)").message(), "illegal character");
  EXPECT_EQ(lex_error("(@a \xc3\xa9)").message(), "illegal character");
  EXPECT_EQ(lex_error("(@ a)").message(), "empty annotation id");
  EXPECT_EQ(lex_error("(@\"\")").message(), "empty annotation id");
}

TEST(Lexer, AnnotationBodiesMayHoldReservedTokens) {
  auto t = lex("(@a , ; ] [ }} x\"y\" (@) (@ x) $ (@(@(@)))) z");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].text, "z");
}

}  // namespace
