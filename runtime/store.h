// The runtime objects of a store: function, table, global, element and data instances, memories,
// module instances and extern references. The store owns them all; they keep their addresses for
// the store's lifetime, so references between them are plain pointers.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "binary/module.h"
#include "interp/ir.h"
#include "interp/trap.h"
#include "memory/linear_memory.h"
#include "wasmline/engine.h"
#include "wasmline/result.h"
#include "wasmline/types.h"

namespace wasmline::runtime {

struct FuncInstance;
struct Instance;

// A value as the runtime holds it, untyped: numbers in `low` (f32/f64 as their bits), v128 in
// both words (lane bytes little-endian: bytes 0-7 in `low`), references as a pointer in `low`
// (0 is null; a funcref points to a FuncInstance, an externref to an ExternObject).
struct RawValue {
  std::uint64_t low = 0;
  std::uint64_t high = 0;

  friend bool operator==(const RawValue&, const RawValue&) = default;
};

// The payload of a non-null externref made by the host.
struct ExternObject {
  std::uint64_t payload = 0;
};

// A host function: reads its arguments and writes its results as raw values; an Error aborts
// the calling wasm code and is returned to whoever called into wasm.
using HostCallback =
    std::function<Result<void>(std::span<const RawValue> args, std::span<RawValue> results)>;

struct FuncInstance {
  FuncType type;
  std::uint32_t typeId = 0;     // the store-wide id of `type`: equal ids, equal types
  Instance* instance = nullptr; // the defining instance, for wasm functions
  std::uint32_t index = 0;      // the function's index in that instance's module
  HostCallback host;            // set for host functions
  // The function's IR, compiled on its first call.
  std::unique_ptr<interp::CompiledFunction> compiled;
};

struct TableInstance {
  TableType type;
  std::vector<RawValue> elements; // references only (the low word)
};

struct GlobalInstance {
  GlobalType type;
  RawValue value;
};

struct ElementInstance {
  ValType type = ValType::FuncRef;
  std::vector<RawValue> references; // emptied by elem.drop
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
};

struct Instance {
  std::shared_ptr<const binary::Module> module;
  std::vector<FuncInstance*> functions;
  std::vector<TableInstance*> tables;
  std::vector<detail::LinearMemory*> memories;
  std::vector<GlobalInstance*> globals;
  std::vector<ElementInstance> elements;
  std::vector<DataInstance> data;
  std::map<std::string, ExternRef, std::less<>> exports;
};

class StoreData {
public:
  explicit StoreData(EngineConfig config) : config_(std::move(config)) {}
  StoreData(const StoreData&) = delete;
  StoreData& operator=(const StoreData&) = delete;

  const EngineConfig& config() const { return config_; }

  // The store-wide id of a function type; equal types get equal ids.
  std::uint32_t internType(const FuncType& type);

  FuncInstance& addFunction(FuncInstance function);
  TableInstance& addTable(TableInstance table);
  GlobalInstance& addGlobal(GlobalInstance global);
  // Keeps a memory alive as long as the store (memories are shared objects).
  detail::LinearMemory& addMemory(std::shared_ptr<detail::LinearMemory> memory);
  Instance& addInstance(Instance instance);
  // A new externref value holding `payload`.
  RawValue newExternRef(std::uint64_t payload);

  // Fuel left when the engine consumes fuel (see ExecutionConfig::consumeFuel).
  std::uint64_t fuel = 0;

private:
  EngineConfig config_;
  std::deque<FuncInstance> functions_;
  std::deque<TableInstance> tables_;
  std::deque<GlobalInstance> globals_;
  std::vector<std::shared_ptr<detail::LinearMemory>> memories_;
  std::deque<Instance> instances_;
  std::deque<ExternObject> externs_;
};

} // namespace wasmline::runtime
