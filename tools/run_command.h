// The `wasmline run` command (also `wasmline FILE ...`): runs a WASI command's _start with ARGS
// as its argv, or calls an export (--invoke) with ARGS parsed by its parameter types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/feature_options.h"

namespace CLI {
class App;
}

namespace wasmline::tools {

// The largest --max-stack and --max-stack-bytes: the interpreter allocates both stacks up front
// (24 bytes a frame), so larger values would only fail to allocate.
inline constexpr std::uint64_t kMaxCallDepthLimit = 1'000'000;
inline constexpr std::uint64_t kMaxStackBytesLimit = std::uint64_t{1} << 30;

// The options of `run`. Numeric options are kept as text and parsed strictly when it runs.
struct RunOptions {
  std::string file;
  std::vector<std::string> args;        // the program's argv[1..] or the export's arguments
  std::string invoke;                   // the export to call instead of _start
  std::vector<std::string> dirs;        // HOST[::GUEST] preopened directories
  std::vector<std::string> env;         // NAME=VALUE, or NAME to pass the host's value on
  std::vector<std::string> preloads;    // NAME=FILE modules to instantiate and register first
  std::optional<std::string> fuel;      // instructions the program may execute
  std::optional<std::string> maxMemory; // bytes all memories together may take (K, M, G)
  std::optional<std::string> maxTableElements; // elements any table may have
  std::optional<std::string> gcHeap;           // bytes of GC objects the store may hold (K, M, G)
  bool gcStats = false;                        // --gc-stats: print GC counters after --invoke
  std::optional<std::string> timeout;          // how long the program may run (s, ms, m)
  bool interruptible = false;               // --interruptible: signals stop code with a backtrace
  std::optional<std::string> maxStack;      // nested calls
  std::optional<std::string> maxStackBytes; // value stack bytes (K, M, G suffixes)
  std::optional<std::string> maxModuleSize; // bytes a module file may have (K, M, G suffixes)
  bool trace = false;
  bool profile = false;    // --profile: instruction counts per function and pair
  bool eager = false;      // --eager-compilation
  FeatureOptions features; // --all-features, --enable, --disable
};

// Adds the `run` subcommand to `app`; it sets `exitCode` when it runs.
void addRunCommand(CLI::App& app, RunOptions& options, int& exitCode);

// Runs: the program's exit status (proc_exit's, or 0), 1 for a load, link or argument error,
// 134 for a trap, an uncaught exception or the timeout, 130/143 when SIGINT/SIGTERM stopped it.
int runModule(const RunOptions& options);

} // namespace wasmline::tools
