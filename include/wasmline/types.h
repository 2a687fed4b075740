// WebAssembly types seen by the host: limits and memory types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "wasmline/result.h"

namespace wasmline {

// The size of a WebAssembly page in bytes (64 KiB).
inline constexpr std::uint64_t kWasmPageSize = 65536;
// The most pages a 32-bit memory can have (4 GiB).
inline constexpr std::uint64_t kMaxPages32 = 65536;
// The most pages a 64-bit memory can have (2^48 pages, so the byte size fits in 64 bits).
inline constexpr std::uint64_t kMaxPages64 = std::uint64_t{1} << 48;

// Minimum and optional maximum of a resizable object, in its units (pages for memories).
struct Limits {
  std::uint64_t min = 0;
  std::optional<std::uint64_t> max;

  friend bool operator==(const Limits&, const Limits&) = default;
};

// The type of a linear memory: page limits, 32- or 64-bit index, shared or not.
struct MemoryType {
  Limits limits;
  bool is64 = false;
  bool shared = false;

  // A 32-bit memory type with `min` pages and an optional maximum.
  static MemoryType pages(std::uint64_t min, std::optional<std::uint64_t> max = std::nullopt) {
    return MemoryType{Limits{min, max}, false, false};
  }

  // The largest page count this index type allows (65536, or 2^48 for 64-bit).
  std::uint64_t pageLimit() const { return is64 ? kMaxPages64 : kMaxPages32; }

  // Checks the type against the spec's rules. Errors (InvalidType): min or max above the index
  // type's page limit ("memory size must be at most 65536 pages (4GiB)"), min greater than max
  // ("size minimum must not be greater than maximum"), shared without a maximum
  // ("shared memory must have maximum").
  Result<void> validate() const;

  // Text form as in the text format, e.g. "i64 1 16 shared" or "1".
  std::string toString() const;

  friend bool operator==(const MemoryType&, const MemoryType&) = default;
};

} // namespace wasmline
