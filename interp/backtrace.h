// Trap messages with the wasm call stack: the spec's message, details, then one line per frame.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "interp/objects.h"
#include "interp/trap.h"
#include "wasmline/result.h"

namespace wasmline::interp {

// A frame of the wasm call stack: a function and the code word it was executing.
struct BacktraceFrame {
  const FuncInstance* function;
  const std::uint64_t* position;
};

// The Trap error for `kind`: its message followed by `detail` and "wasm backtrace:" with a line
// "func N "name" at offset 0x..." per frame, innermost first. Names are escaped (\xNN for bytes
// that are not printable ASCII); a run of more than four equal frames (recursion) shows three and
// "... N more frames of func F".
Error trapWithBacktrace(TrapKind kind, std::string_view detail,
                        std::span<const BacktraceFrame> frames);

// The Exception error for `exception` (whose opaque handle is `handle`) that nothing caught:
// "uncaught exception: tag N "export" (payload i32:1, ...)" and the backtrace of the frames it
// left, innermost (the thrower) first.
Error uncaughtExceptionError(const ExceptionObject& exception, std::uintptr_t handle,
                             std::span<const BacktraceFrame> frames);

// The Trap that an error returned by a host function becomes, with `frames` (the wasm code that
// called it, innermost first) as its backtrace: the error's message, then "wasm backtrace:" and
// the frames. A Trap that already carries a backtrace (wasm the host function called trapped)
// gets the frames appended to it; an Exit error (WASI proc_exit) and an Exception (a wasm
// exception the host function raised or let through, which unwinds to a handler) are returned
// unchanged.
Error hostErrorWithBacktrace(const Error& error, std::span<const BacktraceFrame> frames);

// ": N bytes at address A, memory size S" for an out-of-bounds access of `bytes` bytes at
// `base` + `offset` in a memory of `memoryLength` bytes.
std::string outOfBoundsDetail(std::uint64_t base, std::uint64_t offset, std::uint64_t bytes,
                              std::uint64_t memoryLength);

} // namespace wasmline::interp
