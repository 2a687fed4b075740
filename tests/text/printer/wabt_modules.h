// libwabt's encoding of the text modules of a .wast script (wabt is the oracle of the text
// encoder; only tests link it). Plain standard types: this header is read both by the C++17
// translation unit that includes wabt and by the C++20 tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wasmline::test {

// One text module of a script as wabt encodes it.
struct WabtModule {
  std::uint32_t line = 0;           // of the module in the script
  std::vector<std::uint8_t> binary; // without a name section; empty when `error` is set
  std::string error;                // why wabt could not encode it
};

// Parses the script `source` (named `path` in messages) with wabt's features of the given
// names enabled and disabled (wabt's --enable-NAME flags: "memory64", "tail-call", ...), and
// encodes every text module of it (module commands and the modules of assert_invalid,
// assert_unlinkable, assert_uninstantiable and assert_malformed; quoted and binary modules are
// not text) as wat2wasm does. False with `error` set when wabt cannot parse the script or a
// feature name is unknown.
bool wabtTextModules(const std::string& path, const std::string& source,
                     const std::vector<std::string>& enable,
                     const std::vector<std::string>& disable, std::vector<WabtModule>& out,
                     std::string& error);

} // namespace wasmline::test
