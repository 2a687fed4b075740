// The printer's output: lines with indentation, and the text format's spellings of strings and
// numbers, each of which the text parser reads back to the same bytes or bits.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace wasmline::text {

// Appends `bytes` as a string literal: printable ASCII as itself (with \" and \\ escaped), every
// other byte as \hh.
void appendQuoted(std::string& out, std::string_view bytes);
void appendQuoted(std::string& out, std::span<const std::uint8_t> bytes);

// The literals of f32.const / f64.const: the shortest decimal that reads back to the same bits,
// `inf`, `nan` (the canonical NaN) or `nan:0x...` (any other payload), each with a `-` when the
// sign bit is set.
std::string f32Literal(std::uint32_t bits);
std::string f64Literal(std::uint64_t bits);

// Output text built line by line.
class TextOut {
public:
  // Indentation stops growing past this depth, so deep nesting costs no quadratic space.
  static constexpr std::size_t kMaxIndent = 40;

  // Starts a new line indented by `depth` levels (two spaces each).
  void newline(std::size_t depth) {
    text_ += '\n';
    text_.append(2 * (depth < kMaxIndent ? depth : kMaxIndent), ' ');
  }
  void put(std::string_view text) { text_ += text; }
  void put(char c) { text_ += c; }
  // A space, then `text`.
  void word(std::string_view text) {
    text_ += ' ';
    text_ += text;
  }
  std::string& text() { return text_; }

private:
  std::string text_;
};

} // namespace wasmline::text
