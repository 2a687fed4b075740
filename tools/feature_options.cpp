#include "tools/feature_options.h"

#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

namespace wasmline::tools {

namespace {

// "a, b, c": the names of every feature in features.def.
std::string featureNames() {
  std::string names;
  for (const FeatureInfo& info : allFeatures()) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

} // namespace

void addFeatureOptions(CLI::App& command, FeatureOptions& options) {
  command.add_flag("--all-features", options.all, "Enable every feature wasmline runs");
  command
      .add_option("--enable", options.enable, "Enable a feature (repeatable): " + featureNames())
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
      std::fprintf(stderr, "error: --enable: unknown feature \"%s\" (%s)\n", name.c_str(),
                   featureNames().c_str());
      return std::nullopt;
    }
  }
  for (const std::string& name : options.disable) {
    if (!features.disable(name)) {
      std::fprintf(stderr, "error: --disable: unknown feature \"%s\" (%s)\n", name.c_str(),
                   featureNames().c_str());
      return std::nullopt;
    }
  }
  return features;
}

} // namespace wasmline::tools
