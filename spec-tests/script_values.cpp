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

// The bits of a number or vector value, little-endian.
std::array<std::uint8_t, 16> bytesOf(const Value& value) {
  if (value.type() == ValType::V128) return value.asV128().bytes;
  std::array<std::uint8_t, 16> bytes{};
  const auto low = static_cast<std::uint64_t>(value.asI64());
  for (int i = 0; i < 8; ++i)
    bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(low >> (8 * i));
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

// The top of the type hierarchy a heap type belongs to (func, extern, any or exn).
wasmline::HeapKind hierarchyOf(text::HeapKind heap) {
  switch (heap) {
  case text::HeapKind::Func:
  case text::HeapKind::NoFunc: return wasmline::HeapKind::Func;
  case text::HeapKind::Extern:
  case text::HeapKind::NoExtern: return wasmline::HeapKind::Extern;
  case text::HeapKind::Exn:
  case text::HeapKind::NoExn: return wasmline::HeapKind::Exn;
  case text::HeapKind::Concrete: return wasmline::HeapKind::Concrete;
  default: return wasmline::HeapKind::Any;
  }
}

wasmline::HeapKind hierarchyOf(wasmline::HeapKind heap) {
  switch (heap) {
  case wasmline::HeapKind::Func:
  case wasmline::HeapKind::NoFunc: return wasmline::HeapKind::Func;
  case wasmline::HeapKind::Extern:
  case wasmline::HeapKind::NoExtern: return wasmline::HeapKind::Extern;
  case wasmline::HeapKind::Exn:
  case wasmline::HeapKind::NoExn: return wasmline::HeapKind::Exn;
  case wasmline::HeapKind::Concrete: return wasmline::HeapKind::Concrete;
  default: return wasmline::HeapKind::Any;
  }
}

// The null reference type of a literal `(ref.null ht)` with an abstract heap type.
std::optional<ValType> nullType(const text::ScriptValue& literal) {
  switch (literal.heap) {
  case text::HeapKind::Func: return ValType::FuncRef;
  case text::HeapKind::NoFunc: return ValType::NullFuncRef;
  case text::HeapKind::Extern: return ValType::ExternRef;
  case text::HeapKind::NoExtern: return ValType::NullExternRef;
  case text::HeapKind::Any: return ValType::AnyRef;
  case text::HeapKind::Eq: return ValType::EqRef;
  case text::HeapKind::I31: return ValType::I31Ref;
  case text::HeapKind::Struct: return ValType::StructRef;
  case text::HeapKind::Array: return ValType::ArrayRef;
  case text::HeapKind::None: return ValType::NullRef;
  case text::HeapKind::Exn: return ValType::ExnRef;
  case text::HeapKind::NoExn: return ValType::NullExnRef;
  case text::HeapKind::Concrete: return std::nullopt;
  }
  return std::nullopt;
}

} // namespace

Result<Value> toValue(Store& store, const text::ScriptValue& literal) {
  std::uint64_t low = 0;
  for (int i = 7; i >= 0; --i)
    low = (low << 8) | literal.bytes[static_cast<std::size_t>(i)];
  switch (literal.kind) {
  case Kind::I32: return Value::i32(static_cast<std::int32_t>(static_cast<std::uint32_t>(low)));
  case Kind::I64: return Value::i64(static_cast<std::int64_t>(low));
  case Kind::F32: return Value::f32Bits(static_cast<std::uint32_t>(low));
  case Kind::F64: return Value::f64Bits(low);
  case Kind::V128: {
    V128 vector;
    vector.bytes = literal.bytes;
    return Value::v128(vector);
  }
  case Kind::RefNull:
    if (const auto type = nullType(literal)) return Value::nullRef(*type);
    return Error(ErrorKind::InvalidArgument,
                 "(ref.null " + std::to_string(literal.index) +
                     "): a null of a concrete type needs the module's types");
  case Kind::RefExtern: return Value::externRef(store, literal.payload);
  case Kind::RefHost: return Value::hostRef(store, literal.payload);
  default:
    return Error(ErrorKind::InvalidArgument,
                 "GC references other than ref.host have no literal value in the embedding API");
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
    // Every null of one hierarchy is the same value: compare hierarchies.
    if (!isReference(actual.type()) || !actual.isNull()) return false;
    if (!pattern.hasHeapType) return true;
    const wasmline::HeapKind expected = hierarchyOf(pattern.heap);
    const wasmline::HeapKind got = hierarchyOf(actual.type().heapType().kind());
    return expected == got || expected == wasmline::HeapKind::Concrete ||
           got == wasmline::HeapKind::Concrete;
  }
  case Kind::RefExtern:
    if (!actual.type().isRef() || actual.isNull() ||
        hierarchyOf(actual.type().heapType().kind()) != wasmline::HeapKind::Extern) {
      return false;
    }
    return !pattern.hasPayload || (actual.refKind() == wasmline::HeapKind::Extern &&
                                   actual.externPayload() == pattern.payload);
  case Kind::RefHost:
    return actual.refKind() == wasmline::HeapKind::Extern &&
           (!pattern.hasPayload || actual.externPayload() == pattern.payload);
  case Kind::RefFunc: return actual.refKind() == wasmline::HeapKind::Func;
  case Kind::RefAny: return isReference(actual.type()) && !actual.isNull();
  case Kind::RefEq: {
    const auto kind = actual.refKind();
    return kind == wasmline::HeapKind::I31 || kind == wasmline::HeapKind::Struct ||
           kind == wasmline::HeapKind::Array;
  }
  case Kind::RefI31: return actual.refKind() == wasmline::HeapKind::I31;
  case Kind::RefStruct: return actual.refKind() == wasmline::HeapKind::Struct;
  case Kind::RefArray: return actual.refKind() == wasmline::HeapKind::Array;
  case Kind::RefExn: return actual.refKind() == wasmline::HeapKind::Exn;
  default: return false; // GC and exception references: no such values in the embedding API
  }
}

std::string describe(const Value& value) {
  switch (value.type().kind()) {
  case ValKind::I32: return "i32:" + hex(static_cast<std::uint32_t>(value.asI32()));
  case ValKind::I64: return "i64:" + hex(static_cast<std::uint64_t>(value.asI64()));
  case ValKind::F32: return "f32:" + hex(value.f32Bits());
  case ValKind::F64: return "f64:" + hex(value.f64Bits());
  case ValKind::V128: {
    const auto bytes = bytesOf(value);
    return "v128:" + hex(laneOf(bytes, 1, 64)) + ":" + hex(laneOf(bytes, 0, 64));
  }
  case ValKind::Ref: break;
  }
  if (value.isNull()) return "ref.null " + value.type().heapType().toString();
  switch (value.refKind().value_or(wasmline::HeapKind::Any)) {
  case wasmline::HeapKind::Extern: return "ref.extern " + std::to_string(value.externPayload());
  case wasmline::HeapKind::I31: return "ref.i31 " + std::to_string(*value.asI31());
  case wasmline::HeapKind::Struct: return "ref.struct";
  case wasmline::HeapKind::Array: return "ref.array";
  default: break;
  }
  return "non-null " + value.type().toString();
}

} // namespace wasmline::spec
