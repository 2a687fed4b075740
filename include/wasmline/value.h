// WebAssembly values as the host sees them: Value (any type, tagged) and ValueTraits, the mapping
// between C++ types and value types that typed calls and host functions with natural signatures
// use.
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>

#include "wasmline/types.h"

namespace wasmline {

namespace runtime {
class StoreData;
}
namespace api {
struct Access;
}

class Store;
class Func;
class Exception;

// A v128 value: 16 bytes, lane 0 first.
struct V128 {
  std::array<std::uint8_t, 16> bytes{};
  friend bool operator==(const V128&, const V128&) = default;
};

// A WebAssembly value: a number, a vector or a reference.
class Value {
public:
  Value() = default;
  static Value i32(std::int32_t value) {
    return Value(ValType::I32, static_cast<std::uint32_t>(value));
  }
  static Value i64(std::int64_t value) {
    return Value(ValType::I64, static_cast<std::uint64_t>(value));
  }
  static Value f32(float value);
  static Value f64(double value);
  // Floats from their bits (keeps NaN payloads exactly).
  static Value f32Bits(std::uint32_t bits) { return Value(ValType::F32, bits); }
  static Value f64Bits(std::uint64_t bits) { return Value(ValType::F64, bits); }
  static Value v128(const V128& value);
  // The i31 reference of `value`'s low 31 bits (unboxed: it needs no store).
  static Value i31(std::int32_t value) {
    return Value(ValType::ref(HeapKind::I31, false),
                 static_cast<std::uint32_t>(static_cast<std::uint32_t>(value) << 1) | 1u);
  }
  // A null reference of `type` (FuncRef or ExternRef).
  static Value nullRef(ValType type) { return Value(type, 0); }
  // A non-null externref carrying `payload`, made in `store`.
  static Value externRef(Store& store, std::uint64_t payload);
  // The same host object as externRef(store, payload), typed (ref any): what any.convert_extern
  // makes of it (the spec scripts' ref.host).
  static Value hostRef(Store& store, std::uint64_t payload);
  // A funcref to `func` (null for an empty Func handle).
  static Value funcRef(const Func& func);

  ValType type() const { return type_; }
  std::int32_t asI32() const { return static_cast<std::int32_t>(low_); }
  std::int64_t asI64() const { return static_cast<std::int64_t>(low_); }
  float asF32() const;
  double asF64() const;
  std::uint32_t f32Bits() const { return static_cast<std::uint32_t>(low_); }
  std::uint64_t f64Bits() const { return low_; }
  V128 asV128() const;
  // For references: true when null.
  bool isNull() const { return low_ == 0; }
  // For a non-null externref (or host reference in the any hierarchy) made by the host: its
  // payload; 0 for anything else.
  std::uint64_t externPayload() const;
  // For a non-null reference, what it is at run time: I31, Struct, Array or Extern (a host
  // object) in the any and extern hierarchies, Func, Exn. Nullopt for null and non-references.
  std::optional<HeapKind> refKind() const;
  // For references: bits that are equal exactly when two references are the same (ref.eq).
  std::uint64_t identity() const { return low_; }
  // For an i31 reference: its value, sign-extended from 31 bits.
  std::optional<std::int32_t> asI31() const;
  // For a non-null funcref: the function (in the store it came from).
  std::optional<Func> asFunc() const;
  // For a non-null exnref: the exception (in the store it came from).
  std::optional<Exception> asException() const;

  // A Value holding a struct or array keeps it alive (a root of its store's GC heap) until the
  // Value and every copy of it are gone; such a Value must not outlive its store.
  Value(const Value& other)
      : type_(other.type_), low_(other.low_), high_(other.high_), store_(other.store_),
        rooted_(other.rooted_) {
    if (rooted_) retain();
  }
  Value(Value&& other) noexcept
      : type_(other.type_), low_(other.low_), high_(other.high_), store_(other.store_),
        rooted_(other.rooted_) {
    other.rooted_ = false;
  }
  Value& operator=(const Value& other) {
    if (this == &other) return *this;
    Value copy(other);
    return *this = std::move(copy);
  }
  Value& operator=(Value&& other) noexcept {
    if (this == &other) return *this;
    if (rooted_) release();
    type_ = other.type_;
    low_ = other.low_;
    high_ = other.high_;
    store_ = other.store_;
    rooted_ = other.rooted_;
    other.rooted_ = false;
    return *this;
  }
  ~Value() {
    if (rooted_) release();
  }

private:
  friend struct api::Access;
  Value(ValType type, std::uint64_t low) : type_(type), low_(low) {}
  void retain() const;
  void release() const;
  ValType type_ = ValType::I32;
  std::uint64_t low_ = 0;
  std::uint64_t high_ = 0;
  runtime::StoreData* store_ = nullptr; // for funcrefs and GC objects
  bool rooted_ = false;                 // a GC object rooted in store_
};

// How a C++ type stands for a WebAssembly value type in typed calls (Func::typed,
// Instance::typedFunc) and host functions with natural signatures (Func::wrap(store, lambda)):
// type() is its value type, toValue/fromValue convert. Specialized for
//   i32: every 4-byte integer type (std::int32_t, std::uint32_t, int, unsigned, ...)
//   i64: every 8-byte integer type (std::int64_t, std::uint64_t, long long, ...)
//   f32: float, f64: double, v128: V128, funcref: std::optional<Func> (store.h)
// Unsigned types carry the bits (4294967295u is i32 -1). A new value type is one more
// specialization.
template <class T> struct ValueTraits;

// True when T has ValueTraits (usable in typed signatures).
template <class T>
concept WasmValue = requires(const T& value, const Value& raw) {
  { ValueTraits<T>::type() } -> std::same_as<ValType>;
  { ValueTraits<T>::toValue(value) } -> std::same_as<Value>;
  { ValueTraits<T>::fromValue(raw) } -> std::same_as<T>;
};

template <class T>
requires(std::is_integral_v<T> && !std::is_same_v<T, bool> &&
         sizeof(T) == 4) struct ValueTraits<T> {
  static constexpr ValType type() { return ValType::I32; }
  static Value toValue(T value) { return Value::i32(static_cast<std::int32_t>(value)); }
  static T fromValue(const Value& value) { return static_cast<T>(value.asI32()); }
};

template <class T>
requires(std::is_integral_v<T> && !std::is_same_v<T, bool> &&
         sizeof(T) == 8) struct ValueTraits<T> {
  static constexpr ValType type() { return ValType::I64; }
  static Value toValue(T value) { return Value::i64(static_cast<std::int64_t>(value)); }
  static T fromValue(const Value& value) { return static_cast<T>(value.asI64()); }
};

template <> struct ValueTraits<float> {
  static constexpr ValType type() { return ValType::F32; }
  static Value toValue(float value) { return Value::f32(value); }
  static float fromValue(const Value& value) { return value.asF32(); }
};

template <> struct ValueTraits<double> {
  static constexpr ValType type() { return ValType::F64; }
  static Value toValue(double value) { return Value::f64(value); }
  static double fromValue(const Value& value) { return value.asF64(); }
};

template <> struct ValueTraits<V128> {
  static constexpr ValType type() { return ValType::V128; }
  static Value toValue(const V128& value) { return Value::v128(value); }
  static V128 fromValue(const Value& value) { return value.asV128(); }
};

} // namespace wasmline
