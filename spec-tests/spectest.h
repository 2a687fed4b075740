// The "spectest" host module the spec scripts import from.
#pragma once

#include "wasmline/store.h"

namespace wasmline::spec {

// Defines spectest's print functions, globals (666 / 666.6), table (10..20 funcref) and memory
// (1..2 pages) in `linker` under the module name "spectest".
Result<void> defineSpectest(Store& store, Linker& linker);

} // namespace wasmline::spec
