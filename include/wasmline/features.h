// The WebAssembly feature set a module is decoded and validated with.
#pragma once

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

  // Every feature wasmline implements, for tools that want to accept anything.
  static Features all() {
    Features features;
    features.threads = features.memory64 = features.multiMemory = true;
    features.tailCall = features.extendedConst = true;
    return features;
  }
};

} // namespace wasmline
