#include "tools/validate_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "tools/input_file.h"
#include "wasmline/module.h"

namespace wasmline::tools {

void addValidateCommand(CLI::App& app, ValidateOptions& options, int& exitCode) {
  CLI::App* command =
      app.add_subcommand("validate", "Decode and validate a module (.wasm or .wat)");
  command->add_option("file", options.file, "The module file")->required();
  addModuleSizeOption(*command, options.maxModuleSize);
  addFeatureOptions(*command, options.features);
  command->callback([&options, &exitCode] { exitCode = runValidate(options); });
}

int runValidate(const ValidateOptions& options) {
  EngineConfig config;
  const auto features = selectFeatures(options.features);
  if (!features) return 1;
  config.features = *features;
  const auto maxModuleBytes = moduleSizeLimit(options.maxModuleSize);
  if (!maxModuleBytes) {
    std::fprintf(stderr, "error: %s\n", maxModuleBytes.error().message().c_str());
    return 1;
  }
  const Engine engine(config);
  if (!loadModuleFile(options.file, engine, *maxModuleBytes)) return 1;
  std::printf("%s: valid\n", options.file.c_str());
  return 0;
}

} // namespace wasmline::tools
