// The `wasmline inspect` command: what a module holds, and the interpreter's IR of its functions.
#pragma once

#include <string>

#include "tools/feature_options.h"

namespace CLI {
class App;
}

namespace wasmline::tools {

struct InspectOptions {
  std::string file;
  bool ir = false;        // --ir given
  std::string irFunction; // --ir FUNC: an index or a name-section name; empty for every function
  FeatureOptions features;
};

// Adds the `inspect` subcommand to `app`; it sets `exitCode` when it runs.
void addInspectCommand(CLI::App& app, InspectOptions& options, int& exitCode);

// Prints the module's size, sections, the features it needs, its imports, exports and functions;
// with --ir, the IR of every defined function (or of FUNC) instead of the function list.
// Returns 0, or 1 after printing "error: ..." (a file that does not load, an unknown function).
int runInspect(const InspectOptions& options);

} // namespace wasmline::tools
