// Runs .wast scripts against wasmline through its public API and tallies every command.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "spec-tests/wast_script.h"
#include "wasmline/features.h"

namespace wasmline::spec {

struct Tally {
  int passed = 0;
  int failed = 0;
  int skipped = 0;

  Tally& operator+=(const Tally& other) {
    passed += other.passed;
    failed += other.failed;
    skipped += other.skipped;
    return *this;
  }
};

// What running one file found.
struct FileReport {
  std::string path;
  Tally total;
  std::array<Tally, kCommandKindCount> byKind{};
  std::vector<std::string> failures;   // "line 12: assert_invalid: module loaded"
  std::vector<std::string> mismatches; // passed, but with a different message than the script's
  std::vector<std::string> skips;      // "line 80: assert_invalid: <why it was not run>"
  std::string scriptError;             // the script itself could not be parsed
};

struct RunnerOptions {
  Features features;
  bool eagerCompilation = false; // compile modules as they load (EngineConfig::eagerCompilation)
};

// Runs every command of the script at `path`. A script that cannot be read or parsed counts as
// one failure.
FileReport runWastFile(const std::string& path, const RunnerOptions& options);

} // namespace wasmline::spec
