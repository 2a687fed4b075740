// The wasmline command line.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "tools/run_command.h"
#include "tools/validate_command.h"
#include "tools/wast_command.h"

#ifndef WASMLINE_VERSION
#define WASMLINE_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  CLI::App app("wasmline: a WebAssembly interpreter", "wasmline");
  app.set_version_flag("--version", "wasmline " WASMLINE_VERSION);
  app.require_subcommand(1);

  int exitCode = 0;
  wasmline::tools::WastOptions wastOptions;
  wasmline::tools::addWastCommand(app, wastOptions, exitCode);
  wasmline::tools::RunOptions runOptions;
  wasmline::tools::addRunCommand(app, runOptions, exitCode);
  wasmline::tools::ValidateOptions validateOptions;
  wasmline::tools::addValidateCommand(app, validateOptions, exitCode);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  return exitCode;
}
