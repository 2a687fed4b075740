// A reserved range of address space whose pages are committed on demand. Its base never moves.
#pragma once

#include <cstdint>

#include "wasmline/result.h"

namespace wasmline::detail {

class VirtualRegion {
public:
  // Reserves `bytes` of address space (rounded up to whole host pages, at least one), inaccessible
  // until committed. Errors: ResourceExhausted, naming the size and the system's reason.
  static Result<VirtualRegion> reserve(std::uint64_t bytes);

  VirtualRegion(VirtualRegion&& other) noexcept;
  VirtualRegion& operator=(VirtualRegion&& other) noexcept;
  VirtualRegion(const VirtualRegion&) = delete;
  VirtualRegion& operator=(const VirtualRegion&) = delete;
  ~VirtualRegion();

  std::uint8_t* base() const { return base_; }
  // The reserved size in bytes.
  std::uint64_t size() const { return size_; }

  // Makes [offset, offset + bytes) readable and writable; fresh pages read as zero. Returns false
  // when the range is outside the reservation or the system refuses.
  bool commit(std::uint64_t offset, std::uint64_t bytes);

private:
  VirtualRegion(std::uint8_t* base, std::uint64_t size) : base_(base), size_(size) {}
  void release() noexcept;

  std::uint8_t* base_ = nullptr;
  std::uint64_t size_ = 0;
};

} // namespace wasmline::detail
