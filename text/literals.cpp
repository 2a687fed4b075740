#include "text/literals.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace wasmline::text {
namespace {

int digitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The magnitude of an unsigned literal (digits, underscores, optional 0x), or nullopt on
// overflow of 64 bits or a malformed literal.
std::optional<std::uint64_t> magnitude(std::string_view text) {
  int base = 10;
  if (text.starts_with("0x")) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c == '_') continue;
    const int digit = digitValue(c);
    if (digit < 0 || digit >= base) return std::nullopt;
    const auto d = static_cast<std::uint64_t>(digit);
    if (value > (UINT64_MAX - d) / static_cast<std::uint64_t>(base)) return std::nullopt;
    value = value * static_cast<std::uint64_t>(base) + d;
  }
  return value;
}

template <class Float, class Bits> struct FloatTraits;
template <> struct FloatTraits<float, std::uint32_t> {
  static constexpr std::uint32_t kSign = 0x80000000u;
  static constexpr std::uint32_t kExponent = 0x7F800000u;
  static constexpr std::uint32_t kMantissa = 0x007FFFFFu;
  static constexpr std::uint32_t kQuiet = 0x00400000u;
};
template <> struct FloatTraits<double, std::uint64_t> {
  static constexpr std::uint64_t kSign = 0x8000000000000000u;
  static constexpr std::uint64_t kExponent = 0x7FF0000000000000u;
  static constexpr std::uint64_t kMantissa = 0x000FFFFFFFFFFFFFu;
  static constexpr std::uint64_t kQuiet = 0x0008000000000000u;
};

template <class Float, class Bits> std::optional<Bits> parseFloat(std::string_view text) {
  using Traits = FloatTraits<Float, Bits>;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const Bits sign = negative ? Traits::kSign : Bits{0};
  if (text == "inf") return sign | Traits::kExponent;
  if (text == "nan") return sign | Traits::kExponent | Traits::kQuiet;
  if (text.starts_with("nan:0x")) {
    const auto payload = magnitude(text.substr(4));
    if (!payload || *payload == 0 || *payload > Traits::kMantissa) return std::nullopt;
    return sign | Traits::kExponent | static_cast<Bits>(*payload);
  }
  // from_chars reads the digits in place; only a literal with underscores needs a copy.
  std::string copy;
  std::string_view digits = text;
  if (digits.find('_') != std::string_view::npos) {
    copy.reserve(digits.size());
    for (const char c : digits)
      if (c != '_') copy.push_back(c);
    digits = copy;
  }
  const bool hex = digits.starts_with("0x");
  const char* begin = digits.data() + (hex ? 2 : 0);
  const char* end = digits.data() + digits.size();
  Float value = 0;
  const auto [ptr, ec] = std::from_chars(
      begin, end, value, hex ? std::chars_format::hex : std::chars_format::general);
  if (ptr != end) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // Either it rounds to zero (fine: the value is a signed zero) or to infinity (malformed).
    const double approximate = std::strtod(std::string(digits).c_str(), nullptr);
    if (!(std::fabs(approximate) < 1.0)) return std::nullopt;
    value = 0;
  } else if (ec != std::errc()) {
    return std::nullopt;
  }
  Bits bits;
  std::memcpy(&bits, &value, sizeof bits);
  return sign | bits;
}

} // namespace

std::optional<std::uint64_t> parseUnsigned(std::string_view text, std::uint64_t max) {
  if (text.empty() || text[0] == '+' || text[0] == '-') return std::nullopt;
  const auto value = magnitude(text);
  if (!value || *value > max) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parseInteger(std::string_view text, int bits) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const auto value = magnitude(text);
  if (!value) return std::nullopt;
  const std::uint64_t mask = bits == 64 ? UINT64_MAX : (std::uint64_t{1} << bits) - 1;
  if (negative) {
    const std::uint64_t limit = std::uint64_t{1} << (bits - 1); // magnitude of -2^(bits-1)
    if (*value > limit) return std::nullopt;
    return (~*value + 1) & mask;
  }
  if (*value > mask) return std::nullopt;
  return *value;
}

std::optional<std::uint32_t> parseF32(std::string_view text) {
  return parseFloat<float, std::uint32_t>(text);
}

std::optional<std::uint64_t> parseF64(std::string_view text) {
  return parseFloat<double, std::uint64_t>(text);
}

} // namespace wasmline::text
