#include "text/token_stream.h"

namespace wasmline::text {

TokenStream::TokenStream(std::string_view source, std::string_view sourceName, SourcePosition start)
    : lexer_(source, start.offset, start.line, start.lineStart), sourceName_(sourceName),
      lastEnd_(start.offset), lastLine_(start.line), lastLineStart_(start.lineStart) {}

void TokenStream::fill() {
  ahead_[count_++] = lexer_.next();
}

bool TokenStream::fail(const Token& token, std::string_view message) {
  if (!error_.empty()) return false;
  error_.reserve(sourceName_.size() + message.size() + 24);
  error_.append(sourceName_);
  error_ += ':';
  error_ += std::to_string(token.line);
  error_ += ':';
  error_ += std::to_string(token.column);
  error_ += ": ";
  if (token.kind == TokenKind::Error) {
    // The lexical error at the front of the lookahead is the one to report.
    error_ += lexer_.error();
  } else {
    error_ += message;
  }
  return false;
}

bool TokenStream::unexpected(const Token& token, std::string_view expected) {
  std::string message;
  if (token.kind == TokenKind::Eof) {
    message = "unexpected end of file";
  } else {
    const std::string_view shown = text(token).substr(0, 40);
    message = "unexpected token \"";
    message += shown;
    message += shown.size() < token.length ? "...\"" : "\"";
  }
  if (!expected.empty()) {
    message += ", expected ";
    message += expected;
  }
  return fail(token, message);
}

bool TokenStream::expect(TokenKind kind, std::string_view expected) {
  if (peek().kind != kind) return unexpected(peek(), expected);
  take();
  return true;
}

bool TokenStream::expectKeyword(std::string_view keyword) {
  if (!isKeyword(peek(), keyword))
    return unexpected(peek(), std::string("\"") + std::string(keyword) + "\"");
  take();
  return true;
}

SourcePosition TokenStream::position() {
  const Token& next = peek();
  return SourcePosition{next.offset, next.line, next.offset - (next.column - 1)};
}

bool TokenStream::skipToClose() {
  std::size_t depth = 1;
  while (count_ > 0) {
    const Token token = take();
    switch (token.kind) {
    case TokenKind::LParen: ++depth; break;
    case TokenKind::RParen:
      if (--depth == 0) return true;
      break;
    case TokenKind::Eof: return unexpected(token, "\")\"");
    case TokenKind::Error: return fail(token, {});
    default: break;
    }
  }
  while (depth > 0) {
    Token error;
    if (!lexer_.skipBalanced(error)) {
      return error.kind == TokenKind::Eof ? unexpected(error, "\")\"") : fail(error, {});
    }
    --depth;
    // The `)` just skipped is the last token taken.
    lastEnd_ = lexer_.offset();
    lastLine_ = lexer_.line();
    lastLineStart_ = lexer_.lineStart();
  }
  return true;
}

} // namespace wasmline::text
