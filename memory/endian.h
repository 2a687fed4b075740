// Little-endian loads and stores of scalars at any alignment, correct on any host byte order.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace wasmline::detail {

// The unsigned integer type with the size of T.
template <class T>
using UintOf = std::conditional_t<
    sizeof(T) == 1, std::uint8_t,
    std::conditional_t<sizeof(T) == 2, std::uint16_t,
                       std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>;

// Reverses the bytes of an unsigned integer.
template <class U> constexpr U byteSwap(U value) noexcept {
  if constexpr (sizeof(U) == 1) {
    return value;
  } else if constexpr (sizeof(U) == 2) {
    return __builtin_bswap16(value);
  } else if constexpr (sizeof(U) == 4) {
    return __builtin_bswap32(value);
  } else {
    return __builtin_bswap64(value);
  }
}

// Converts between host order and little-endian (the same operation both ways).
template <class U> constexpr U toLittleEndian(U value) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    return value;
  } else {
    return byteSwap(value);
  }
}

// Reads a little-endian T from `source` (any alignment).
template <class T> inline T loadLittleEndian(const void* source) noexcept {
  UintOf<T> bits;
  std::memcpy(&bits, source, sizeof(T));
  return std::bit_cast<T>(toLittleEndian(bits));
}

// Writes `value` little-endian to `destination` (any alignment).
template <class T> inline void storeLittleEndian(void* destination, T value) noexcept {
  const UintOf<T> bits = toLittleEndian(std::bit_cast<UintOf<T>>(value));
  std::memcpy(destination, &bits, sizeof(T));
}

} // namespace wasmline::detail
