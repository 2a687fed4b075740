#include "text/printer/text_out.h"

#include <bit>
#include <charconv>
#include <cmath>

namespace wasmline::text {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void appendByte(std::string& out, std::uint8_t byte) {
  if (byte == '"' || byte == '\\') {
    out += '\\';
    out += static_cast<char>(byte);
  } else if (byte >= 0x20 && byte < 0x7F) {
    out += static_cast<char>(byte);
  } else {
    out += '\\';
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
}

std::string hexDigits(std::uint64_t value) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, 16);
  (void)ec;
  return std::string(buffer, end);
}

template <class Float, class Bits> std::string floatLiteral(Bits bits, int mantissaBits) {
  const Bits signBit = Bits{1} << (sizeof(Bits) * 8 - 1);
  const Bits mantissaMask = (Bits{1} << mantissaBits) - 1;
  const Bits exponentMask = ~(signBit | mantissaMask);
  std::string out = (bits & signBit) ? "-" : "";
  const Bits magnitude = bits & ~signBit;
  if ((magnitude & exponentMask) == exponentMask) {
    const Bits payload = magnitude & mantissaMask;
    if (payload == 0) return out + "inf";
    if (payload == Bits{1} << (mantissaBits - 1)) return out + "nan";
    return out + "nan:0x" + hexDigits(payload);
  }
  const Float value = std::bit_cast<Float>(magnitude);
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)ec;
  return out + std::string(buffer, end);
}

} // namespace

void appendQuoted(std::string& out, std::string_view bytes) {
  out += '"';
  for (const char c : bytes)
    appendByte(out, static_cast<std::uint8_t>(c));
  out += '"';
}

void appendQuoted(std::string& out, std::span<const std::uint8_t> bytes) {
  out += '"';
  for (const std::uint8_t byte : bytes)
    appendByte(out, byte);
  out += '"';
}

std::string f32Literal(std::uint32_t bits) {
  return floatLiteral<float, std::uint32_t>(bits, 23);
}

std::string f64Literal(std::uint64_t bits) {
  return floatLiteral<double, std::uint64_t>(bits, 52);
}

} // namespace wasmline::text
