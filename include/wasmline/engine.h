// The engine: the configuration shared by the modules and stores made with it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "wasmline/features.h"
#include "wasmline/memory.h"

namespace wasmline {

// One executed instruction, as reported to ExecutionConfig::trace.
struct TraceEvent {
  std::uint32_t functionIndex;   // in its module's function index space
  std::string_view functionName; // from the name section; empty when it has none
  std::uint32_t offset;          // the instruction's byte offset in the module binary
  std::string_view instruction;  // its text-format name, e.g. "i32.add"
};

// How code runs: stack limits (passing one traps with "call stack exhausted"), fuel, tracing.
struct ExecutionConfig {
  std::size_t maxCallDepth = 10000;                   // nested wasm calls
  std::size_t valueStackBytes = std::size_t{8} << 20; // locals and operands of all frames
  // Executed instructions consume the store's fuel (Store::setFuel); running out traps with
  // "all fuel consumed". Fuel is charged per straight-line run of instructions on entering it.
  bool consumeFuel = false;
  // When set, called before every executed instruction (slow: for debugging).
  std::function<void(const TraceEvent&)> trace;
  // Code checks the engine's epoch (Engine::incrementEpoch) against its store's deadline
  // (Store::setEpochDeadline) on entering every function and loop, and traps with "interrupt"
  // once it is reached; a memory.atomic.wait wakes up for it too. Costs about what fuel costs.
  bool epochInterruption = false;
  // Every GC allocation (and throw) collects first, when it can: slow, for testing that the
  // collector finds every live reference (wasmtime's "gc zeal").
  bool gcCollectEveryAllocation = false;
};

// Caps on what one store's instances and host objects may take, like wasmtime's StoreLimits.
// Refused: instantiation and Table::create fail with LimitExceeded naming the limit,
// memory.grow and table.grow return -1, Memory::grow and Table::grow fail with LimitExceeded.
struct StoreLimits {
  // Bytes of all the memories the store's instances create, together (none: only the address
  // space limits them; a memory's own MemoryConfig::limiter applies too).
  std::optional<std::uint64_t> memoryBytes;
  std::uint64_t tableElements = 10'000'000;       // elements of any one table
  std::uint64_t totalTableElements = 100'000'000; // elements of all the store's tables together
  // Bytes of GC objects (structs and arrays) the store may hold at once: an allocation that
  // would pass it even after a collection traps with "GC heap limit exceeded".
  std::uint64_t gcHeapBytes = std::uint64_t{1} << 30;
};

struct EngineConfig {
  Features features;         // what modules may use (WebAssembly 2.0 by default)
  MemoryConfig memory;       // reservations and limits for the memories instances create
  ExecutionConfig execution; // call depth and value stack limits
  StoreLimits limits;        // memory and table sizes per store
  // When a module's functions are compiled to the interpreter's code: on their first call
  // (false: loading validates only, fast startup), or while the module loads, in the same pass
  // over each body as validation (true).
  bool eagerCompilation = false;
};

namespace api {
struct Access;
}

// The configuration shared by the modules and stores made with it, and their epoch. Copies of an
// engine share its epoch.
class Engine {
public:
  // An engine with the given configuration (the default: WebAssembly 2.0, default limits).
  explicit Engine(EngineConfig config = {})
      : config_(std::move(config)), epoch_(std::make_shared<std::atomic<std::uint64_t>>(0)) {}

  const EngineConfig& config() const { return config_; }
  const Features& features() const { return config_.features; }

  // Advances the epoch by one: code of stores whose deadline it reaches traps with "interrupt"
  // (ExecutionConfig::epochInterruption). Safe from any thread and from signal handlers.
  void incrementEpoch() const { epoch_->fetch_add(1, std::memory_order_relaxed); }
  // The current epoch (0 at first).
  std::uint64_t epoch() const { return epoch_->load(std::memory_order_relaxed); }

private:
  friend struct api::Access;
  EngineConfig config_;
  std::shared_ptr<std::atomic<std::uint64_t>> epoch_;
};

} // namespace wasmline
