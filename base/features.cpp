#include "wasmline/features.h"

#include <iterator>

namespace wasmline {
namespace {

constexpr FeatureInfo kFeatures[] = {
#define WASM_FEATURE(Id, member, name, byDefault, runs, help, folders)                                    \
  {Feature::Id, name, byDefault, runs, help, folders},
#include "wasmline/features.def"
#undef WASM_FEATURE
};

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
#define WASM_FEATURE(Id, member, name, byDefault, runs, help, folders)                                    \
  case Feature::Id: return member;
#include "wasmline/features.def"
#undef WASM_FEATURE
  }
  return false;
}

void Features::set(Feature feature, bool value) {
  switch (feature) {
#define WASM_FEATURE(Id, member, name, byDefault, runs, help, folders)                                    \
  case Feature::Id: member = value; return;
#include "wasmline/features.def"
#undef WASM_FEATURE
  }
}

bool Features::enable(std::string_view name) {
  const FeatureInfo* info = findFeature(name);
  if (info != nullptr) set(info->feature, true);
  return info != nullptr;
}

bool Features::disable(std::string_view name) {
  const FeatureInfo* info = findFeature(name);
  if (info != nullptr) set(info->feature, false);
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
