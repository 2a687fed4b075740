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
  command->add_flag("--all-features", options.allFeatures,
                    "Enable every proposal wasmline implements");
  command->callback([&options, &exitCode] { exitCode = runValidate(options); });
}

int runValidate(const ValidateOptions& options) {
  EngineConfig config;
  if (options.allFeatures) config.features = Features::all();
  const Engine engine(config);
  if (!loadModuleFile(options.file, engine)) return 1;
  std::printf("%s: valid\n", options.file.c_str());
  return 0;
}

} // namespace wasmline::tools
