// The WebAssembly feature set a module is decoded and validated with, generated from features.def.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace wasmline {

// One feature, named by its features.def Id.
enum class Feature : std::uint8_t {
#define WASM_FEATURE(Id, member, name, byDefault, runs, help, folders) Id,
#include "wasmline/features.def"
#undef WASM_FEATURE
};

// What features.def says about a feature.
struct FeatureInfo {
  Feature feature;
  std::string_view name;    // the CLI name, e.g. "multi-memory"
  bool onByDefault;         // enabled in a default Engine
  bool runs;                // executed by wasmline (else decoded and refused as Unsupported)
  std::string_view help;    // one line
  std::string_view folders; // spec-suite folders it opens (see features.def)
};

// Every feature, in features.def order.
std::span<const FeatureInfo> allFeatures();
// The feature called `name` ("threads", "gc", ...), or nullptr.
const FeatureInfo* findFeature(std::string_view name);

// A set of features: WebAssembly 2.0 is on by default; later features are off until enabled.
struct Features {
#define WASM_FEATURE(Id, member, name, byDefault, runs, help, folders) bool member = byDefault;
#include "wasmline/features.def"
#undef WASM_FEATURE

  // True when `feature` is on.
  bool has(Feature feature) const;
  // Turns `feature` on or off.
  void set(Feature feature, bool value);

  // Turns on the feature called `name` and those it requires (gc: function-references, which
  // needs reference-types); false (nothing changed) for an unknown name.
  bool enable(std::string_view name);
  // Turns off the feature called `name` and those requiring it; false for an unknown name.
  // Scripts written before a feature existed need it off (memory64 and threads predate
  // reference types).
  bool disable(std::string_view name);

  // Every feature wasmline executes (not those it only recognises).
  static Features all();
  // Every feature, including those wasmline recognises but does not run yet: modules using them
  // are refused as Unsupported instead of malformed.
  static Features everything();

  friend bool operator==(const Features&, const Features&) = default;
};

} // namespace wasmline
