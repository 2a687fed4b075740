// The wasmline command line.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tools/encode_command.h"
#include "tools/inspect_command.h"
#include "tools/print_command.h"
#include "tools/run_command.h"
#include "tools/validate_command.h"
#include "tools/wast_command.h"
#include "wasmline/version.h"

int main(int argc, char** argv) {
  // A guest writing to a closed pipe gets WASI errno PIPE instead of killing the process.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app("wasmline: a WebAssembly interpreter\n\n  wasmline FILE [ARGS...] is short for "
               "wasmline run FILE [ARGS...]",
               "wasmline");
  app.set_version_flag("--version", "wasmline " WASMLINE_VERSION_STRING);
  app.require_subcommand(1);

  int exitCode = 0;
  wasmline::tools::WastOptions wastOptions;
  wasmline::tools::addWastCommand(app, wastOptions, exitCode);
  wasmline::tools::RunOptions runOptions;
  wasmline::tools::addRunCommand(app, runOptions, exitCode);
  wasmline::tools::ValidateOptions validateOptions;
  wasmline::tools::addValidateCommand(app, validateOptions, exitCode);
  wasmline::tools::EncodeOptions encodeOptions;
  wasmline::tools::addEncodeCommand(app, encodeOptions, exitCode);
  wasmline::tools::InspectOptions inspectOptions;
  wasmline::tools::addInspectCommand(app, inspectOptions, exitCode);
  wasmline::tools::PrintCommandOptions printOptions;
  wasmline::tools::addPrintCommand(app, printOptions, exitCode);

  // `wasmline [RUN OPTIONS] FILE ARGS...` is `wasmline run [RUN OPTIONS] FILE ARGS...`.
  std::vector<std::string> args(argv + 1, argv + argc);
  const auto isCommand = [&app](const std::string& name) {
    for (const CLI::App* command : app.get_subcommands({}))
      if (command->get_name() == name) return true;
    return false;
  };
  const bool topLevelOption =
      !args.empty() && (args[0] == "-h" || args[0] == "--help" || args[0] == "--version");
  if (!args.empty() && !topLevelOption && !isCommand(args[0])) {
    args.insert(args.begin(), "run");
  }
  std::reverse(args.begin(), args.end()); // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::ParseError& error) {
    // CLI11 prints the message (or the help/version text); its own codes (104 for a conversion,
    // 106 for a missing argument, ...) become the documented 1 for every usage error.
    return app.exit(error) == 0 ? 0 : 1;
  }
  return exitCode;
}
