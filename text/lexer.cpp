#include "text/lexer.h"

namespace wasmline::text {
namespace {

constexpr bool isDigit(unsigned char c) {
  return c >= '0' && c <= '9';
}

constexpr bool isHexDigit(unsigned char c) {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hexValue(unsigned char c) {
  if (isDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// The length (1 to 4) of the well-formed UTF-8 sequence at s[i], or 0 when it is malformed.
int utf8Length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  const auto cont = [&](std::size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
  const unsigned c = byte(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return byte(1) >= 0xA0 && byte(1) <= 0xBF && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return byte(1) >= 0x80 && byte(1) <= 0x9F && cont(2) ? 3 : 0;
  if (c == 0xF0) return byte(1) >= 0x90 && byte(1) <= 0xBF && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return byte(1) >= 0x80 && byte(1) <= 0x8F && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// The end of a run of digits with single underscores between them starting at `i`, or `i` when
// there is no digit there.
std::size_t scanDigits(std::string_view s, std::size_t i, bool hex) {
  const auto digit = [hex](unsigned char c) { return hex ? isHexDigit(c) : isDigit(c); };
  if (i >= s.size() || !digit(static_cast<unsigned char>(s[i]))) return i;
  ++i;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (digit(c)) {
      ++i;
    } else if (c == '_' && i + 1 < s.size() && digit(static_cast<unsigned char>(s[i + 1]))) {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

// Nat, Int or Float when `t` has the shape of a number literal, else Reserved.
TokenKind classifyNumber(std::string_view t) {
  bool sign = false;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
    sign = true;
    t.remove_prefix(1);
  }
  if (t == "inf" || t == "nan") return TokenKind::Float;
  if (t.starts_with("nan:0x")) {
    const std::size_t end = scanDigits(t, 6, true);
    return end > 6 && end == t.size() ? TokenKind::Float : TokenKind::Reserved;
  }
  const bool hex = t.starts_with("0x");
  const std::size_t start = hex ? 2 : 0;
  std::size_t i = scanDigits(t, start, hex);
  if (i == start) return TokenKind::Reserved;
  bool isFloat = false;
  if (i < t.size() && t[i] == '.') {
    isFloat = true;
    i = scanDigits(t, i + 1, hex);
  }
  if (i < t.size() && (hex ? (t[i] == 'p' || t[i] == 'P') : (t[i] == 'e' || t[i] == 'E'))) {
    isFloat = true;
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    const std::size_t exponent = scanDigits(t, i, false);
    if (exponent == i) return TokenKind::Reserved;
    i = exponent;
  }
  if (i != t.size()) return TokenKind::Reserved;
  if (isFloat) return TokenKind::Float;
  return sign ? TokenKind::Int : TokenKind::Nat;
}

bool isNat(std::string_view t) {
  return classifyNumber(t) == TokenKind::Nat;
}

bool isKeyword(std::string_view t) {
  if (t.size() < 2 || t[0] < 'a' || t[0] > 'z') {
    return false;
  }
  for (const char ch : t.substr(1)) {
    const auto c = static_cast<unsigned char>(ch);
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && !isDigit(c) && c != '_' && c != '.' && c != ':') return false;
  }
  return true;
}

} // namespace

bool isValidUtf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const int length = utf8Length(bytes, i);
    if (length == 0) return false;
    i += static_cast<std::size_t>(length);
  }
  return true;
}

void appendString(std::string_view token, std::string& out) {
  // The token is checked: a quote, characters and escapes, a quote.
  std::size_t i = 1;
  const std::size_t end = token.size() - 1;
  while (i < end) {
    if (token[i] != '\\') {
      std::size_t run = i + 1;
      while (run < end && token[run] != '\\')
        ++run;
      out.append(token.data() + i, run - i);
      i = run;
      continue;
    }
    const char e = token[i + 1];
    i += 2;
    switch (e) {
    case 'n': out.push_back('\n'); break;
    case 'r': out.push_back('\r'); break;
    case 't': out.push_back('\t'); break;
    case '\\': out.push_back('\\'); break;
    case '\'': out.push_back('\''); break;
    case '"': out.push_back('"'); break;
    case 'u': {
      std::uint32_t value = 0;
      ++i; // '{'
      while (token[i] != '}') {
        if (token[i] != '_') value = value * 16 + static_cast<std::uint32_t>(hexValue(token[i]));
        ++i;
      }
      ++i; // '}'
      if (value < 0x80) {
        out.push_back(static_cast<char>(value));
      } else if (value < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (value >> 6)));
        out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
      } else if (value < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (value >> 12)));
        out.push_back(static_cast<char>(0x80 | ((value >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xF0 | (value >> 18)));
        out.push_back(static_cast<char>(0x80 | ((value >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((value >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
      }
      break;
    }
    default:
      out.push_back(static_cast<char>(hexValue(static_cast<unsigned char>(e)) * 16 +
                                      hexValue(static_cast<unsigned char>(token[i]))));
      ++i;
      break;
    }
  }
}

std::string decodeString(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  appendString(token, out);
  return out;
}

Lexer::Lexer(std::string_view source, std::uint32_t offset, std::uint32_t line,
             std::uint32_t lineStart)
    : source_(source), pos_(offset), line_(line), lineStart_(lineStart) {}

Token Lexer::make(TokenKind kind, std::uint32_t start, std::uint32_t startLine,
                  std::uint32_t startLineStart) const {
  return Token{kind, start, pos_ - start, startLine, start - startLineStart + 1};
}

Token Lexer::fail(std::uint32_t at, std::string message) {
  error_ = std::move(message);
  const std::uint32_t lineStart = at >= lineStart_ ? lineStart_ : at;
  return Token{TokenKind::Error, at, 1, line_, at - lineStart + 1};
}

void Lexer::newline() {
  ++pos_;
  ++line_;
  lineStart_ = pos_;
}

bool Lexer::skipLineComment(Token& error) {
  pos_ += 2;
  while (pos_ < source_.size() && source_[pos_] != '\n' && source_[pos_] != '\r') {
    const int length = utf8Length(source_, pos_);
    if (length == 0) {
      error = fail(pos_, "malformed UTF-8 encoding");
      return false;
    }
    pos_ += static_cast<std::uint32_t>(length);
  }
  return true;
}

bool Lexer::skipBlockComment(Token& error) {
  const std::uint32_t start = pos_;
  const std::uint32_t startLine = line_;
  const std::uint32_t startLineStart = lineStart_;
  pos_ += 2;
  std::size_t depth = 1;
  while (depth > 0) {
    if (pos_ >= source_.size()) {
      error_ = "unclosed comment";
      error = Token{TokenKind::Error, start, 2, startLine, start - startLineStart + 1};
      return false;
    }
    const char c = source_[pos_];
    if (c == '(' && pos_ + 1 < source_.size() && source_[pos_ + 1] == ';') {
      ++depth;
      pos_ += 2;
    } else if (c == ';' && pos_ + 1 < source_.size() && source_[pos_ + 1] == ')') {
      --depth;
      pos_ += 2;
    } else if (c == '\n') {
      newline();
    } else {
      const int length = utf8Length(source_, pos_);
      if (length == 0) {
        error = fail(pos_, "malformed UTF-8 encoding");
        return false;
      }
      pos_ += static_cast<std::uint32_t>(length);
    }
  }
  return true;
}

bool Lexer::scanString(Token& error) {
  const std::uint32_t start = pos_;
  ++pos_;
  while (true) {
    if (pos_ >= source_.size() || source_[pos_] == '\n') {
      error = fail(start, "unclosed string literal");
      return false;
    }
    const auto c = static_cast<unsigned char>(source_[pos_]);
    if (c == '"') {
      ++pos_;
      return true;
    }
    if (c == '\\') {
      const auto e = pos_ + 1 < source_.size() ? static_cast<unsigned char>(source_[pos_ + 1]) : 0;
      switch (e) {
      case 'n':
      case 'r':
      case 't':
      case '\\':
      case '\'':
      case '"': pos_ += 2; continue;
      case 'u': {
        std::uint32_t i = pos_ + 2;
        if (i >= source_.size() || source_[i] != '{') break;
        const std::size_t end = scanDigits(source_, i + 1, true);
        if (end == i + 1 || end >= source_.size() || source_[end] != '}') break;
        std::uint64_t value = 0;
        bool tooLarge = false;
        for (std::size_t k = i + 1; k < end; ++k) {
          if (source_[k] == '_') continue;
          value = value * 16 + static_cast<std::uint64_t>(hexValue(source_[k]));
          if (value > 0x10FFFF) tooLarge = true;
        }
        if (tooLarge || (value >= 0xD800 && value < 0xE000)) {
          error = fail(pos_, "malformed unicode escape");
          return false;
        }
        pos_ = static_cast<std::uint32_t>(end + 1);
        continue;
      }
      default:
        if (isHexDigit(e) && pos_ + 2 < source_.size() &&
            isHexDigit(static_cast<unsigned char>(source_[pos_ + 2]))) {
          pos_ += 3;
          continue;
        }
        break;
      }
      error = fail(pos_, "illegal escape");
      return false;
    }
    if (c < 0x20 || c == 0x7F) {
      error = fail(pos_, "illegal control character in string literal");
      return false;
    }
    const int length = utf8Length(source_, pos_);
    if (length == 0) {
      error = fail(pos_, "malformed UTF-8 encoding");
      return false;
    }
    pos_ += static_cast<std::uint32_t>(length);
  }
}

bool Lexer::scanRun(Token& error, std::uint32_t& idChars, int& strings) {
  idChars = 0;
  strings = 0;
  while (pos_ < source_.size()) {
    const auto c = static_cast<unsigned char>(source_[pos_]);
    if (isIdChar(c)) {
      ++pos_;
      ++idChars;
    } else if (c == '"') {
      if (!scanString(error)) return false;
      ++strings;
    } else {
      break;
    }
  }
  return true;
}

bool Lexer::skipAnnotation(Token& error) {
  const std::uint32_t start = pos_;
  const std::uint32_t startLine = line_;
  const std::uint32_t startLineStart = lineStart_;
  const auto unclosed = [&] {
    error_ = "unclosed annotation";
    error = Token{TokenKind::Error, start, 2, startLine, start - startLineStart + 1};
    return false;
  };
  // An annotation id must follow "(@": an id or a non-empty string.
  const auto annotationId = [&]() -> bool {
    if (pos_ < source_.size() && isIdChar(static_cast<unsigned char>(source_[pos_]))) {
      while (pos_ < source_.size() && isIdChar(static_cast<unsigned char>(source_[pos_])))
        ++pos_;
      return true;
    }
    if (pos_ < source_.size() && source_[pos_] == '"') {
      const std::uint32_t stringStart = pos_;
      if (!scanString(error)) return false;
      const std::string id = decodeString(source_.substr(stringStart, pos_ - stringStart));
      if (id.empty()) {
        error = fail(stringStart, "empty annotation id");
        return false;
      }
      if (!isValidUtf8(id)) {
        error = fail(stringStart, "malformed UTF-8 encoding");
        return false;
      }
      return true;
    }
    error = fail(pos_, "empty annotation id");
    return false;
  };
  pos_ += 2;
  const std::uint32_t idStart = pos_;
  if (!annotationId()) return false;
  const std::string_view id = source_.substr(idStart, pos_ - idStart);
  std::size_t depth = 1;
  while (true) {
    if (pos_ >= source_.size()) return unclosed();
    const auto c = static_cast<unsigned char>(source_[pos_]);
    if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
    } else if (c == '\n') {
      newline();
    } else if (c == ';' && pos_ + 1 < source_.size() && source_[pos_ + 1] == ';') {
      if (!skipLineComment(error)) return false;
    } else if (c == '(' && pos_ + 1 < source_.size() && source_[pos_ + 1] == ';') {
      if (!skipBlockComment(error)) return false;
    } else if (c == '(') {
      ++pos_;
      ++depth;
      if (pos_ + 1 < source_.size() && source_[pos_] == '@' && source_[pos_ + 1] == '"') {
        ++pos_;
        if (!annotationId()) return false;
      }
    } else if (c == ')') {
      ++pos_;
      if (--depth == 0) {
        if (annotations_ != nullptr) {
          annotations_->push_back(
              AnnotationSpan{id, start, pos_, startLine, start - startLineStart + 1});
        }
        return true;
      }
    } else if (c == '"' || isIdChar(c)) {
      const std::uint32_t runStart = pos_;
      std::uint32_t idChars = 0;
      int strings = 0;
      if (!scanRun(error, idChars, strings)) return false;
      const std::string_view run = source_.substr(runStart, pos_ - runStart);
      if (run == "$" || (strings == 1 && run[0] == '$' && run.size() > 1 && run[1] == '"' &&
                         run.back() == '"' && decodeString(run.substr(1)).empty())) {
        error = fail(runStart, "empty identifier");
        return false;
      }
    } else if (c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}') {
      ++pos_;
    } else {
      const int length = utf8Length(source_, pos_);
      error = fail(pos_, length == 0 ? "malformed UTF-8 encoding" : "illegal character");
      return false;
    }
  }
}

bool Lexer::skipTrivia(Token& error) {
  while (pos_ < source_.size()) {
    const char c = source_[pos_];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
    } else if (c == '\n') {
      newline();
    } else if (c == ';' && pos_ + 1 < source_.size() && source_[pos_ + 1] == ';') {
      if (!skipLineComment(error)) return false;
    } else if (c == '(' && pos_ + 1 < source_.size() && source_[pos_ + 1] == ';') {
      if (!skipBlockComment(error)) return false;
    } else if (c == '(' && pos_ + 1 < source_.size() && source_[pos_ + 1] == '@') {
      if (!skipAnnotation(error)) return false;
    } else {
      break;
    }
  }
  return true;
}

bool Lexer::skipBalanced(Token& error) {
  if (failed_) {
    error = errorToken_;
    return false;
  }
  std::size_t depth = 1;
  while (true) {
    if (!skipTrivia(error)) break;
    if (pos_ >= source_.size()) {
      error = Token{TokenKind::Eof, pos_, 0, line_, pos_ - lineStart_ + 1};
      return false;
    }
    const auto c = static_cast<unsigned char>(source_[pos_]);
    if (c == '(') {
      ++depth;
      ++pos_;
    } else if (c == ')') {
      ++pos_;
      if (--depth == 0) return true;
    } else if (c == '"') {
      if (!scanString(error)) break;
    } else if (isIdChar(c) || c == ',' || c == ';' || c == '[' || c == ']' || c == '{' ||
               c == '}') {
      ++pos_;
    } else {
      error = lexOne(); // the error a token here would be
      break;
    }
  }
  failed_ = true;
  errorToken_ = error;
  return false;
}

Token Lexer::next() {
  if (failed_) return errorToken_;
  Token token = lexOne();
  if (token.kind == TokenKind::Error) {
    failed_ = true;
    errorToken_ = token;
  }
  return token;
}

Token Lexer::lexOne() {
  Token error;
  // Most tokens follow a single space: skip it before the general trivia loop.
  if (pos_ < source_.size() && source_[pos_] == ' ') ++pos_;
  if (pos_ < source_.size() &&
      (source_[pos_] == ' ' || source_[pos_] == '\n' || source_[pos_] == '\t' ||
       source_[pos_] == '\r' || source_[pos_] == ';' || source_[pos_] == '(')) {
    if (!skipTrivia(error)) return error;
  }
  const std::uint32_t start = pos_;
  const std::uint32_t line = line_;
  const std::uint32_t lineStart = lineStart_;
  if (pos_ >= source_.size()) return make(TokenKind::Eof, start, line, lineStart);
  const auto c = static_cast<unsigned char>(source_[pos_]);
  switch (c) {
  case '(': ++pos_; return make(TokenKind::LParen, start, line, lineStart);
  case ')': ++pos_; return make(TokenKind::RParen, start, line, lineStart);
  case ',':
  case ';':
  case '[':
  case ']':
  case '{':
  case '}': ++pos_; return make(TokenKind::Reserved, start, line, lineStart);
  default: break;
  }
  if (c >= 'a' && c <= 'z') {
    // The common case, a keyword: letters, digits, '_', '.', ':' up to a delimiter.
    std::uint32_t end = pos_ + 1;
    while (end < source_.size() && isKeywordChar(static_cast<unsigned char>(source_[end])))
      ++end;
    const bool delimited =
        end == source_.size() ||
        (!isIdChar(static_cast<unsigned char>(source_[end])) && source_[end] != '"');
    const std::string_view run = source_.substr(pos_, end - pos_);
    if (delimited && run.size() >= 2 && !(c == 'i' && run == "inf") &&
        !(c == 'n' && run.starts_with("nan"))) {
      pos_ = end;
      return make(TokenKind::Keyword, start, line, lineStart);
    }
  }
  if (c == '"' || isIdChar(c)) {
    std::uint32_t idChars = 0;
    int strings = 0;
    if (!scanRun(error, idChars, strings)) return error;
    const std::string_view run = source_.substr(start, pos_ - start);
    if (strings > 0) {
      if (strings == 1 && idChars == 0) return make(TokenKind::String, start, line, lineStart);
      if (strings == 1 && idChars == 1 && run[0] == '$') {
        const std::string name = decodeString(run.substr(1));
        if (name.empty()) return fail(start, "empty identifier");
        if (!isValidUtf8(name)) return fail(start, "malformed UTF-8 encoding");
        return make(TokenKind::Id, start, line, lineStart);
      }
      return make(TokenKind::Reserved, start, line, lineStart);
    }
    if (run == "$") return fail(start, "empty identifier");
    if (run[0] == '$') return make(TokenKind::Id, start, line, lineStart);
    const char first = run[0];
    if ((first >= '0' && first <= '9') || first == '+' || first == '-' || run == "inf" ||
        run.starts_with("nan")) {
      const TokenKind number = classifyNumber(run);
      if (number != TokenKind::Reserved) return make(number, start, line, lineStart);
    }
    if (isKeyword(run)) return make(TokenKind::Keyword, start, line, lineStart);
    if ((run.starts_with("offset=") && isNat(run.substr(7))) ||
        (run.starts_with("align=") && isNat(run.substr(6)))) {
      return make(TokenKind::Keyword, start, line, lineStart);
    }
    return make(TokenKind::Reserved, start, line, lineStart);
  }
  if (c < 0x20 || c == 0x7F) return fail(start, "misplaced control character");
  const int length = utf8Length(source_, pos_);
  return fail(start, length == 0 ? "malformed UTF-8 encoding" : "misplaced unicode character");
}

} // namespace wasmline::text
