// The errors of the memory host API, worded once.
#pragma once

#include <cstdint>
#include <string>

#include "wasmline/result.h"

namespace wasmline::detail {

// "out of bounds memory access: address 0x10000 (65536), length 4, memory size 65536 bytes".
Error outOfBoundsError(std::uint64_t address, std::uint64_t length, std::uint64_t memoryBytes);

// "misaligned atomic access: address 0x3 is not a multiple of 4".
Error misalignedError(std::uint64_t address, std::uint64_t alignment);

// "empty Memory handle": an accessor called on a default-constructed Memory.
Error emptyMemoryError();

// "1 page", "3 pages".
std::string pageCount(std::uint64_t pages);

// Hexadecimal and decimal form of an address, e.g. "0x10 (16)".
std::string describeAddress(std::uint64_t address);

} // namespace wasmline::detail
