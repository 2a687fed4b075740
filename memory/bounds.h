// The single effective-address check of wasmline. Every load, store, bulk operation and host
// access of a linear memory goes through inBounds().
#pragma once

#include <cstdint>

namespace wasmline::detail {

// True when the `size` bytes at `address + offset` lie within the first `length` bytes, i.e.
// address + offset + size <= length, computed without overflow for any 64-bit inputs.
constexpr bool inBounds(std::uint64_t address, std::uint64_t offset, std::uint64_t size,
                        std::uint64_t length) noexcept {
  return size <= length && offset <= length - size && address <= length - size - offset;
}

// True when [address, address + size) lies within the first `length` bytes.
constexpr bool inBounds(std::uint64_t address, std::uint64_t size, std::uint64_t length) noexcept {
  return inBounds(address, 0, size, length);
}

} // namespace wasmline::detail
