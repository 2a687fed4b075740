// The lexer of the WebAssembly text format (WebAssembly 3.0, "Lexical Format"): tokens with their
// line and column. Whitespace, line and nested block comments and annotations `(@id ...)`
// (nested ones too) are skipped; everything is checked as the spec's lexer does (UTF-8, control
// characters, string escapes, the shapes of numbers).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wasmline::text {

enum class TokenKind : std::uint8_t {
  LParen,
  RParen,
  Keyword,  // [a-z] followed by letters, digits, '_', '.', ':'; also offset=N and align=N
  Id,       // $name or $"name"
  Nat,      // an unsigned integer literal: 12, 0x1_F
  Int,      // a signed integer literal: +1, -0x10
  Float,    // a float literal: 1.5, 1e3, -0x1p-3, inf, nan, nan:0x1
  String,   // "..."
  Reserved, // any other run of identifier characters and strings: an error wherever it appears
  Eof,
  Error, // a lexical error; Lexer::error() says which
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  std::uint32_t offset = 0; // of the first byte in the source
  std::uint32_t length = 0;
  std::uint32_t line = 1;   // 1-based
  std::uint32_t column = 1; // 1-based, in bytes
};

// An annotation the lexer skipped: `(@id ...)` from `start` (the "(@") to `end` (after its ")").
struct AnnotationSpan {
  std::string_view id; // as written after "(@": idchars, or a string literal with its quotes
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

// The value of a string token (its escapes decoded; any bytes). The token must come from the
// lexer, which has checked it.
std::string decodeString(std::string_view token);
// Appends the value of a string token to `out`.
void appendString(std::string_view token, std::string& out);

// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool isValidUtf8(std::string_view bytes);

class Lexer {
public:
  // A lexer over `source`, which must outlive it. `line` and `lineStart` place the first byte
  // (for lexing a part of a larger text).
  explicit Lexer(std::string_view source, std::uint32_t offset = 0, std::uint32_t line = 1,
                 std::uint32_t lineStart = 0);

  // The next token. At the end of the source: Eof (again on every call). On a lexical error:
  // an Error token at the offending position, with error() set (and the same token again on
  // every later call).
  Token next();

  // Skips the rest of a parenthesized form whose `(` was already lexed, up to and including the
  // `)` that closes it, checking what it skips as next() would (strings, comments, annotations,
  // characters) without classifying tokens. False on a lexical error or the end of the source,
  // with `error` the Error (or Eof) token.
  bool skipBalanced(Token& error);

  // Appends every well-formed annotation skipped from now on to `sink` (nullptr: none).
  void recordAnnotations(std::vector<AnnotationSpan>* sink) { annotations_ = sink; }
  std::vector<AnnotationSpan>* annotationSink() const { return annotations_; }

  // The message of the last Error token ("unclosed string literal", ...).
  const std::string& error() const { return error_; }
  // The source text of `token`.
  std::string_view text(const Token& token) const {
    return source_.substr(token.offset, token.length);
  }
  std::string_view source() const { return source_; }
  // The offset, line and start of line of the next byte to lex.
  std::uint32_t offset() const { return pos_; }
  std::uint32_t line() const { return line_; }
  std::uint32_t lineStart() const { return lineStart_; }

private:
  Token lexOne();
  Token make(TokenKind kind, std::uint32_t start, std::uint32_t startLine,
             std::uint32_t startLineStart) const;
  Token fail(std::uint32_t at, std::string message);
  // Skips whitespace, comments and annotations; false (with an Error in `error`) on a bad one.
  bool skipTrivia(Token& error);
  bool skipLineComment(Token& error);
  bool skipBlockComment(Token& error);
  bool skipAnnotation(Token& error);
  // Scans a run of identifier characters and strings from pos_; false on a bad string.
  bool scanRun(Token& error, std::uint32_t& idChars, int& strings);
  // Scans a string literal starting at pos_ (on the quote); false on an error.
  bool scanString(Token& error);
  // Advances over one byte, counting lines.
  void newline();

  std::string_view source_;
  std::uint32_t pos_;
  std::uint32_t line_;
  std::uint32_t lineStart_;
  std::string error_;
  bool failed_ = false;
  Token errorToken_;
  std::vector<AnnotationSpan>* annotations_ = nullptr;
};

// The character classes of the text format: idchar (letters, digits and the symbols
// !#$%&'*+-./:<=>?@\^_`|~).
inline constexpr auto kIdChars = [] {
  struct Table {
    bool is[256] = {};
  } table;
  for (int c = '0'; c <= '9'; ++c)
    table.is[c] = true;
  for (int c = 'a'; c <= 'z'; ++c)
    table.is[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c)
    table.is[c] = true;
  for (const char c : std::string_view("!#$%&'*+-./:<=>?@\\^_`|~"))
    table.is[static_cast<unsigned char>(c)] = true;
  return table;
}();

constexpr bool isIdChar(unsigned char c) {
  return kIdChars.is[c];
}

// The characters of keywords after the first: letters, digits, '_', '.', ':'.
inline constexpr auto kKeywordChars = [] {
  struct Table {
    bool is[256] = {};
  } table;
  for (int c = '0'; c <= '9'; ++c)
    table.is[c] = true;
  for (int c = 'a'; c <= 'z'; ++c)
    table.is[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c)
    table.is[c] = true;
  table.is[static_cast<unsigned char>('_')] = true;
  table.is[static_cast<unsigned char>('.')] = true;
  table.is[static_cast<unsigned char>(':')] = true;
  return table;
}();

constexpr bool isKeywordChar(unsigned char c) {
  return kKeywordChars.is[c];
}

} // namespace wasmline::text
