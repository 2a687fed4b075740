// Runs .wast scripts (read by text/'s script reader) against wasmline through its public API and
// tallies every command. `thread` commands run on real host threads, each with its own store,
// sharing the named instances (and so their shared memories) the script lists.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "text/script.h"
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
  std::array<Tally, text::kCommandKindCount> byKind{};
  std::vector<std::string> failures;   // "line 12: assert_invalid: module loaded"
  std::vector<std::string> mismatches; // passed, but with a different message than the script's
  // Commands not run because the interpreter does not run something their module uses yet:
  // "line 80: assert_return: <the Unsupported error, naming the feature>".
  std::vector<std::string> skips;
  std::map<std::string, int> skipsByFeature; // the feature each skip names: how many
  std::string scriptError;                   // the script itself could not be read
};

struct RunnerOptions {
  Features features;
  bool eagerCompilation = false; // compile modules as they load (EngineConfig::eagerCompilation)
  // Fuel each action (and each module's instantiation) may use; past it, "all fuel consumed".
  std::optional<std::uint64_t> fuel;
  // Time a script may run; past it, running code traps with "interrupt" and every later command
  // too (an epoch deadline, ExecutionConfig::epochInterruption).
  std::optional<std::chrono::milliseconds> timeout;
};

// Runs every command of the script at `path`. A script that cannot be read or parsed counts as
// one failure.
FileReport runWastFile(const std::string& path, const RunnerOptions& options);

} // namespace wasmline::spec
