// A store: it owns the runtime objects its instances and the host create (interp/objects.h):
// function, table, global, element and data instances, memories, module instances and extern
// references. They keep their addresses for the store's lifetime, so references between them are
// plain pointers.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "interp/gc_heap.h"
#include "interp/interpreter.h"
#include "interp/module_code.h"
#include "interp/objects.h"
#include "memory/linear_memory.h"
#include "wasmline/engine.h"
#include "wasmline/result.h"
#include "wasmline/types.h"

namespace wasmline::runtime {

class StoreData {
public:
  // A store of an engine with `config` and the engine's `epoch` (none for tests: a store's own).
  explicit StoreData(EngineConfig config,
                     std::shared_ptr<std::atomic<std::uint64_t>> epoch = nullptr);
  StoreData(const StoreData&) = delete;
  StoreData& operator=(const StoreData&) = delete;

  const EngineConfig& config() const { return config_; }
  // The compile variant of the code this store's functions run (fuel, tracing).
  const interp::CompileOptions& compileOptions() const { return compileOptions_; }
  // How calls into this store run: its fuel, trace callback, options and stack limits.
  interp::Execution execution();
  // What the store's memories and tables have taken of its StoreLimits.
  interp::StoreBudget& budget() { return *budget_; }

  // Creates a memory of `type` for an instance: the engine's MemoryConfig, its growth (and
  // creation) charged to the store's budget. Errors: as LinearMemory::create, LimitExceeded
  // naming StoreLimits::memoryBytes.
  Result<std::shared_ptr<detail::LinearMemory>> createMemory(const MemoryType& type);
  // Takes `elements` for a new table from the store's budget. Errors: LimitExceeded naming the
  // per-table or the store-wide limit.
  Result<void> admitTable(std::uint64_t elements);

  interp::FuncInstance& addFunction(interp::FuncInstance function);
  interp::TableInstance& addTable(interp::TableInstance table);
  interp::GlobalInstance& addGlobal(interp::GlobalInstance global);
  interp::TagInstance& addTag(interp::TagInstance tag);
  // The store's exceptions (thrown by its code or made by the host).
  interp::ExceptionHeap& exceptions() { return exceptions_; }
  // The store's GC heap (structs and arrays), its roots the store's globals, tables, element
  // segments, exceptions and host roots.
  interp::GcHeap& gcHeap() { return *gcHeap_; }
  // Keeps the object reference `word` alive while the host holds it (counted: every rootValue
  // needs its unrootValue).
  void rootValue(std::uint64_t word);
  void unrootValue(std::uint64_t word);
  // Keeps a memory alive as long as the store (memories are shared objects).
  detail::LinearMemory& addMemory(std::shared_ptr<detail::LinearMemory> memory);
  interp::Instance& addInstance(interp::Instance instance);
  // A new externref value holding `payload`.
  interp::RawValue newExternRef(std::uint64_t payload);

  // Fuel left when the engine consumes fuel (see ExecutionConfig::consumeFuel).
  std::uint64_t fuel = 0;
  // Code traps once the engine's epoch reaches `ticks` beyond its current value.
  void setEpochDeadline(std::uint64_t ticks);

private:
  EngineConfig config_;
  interp::CompileOptions compileOptions_;
  std::shared_ptr<interp::StoreBudget> budget_;       // shared with the limiters of its memories
  std::shared_ptr<std::atomic<std::uint64_t>> epoch_; // the engine's
  std::uint64_t epochDeadline_ = ~std::uint64_t{0};
  std::deque<interp::FuncInstance> functions_;
  std::deque<interp::TableInstance> tables_;
  std::deque<interp::GlobalInstance> globals_;
  std::deque<interp::TagInstance> tags_;
  interp::ExceptionHeap exceptions_;
  std::unordered_map<std::uint64_t, std::uint64_t> hostRoots_; // word -> count
  std::mutex hostRootsMutex_; // Values are copied on any thread, collections run on another
  std::vector<std::shared_ptr<detail::LinearMemory>> memories_;
  std::deque<interp::Instance> instances_;
  std::deque<interp::ExternObject> externs_;
  // Last: it is destroyed first, while nothing may allocate any more.
  std::unique_ptr<interp::GcHeap> gcHeap_;
};

} // namespace wasmline::runtime
