// The whole public API of wasmline in one include: engine, modules, stores, instances, linking,
// host functions, typed calls, memories, values, results, WASI and module inspection.
#pragma once

#include "wasmline/engine.h"   // IWYU pragma: export
#include "wasmline/features.h" // IWYU pragma: export
#include "wasmline/gc.h"       // IWYU pragma: export
#include "wasmline/inspect.h"  // IWYU pragma: export
#include "wasmline/memory.h"   // IWYU pragma: export
#include "wasmline/module.h"   // IWYU pragma: export
#include "wasmline/result.h"   // IWYU pragma: export
#include "wasmline/store.h"    // IWYU pragma: export
#include "wasmline/types.h"    // IWYU pragma: export
#include "wasmline/value.h"    // IWYU pragma: export
#include "wasmline/version.h"  // IWYU pragma: export
#include "wasmline/wasi.h"     // IWYU pragma: export
