#include "spec-tests/quoted_modules.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>

namespace wasmline::spec {
namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Scans the text format's tokens far enough to find parentheses that are not inside strings or
// comments.
class Scanner {
public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::size_t position() const { return at_; }
  bool done() const { return at_ >= text_.size(); }

  // Skips whitespace and comments.
  void skipBlank() {
    while (!done()) {
      if (isSpace(text_[at_])) {
        ++at_;
      } else if (text_.substr(at_, 2) == ";;") {
        while (!done() && text_[at_] != '\n')
          ++at_;
      } else if (text_.substr(at_, 2) == "(;") {
        skipBlockComment();
      } else {
        return;
      }
    }
  }

  // Reads a word (keyword or $id) at the current position, or nothing.
  std::string_view word() {
    const std::size_t start = at_;
    while (!done() && !isSpace(text_[at_]) && text_[at_] != '(' && text_[at_] != ')' &&
           text_[at_] != '"' && text_[at_] != ';')
      ++at_;
    return text_.substr(start, at_ - start);
  }

  // Decodes a string literal at the current position (which is its opening quote).
  std::optional<std::string> string() {
    std::string decoded;
    ++at_;
    while (!done() && text_[at_] != '"') {
      char c = text_[at_++];
      if (c != '\\') {
        decoded += c;
        continue;
      }
      if (done()) return std::nullopt;
      c = text_[at_++];
      switch (c) {
      case 'n': decoded += '\n'; break;
      case 't': decoded += '\t'; break;
      case 'r': decoded += '\r'; break;
      case '\\':
      case '\'':
      case '"': decoded += c; break;
      case 'u': { // \u{hex}: UTF-8 encode
        if (done() || text_[at_] != '{') return std::nullopt;
        ++at_;
        std::uint32_t code = 0;
        while (!done() && std::isxdigit(static_cast<unsigned char>(text_[at_])))
          code = code * 16 + static_cast<std::uint32_t>(hexValue(text_[at_++]));
        if (done() || text_[at_] != '}') return std::nullopt;
        ++at_;
        appendUtf8(decoded, code);
        break;
      }
      default: {
        if (done() || !std::isxdigit(static_cast<unsigned char>(c)) ||
            !std::isxdigit(static_cast<unsigned char>(text_[at_]))) {
          return std::nullopt;
        }
        decoded += static_cast<char>(hexValue(c) * 16 + hexValue(text_[at_++]));
      }
      }
    }
    if (done()) return std::nullopt;
    ++at_; // the closing quote
    return decoded;
  }

  // Skips one token or balanced parenthesized form; false at the end of the text.
  bool skipItem() {
    skipBlank();
    if (done()) return false;
    const char c = text_[at_];
    if (c == '"') return string().has_value();
    if (c == ')') return false;
    if (c != '(') {
      word();
      return true;
    }
    ++at_;
    while (skipItem()) {
    }
    skipBlank();
    if (done()) return false;
    ++at_; // ')'
    return true;
  }

  char peek() const { return done() ? '\0' : text_[at_]; }
  void advance() { ++at_; }

private:
  static int hexValue(char c) {
    return std::isdigit(static_cast<unsigned char>(c))
               ? c - '0'
               : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
  }
  static void appendUtf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }
  void skipBlockComment() {
    int depth = 0;
    while (!done()) {
      if (text_.substr(at_, 2) == "(;") {
        ++depth;
        at_ += 2;
      } else if (text_.substr(at_, 2) == ";)") {
        at_ += 2;
        if (--depth == 0) return;
      } else {
        ++at_;
      }
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

} // namespace

std::string unquoteTopLevelModules(std::string_view script) {
  std::string out;
  Scanner scanner(script);
  std::size_t copied = 0;
  for (;;) {
    scanner.skipBlank();
    if (scanner.done() || scanner.peek() != '(') break;
    const std::size_t start = scanner.position();
    const Scanner formStart = scanner;
    // A top-level form: is it (module [$id] quote ...)?
    scanner.advance();
    scanner.skipBlank();
    bool quoted = false;
    std::string head;
    if (scanner.word() == "module") {
      scanner.skipBlank();
      std::string_view next = scanner.word();
      if (!next.empty() && next[0] == '$') {
        head = " " + std::string(next);
        scanner.skipBlank();
        next = scanner.word();
      }
      quoted = next == "quote";
    }
    if (!quoted) {
      scanner = formStart;
      if (!scanner.skipItem()) break;
      continue;
    }
    std::string text;
    bool ok = true;
    for (;;) {
      scanner.skipBlank();
      if (scanner.peek() == '"') {
        auto piece = scanner.string();
        if (!piece) {
          ok = false;
          break;
        }
        text += *piece;
      } else {
        ok = scanner.peek() == ')';
        break;
      }
    }
    if (!ok) break;    // leave the rest for the parser to report
    scanner.advance(); // ')'
    out.append(script.substr(copied, start - copied));
    // A line comment in the text needs a line end before the closing parenthesis. Line numbers
    // after the form stay right unless the text has more lines than the quoted form had.
    std::string replacement =
        "(module" + head + " " + text + (text.find(";;") != std::string::npos ? "\n)" : ")");
    const auto lines = [](std::string_view part) {
      return static_cast<std::size_t>(std::count(part.begin(), part.end(), '\n'));
    };
    const std::size_t original = lines(script.substr(start, scanner.position() - start));
    if (lines(replacement) < original) replacement.append(original - lines(replacement), '\n');
    out += replacement;
    copied = scanner.position();
  }
  out.append(script.substr(copied));
  return out;
}

} // namespace wasmline::spec
