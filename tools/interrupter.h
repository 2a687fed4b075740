// Stops running wasm code cleanly from outside: on SIGINT or SIGTERM, or when a timeout passes.
// When the engine's code checks the epoch (ExecutionConfig::epochInterruption), both advance it
// past the store's deadline, so the code traps with "interrupt" and the wasm backtrace at its next
// function entry or loop iteration. Without epoch checks a signal ends the process at once with
// "error: interrupted by SIGINT" (exit 128 + the signal's number).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "wasmline/engine.h"

namespace wasmline::tools {

class Interrupter {
public:
  // Watches `engine`: installs SIGINT and SIGTERM handlers (with epoch checks, a second signal
  // ends the process as the signal would, for code blocked in a WASI call) and starts a timer for
  // `timeout` (which needs epoch checks). One Interrupter at a time.
  Interrupter(const Engine& engine, std::optional<std::chrono::milliseconds> timeout);
  // Stops the timer and restores the previous handlers.
  ~Interrupter();
  Interrupter(const Interrupter&) = delete;
  Interrupter& operator=(const Interrupter&) = delete;

  // Why the code was interrupted: "SIGINT", "SIGTERM", "the timeout of 2000 ms", or empty.
  std::string reason() const;
  // The exit status for the interruption: 128 + the signal's number, 134 for the timeout.
  int exitCode() const;

private:
  std::optional<std::chrono::milliseconds> timeout_;
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::atomic<bool> timedOut_ = false;
  std::thread timer_;
};

} // namespace wasmline::tools
