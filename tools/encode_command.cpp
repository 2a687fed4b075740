#include "tools/encode_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <CLI/CLI.hpp>

#include "tools/input_file.h"
#include "wasmline/module.h"

namespace wasmline::tools {

void addEncodeCommand(CLI::App& app, EncodeOptions& options, int& exitCode) {
  CLI::App* command = app.add_subcommand(
      "encode", "Write the binary of a text module (.wat), validated, e.g. for other engines");
  command->add_option("file", options.file, "The text module")->required();
  command->add_option("-o,--output", options.output, "The .wasm file to write")->required();
  addModuleSizeOption(*command, options.maxModuleSize);
  addFeatureOptions(*command, options.features);
  command->callback([&options, &exitCode] { exitCode = runEncode(options); });
}

int runEncode(const EncodeOptions& options) {
  const auto features = selectFeatures(options.features);
  if (!features) return 1;
  const auto maxModuleBytes = moduleSizeLimit(options.maxModuleSize);
  if (!maxModuleBytes) {
    std::fprintf(stderr, "error: %s\n", maxModuleBytes.error().message().c_str());
    return 1;
  }
  auto bytes = readModuleFile(options.file, *features, *maxModuleBytes);
  if (!bytes) {
    std::fprintf(stderr, "error: %s\n", bytes.error().message().c_str());
    return 1;
  }
  EngineConfig config;
  config.features = *features;
  const Engine engine(config);
  if (auto module = Module::fromBinary(engine, *bytes); !module) {
    std::fprintf(stderr, "error: %s: %s\n", options.file.c_str(), module.error().message().c_str());
    return 1;
  }
  std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
  if (out) {
    out.write(reinterpret_cast<const char*>(bytes->data()),
              static_cast<std::streamsize>(bytes->size()));
  }
  out.close();
  if (!out) {
    std::fprintf(stderr, "error: cannot write %s: %s\n", options.output.c_str(),
                 std::strerror(errno));
    return 1;
  }
  return 0;
}

} // namespace wasmline::tools
