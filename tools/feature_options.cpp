#include "tools/feature_options.h"

#include <cstdio>

#include <CLI/CLI.hpp>

namespace wasmline::tools {

void addFeatureOptions(CLI::App& command, FeatureOptions& options) {
  command.add_flag("--all-features", options.all, "Enable every proposal wasmline implements");
  command
      .add_option("--enable", options.enable,
                  "Enable a proposal: threads, memory64, multi-memory, tail-call, "
                  "extended-const (repeatable)")
      ->allow_extra_args(false);
  command
      .add_option("--disable", options.disable,
                  "Disable a feature, e.g. reference-types for modules written before it "
                  "(repeatable)")
      ->allow_extra_args(false);
}

std::optional<Features> selectFeatures(const FeatureOptions& options) {
  Features features = options.all ? Features::all() : Features{};
  for (const std::string& name : options.enable) {
    if (!features.enable(name)) {
      std::fprintf(stderr,
                   "error: --enable: unknown proposal \"%s\" (threads, memory64, multi-memory, "
                   "tail-call, extended-const)\n",
                   name.c_str());
      return std::nullopt;
    }
  }
  for (const std::string& name : options.disable) {
    if (!features.disable(name)) {
      std::fprintf(stderr, "error: --disable: unknown feature \"%s\"\n", name.c_str());
      return std::nullopt;
    }
  }
  return features;
}

} // namespace wasmline::tools
