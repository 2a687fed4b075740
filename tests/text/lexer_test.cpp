#include "text/lexer.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace wasmline::text {
namespace {

struct Lexed {
  std::vector<std::pair<TokenKind, std::string>> tokens;
  std::string error; // the lexical error that ended it, if any
  Token last;        // the Eof or Error token
};

Lexed lexAll(std::string_view source) {
  Lexer lexer(source);
  Lexed result;
  while (true) {
    const Token token = lexer.next();
    if (token.kind == TokenKind::Eof || token.kind == TokenKind::Error) {
      result.last = token;
      if (token.kind == TokenKind::Error) result.error = lexer.error();
      return result;
    }
    result.tokens.emplace_back(token.kind, std::string(lexer.text(token)));
  }
}

TEST(Lexer, TokensWithLineAndColumn) {
  Lexer lexer("(module\n  (func $f (i32.const -7)))");
  const TokenKind kinds[] = {TokenKind::LParen,  TokenKind::Keyword, TokenKind::LParen,
                             TokenKind::Keyword, TokenKind::Id,      TokenKind::LParen,
                             TokenKind::Keyword, TokenKind::Int,     TokenKind::RParen};
  std::vector<Token> tokens;
  for (const TokenKind kind : kinds) {
    tokens.push_back(lexer.next());
    EXPECT_EQ(tokens.back().kind, kind) << lexer.text(tokens.back());
  }
  EXPECT_EQ(tokens[3].line, 2u);
  EXPECT_EQ(tokens[3].column, 4u);
  EXPECT_EQ(lexer.text(tokens[4]), "$f");
  EXPECT_EQ(tokens[7].column, 23u);
}

TEST(Lexer, CommentsNestAndAnnotationsAreSkipped) {
  const Lexed lexed = lexAll("(; a (; nested ;) still ;) x ;; line\n"
                             "(@a (b (@c \"s)\" (;)\n;))) $x 0x) y (@\"quoted id\" z)");
  ASSERT_TRUE(lexed.error.empty()) << lexed.error;
  ASSERT_EQ(lexed.tokens.size(), 2u);
  EXPECT_EQ(lexed.tokens[0].second, "x");
  EXPECT_EQ(lexed.tokens[1].second, "y");
}

TEST(Lexer, LineCommentsEndAtCarriageReturns) {
  const Lexed lexed = lexAll(";; comment\rx");
  ASSERT_EQ(lexed.tokens.size(), 1u);
  EXPECT_EQ(lexed.tokens[0].second, "x");
}

TEST(Lexer, LexicalErrorsSayWhatAndWhere) {
  const struct {
    const char* source;
    const char* error;
    std::uint32_t line, column;
  } cases[] = {
      {"\"abc", "unclosed string literal", 1, 1},
      {"x \"a\\qb\"", "illegal escape", 1, 5},
      {"\"a\tb\"", "illegal control character in string literal", 1, 3},
      {"\"\\u{d800}\"", "malformed unicode escape", 1, 2},
      {"\"\\u{110000}\"", "malformed unicode escape", 1, 2},
      {"\"\xff\"", "malformed UTF-8 encoding", 1, 2},
      {"(; open", "unclosed comment", 1, 1},
      {"\n  (@x (y)", "unclosed annotation", 2, 3},
      {"(@ x)", "empty annotation id", 1, 3},
      {"(@\"\")", "empty annotation id", 1, 3},
      {"(@a \x01)", "illegal character", 1, 5},
      {"(@a \xc3\x9f)", "illegal character", 1, 5},
      {"$ x", "empty identifier", 1, 1},
      {"$\"\"", "empty identifier", 1, 1},
      {"$\"\\ff\"", "malformed UTF-8 encoding", 1, 1},
      {"x \x02", "misplaced control character", 1, 3},
      {"x \xc3\xa9", "misplaced unicode character", 1, 3},
      {"x \xc3", "malformed UTF-8 encoding", 1, 3},
      {";; \xe0\x80\x80", "malformed UTF-8 encoding", 1, 4},
  };
  for (const auto& c : cases) {
    const Lexed lexed = lexAll(c.source);
    EXPECT_EQ(lexed.error, c.error) << c.source;
    EXPECT_EQ(lexed.last.line, c.line) << c.source;
    EXPECT_EQ(lexed.last.column, c.column) << c.source;
  }
}

TEST(Lexer, NumbersAndTheirShapes) {
  const struct {
    const char* text;
    TokenKind kind;
  } cases[] = {
      {"0", TokenKind::Nat},          {"1_000", TokenKind::Nat},
      {"0xFF_ff", TokenKind::Nat},    {"+1", TokenKind::Int},
      {"-0x10", TokenKind::Int},      {"1.5", TokenKind::Float},
      {"1.", TokenKind::Float},       {"1e10", TokenKind::Float},
      {"1.e-3", TokenKind::Float},    {"0x1p-3", TokenKind::Float},
      {"0x1.8P+1", TokenKind::Float}, {"0x1.", TokenKind::Float},
      {"inf", TokenKind::Float},      {"-inf", TokenKind::Float},
      {"nan", TokenKind::Float},      {"+nan:0x1_0", TokenKind::Float},
      {"1__0", TokenKind::Reserved},  {"_1", TokenKind::Reserved},
      {"1_", TokenKind::Reserved},    {"0x", TokenKind::Reserved},
      {"1e", TokenKind::Reserved},    {"0x1g", TokenKind::Reserved},
      {"1._5", TokenKind::Reserved},  {"nan:0x", TokenKind::Keyword},
      {"0$x", TokenKind::Reserved},   {"nan:canonical", TokenKind::Keyword},
  };
  for (const auto& c : cases) {
    const Lexed lexed = lexAll(c.text);
    ASSERT_EQ(lexed.tokens.size(), 1u) << c.text;
    EXPECT_EQ(lexed.tokens[0].first, c.kind) << c.text;
  }
}

TEST(Lexer, KeywordsIdentifiersAndReservedRuns) {
  const Lexed lexed =
      lexAll("i32.add offset=0x10 align=4 offset=-1 $a$b $\"x y\" \"s\" \"a\"\"b\" $\"l\"0 , A a");
  ASSERT_TRUE(lexed.error.empty()) << lexed.error;
  const std::vector<std::pair<TokenKind, std::string>> expected = {
      {TokenKind::Keyword, "i32.add"},  {TokenKind::Keyword, "offset=0x10"},
      {TokenKind::Keyword, "align=4"},  {TokenKind::Reserved, "offset=-1"},
      {TokenKind::Id, "$a$b"},          {TokenKind::Id, "$\"x y\""},
      {TokenKind::String, "\"s\""},     {TokenKind::Reserved, "\"a\"\"b\""},
      {TokenKind::Reserved, "$\"l\"0"}, {TokenKind::Reserved, ","},
      {TokenKind::Reserved, "A"},       {TokenKind::Reserved, "a"},
  };
  EXPECT_EQ(lexed.tokens, expected);
}

TEST(Lexer, StringEscapesDecode) {
  EXPECT_EQ(decodeString("\"a\\n\\t\\r\\\\\\'\\\"\\41\\u{48}\\u{1F6_00}\""),
            "a\n\t\r\\'\"AH\xF0\x9F\x98\x80");
  EXPECT_EQ(decodeString("\"\\00\\ff\""), std::string("\0\xff", 2));
}

TEST(Lexer, Utf8Validation) {
  EXPECT_TRUE(isValidUtf8("plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(isValidUtf8("\xc0\x80"));         // overlong
  EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));     // surrogate
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80")); // past U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xe2\x82"));         // truncated
}

TEST(Lexer, MillionsOfNestedCommentsAndAnnotationsUseNoStack) {
  const std::size_t depth = 1'000'000;
  std::string comments;
  for (std::size_t i = 0; i < depth; ++i)
    comments += "(;";
  for (std::size_t i = 0; i < depth; ++i)
    comments += ";)";
  comments += " x";
  Lexed lexed = lexAll(comments);
  ASSERT_EQ(lexed.tokens.size(), 1u);
  std::string annotation = "(@a " + std::string(depth, '(') + std::string(depth, ')') + ") y";
  lexed = lexAll(annotation);
  ASSERT_EQ(lexed.tokens.size(), 1u);
  EXPECT_EQ(lexed.tokens[0].second, "y");
}

TEST(Lexer, ErrorsAreSticky) {
  Lexer lexer("\"open");
  const Token first = lexer.next();
  const Token again = lexer.next();
  EXPECT_EQ(first.kind, TokenKind::Error);
  EXPECT_EQ(again.kind, TokenKind::Error);
  EXPECT_EQ(again.offset, first.offset);
}

} // namespace
} // namespace wasmline::text
