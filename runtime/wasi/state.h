// Everything the WASI functions of one context share: the program's arguments and environment,
// its file descriptors and the memory its pointers refer to.
#pragma once

#include <string>
#include <vector>

#include "runtime/wasi/fd_table.h"
#include "runtime/wasi/guest_memory.h"

namespace wasmline::wasi {

struct WasiState {
  std::vector<std::string> args;
  std::vector<std::string> env;
  FdTable fds;
  GuestMemory memory;
};

} // namespace wasmline::wasi
