// Running functions: the interpreter's entry point.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "interp/call_stack.h"
#include "interp/exception_heap.h"
#include "interp/gc_heap.h"
#include "interp/module_code.h"
#include "interp/objects.h"
#include "wasmline/engine.h"
#include "wasmline/result.h"

namespace wasmline::interp {

// What one call into the interpreter runs with: its store's fuel and trace callback, the compile
// options of the store's code, and the stack limits.
struct Execution {
  std::uint64_t* fuel = nullptr; // the store's fuel, when options.consumeFuel
  const std::function<void(const TraceEvent&)>* trace = nullptr; // when options.trace
  const std::atomic<std::uint64_t>* epoch = nullptr;             // the engine's, when options.epoch
  const std::uint64_t* epochDeadline = nullptr;                  // the store's
  ExceptionHeap* exceptions = nullptr;                           // the store's
  GcHeap* gc = nullptr;                                          // the store's
  CompileOptions options;
  ExecutionLimits limits;
};

// Calls `function` with `args` (one RawValue per parameter) and returns its results. Functions
// are compiled on their first call. Errors: Trap (the spec's message, e.g. "integer divide by
// zero", "call stack exhausted"), Exception (an exception nothing caught: its handle is the
// ExceptionObject, its message names the tag and payload, then the wasm backtrace), Unsupported
// (an instruction the interpreter cannot run yet), InvalidArgument (wrong argument count).
Result<std::vector<RawValue>> invoke(const Execution& execution, FuncInstance& function,
                                     std::span<const RawValue> args);

// The interpreter's handler addresses in IrOp order, to compile code ahead of its first call
// (nullptr in the `switch` build, whose opcode words are IrOp numbers).
const void* const* dispatchTable();

} // namespace wasmline::interp
