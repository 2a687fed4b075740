// Running functions: the interpreter's entry point.
#pragma once

#include <span>
#include <vector>

#include "runtime/store.h"
#include "wasmline/result.h"

namespace wasmline::interp {

// Limits of one call into the interpreter.
struct ExecutionLimits {
  std::size_t maxCallDepth = 10000;            // nested wasm calls
  std::size_t valueStackSlots = 1 << 20;       // 8-byte slots for all frames (8 MiB)
  std::uint64_t maxTableElements = 10'000'000; // table.grow past this returns -1
};

// Calls `function` with `args` (one RawValue per parameter) and returns its results. Functions
// are compiled on their first call. Errors: Trap (the spec's message, e.g. "integer divide by
// zero", "call stack exhausted"), Unsupported (an instruction the interpreter cannot run yet),
// InvalidArgument (wrong argument count).
Result<std::vector<runtime::RawValue>> invoke(runtime::StoreData& store,
                                              runtime::FuncInstance& function,
                                              std::span<const runtime::RawValue> args,
                                              const ExecutionLimits& limits = {});

} // namespace wasmline::interp
