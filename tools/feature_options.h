// The feature options every command shares: --all-features, --enable NAME, --disable NAME.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "wasmline/features.h"

namespace CLI {
class App;
}

namespace wasmline::tools {

struct FeatureOptions {
  bool all = false;                 // every proposal wasmline implements
  std::vector<std::string> enable;  // proposals by name (Features::enable)
  std::vector<std::string> disable; // features by name (Features::disable)
};

// Adds --all-features, --enable and --disable to `command`.
void addFeatureOptions(CLI::App& command, FeatureOptions& options);

// The features the options select: WebAssembly 2.0, or all, then --enable, then --disable.
// Nullopt (after printing "error: ..." naming the unknown feature) for an unknown name.
std::optional<Features> selectFeatures(const FeatureOptions& options);

} // namespace wasmline::tools
