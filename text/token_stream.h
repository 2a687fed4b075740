// Tokens with two of lookahead over a Lexer, and the first error of a parse formatted as
// "name:line:column: message".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "text/lexer.h"

namespace wasmline::text {

// Where lexing (re)starts: an offset with its line and the offset of that line's start.
struct SourcePosition {
  std::uint32_t offset = 0;
  std::uint32_t line = 1;
  std::uint32_t lineStart = 0;
};

class TokenStream {
public:
  // Tokens of `source` from `start`; messages name `sourceName`.
  TokenStream(std::string_view source, std::string_view sourceName, SourcePosition start = {});

  // The next token, without taking it.
  const Token& peek() {
    if (count_ == 0) fill();
    return ahead_[0];
  }
  // The token after the next one.
  const Token& peek2() {
    while (count_ < 2)
      fill();
    return ahead_[1];
  }
  // Takes the next token.
  Token take() {
    if (count_ == 0) fill();
    const Token token = ahead_[0];
    ahead_[0] = ahead_[1];
    --count_;
    lastEnd_ = token.offset + token.length;
    lastLine_ = token.line;
    lastLineStart_ = token.offset - (token.column - 1);
    return token;
  }
  // The offset just after the last token taken (0 before any).
  std::uint32_t lastEnd() const { return lastEnd_; }
  // The position just after the last token taken (a token never spans lines), where the trivia
  // before the next token begins.
  SourcePosition positionAfterLast() const {
    return SourcePosition{lastEnd_, lastLine_, lastLineStart_};
  }
  // Appends the annotations the lexer skips from now on to `sink` (see Lexer): tokens already
  // looked ahead at are past theirs, and a reset() may record some again.
  void recordAnnotations(std::vector<AnnotationSpan>* sink) { lexer_.recordAnnotations(sink); }

  std::string_view text(const Token& token) const { return lexer_.text(token); }
  std::string_view source() const { return lexer_.source(); }
  std::string_view sourceName() const { return sourceName_; }

  // True when the next token is `(` followed by the keyword `keyword`.
  bool peekParenKeyword(std::string_view keyword) {
    return peek().kind == TokenKind::LParen && peek2().kind == TokenKind::Keyword &&
           text(peek2()) == keyword;
  }
  // True when `token` is the keyword `keyword`.
  bool isKeyword(const Token& token, std::string_view keyword) const {
    return token.kind == TokenKind::Keyword && text(token) == keyword;
  }

  // Records the first error of the parse, at `token` (a lexical error's own message wins when
  // `token` is an Error token). Returns false, for `return fail(...)`.
  bool fail(const Token& token, std::string_view message);
  // "unexpected token X" (or end of file, or the lexical error), with what was expected.
  bool unexpected(const Token& token, std::string_view expected = {});
  // Takes the next token if it has `kind`; else fails with unexpected(expected).
  bool expect(TokenKind kind, std::string_view expected);
  bool expectLParen() { return expect(TokenKind::LParen, "\"(\""); }
  bool expectRParen() { return expect(TokenKind::RParen, "\")\""); }
  // Takes the keyword `keyword` or fails.
  bool expectKeyword(std::string_view keyword);

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  // The position of the next token (where a second lexer would start to read it again).
  SourcePosition position();
  // Continues lexing at `position` (dropping the lookahead).
  void reset(SourcePosition position) {
    std::vector<AnnotationSpan>* sink = lexer_.annotationSink();
    lexer_ = Lexer(lexer_.source(), position.offset, position.line, position.lineStart);
    lexer_.recordAnnotations(sink);
    count_ = 0;
  }
  // Skips tokens up to and including the `)` that closes an already opened `(`. False on a
  // lexical error or the end of the source.
  bool skipToClose();

private:
  void fill();

  Lexer lexer_;
  std::string_view sourceName_;
  Token ahead_[2];
  int count_ = 0;
  std::uint32_t lastEnd_ = 0;
  std::uint32_t lastLine_ = 1;
  std::uint32_t lastLineStart_ = 0;
  std::string error_;
};

} // namespace wasmline::text
