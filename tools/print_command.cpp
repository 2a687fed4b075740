#include "tools/print_command.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <CLI/CLI.hpp>

#include "tools/input_file.h"
#include "wasmline/inspect.h"
#include "wasmline/module.h"

namespace wasmline::tools {

void addPrintCommand(CLI::App& app, PrintCommandOptions& options, int& exitCode) {
  CLI::App* command = app.add_subcommand(
      "print", "Write a module (.wasm or .wat) in the WebAssembly text format, names from its "
               "name section as $identifiers");
  command->add_option("file", options.file, "The module file")->required();
  command->add_option("-o,--output", options.output, "Write the text to FILE instead of stdout");
  CLI::Option* folded = command->add_flag(
      "--folded", options.folded,
      "Fold instructions over their operands: (i32.add (local.get 0) (i32.const 1)), "
      "(if (then ...) (else ...))");
  command
      ->add_flag_callback(
          "--flat", [&options] { options.folded = false; },
          "One instruction per line, blocks closed by end (the default)")
      ->excludes(folded);
  command->add_flag("--no-names", options.noNames,
                    "Ignore the name section: every index printed as a number");
  addModuleSizeOption(*command, options.maxModuleSize);
  addFeatureOptions(*command, options.features);
  command->callback([&options, &exitCode] { exitCode = runPrint(options); });
}

int runPrint(const PrintCommandOptions& given) {
  PrintCommandOptions options = given;
  options.features.all = true; // any module wasmline can load prints; --disable narrows it
  EngineConfig config;
  const auto features = selectFeatures(options.features);
  if (!features) return 1;
  config.features = *features;
  // The features wasmline recognises but does not run yet are on too, so that a module using
  // one is refused naming it ("gc: ... not implemented yet") rather than as malformed.
  for (const FeatureInfo& info : allFeatures()) {
    const bool disabled =
        std::find(options.features.disable.begin(), options.features.disable.end(), info.name) !=
        options.features.disable.end();
    if (!info.runs && !disabled) config.features.set(info.feature, true);
  }
  const auto maxModuleBytes = moduleSizeLimit(options.maxModuleSize);
  if (!maxModuleBytes) {
    std::fprintf(stderr, "error: %s\n", maxModuleBytes.error().message().c_str());
    return 1;
  }
  const Engine engine(config);
  const auto module = loadModuleFile(options.file, engine, *maxModuleBytes);
  if (!module) return 1;
  PrintOptions print;
  print.folded = options.folded;
  print.names = !options.noNames;
  const auto text = moduleText(*module, print);
  if (!text) {
    std::fprintf(stderr, "error: %s: %s\n", options.file.c_str(), text.error().message().c_str());
    return 1;
  }
  std::FILE* out = stdout;
  if (!options.output.empty()) {
    out = std::fopen(options.output.c_str(), "wb");
    if (out == nullptr) {
      std::fprintf(stderr, "error: cannot write %s: %s\n", options.output.c_str(),
                   std::strerror(errno));
      return 1;
    }
  }
  const bool written = std::fwrite(text->data(), 1, text->size(), out) == text->size();
  const bool closed = out == stdout ? std::fflush(out) == 0 : std::fclose(out) == 0;
  if (!written || !closed) {
    std::fprintf(stderr, "error: cannot write %s: %s\n",
                 options.output.empty() ? "the output" : options.output.c_str(),
                 std::strerror(errno));
    return 1;
  }
  return 0;
}

} // namespace wasmline::tools
