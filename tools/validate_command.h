// The `wasmline validate` command: decodes and validates a module file.
#pragma once

#include <optional>
#include <string>

#include "tools/feature_options.h"

namespace CLI {
class App;
}

namespace wasmline::tools {

struct ValidateOptions {
  std::string file;
  std::optional<std::string> maxModuleSize; // --max-module-size
  FeatureOptions features;                  // --all-features, --enable, --disable
};

// Adds the `validate` subcommand to `app`; it sets `exitCode` when it runs.
void addValidateCommand(CLI::App& app, ValidateOptions& options, int& exitCode);

// Validates the file: prints "FILE: valid" and returns 0, or prints "error: FILE: ..." with the
// byte offset and the spec's message and returns 1.
int runValidate(const ValidateOptions& options);

} // namespace wasmline::tools
