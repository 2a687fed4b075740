// The `wasmline print` command: a module in the WebAssembly text format.
#pragma once

#include <optional>
#include <string>

#include "tools/feature_options.h"

namespace CLI {
class App;
}

namespace wasmline::tools {

struct PrintCommandOptions {
  std::string file;
  std::string output;                       // -o FILE; empty for stdout
  bool folded = false;                      // --folded (--flat, the default, clears it)
  bool noNames = false;                     // --no-names
  std::optional<std::string> maxModuleSize; // --max-module-size
  FeatureOptions features;                  // every feature wasmline runs, less --disable
};

// Adds the `print` subcommand to `app`; it sets `exitCode` when it runs.
void addPrintCommand(CLI::App& app, PrintCommandOptions& options, int& exitCode);

// Loads the module (.wasm, or .wat which is parsed and validated first) and writes its text to
// stdout or the -o file. Returns 0, or 1 after printing "error: ..." (a module that does not
// load, an output file that cannot be written).
int runPrint(const PrintCommandOptions& options);

} // namespace wasmline::tools
