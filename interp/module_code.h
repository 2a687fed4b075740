// The compiled code of a module: one slot per defined function and compile variant, filled on the
// function's first call and shared by every instance of the module in every store and thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "binary/module.h"
#include "interp/ir.h"
#include "interp/objects.h"
#include "wasmline/features.h"
#include "wasmline/result.h"

namespace wasmline::interp {

// What besides the module the compiled code depends on: the executing store's options.
struct CompileOptions {
  bool consumeFuel = false; // ConsumeFuel at the start of each straight-line run
  bool trace = false;       // Trace before every instruction
  bool epoch = false;       // CheckEpoch on entering every function and loop

  // 0-7: which of a function's code slots these options use.
  unsigned variant() const {
    return (consumeFuel ? 1u : 0u) | (trace ? 2u : 0u) | (epoch ? 4u : 0u);
  }
};

class ModuleCode {
public:
  // The code of `module`, validated with `features` (which compilation uses again).
  ModuleCode(std::shared_ptr<const binary::Module> module, const Features& features);
  ModuleCode(const ModuleCode&) = delete;
  ModuleCode& operator=(const ModuleCode&) = delete;

  const binary::Module& module() const { return *module_; }
  const std::shared_ptr<const binary::Module>& sharedModule() const { return module_; }
  const Features& features() const { return features_; }

  // The slot holding the code of defined function `functionIndex` (function index space) for
  // `options`; its address never changes.
  CodeSlot& slot(std::uint32_t functionIndex, const CompileOptions& options);

  // Compiles function `functionIndex` for `options` unless a slot holds its code already, and
  // returns the code. `handlers` (the interpreter's handler addresses in IrOp order, or nullptr)
  // become the opcode words. Thread-safe: one thread compiles, the others wait for it. Errors:
  // Unsupported (an instruction the interpreter cannot run).
  Result<const CompiledFunction*>
  compile(std::uint32_t functionIndex, const CompileOptions& options, const void* const* handlers);

  // Publishes `function`, compiled ahead of time (see EagerCompilation), for `options`.
  void install(std::uint32_t functionIndex, const CompileOptions& options,
               CompiledFunction function);

  // How many function bodies have been compiled so far (each body once per variant used).
  std::size_t compilations() const { return compilations_.load(std::memory_order_relaxed); }

private:
  static constexpr unsigned kVariants = 8;

  std::shared_ptr<const binary::Module> module_;
  Features features_;
  std::unique_ptr<CodeSlot[]> slots_; // kVariants per defined function
  std::mutex mutex_;                  // held while compiling; guards code_
  std::vector<std::unique_ptr<CompiledFunction>> code_;
  std::atomic<std::size_t> compilations_{0};
};

} // namespace wasmline::interp
