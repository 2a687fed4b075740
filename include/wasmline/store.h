// The store and the runtime objects it owns: functions, globals, tables, instances, and the
// Linker and Caller that host functions use.
//
// Func, Global, Table and Instance are handles into a Store; they stay valid as long as the Store
// does. Memory handles (memory.h) keep their memory alive on their own. Every handle is
// default-constructible as an empty handle (referring to nothing: its accessors fail with
// InvalidArgument or return empty values) and tests true when it refers to something.
//
// Typed calls and host functions with natural signatures are templates over these classes,
// defined in typed_func.h and host_func.h (included at the end).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
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
#include "wasmline/value.h"

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

class Caller;
class Instance;
class Linker;
template <class Signature> class TypedFunc;

// Counters of a store's GC heap (structs and arrays), for monitoring and tests.
struct GcHeapStats {
  std::uint64_t bytesInUse = 0;     // in allocated objects now (live or not yet collected)
  std::uint64_t liveAfterLast = 0;  // bytesInUse right after the last collection
  std::uint64_t peakBytesInUse = 0; // the most bytesInUse has ever been
  std::uint64_t bytesAllocated = 0; // by all allocations so far
  std::uint64_t objectsAllocated = 0;
  std::uint64_t collections = 0;
  std::uint64_t totalPauseNanos = 0; // spent collecting
  std::uint64_t maxPauseNanos = 0;   // the longest collection
  std::uint64_t reservedBytes = 0;   // memory the heap holds from the system
  std::uint64_t limitBytes = 0;      // StoreLimits::gcHeapBytes
  // Collections that were due but could not run: another thread was inside the store's code.
  std::uint64_t deferred = 0;
  // Exceptions the store holds now (caught ones are freed by collections once unreachable;
  // those the host ever saw live as long as the store).
  std::uint64_t liveExceptions = 0;
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

  // The GC heap's counters.
  GcHeapStats gcStats() const;
  // Collects the GC heap now (unless code of this store runs on another thread; then the
  // collection waits for the next allocation that can have it).
  void collectGarbage();

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
  // The same with the Caller: the calling instance's exports, and trap().
  using CallerCallback = std::function<Result<void>(Caller& caller, std::span<const Value> args,
                                                    std::span<Value> results)>;

  // An empty handle.
  Func() = default;

  // Creates a host function in `store` from a callable with a natural signature; its FuncType is
  // deduced: parameters and results of the types of ValueTraits (value.h), an optional leading
  // `Caller&`, and a result that is void, one value, a std::tuple of values (several results),
  // or a Result<> of those (an Error traps). Like wasmtime's Func::wrap:
  //   Func::wrap(store, [](Caller& caller, std::int32_t ptr, std::int32_t len) -> std::int32_t
  //   {...})
  // Errors from the body (a returned Error, Caller::trap, or a C++ exception it throws) reach the
  // calling wasm code as a Trap with the wasm backtrace: exceptions are caught at the host
  // function's boundary and never unwind through wasm frames (a wasmline::Error thrown, e.g. by
  // Result::value(), keeps its message; another std::exception gives "host function threw: " and
  // its what()).
  template <class F> static Func wrap(Store& store, F&& body);
  // Creates a host function of `type` in `store` whose body works on Values: it is called as
  // body(args, results) or body(caller, args, results) and returns void or Result<void>.
  // Results come sized and typed as zeros; a result of another type traps. Errors as above.
  template <class F> static Func wrap(Store& store, FuncType type, F&& body);

  // True when the handle refers to a function.
  explicit operator bool() const { return func_ != nullptr; }
  // The function's type (empty for an empty handle).
  const FuncType& type() const;
  // Calls the function. Errors: InvalidArgument (wrong count or types of arguments, empty
  // handle), Trap (the spec's message, e.g. "integer divide by zero", "call stack exhausted",
  // or a host function's error, with the wasm backtrace), Exit (WASI proc_exit), Unsupported (an
  // instruction this build cannot run yet).
  Result<std::vector<Value>> call(std::span<const Value> args) const;
  // call() with a braced list: f.call({Value::i32(1), Value::i32(2)}).
  Result<std::vector<Value>> call(std::initializer_list<Value> args) const {
    return call(std::span<const Value>(args.begin(), args.size()));
  }
  // This function as a typed function of `Signature`, e.g. typed<std::int32_t(std::int32_t)>();
  // its type is checked once, here: the same types, except that a result may be a subtype (a
  // function returning (ref $t) serves std::optional<Func>, i.e. funcref). Errors:
  // InvalidArgument (empty handle, a type that does not match).
  template <class Signature> Result<TypedFunc<Signature>> typed() const;

  // True when both handles refer to the same function.
  friend bool operator==(const Func& a, const Func& b) { return a.func_ == b.func_; }

private:
  friend struct api::Access;
  friend class Linker;
  template <class> friend class TypedFunc;
  Func(runtime::StoreData* store, interp::FuncInstance* func) : store_(store), func_(func) {}
  // The host function of `type` running `body` (what every wrap() makes).
  static Func create(Store& store, FuncType type, CallerCallback body);
  // Calls with arguments and result slots known to match the type (typed calls); results are
  // written in place. Errors: as call().
  Result<void> callChecked(std::span<const Value> args, std::span<Value> results) const;
  // Checks that this function can be called as `expected` (its type matches: the same, or
  // results of subtypes such as (ref $t) for funcref). Errors: InvalidArgument.
  Result<void> expectType(const FuncType& expected) const;

  runtime::StoreData* store_ = nullptr;
  interp::FuncInstance* func_ = nullptr;
};

// funcref as a typed value: a function or nothing (null).
template <> struct ValueTraits<std::optional<Func>> {
  static constexpr ValType type() { return ValType::FuncRef; }
  static Value toValue(const std::optional<Func>& func) {
    return func ? Value::funcRef(*func) : Value::nullRef(ValType::FuncRef);
  }
  static std::optional<Func> fromValue(const Value& value) { return value.asFunc(); }
};

// A global variable.
class Global {
public:
  // An empty handle.
  Global() = default;
  // Creates a global of `type` holding `value`. Errors: InvalidArgument (value of another type).
  static Result<Global> create(Store& store, GlobalType type, const Value& value);

  // True when the handle refers to a global.
  explicit operator bool() const { return global_ != nullptr; }
  // The global's type (i32, immutable for an empty handle).
  const GlobalType& type() const;
  // The global's value (i32 0 for an empty handle).
  Value get() const;
  // Sets a mutable global. Errors: InvalidArgument (immutable global, value of another type,
  // empty handle).
  Result<void> set(const Value& value);

private:
  friend struct api::Access;
  Global(runtime::StoreData* store, interp::GlobalInstance* global)
      : store_(store), global_(global) {}
  runtime::StoreData* store_ = nullptr;
  interp::GlobalInstance* global_ = nullptr;
};

// An exception tag: what `throw` names and catch clauses match, by identity (two tags of one
// type are different tags).
class Tag {
public:
  // An empty handle (refers to no tag; its accessors give empty values).
  Tag() = default;
  // Creates a tag of `type`. Errors: InvalidType (a type with results).
  static Result<Tag> create(Store& store, const TagType& type);

  // True when the handle refers to a tag.
  explicit operator bool() const { return tag_ != nullptr; }
  // The tag's type: the types of the payload values (none for an empty handle).
  TagType type() const;

  // True when both handles refer to the same tag.
  friend bool operator==(const Tag& a, const Tag& b) { return a.tag_ == b.tag_; }

private:
  friend struct api::Access;
  Tag(runtime::StoreData* store, interp::TagInstance* tag) : store_(store), tag_(tag) {}
  runtime::StoreData* store_ = nullptr;
  interp::TagInstance* tag_ = nullptr;
};

// A WebAssembly exception: a tag and the values it carries. Wasm code's uncaught exceptions reach
// the host as ErrorKind::Exception errors (fromError gives them back); a host function throws one
// into its wasm caller by returning toError().
class Exception {
public:
  // An empty handle (refers to no exception; its accessors give empty values).
  Exception() = default;
  // A new exception of `tag` carrying `payload` (one value per parameter of the tag's type).
  // Errors: InvalidArgument (wrong count or types, an empty tag handle).
  static Result<Exception> create(Store& store, const Tag& tag, std::span<const Value> payload);
  // The exception an ErrorKind::Exception error of `store` carries; nullopt for other errors
  // and for exceptions of other stores.
  static std::optional<Exception> fromError(Store& store, const Error& error);

  // True when the handle refers to an exception.
  explicit operator bool() const { return exception_ != nullptr; }
  // The exception's tag (an empty handle for an empty handle).
  Tag tag() const;
  // The values it carries (none for an empty handle).
  std::vector<Value> payload() const;
  // The error that throws this exception when a host function returns it (for an empty handle,
  // an InvalidArgument error, which traps).
  Error toError() const;
  // An exnref value referring to it (a null exnref for an empty handle).
  Value toValue() const;

  friend bool operator==(const Exception& a, const Exception& b) {
    return a.exception_ == b.exception_;
  }

private:
  friend struct api::Access;
  Exception(runtime::StoreData* store, interp::ExceptionObject* exception)
      : store_(store), exception_(exception) {}
  runtime::StoreData* store_ = nullptr;
  interp::ExceptionObject* exception_ = nullptr;
};

// A table of references.
class Table {
public:
  // An empty handle.
  Table() = default;
  // Creates a table of `type` with every element set to `initial`. Errors: InvalidType,
  // InvalidArgument (initial value of another type), LimitExceeded (StoreLimits).
  static Result<Table> create(Store& store, TableType type, const Value& initial);

  // True when the handle refers to a table.
  explicit operator bool() const { return table_ != nullptr; }
  // The table's type (funcref, 0 elements for an empty handle).
  const TableType& type() const;
  // The number of elements (below 2^32 unless the table is 64-bit; 0 for an empty handle).
  std::uint64_t size() const;
  // The element at `index`. Errors: OutOfBounds, InvalidArgument (empty handle).
  Result<Value> get(std::uint64_t index) const;
  // Sets the element at `index`. Errors: OutOfBounds, InvalidArgument (wrong type, empty handle).
  Result<void> set(std::uint64_t index, const Value& value);
  // Grows by `delta` elements set to `initial`; returns the previous size. Errors: GrowFailed
  // (past the type's maximum, or its index type's TableType::sizeLimit()), LimitExceeded (past
  // StoreLimits::tableElements or totalTableElements), InvalidArgument (wrong type, empty handle).
  Result<std::uint64_t> grow(std::uint64_t delta, const Value& initial);

private:
  friend struct api::Access;
  Table(runtime::StoreData* store, interp::TableInstance* table) : store_(store), table_(table) {}
  runtime::StoreData* store_ = nullptr;
  interp::TableInstance* table_ = nullptr;
};

// Something a module imports or an instance exports. Its alternatives are in ExternKind's order
// (externKindOf), so a new kind of extern is one more alternative at the end.
using Extern = std::variant<Func, Table, Memory, Global, Tag>;

// The kind of an extern.
inline ExternKind externKindOf(const Extern& item) {
  return static_cast<ExternKind>(item.index());
}

// An instantiated module.
class Instance {
public:
  // An empty handle (no exports).
  Instance() = default;

  // Instantiates `module` with `imports` (one per module import, in order) and runs its start
  // function. Errors: Unlinkable ("unknown import", "incompatible import type"), InvalidArgument
  // (an empty Module or import handle), Trap (from an active segment or the start function),
  // Unsupported, and memory creation errors.
  static Result<Instance> create(Store& store, const Module& module,
                                 std::span<const Extern> imports);
  // create() with a braced list: Instance::create(store, module, {memory, log}).
  static Result<Instance> create(Store& store, const Module& module,
                                 std::initializer_list<Extern> imports) {
    return create(store, module, std::span<const Extern>(imports.begin(), imports.size()));
  }

  // True when the handle refers to an instance.
  explicit operator bool() const { return instance_ != nullptr; }
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
  // The exported function `name` as a typed function, its type checked once, here:
  //   auto getAt = instance.typedFunc<std::int32_t(std::int32_t)>("get_at");
  //   std::int32_t value = getAt->call(0x2220).value();
  // Several results come as a std::tuple: typedFunc<std::tuple<std::int32_t, double>()>.
  // The type must match as for Func::typed. Errors: InvalidArgument (no such export, not a
  // function, or of a type that does not match; the message names the export and both types).
  template <class Signature> Result<TypedFunc<Signature>> typedFunc(std::string_view name) const;

  // True when both handles refer to the same instance.
  friend bool operator==(const Instance& a, const Instance& b) {
    return a.instance_ == b.instance_;
  }

private:
  friend struct api::Access;
  Instance(runtime::StoreData* store, interp::Instance* instance)
      : store_(store), instance_(instance) {}
  // The exported function `name` if it has type `expected`. Errors: as typedFunc.
  Result<Func> funcOfType(std::string_view name, const FuncType& expected) const;

  runtime::StoreData* store_ = nullptr;
  interp::Instance* instance_ = nullptr;
};

// What a host function sees of its call: the instance whose code called it (its exports: memory,
// functions, globals, tables) and a way to trap with a message. Made for each call; a host
// function must not keep it.
class Caller {
public:
  Caller(const Caller&) = delete;
  Caller& operator=(const Caller&) = delete;

  // The calling instance; an empty handle when the host called the function directly.
  const Instance& instance() const { return instance_; }
  // The calling instance's export `name` (nullopt: none, or called from the host).
  std::optional<Extern> exportNamed(std::string_view name) const {
    return instance_.exportNamed(name);
  }
  std::optional<Func> func(std::string_view name) const { return instance_.func(name); }
  // The calling instance's exported memory `name` ("memory" by default, the name toolchains use).
  std::optional<Memory> memory(std::string_view name = "memory") const {
    return instance_.memory(name);
  }
  std::optional<Global> global(std::string_view name) const { return instance_.global(name); }
  std::optional<Table> table(std::string_view name) const { return instance_.table(name); }
  // The calling instance's exported function `name` as a typed function. Errors: as
  // Instance::typedFunc.
  template <class Signature> Result<TypedFunc<Signature>> typedFunc(std::string_view name) const {
    return instance_.typedFunc<Signature>(name);
  }

  // Makes the host function trap with `message` when it returns, whatever it returns, and
  // returns that Trap error, so `return caller.trap("...");` works in bodies returning a Result.
  // The calling wasm code sees a Trap whose message is `message` followed by the wasm backtrace.
  Error trap(std::string message);
  // The trap set by trap(), if any.
  const std::optional<Error>& pendingTrap() const { return trap_; }

private:
  friend struct api::Access;
  explicit Caller(Instance instance) : instance_(instance) {}
  Instance instance_;
  std::optional<Error> trap_;
};

// Resolves imports by module and field name, like wasmtime's Linker. Host functions defined
// with func() belong to no store until instantiate() creates them in the store it is given, so
// one Linker serves any number of stores.
class Linker {
public:
  // Makes `item` importable as "module" "name" (a later definition replaces an earlier one).
  Linker& define(std::string module, std::string name, Extern item);
  // Makes every export of `instance` importable under `module`.
  Linker& defineInstance(const std::string& module, const Instance& instance);
  // Defines the host function "module" "name" from a callable with a natural signature, as
  // Func::wrap(store, body): linker.func("env", "log", [](Caller& caller, std::int32_t ptr,
  // std::int32_t len) { ... }).
  template <class F> Linker& func(std::string module, std::string name, F&& body);
  // Defines the host function "module" "name" of `type` working on Values, as
  // Func::wrap(store, type, body).
  template <class F> Linker& func(std::string module, std::string name, FuncType type, F&& body);
  // Instantiates `module`, resolving each import by name. Errors: Unlinkable ("unknown import"
  // naming the import), then as Instance::create.
  Result<Instance> instantiate(Store& store, const Module& module) const;

private:
  // A host function not yet created in a store.
  struct HostFunction {
    FuncType type;
    Func::CallerCallback body;
  };
  using Item = std::variant<Extern, HostFunction>;
  Linker& defineItem(std::string module, std::string name, Item item);

  std::vector<std::pair<std::pair<std::string, std::string>, Item>> items_;
};

} // namespace wasmline

#include "wasmline/host_func.h"  // IWYU pragma: export
#include "wasmline/typed_func.h" // IWYU pragma: export
