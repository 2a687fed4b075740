// Canonical ids of function types, shared by every module, store and thread of the process:
// equal types get equal ids, so a signature check (call_indirect, linking) is one integer compare.
#pragma once

#include <cstdint>

#include "wasmline/types.h"

namespace wasmline::binary {

// The canonical id of `type`. Thread-safe; ids are never reused. Types holding concrete heap
// types are canonical only within recursion groups (GC), which this registry does not model yet:
// a module's own index is part of the key.
std::uint32_t canonicalTypeId(const FuncType& type);

} // namespace wasmline::binary
