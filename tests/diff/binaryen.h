// Binaryen's part of the differential test: wasm-opt -ttf turns random bytes into a valid module,
// and wasm-opt --fuzz-exec-before runs its exports in binaryen's own interpreter (a third
// opinion).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/diff/features.h"

namespace wasmline::diff {

// Runs `argv` (argv[0] looked up in PATH) with stdout and stderr going to `output`; returns its
// exit status, or -1 when it could not be started or was killed.
int runProcess(const std::vector<std::string>& argv, const std::filesystem::path& output);

// The module `seed` makes: 1 to 16 KiB of bytes from a 64-bit Mersenne twister seeded with it,
// written to DIR/SEED.dat, translated by `wasmOpt -ttf --denan` (NaNs made zeros at run time, so
// results stay comparable) into DIR/SEED.wasm. Nullopt (with `error` set) when wasm-opt fails.
std::optional<std::vector<std::uint8_t>>
generateModule(const std::string& wasmOpt, const std::filesystem::path& dir, std::uint64_t seed,
               const Proposals& proposals, std::string& error);

// One export call as binaryen's interpreter reported it.
struct BinaryenCall {
  std::string name;
  std::vector<std::string> logs; // the text after "logging "
  bool trapped = false;
  std::string result; // the text after "NAME => ", empty without a result
};

// Runs `wasmOpt FILE --fuzz-exec-before` and parses what it prints: each exported function it
// called, in order. Nullopt when wasm-opt fails.
std::optional<std::vector<BinaryenCall>> binaryenExecute(const std::string& wasmOpt,
                                                         const std::filesystem::path& wasm,
                                                         const Proposals& proposals);

} // namespace wasmline::diff
