// The handler of every WASI function, declared from wasi_functions.def. Handlers take the
// function's wasm parameters as U32/U64 and return the WASI errno (proc_exit: a Result that is
// always an error: Exit with the status, or InvalidArgument for a status above kMaxExitStatus).
// They never abort: bad guest input is an errno.
#pragma once

#include <cstdint>

#include "runtime/wasi/abi.h"
#include "runtime/wasi/state.h"
#include "wasmline/result.h"

namespace wasmline::wasi::handlers {

using U32 = std::uint32_t;
using U64 = std::uint64_t;
using WasiResultErrno = Errno;
using WasiResultVoid = Result<void>;

// The largest status proc_exit passes on: a POSIX parent sees only its low 8 bits.
inline constexpr U32 kMaxExitStatus = 255;

// Expands a parenthesized parameter list after a leading parameter.
#define WASI_MORE_PARAMS(...) __VA_OPT__(, ) __VA_ARGS__
#define WASI_FUNCTION(name, params, result)                                                        \
  WasiResult##result name(WasiState& state WASI_MORE_PARAMS params);
#include "runtime/wasi/wasi_functions.def"
#undef WASI_FUNCTION

} // namespace wasmline::wasi::handlers
