// The differential test's view of wasmline: its public API only (include/wasmline/*.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/diff/features.h"
#include "tests/diff/outcome.h"

namespace wasmline::diff {

// A Runner on wasmline, with `proposals` enabled. Calls run under fuel (running out, like a call
// stack exhausted, makes an outcome `exhausted`). With `executed`, the name of every instruction
// it runs is appended there (slow; used to explain a mismatch).
std::unique_ptr<Runner> makeWasmlineRunner(const Proposals& proposals,
                                           std::vector<std::string>* executed = nullptr);

} // namespace wasmline::diff
