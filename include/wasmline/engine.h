// The engine: the configuration shared by the modules and stores made with it.
#pragma once

#include <cstddef>

#include "wasmline/features.h"
#include "wasmline/memory.h"

namespace wasmline {

// Limits of one call from the host into wasm; passing one traps with "call stack exhausted".
struct ExecutionConfig {
  std::size_t maxCallDepth = 10000;                   // nested wasm calls
  std::size_t valueStackBytes = std::size_t{8} << 20; // locals and operands of all frames
};

struct EngineConfig {
  Features features;         // what modules may use (WebAssembly 2.0 by default)
  MemoryConfig memory;       // reservations and limits for the memories instances create
  ExecutionConfig execution; // call depth and value stack limits
};

class Engine {
public:
  // An engine with the given configuration (the default: WebAssembly 2.0, default limits).
  explicit Engine(EngineConfig config = {}) : config_(std::move(config)) {}

  const EngineConfig& config() const { return config_; }
  const Features& features() const { return config_.features; }

private:
  EngineConfig config_;
};

} // namespace wasmline
