// The `wasmline run` command: instantiates a module and calls an export (--invoke) with typed
// arguments, printing its results one per line.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace wasmline::tools {

struct RunOptions {
  std::string file;
  std::string invoke;            // the export to call
  std::vector<std::string> args; // its arguments, parsed by the export's parameter types
  bool allFeatures = false;
};

// Adds the `run` subcommand to `app`; it sets `exitCode` when it runs.
void addRunCommand(CLI::App& app, RunOptions& options, int& exitCode);

// Runs: 0 on success, 1 for a load, link or argument error, 134 for a trap.
int runModule(const RunOptions& options);

} // namespace wasmline::tools
