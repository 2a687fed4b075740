#include "tools/value_text.h"

#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <vector>

namespace wasmline::tools {
namespace {

Error invalid(std::string_view text, std::string_view what) {
  return Error(ErrorKind::InvalidArgument,
               "\"" + std::string(text) + "\" is not a valid " + std::string(what));
}

// An integer of at most 64 bits, decimal or 0x-hex, with an optional sign: its magnitude, sign and
// base.
struct Integer {
  std::uint64_t magnitude;
  bool negative;
  bool hex;
};

std::optional<Integer> parseInteger(std::string_view text) {
  Integer value{0, false, false};
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    value.negative = text[0] == '-';
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    value.hex = true;
    text.remove_prefix(2);
  }
  // from_chars accepts no sign of its own, so "0x-1" and "--1" fail here.
  if (text.empty()) return std::nullopt;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value.magnitude, base);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// How the integers of an argument may be written.
enum class IntegerRange {
  // The text format's range (v128 lanes): -2^(bits-1) .. 2^bits-1 in decimal or hex.
  SignedOrUnsigned,
  // A scalar i32/i64 argument: decimal in the signed range only (as wasmtime reads them); hex
  // writes the bits, 0 .. 2^bits-1, or with '-' a negative value down to -2^(bits-1).
  SignedDecimal,
};

// Integers of `bits` bits as their two's complement bits.
std::optional<std::uint64_t> parseIntegerBits(std::string_view text, int bits, IntegerRange range) {
  const auto value = parseInteger(text);
  if (!value) return std::nullopt;
  const std::uint64_t unsignedMax = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  const std::uint64_t negativeMax = std::uint64_t{1} << (bits - 1); // |INT_MIN|
  if (value->negative) {
    if (value->magnitude > negativeMax) return std::nullopt;
    return (~value->magnitude + 1) & unsignedMax;
  }
  const bool decimalSigned = range == IntegerRange::SignedDecimal && !value->hex;
  if (value->magnitude > (decimalSigned ? negativeMax - 1 : unsignedMax)) return std::nullopt;
  return value->magnitude;
}

// Floats: decimal, hex, inf, nan, nan:0xPAYLOAD. Returns the bits of a Float (float or double).
template <class Float, class Bits> std::optional<Bits> parseFloatBits(std::string_view text) {
  constexpr int kMantissaBits = std::numeric_limits<Float>::digits - 1;
  constexpr Bits kSign = Bits{1} << (sizeof(Bits) * 8 - 1);
  constexpr Bits kExponent = ~kSign & ~((Bits{1} << kMantissaBits) - 1);
  bool negative = false;
  std::string_view body = text;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  const Bits sign = negative ? kSign : 0;
  if (body == "nan") return sign | kExponent | (Bits{1} << (kMantissaBits - 1));
  if (body.starts_with("nan:0x")) {
    const auto payload = parseInteger(body.substr(4));
    if (!payload || payload->negative || payload->magnitude == 0 ||
        payload->magnitude >> kMantissaBits != 0) {
      return std::nullopt;
    }
    return sign | kExponent | static_cast<Bits>(payload->magnitude);
  }
  if (body == "inf" || body == "infinity") return sign | kExponent;
  if (body.empty() || body.find_first_of("nN_ ") != std::string_view::npos) return std::nullopt;
  // strtod/strtof read hex floats and round correctly.
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  Float value;
  if constexpr (sizeof(Float) == 4) {
    value = std::strtof(copy.c_str(), &end);
  } else {
    value = std::strtod(copy.c_str(), &end);
  }
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  if (errno == ERANGE && std::isinf(value)) return std::nullopt; // too large
  return std::bit_cast<Bits>(value);
}

struct Shape {
  std::string_view name;
  int lanes;
  int laneBits;
  bool isFloat;
};
constexpr Shape kShapes[] = {{"i8x16", 16, 8, false}, {"i16x8", 8, 16, false},
                             {"i32x4", 4, 32, false}, {"i64x2", 2, 64, false},
                             {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true}};

Result<Value> parseVector(std::string_view text) {
  const std::size_t colon = text.find(':');
  const Shape* shape = nullptr;
  for (const Shape& candidate : kShapes) {
    if (text.substr(0, colon) == candidate.name) shape = &candidate;
  }
  if (colon == std::string_view::npos || shape == nullptr) {
    return invalid(text, "v128 (write lanes as i8x16:, i16x8:, i32x4:, i64x2:, f32x4: or f64x2: "
                         "followed by comma-separated values)");
  }
  std::vector<std::string_view> lanes;
  std::string_view rest = text.substr(colon + 1);
  for (;;) {
    const std::size_t comma = rest.find(',');
    lanes.push_back(rest.substr(0, comma));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (static_cast<int>(lanes.size()) != shape->lanes) {
    return invalid(text, "v128: " + std::string(shape->name) + " takes " +
                             std::to_string(shape->lanes) + " lanes, got " +
                             std::to_string(lanes.size()));
  }
  V128 vector;
  for (int i = 0; i < shape->lanes; ++i) {
    std::optional<std::uint64_t> bits;
    if (shape->isFloat && shape->laneBits == 32) {
      bits = parseFloatBits<float, std::uint32_t>(lanes[static_cast<std::size_t>(i)]);
    } else if (shape->isFloat) {
      bits = parseFloatBits<double, std::uint64_t>(lanes[static_cast<std::size_t>(i)]);
    } else {
      bits = parseIntegerBits(lanes[static_cast<std::size_t>(i)], shape->laneBits,
                              IntegerRange::SignedOrUnsigned);
    }
    if (!bits) {
      return invalid(text, "v128: lane " + std::to_string(i) + " (\"" +
                               std::string(lanes[static_cast<std::size_t>(i)]) +
                               "\") is not a valid " + (shape->isFloat ? "f" : "i") +
                               std::to_string(shape->laneBits));
    }
    const int bytes = shape->laneBits / 8;
    for (int b = 0; b < bytes; ++b) // little-endian lanes
      vector.bytes[static_cast<std::size_t>(i * bytes + b)] =
          static_cast<std::uint8_t>(*bits >> (8 * b));
  }
  return Value::v128(vector);
}

template <class Float, class Bits> std::string formatFloat(Bits bits) {
  constexpr int kMantissaBits = std::numeric_limits<Float>::digits - 1;
  const Float value = std::bit_cast<Float>(bits);
  if (std::isnan(value)) {
    const bool negative = (bits >> (sizeof(Bits) * 8 - 1)) != 0;
    const Bits payload = bits & ((Bits{1} << kMantissaBits) - 1);
    std::string text = negative ? "-nan" : "nan";
    if (payload != Bits{1} << (kMantissaBits - 1)) {
      char hex[24];
      std::snprintf(hex, sizeof hex, ":0x%llx", static_cast<unsigned long long>(payload));
      text += hex;
    }
    return text;
  }
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

} // namespace

Result<Value> parseValue(std::string_view text, ValType type, Store& store) {
  switch (type.kind()) {
  case ValKind::I32: {
    const auto bits = parseIntegerBits(text, 32, IntegerRange::SignedDecimal);
    if (!bits) {
      return invalid(text,
                     "i32 (decimal -2147483648 to 2147483647, or hex bits 0x0 to 0xffffffff)");
    }
    return Value::i32(static_cast<std::int32_t>(static_cast<std::uint32_t>(*bits)));
  }
  case ValKind::I64: {
    const auto bits = parseIntegerBits(text, 64, IntegerRange::SignedDecimal);
    if (!bits) {
      return invalid(text, "i64 (decimal -9223372036854775808 to 9223372036854775807, or hex bits "
                           "0x0 to 0xffffffffffffffff)");
    }
    return Value::i64(static_cast<std::int64_t>(*bits));
  }
  case ValKind::F32: {
    const auto bits = parseFloatBits<float, std::uint32_t>(text);
    if (!bits) return invalid(text, "f32");
    return Value::f32Bits(*bits);
  }
  case ValKind::F64: {
    const auto bits = parseFloatBits<double, std::uint64_t>(text);
    if (!bits) return invalid(text, "f64");
    return Value::f64Bits(*bits);
  }
  case ValKind::V128: return parseVector(text);
  case ValKind::Ref: break;
  }
  if (type == ValType::ExternRef) {
    if (text == "null") return Value::nullRef(ValType::ExternRef);
    const auto bits = parseIntegerBits(text, 64, IntegerRange::SignedOrUnsigned);
    if (!bits) return invalid(text, "externref (\"null\" or a number)");
    return Value::externRef(store, *bits);
  }
  if (text == "null" && type.nullable()) return Value::nullRef(type);
  if (text.starts_with("i31:")) {
    const auto bits = parseIntegerBits(text.substr(4), 32, IntegerRange::SignedOrUnsigned);
    if (!bits) return invalid(text, "i31 (i31:N)");
    return Value::i31(static_cast<std::int32_t>(*bits));
  }
  return invalid(text, type.toString() + " (only \"null\" or i31:N can be written)");
}

std::string formatValue(const Value& value) {
  switch (value.type().kind()) {
  case ValKind::I32: return std::to_string(value.asI32());
  case ValKind::I64: return std::to_string(value.asI64());
  case ValKind::F32: return formatFloat<float, std::uint32_t>(value.f32Bits());
  case ValKind::F64: return formatFloat<double, std::uint64_t>(value.f64Bits());
  case ValKind::V128: {
    const V128 vector = value.asV128();
    std::string text = "i32x4:";
    for (int lane = 0; lane < 4; ++lane) {
      std::uint32_t bits = 0;
      for (int b = 3; b >= 0; --b) // lanes are little-endian
        bits = bits << 8 | vector.bytes[static_cast<std::size_t>(4 * lane + b)];
      char hex[16];
      std::snprintf(hex, sizeof hex, "%s0x%08x", lane == 0 ? "" : ",", bits);
      text += hex;
    }
    return text;
  }
  case ValKind::Ref: break;
  }
  const std::optional<HeapKind> kind = value.refKind();
  if (kind == HeapKind::Extern && value.type() == ValType::ExternRef) {
    return "ref.extern " + std::to_string(value.externPayload());
  }
  if (kind == HeapKind::I31) return "i31:" + std::to_string(*value.asI31());
  if (kind == HeapKind::Struct || kind == HeapKind::Array || kind == HeapKind::Extern) {
    // An opaque handle: what it is and its identity (equal handles, the same object).
    char handle[32];
    std::snprintf(handle, sizeof handle, "#%llx",
                  static_cast<unsigned long long>(value.identity()));
    return std::string(kind == HeapKind::Struct  ? "struct"
                       : kind == HeapKind::Array ? "array"
                                                 : "host") +
           handle;
  }
  if (value.isNull()) {
    switch (value.type().heapType().kind()) {
    case HeapKind::Any:
    case HeapKind::Eq:
    case HeapKind::I31:
    case HeapKind::Struct:
    case HeapKind::Array:
    case HeapKind::None: return "null";
    default: break;
    }
  }
  if (value.isNull()) return "ref.null " + value.type().heapType().toString();
  return "ref." + value.type().heapType().toString();
}

} // namespace wasmline::tools
