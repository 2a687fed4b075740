#include "tools/number_option.h"

#include <cctype>
#include <charconv>
#include <optional>
#include <string>

namespace wasmline::tools {
namespace {

Error optionError(std::string_view option, std::string_view text, std::string_view what) {
  return Error(ErrorKind::InvalidArgument,
               std::string(option) + ": \"" + std::string(text) + "\" " + std::string(what));
}

// The decimal digits at the start of `text` as a number; `end` is set past them. Nullopt when
// there are none or the number does not fit 64 bits (`overflow` is then set).
std::optional<std::uint64_t> leadingDigits(std::string_view text, std::size_t& end,
                                           bool& overflow) {
  overflow = false;
  end = 0;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0)
    ++end;
  if (end == 0) return std::nullopt;
  std::uint64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + end, value, 10);
  if (result.ec == std::errc::result_out_of_range) {
    overflow = true;
    return std::nullopt;
  }
  return value;
}

Result<std::uint64_t> checkRange(std::string_view option, std::string_view text,
                                 std::uint64_t value, std::uint64_t min, std::uint64_t max,
                                 std::string_view unit) {
  if (value < min) {
    return optionError(option, text,
                       "is below the minimum of " + std::to_string(min) + std::string(unit));
  }
  if (value > max) {
    return optionError(option, text,
                       "is above the maximum of " + std::to_string(max) + std::string(unit));
  }
  return value;
}

} // namespace

Result<std::uint64_t> parseCountOption(std::string_view option, std::string_view text,
                                       std::uint64_t min, std::uint64_t max) {
  std::size_t end = 0;
  bool overflow = false;
  const auto value = leadingDigits(text, end, overflow);
  if (overflow) return optionError(option, text, "does not fit in 64 bits");
  if (!value || end != text.size()) {
    return optionError(option, text, "is not a whole number (write decimal digits only)");
  }
  return checkRange(option, text, *value, min, max, "");
}

Result<std::uint64_t> parseSizeOption(std::string_view option, std::string_view text,
                                      std::uint64_t min, std::uint64_t max) {
  std::size_t end = 0;
  bool overflow = false;
  const auto value = leadingDigits(text, end, overflow);
  if (overflow) return optionError(option, text, "does not fit in 64 bits");
  if (!value) {
    return optionError(option, text,
                       "is not a size in bytes (write digits with an optional K, M or G)");
  }
  std::string suffix(text.substr(end));
  for (char& c : suffix)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  int shift = 0;
  if (suffix.empty() || suffix == "B") {
    shift = 0;
  } else if (suffix == "K" || suffix == "KB" || suffix == "KIB") {
    shift = 10;
  } else if (suffix == "M" || suffix == "MB" || suffix == "MIB") {
    shift = 20;
  } else if (suffix == "G" || suffix == "GB" || suffix == "GIB") {
    shift = 30;
  } else {
    return optionError(option, text,
                       "is not a size in bytes (write digits with an optional K, M or G)");
  }
  if (*value > (~std::uint64_t{0} >> shift)) {
    return optionError(option, text, "does not fit in 64 bits");
  }
  return checkRange(option, text, *value << shift, min, max, " bytes");
}

Result<std::uint64_t> parseDurationOption(std::string_view option, std::string_view text) {
  std::size_t end = 0;
  bool overflow = false;
  const auto value = leadingDigits(text, end, overflow);
  if (overflow) return optionError(option, text, "does not fit in 64 bits");
  const std::string_view unit = text.substr(end);
  std::uint64_t scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1000;
  } else if (unit == "ms") {
    scale = 1;
  } else if (unit == "m") {
    scale = 60'000;
  }
  if (!value || scale == 0) {
    return optionError(option, text,
                       "is not a duration (write digits with an optional unit: s, ms or m)");
  }
  constexpr std::uint64_t kWeekMs = 7ull * 24 * 3600 * 1000;
  if (*value > kWeekMs / scale) return optionError(option, text, "is longer than 7 days");
  return checkRange(option, text, *value * scale, 1, kWeekMs, " milliseconds");
}

} // namespace wasmline::tools
