// The `wasmline encode` command: writes the binary of a text module (.wat), validated first, so
// that GC modules (which wabt's wat2wasm cannot read) can run in other engines too.
#pragma once

#include <optional>
#include <string>

#include "tools/feature_options.h"

namespace CLI {
class App;
}

namespace wasmline::tools {

struct EncodeOptions {
  std::string file;                         // the text module
  std::string output;                       // -o: where the binary goes
  std::optional<std::string> maxModuleSize; // --max-module-size
  FeatureOptions features;                  // --all-features, --enable, --disable
};

// Adds the `encode` subcommand to `app`; it sets `exitCode` when it runs.
void addEncodeCommand(CLI::App& app, EncodeOptions& options, int& exitCode);

// Reads the module in options.file (text, or a binary passed through), validates it and writes
// its binary to options.output. Returns 0, or prints "error: ..." (the parser's file:line:col,
// the validator's byte offset, or why the output cannot be written) and returns 1.
int runEncode(const EncodeOptions& options);

} // namespace wasmline::tools
