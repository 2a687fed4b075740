// The proposals a differential run enables, beyond WebAssembly 2.0 (always on), in the generator
// (wasm-opt --enable-...) and in both engines alike.
#pragma once

#include <string>
#include <vector>

namespace wasmline::diff {

struct Proposals {
  bool tailCall = false;
  bool threads = false; // atomics (binaryen generates them on an unshared memory)

  // wasm-opt's flags for these proposals plus all of WebAssembly 2.0.
  std::vector<std::string> wasmOptFlags() const;
  // "2.0", "2.0+tail-call", ...
  std::string name() const;
};

} // namespace wasmline::diff
