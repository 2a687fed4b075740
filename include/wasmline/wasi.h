// WASI preview1 ("wasi_snapshot_preview1") for programs built with wasi-libc and friends.
//
// A WasiContext holds one program's view of the host: its arguments, environment, standard
// streams and preopened directories. Typical use:
//
//   auto wasi = WasiContext::create(config);          // check the error
//   (*wasi)->defineImports(store, linker);            // every WASI function, into the linker
//   auto instance = linker.instantiate(store, module);
//   auto status = (*wasi)->runCommand(*instance);     // sets the memory, calls _start
//
// Guests reach the file system only beneath their preopened directories: absolute paths, `..`
// above a preopen and symbolic links leading out of one are refused with errno NOTCAPABLE (76).
// Bad guest input never aborts the host; it is a WASI errno (a pointer outside the memory is
// FAULT (21), an fd that is not open BADF (8)). proc_exit unwinds the program with an Error of
// kind Exit carrying the status. Sockets are never handed out (sock_* return NOTSUP or BADF) and
// proc_raise returns NOSYS.
//
// A context (and the functions defineImports made from it) serves one thread at a time. Hosts
// whose guests may write to pipes should ignore SIGPIPE, so that writing to a closed pipe is
// errno PIPE (64) for the guest rather than the end of the host process.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasmline/memory.h"
#include "wasmline/result.h"
#include "wasmline/store.h"

namespace wasmline {

namespace wasi {
struct WasiState;
}

// The module name WASI preview1 functions are imported from.
inline constexpr std::string_view kWasiModuleName = "wasi_snapshot_preview1";

struct WasiConfig {
  // The program's argv; args[0] is conventionally the program name.
  std::vector<std::string> args;
  // The environment, each entry "NAME=VALUE".
  std::vector<std::string> env;
  // A host directory the guest may use, under the name the guest sees it by.
  struct Preopen {
    std::string hostPath;
    std::string guestPath; // empty: the same as hostPath
  };
  // Preopened directories; they become guest fds 3, 4, ... in this order.
  std::vector<Preopen> preopens;
  // Host descriptors behind guest fds 0, 1 and 2 (duplicated, so the host's own stay open when
  // the guest closes them); -1 leaves that guest fd closed.
  int stdinFd = 0;
  int stdoutFd = 1;
  int stderrFd = 2;
};

class WasiContext {
public:
  // A context for `config`. Errors: InvalidArgument (an env entry without '=', a string
  // containing a NUL byte, a preopen that cannot be opened or is not a directory: the message
  // names its host path), ResourceExhausted (a host descriptor cannot be duplicated).
  static Result<std::unique_ptr<WasiContext>> create(WasiConfig config);
  ~WasiContext();
  WasiContext(const WasiContext&) = delete;
  WasiContext& operator=(const WasiContext&) = delete;

  // Defines every WASI preview1 function in `linker` under kWasiModuleName, as host functions
  // created in `store`. The functions share this context's state (they keep it alive), so they
  // may outlive the WasiContext object.
  void defineImports(Store& store, Linker& linker);

  // The memory guest pointers refer to: call with the instance's "memory" export after
  // instantiating and before running it. Until then (or with nullopt), every function that
  // touches memory returns errno FAULT.
  void setMemory(std::optional<Memory> memory);

  // Runs a WASI command: sets the memory to the "memory" export and calls "_start". Returns the
  // exit status: 0 when _start returns, the code when the program calls proc_exit. Errors:
  // InvalidArgument (no "_start" function of type [] -> [], or no "memory" export), and
  // whatever _start's call returns other than Exit unchanged: a Trap, for instance, also from
  // proc_exit with a status above 255.
  Result<std::uint32_t> runCommand(const Instance& instance);

  // The names of every function defineImports defines, in the order of the WASI table.
  static std::vector<std::string_view> functionNames();

private:
  struct Key {
    explicit Key() = default;
  };

public:
  // For create() only (Key is private).
  WasiContext(Key, std::shared_ptr<wasi::WasiState> state);

private:
  std::shared_ptr<wasi::WasiState> state_;
};

} // namespace wasmline
