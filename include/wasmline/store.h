// The store and the runtime objects it owns: values, functions, globals, tables, instances.
//
// Func, Global, Table and Instance are handles into a Store; they stay valid as long as the Store
// does. Memory handles (memory.h) keep their memory alive on their own.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "wasmline/engine.h"
#include "wasmline/memory.h"
#include "wasmline/module.h"
#include "wasmline/result.h"
#include "wasmline/types.h"

namespace wasmline {

namespace runtime {
class StoreData;
}
namespace interp {
struct FuncInstance;
struct GlobalInstance;
struct TableInstance;
struct TagInstance;
struct ExceptionObject;
struct Instance;
} // namespace interp
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
  // A null reference of `type` (FuncRef or ExternRef).
  static Value nullRef(ValType type) { return Value(type, 0); }
  // A non-null externref carrying `payload`, made in `store`.
  static Value externRef(Store& store, std::uint64_t payload);
  // A funcref to `func`.
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
  // For a non-null externref: its payload.
  std::uint64_t externPayload() const;
  // For a non-null funcref: the function (in the store it came from).
  std::optional<Func> asFunc() const;
  // For a non-null exnref: the exception (in the store it came from).
  std::optional<Exception> asException() const;

private:
  friend struct api::Access;
  Value(ValType type, std::uint64_t low) : type_(type), low_(low) {}
  ValType type_ = ValType::I32;
  std::uint64_t low_ = 0;
  std::uint64_t high_ = 0;
  runtime::StoreData* store_ = nullptr; // for funcrefs
};

// Owns every runtime object its instances and host objects create.
class Store {
public:
  // A store for modules of `engine` (its features, memory reservations and limits).
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  // Sets the fuel left for code running in this store. Errors: Unsupported when the engine was
  // not configured with ExecutionConfig::consumeFuel.
  Result<void> setFuel(std::uint64_t fuel);
  // The fuel left. Errors: Unsupported as setFuel.
  Result<std::uint64_t> fuel() const;

  // Lets code run until the engine's epoch has advanced `ticks` more times
  // (Engine::incrementEpoch), then traps it with "interrupt". Without a deadline code runs
  // unbounded. Errors: Unsupported when the engine was not configured with
  // ExecutionConfig::epochInterruption.
  Result<void> setEpochDeadline(std::uint64_t ticks);

private:
  friend struct api::Access;
  std::unique_ptr<runtime::StoreData> data_;
};

// A function: defined by a module or by the host.
class Func {
public:
  // A host function's body: reads `args`, writes `results` (already sized and typed); an Error
  // traps the calling wasm code with its message.
  using Callback =
      std::function<Result<void>(std::span<const Value> args, std::span<Value> results)>;

  // Creates a host function of `type` in `store`.
  static Func wrap(Store& store, FuncType type, Callback callback);

  const FuncType& type() const;
  // Calls the function. Errors: InvalidArgument (wrong count or types of arguments), Trap (the
  // spec's message, e.g. "integer divide by zero", "call stack exhausted"), Unsupported (an
  // instruction this build cannot run yet).
  Result<std::vector<Value>> call(std::span<const Value> args) const;

  // True when both handles refer to the same function.
  friend bool operator==(const Func& a, const Func& b) { return a.func_ == b.func_; }

private:
  friend struct api::Access;
  Func(runtime::StoreData* store, interp::FuncInstance* func) : store_(store), func_(func) {}
  runtime::StoreData* store_;
  interp::FuncInstance* func_;
};

// A global variable.
class Global {
public:
  // Creates a global of `type` holding `value`. Errors: InvalidArgument (value of another type).
  static Result<Global> create(Store& store, GlobalType type, const Value& value);

  const GlobalType& type() const;
  Value get() const;
  // Sets a mutable global. Errors: InvalidArgument (immutable global, value of another type).
  Result<void> set(const Value& value);

private:
  friend struct api::Access;
  Global(runtime::StoreData* store, interp::GlobalInstance* global)
      : store_(store), global_(global) {}
  runtime::StoreData* store_;
  interp::GlobalInstance* global_;
};

// An exception tag: what `throw` names and catch clauses match, by identity (two tags of one
// type are different tags).
class Tag {
public:
  // Creates a tag of `type`. Errors: InvalidType (a type with results).
  static Result<Tag> create(Store& store, const TagType& type);

  // The tag's type: the types of the payload values.
  TagType type() const;

  // True when both handles refer to the same tag.
  friend bool operator==(const Tag& a, const Tag& b) { return a.tag_ == b.tag_; }

private:
  friend struct api::Access;
  Tag(runtime::StoreData* store, interp::TagInstance* tag) : store_(store), tag_(tag) {}
  runtime::StoreData* store_;
  interp::TagInstance* tag_;
};

// A WebAssembly exception: a tag and the values it carries. Wasm code's uncaught exceptions reach
// the host as ErrorKind::Exception errors (fromError gives them back); a host function throws one
// into its wasm caller by returning toError().
class Exception {
public:
  // A new exception of `tag` carrying `payload` (one value per parameter of the tag's type).
  // Errors: InvalidArgument (wrong count or types).
  static Result<Exception> create(Store& store, const Tag& tag, std::span<const Value> payload);
  // The exception an ErrorKind::Exception error of `store` carries; nullopt for other errors
  // and for exceptions of other stores.
  static std::optional<Exception> fromError(Store& store, const Error& error);

  // The exception's tag.
  Tag tag() const;
  // The values it carries.
  std::vector<Value> payload() const;
  // The error that throws this exception when a host function returns it.
  Error toError() const;
  // An exnref value referring to it.
  Value toValue() const;

  friend bool operator==(const Exception& a, const Exception& b) {
    return a.exception_ == b.exception_;
  }

private:
  friend struct api::Access;
  Exception(runtime::StoreData* store, interp::ExceptionObject* exception)
      : store_(store), exception_(exception) {}
  runtime::StoreData* store_;
  interp::ExceptionObject* exception_;
};

// A table of references.
class Table {
public:
  // Creates a table of `type` with every element set to `initial`. Errors: InvalidType,
  // InvalidArgument (initial value of another type), LimitExceeded (StoreLimits).
  static Result<Table> create(Store& store, TableType type, const Value& initial);

  const TableType& type() const;
  // The number of elements (below 2^32 unless the table is 64-bit).
  std::uint64_t size() const;
  // The element at `index`. Errors: OutOfBounds.
  Result<Value> get(std::uint64_t index) const;
  // Sets the element at `index`. Errors: OutOfBounds, InvalidArgument (wrong type).
  Result<void> set(std::uint64_t index, const Value& value);
  // Grows by `delta` elements set to `initial`; returns the previous size. Errors: GrowFailed
  // (past the type's maximum, or its index type's TableType::sizeLimit()), LimitExceeded (past
  // StoreLimits::tableElements or totalTableElements).
  Result<std::uint64_t> grow(std::uint64_t delta, const Value& initial);

private:
  friend struct api::Access;
  Table(runtime::StoreData* store, interp::TableInstance* table) : store_(store), table_(table) {}
  runtime::StoreData* store_;
  interp::TableInstance* table_;
};

// Something a module imports or an instance exports.
using Extern = std::variant<Func, Table, Memory, Global, Tag>;

// An instantiated module.
class Instance {
public:
  // Instantiates `module` with `imports` (one per module import, in order) and runs its start
  // function. Errors: Unlinkable ("unknown import", "incompatible import type"), Trap (from an
  // active segment or the start function), Unsupported, and memory creation errors.
  static Result<Instance> create(Store& store, const Module& module,
                                 std::span<const Extern> imports);

  // The export called `name`, if any.
  std::optional<Extern> exportNamed(std::string_view name) const;
  // Every export, in the module's order.
  std::vector<std::pair<std::string, Extern>> exports() const;
  // Typed shortcuts; nullopt when there is no such export of that kind.
  std::optional<Func> func(std::string_view name) const;
  std::optional<Memory> memory(std::string_view name) const;
  std::optional<Global> global(std::string_view name) const;
  std::optional<Table> table(std::string_view name) const;
  std::optional<Tag> tag(std::string_view name) const;

private:
  friend struct api::Access;
  Instance(runtime::StoreData* store, interp::Instance* instance)
      : store_(store), instance_(instance) {}
  runtime::StoreData* store_;
  interp::Instance* instance_;
};

// Resolves imports by module and field name, like wasmtime's Linker.
class Linker {
public:
  // Makes `item` importable as "module" "name" (a later definition replaces an earlier one).
  void define(std::string module, std::string name, Extern item);
  // Makes every export of `instance` importable under `module`.
  void defineInstance(const std::string& module, const Instance& instance);
  // Instantiates `module`, resolving each import by name. Errors: Unlinkable ("unknown import"
  // naming the import), then as Instance::create.
  Result<Instance> instantiate(Store& store, const Module& module) const;

private:
  std::vector<std::pair<std::pair<std::string, std::string>, Extern>> items_;
};

} // namespace wasmline
