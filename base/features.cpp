#include "wasmline/features.h"

#include <iterator>

namespace wasmline {
namespace {

constexpr FeatureInfo kFeatures[] = {
#define WASM_FEATURE(Id, member, name, byDefault, runs, help, folders)                             \
  {Feature::Id, name, byDefault, runs, help, folders},
#include "wasmline/features.def"
#undef WASM_FEATURE
};

// Which feature requires which (features.def's WASM_FEATURE_REQUIRES rows).
struct Requirement {
  Feature feature;
  Feature required;
};
constexpr Requirement kRequirements[] = {
#define WASM_FEATURE(Id, member, name, byDefault, runs, help, folders)
#define WASM_FEATURE_REQUIRES(Id, RequiredId) {Feature::Id, Feature::RequiredId},
#include "wasmline/features.def"
#undef WASM_FEATURE_REQUIRES
#undef WASM_FEATURE
};

// Turns `feature` on with everything it requires, or off with everything requiring it.
void setWithDependencies(Features& features, Feature feature, bool value) {
  features.set(feature, value);
  for (const Requirement& requirement : kRequirements) {
    if (value && requirement.feature == feature) {
      setWithDependencies(features, requirement.required, true);
    }
    if (!value && requirement.required == feature) {
      setWithDependencies(features, requirement.feature, false);
    }
  }
}

} // namespace

std::span<const FeatureInfo> allFeatures() {
  return kFeatures;
}

const FeatureInfo* findFeature(std::string_view name) {
  for (const FeatureInfo& info : kFeatures) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

bool Features::has(Feature feature) const {
  switch (feature) {
#define WASM_FEATURE(Id, member, name, byDefault, runs, help, folders)                             \
  case Feature::Id:                                                                                \
    return member;
#include "wasmline/features.def"
#undef WASM_FEATURE
  }
  return false;
}

void Features::set(Feature feature, bool value) {
  switch (feature) {
#define WASM_FEATURE(Id, member, name, byDefault, runs, help, folders)                             \
  case Feature::Id:                                                                                \
    member = value;                                                                                \
    return;
#include "wasmline/features.def"
#undef WASM_FEATURE
  }
}

bool Features::enable(std::string_view name) {
  const FeatureInfo* info = findFeature(name);
  if (info != nullptr) setWithDependencies(*this, info->feature, true);
  return info != nullptr;
}

bool Features::disable(std::string_view name) {
  const FeatureInfo* info = findFeature(name);
  if (info != nullptr) setWithDependencies(*this, info->feature, false);
  return info != nullptr;
}

Features Features::all() {
  Features features;
  for (const FeatureInfo& info : kFeatures) {
    if (info.runs) features.set(info.feature, true);
  }
  return features;
}

Features Features::everything() {
  Features features;
  for (const FeatureInfo& info : kFeatures)
    features.set(info.feature, true);
  return features;
}

} // namespace wasmline
