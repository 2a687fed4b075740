// The WebAssembly feature set a module is decoded and validated with.
#pragma once

#include <iterator>
#include <string_view>

namespace wasmline {

// WebAssembly 2.0 is on by default; later proposals are off until enabled.
struct Features {
  // WebAssembly 2.0
  bool signExtension = true;
  bool saturatingFloatToInt = true;
  bool multiValue = true;
  bool bulkMemory = true;
  bool referenceTypes = true;
  bool simd = true;
  // Proposals
  bool threads = false;       // shared memories and atomic instructions
  bool memory64 = false;      // 64-bit memory indices
  bool multiMemory = false;   // several memories per module
  bool tailCall = false;      // return_call, return_call_indirect
  bool extendedConst = false; // i32/i64 add, sub, mul in constant expressions

  // Turns on the proposal called `name` ("threads", "memory64", "multi-memory", "tail-call",
  // "extended-const"); false for any other name.
  bool enable(std::string_view name) {
    if (name == "threads") return threads = true;
    if (name == "memory64") return memory64 = true;
    if (name == "multi-memory") return multiMemory = true;
    if (name == "tail-call") return tailCall = true;
    if (name == "extended-const") return extendedConst = true;
    return false;
  }

  // Turns off the WebAssembly 2.0 feature called `name` ("sign-extension",
  // "saturating-float-to-int", "multi-value", "bulk-memory", "reference-types", "simd") or a
  // proposal (as enable); false for any other name. Scripts written before a feature existed
  // need it off.
  bool disable(std::string_view name) {
    bool* flags[] = {&signExtension,  &saturatingFloatToInt,
                     &multiValue,     &bulkMemory,
                     &referenceTypes, &simd,
                     &threads,        &memory64,
                     &multiMemory,    &tailCall,
                     &extendedConst};
    const std::string_view names[] = {"sign-extension",  "saturating-float-to-int",
                                      "multi-value",     "bulk-memory",
                                      "reference-types", "simd",
                                      "threads",         "memory64",
                                      "multi-memory",    "tail-call",
                                      "extended-const"};
    for (std::size_t i = 0; i < std::size(names); ++i) {
      if (names[i] == name) {
        *flags[i] = false;
        return true;
      }
    }
    return false;
  }

  // Every feature wasmline implements, for tools that want to accept anything.
  static Features all() {
    Features features;
    features.threads = features.memory64 = features.multiMemory = true;
    features.tailCall = features.extendedConst = true;
    return features;
  }
};

} // namespace wasmline
