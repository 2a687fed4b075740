// The "name" custom section: module, function and local names for backtraces and tools.
#pragma once

#include <cstdint>
#include <span>

#include "binary/module.h"

namespace wasmline::binary {

// Parses the contents of a "name" custom section. A custom section can never make a module
// malformed, so a damaged subsection only ends the parse: the names read before it are kept.
NameSection parseNameSection(std::span<const std::uint8_t> content);

} // namespace wasmline::binary
