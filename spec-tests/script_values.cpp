#include "spec-tests/script_values.h"

#include <cstdio>

namespace wasmline::spec {
namespace {

using Kind = text::ScriptValue::Kind;

std::uint64_t laneOf(const std::array<std::uint8_t, 16>& bytes, int index, int bits) {
  std::uint64_t value = 0;
  const int size = bits / 8;
  for (int i = size - 1; i >= 0; --i)
    value = (value << 8) | bytes[static_cast<std::size_t>(index * size + i)];
  return value;
}

std::array<std::uint8_t, 16> bytesOf(const Value& value) {
  std::array<std::uint8_t, 16> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value.rawLow() >> (8 * i));
    bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(value.rawHigh() >> (8 * i));
  }
  return bytes;
}

bool nanMatches(std::uint64_t bits, int width, text::NanPattern pattern) {
  const std::uint64_t exponent = width == 32 ? 0x7F800000u : 0x7FF0000000000000u;
  const std::uint64_t quiet = width == 32 ? 0x00400000u : 0x0008000000000000u;
  const std::uint64_t magnitude = bits & (width == 32 ? 0x7FFFFFFFu : 0x7FFFFFFFFFFFFFFFu);
  if (pattern == text::NanPattern::Canonical) return magnitude == (exponent | quiet);
  return (magnitude & exponent) == exponent && (magnitude & quiet) != 0;
}

std::string hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// The reference type of a null literal's heap type, or nullopt when the API has none for it.
std::optional<ValType> nullType(const text::ScriptValue& literal) {
  switch (literal.heap) {
  case text::HeapKind::Func:
  case text::HeapKind::NoFunc: return ValType::FuncRef;
  case text::HeapKind::Extern:
  case text::HeapKind::NoExtern: return ValType::ExternRef;
  default: return std::nullopt;
  }
}

} // namespace

Result<Value> toValue(Store& store, const text::ScriptValue& literal) {
  std::uint64_t low = 0, high = 0;
  for (int i = 7; i >= 0; --i)
    low = (low << 8) | literal.bytes[static_cast<std::size_t>(i)];
  for (int i = 15; i >= 8; --i)
    high = (high << 8) | literal.bytes[static_cast<std::size_t>(i)];
  switch (literal.kind) {
  case Kind::I32: return Value::fromRaw(ValType::I32, low, 0, nullptr);
  case Kind::I64: return Value::fromRaw(ValType::I64, low, 0, nullptr);
  case Kind::F32: return Value::fromRaw(ValType::F32, low, 0, nullptr);
  case Kind::F64: return Value::fromRaw(ValType::F64, low, 0, nullptr);
  case Kind::V128: return Value::fromRaw(ValType::V128, low, high, nullptr);
  case Kind::RefNull:
    if (const auto type = nullType(literal)) return Value::nullRef(*type);
    return Error(ErrorKind::InvalidArgument,
                 "a null reference of this heap type has no value in the embedding API");
  case Kind::RefExtern: return Value::externRef(store, literal.payload);
  default:
    return Error(ErrorKind::InvalidArgument,
                 "ref.host and GC references have no value in the embedding API");
  }
}

bool matches(const Value& actual, const text::ScriptValue& pattern) {
  const std::array<std::uint8_t, 16> bytes = bytesOf(actual);
  switch (pattern.kind) {
  case Kind::I32:
    return actual.type() == ValType::I32 && laneOf(bytes, 0, 32) == laneOf(pattern.bytes, 0, 32);
  case Kind::I64:
    return actual.type() == ValType::I64 && laneOf(bytes, 0, 64) == laneOf(pattern.bytes, 0, 64);
  case Kind::F32:
  case Kind::F64: {
    const int width = pattern.kind == Kind::F32 ? 32 : 64;
    if (actual.type() != (width == 32 ? ValType::F32 : ValType::F64)) return false;
    const std::uint64_t bits = laneOf(bytes, 0, width);
    if (pattern.nan[0] != text::NanPattern::None) return nanMatches(bits, width, pattern.nan[0]);
    return bits == laneOf(pattern.bytes, 0, width);
  }
  case Kind::V128: {
    if (actual.type() != ValType::V128) return false;
    const int lanes = 128 / pattern.laneBits;
    for (int i = 0; i < lanes; ++i) {
      const std::uint64_t got = laneOf(bytes, i, pattern.laneBits);
      const auto nan = pattern.floatLanes && i < 4 ? pattern.nan[static_cast<std::size_t>(i)]
                                                   : text::NanPattern::None;
      if (nan != text::NanPattern::None) {
        if (!nanMatches(got, pattern.laneBits, nan)) return false;
      } else if (got != laneOf(pattern.bytes, i, pattern.laneBits)) {
        return false;
      }
    }
    return true;
  }
  case Kind::RefNull: {
    if (!isReference(actual.type()) || !actual.isNull()) return false;
    if (!pattern.hasHeapType) return true;
    const auto type = nullType(pattern);
    return type && *type == actual.type();
  }
  case Kind::RefExtern:
    if (actual.type() != ValType::ExternRef || actual.isNull()) return false;
    return !pattern.hasPayload || actual.externPayload() == pattern.payload;
  case Kind::RefFunc: return actual.type() == ValType::FuncRef && !actual.isNull();
  case Kind::RefAny: return isReference(actual.type()) && !actual.isNull();
  default: return false; // GC and exception references: no such values in the embedding API
  }
}

std::string describe(const Value& value) {
  switch (value.type()) {
  case ValType::I32: return "i32:" + hex(static_cast<std::uint32_t>(value.rawLow()));
  case ValType::I64: return "i64:" + hex(value.rawLow());
  case ValType::F32: return "f32:" + hex(value.f32Bits());
  case ValType::F64: return "f64:" + hex(value.f64Bits());
  case ValType::V128: return "v128:" + hex(value.rawHigh()) + ":" + hex(value.rawLow());
  case ValType::FuncRef: return value.isNull() ? "ref.null func" : "ref.func";
  case ValType::ExternRef:
    return value.isNull() ? "ref.null extern"
                          : "ref.extern " + std::to_string(value.externPayload());
  }
  return "?";
}

} // namespace wasmline::spec
