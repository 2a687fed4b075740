// The differential test's view of wabt's interpreter (libwabt, in process).
#pragma once

#include <memory>

#include "tests/diff/features.h"
#include "tests/diff/outcome.h"

namespace wasmline::diff {

// A Runner on wabt's interpreter (wabt::interp), with `proposals` enabled.
std::unique_ptr<Runner> makeWabtRunner(const Proposals& proposals);

} // namespace wasmline::diff
