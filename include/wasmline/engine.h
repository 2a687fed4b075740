// The engine: the configuration shared by the modules and stores made with it.
#pragma once

#include "wasmline/features.h"
#include "wasmline/memory.h"

namespace wasmline {

struct EngineConfig {
  Features features;   // what modules may use (WebAssembly 2.0 by default)
  MemoryConfig memory; // reservations and limits for the memories instances create
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
