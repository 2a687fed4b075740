// Bounds-checked access to the guest's linear memory for the WASI handlers. Every pointer the
// guest passes goes through here; one outside the memory (or any access while no memory is set)
// is Errno::Fault.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/wasi/abi.h"
#include "wasmline/memory.h"

namespace wasmline::wasi {

class GuestMemory {
public:
  // Points at `memory` (nullopt: no memory; every access faults).
  void set(std::optional<Memory> memory) { memory_ = std::move(memory); }
  bool has() const { return memory_.has_value(); }

  // The bytes [address, address + length). Errors: Fault.
  ErrnoOr<std::span<std::uint8_t>> bytes(std::uint64_t address, std::uint64_t length);

  // Little-endian scalars. Errors: Fault.
  ErrnoOr<std::uint32_t> readU32(std::uint64_t address);
  ErrnoOr<std::uint64_t> readU64(std::uint64_t address);
  Errno writeU8(std::uint64_t address, std::uint8_t value);
  Errno writeU16(std::uint64_t address, std::uint16_t value);
  Errno writeU32(std::uint64_t address, std::uint32_t value);
  Errno writeU64(std::uint64_t address, std::uint64_t value);
  // Copies `data` to `address`. Errors: Fault (nothing is written).
  Errno write(std::uint64_t address, std::span<const std::uint8_t> data);

  // A path argument: `length` bytes at `address`. Errors: Fault, NameTooLong (over PATH_MAX),
  // Inval (contains a NUL byte).
  ErrnoOr<std::string> path(std::uint64_t address, std::uint32_t length);

  // The host iovecs for the guest's array of `count` iovecs at `address`, each range checked.
  // At most IOV_MAX entries are used, and their total length is capped at UINT32_MAX bytes so
  // the count fits the guest's size type (reads and writes may be short, as POSIX allows).
  // Errors: Fault.
  ErrnoOr<std::vector<iovec>> iovecs(std::uint64_t address, std::uint32_t count);

private:
  std::optional<Memory> memory_;
};

} // namespace wasmline::wasi
