// The `wasmline wast` command: runs .wast spec scripts and prints their tallies.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/feature_options.h"

namespace CLI {
class App;
}

namespace wasmline::tools {

struct WastOptions {
  std::vector<std::string> files;
  bool byKind = false;                      // one line per assertion kind after the total
  bool showMismatches = false;              // list assertions that passed with a different message
  bool eager = false;                       // --eager-compilation
  std::optional<std::string> maxModuleSize; // --max-module-size: the largest script accepted
  std::optional<std::string> fuel;          // --fuel: instructions each action may execute
  std::optional<std::string> timeout;       // --timeout: how long each script may run
  FeatureOptions features;                  // --all-features, --enable, --disable
};

// Adds the `wast` subcommand to `app`; it calls runWast when chosen.
void addWastCommand(CLI::App& app, WastOptions& options, int& exitCode);

// Runs the scripts and prints "file: N passed, N failed, N skipped" per file, each failure, and
// the final "N passed, N failed, N skipped". Returns 0 when nothing failed, else 1 (also when a
// script is not a regular file or is larger than --max-module-size: it is not read at all).
int runWast(const WastOptions& options);

} // namespace wasmline::tools
