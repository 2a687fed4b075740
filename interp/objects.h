// What the interpreter runs on: the store objects of executing code (functions, tables, globals,
// segments, memories) and the instance context that ties one instantiation of a module's shared
// code to them. The runtime owns and links these objects; they keep their addresses for their
// store's lifetime, so references between them are plain pointers.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "interp/store_budget.h"
#include "memory/linear_memory.h"
#include "wasmline/result.h"
#include "wasmline/types.h"

namespace wasmline::interp {

struct CompiledFunction;
class ModuleCode;
struct Instance;

// A value as the runtime holds it, untyped: numbers in `low` (f32/f64 as their bits), v128 in
// both words (lane bytes little-endian: bytes 0-7 in `low`), references as a pointer in `low`
// (0 is null; a funcref points to a FuncInstance, an externref to an ExternObject).
struct RawValue {
  std::uint64_t low = 0;
  std::uint64_t high = 0;

  friend bool operator==(const RawValue&, const RawValue&) = default;
};

struct GcType;

// The payload of a non-null externref made by the host. Its first word is a type word, as GC
// objects have (interp/gc_types.h), telling it apart from them in the any hierarchy.
struct ExternObject {
  const GcType* type = nullptr; // hostType()
  std::uint64_t payload = 0;
};

// A host function: reads its arguments and writes its results as raw values. `caller` is the
// instance of the wasm function that called it (null when the host called it directly). An Error
// aborts the calling wasm code and reaches whoever called into wasm as a Trap with the wasm
// backtrace (an Exit error, WASI's proc_exit, passes unchanged).
using HostCallback = std::function<Result<void>(Instance* caller, std::span<const RawValue> args,
                                                std::span<RawValue> results)>;

// Where a wasm function's compiled code is published once compiled (see ModuleCode).
using CodeSlot = std::atomic<const CompiledFunction*>;

struct FuncInstance {
  FuncType type;
  std::uint32_t typeId = 0;     // canonical: equal ids, equal types (binary/type_registry.h)
  Instance* instance = nullptr; // the defining instance, for wasm functions
  std::uint32_t index = 0;      // the function's index in that instance's module
  CodeSlot* code = nullptr;     // wasm functions: its module's code, compiled on first call
  HostCallback host;            // set for host functions
};

struct TableInstance {
  TableType type;
  std::vector<std::uint64_t> elements; // references (RawValue::low)
  StoreBudget* budget = nullptr;       // the owning store's, asked before every growth
};

struct GlobalInstance {
  GlobalType type;
  RawValue value;
};

// An exception tag: exceptions match a catch clause by the identity of their tag.
struct TagInstance {
  FuncType type;            // canonical; its parameters are the payload's types
  std::uint32_t typeId = 0; // canonical id of `type`
};

// A thrown exception (an exnref points to one): its tag and its payload in 8-byte slots, as the
// values lay in the thrower's frame (a v128 takes two).
struct ExceptionObject {
  const TagInstance* tag = nullptr;
  std::vector<std::uint64_t> payload;
  // Set once anything may still refer to it (an exnref, a legacy catch, the host); until then
  // the interpreter recycles it when a catch without a reference takes its payload.
  bool shared = false;
  // Set once the host may hold it (an Exception handle, an uncaught exception's Error, an exnref
  // Value): then it lives as long as its store. Others are freed once unreachable.
  bool pinned = false;
  bool marked = false; // the collector's mark
};

struct ElementInstance {
  ValType type = ValType::FuncRef;
  std::vector<std::uint64_t> references; // emptied by elem.drop
};

struct DataInstance {
  std::span<const std::uint8_t> bytes; // emptied by data.drop
};

// Something an instance imports or exports.
struct ExternRef {
  ExternKind kind = ExternKind::Func;
  FuncInstance* func = nullptr;
  TableInstance* table = nullptr;
  detail::LinearMemory* memory = nullptr;
  GlobalInstance* global = nullptr;
  TagInstance* tag = nullptr;
};

// An instantiated module: its shared code and its own index spaces, which the IR's indices name.
struct Instance {
  std::shared_ptr<ModuleCode> code;
  std::vector<FuncInstance*> functions;
  std::vector<TableInstance*> tables;
  std::vector<detail::LinearMemory*> memories;
  std::vector<GlobalInstance*> globals;
  std::vector<TagInstance*> tags;
  std::vector<ElementInstance> elements;
  std::vector<DataInstance> data;
  std::map<std::string, ExternRef, std::less<>> exports;
};

} // namespace wasmline::interp
