// A WebAssembly linear memory: a reservation whose base never moves, pages committed on growth,
// an atomically published byte length, and the bulk operations of the bulk-memory instructions.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>

#include "memory/virtual_region.h"
#include "memory/wait_queue.h"
#include "wasmline/memory.h"
#include "wasmline/types.h"

namespace wasmline::detail {

// Why a growth failed.
enum class GrowFailure : std::uint8_t {
  None,
  ExceedsMaximum,     // past the type's maximum (or the index type's page limit)
  ExceedsReservation, // past the address space reserved for the memory
  RefusedByLimiter,   // the resource limiter said no
  CommitFailed,       // the system would not commit the pages
};

// The result of LinearMemory::grow: the previous size in pages, or why it failed.
struct GrowOutcome {
  std::uint64_t previousPages = 0;
  GrowFailure failure = GrowFailure::None;
  bool ok() const { return failure == GrowFailure::None; }
};

class LinearMemory : public std::enable_shared_from_this<LinearMemory> {
public:
  // Creates a zero-filled memory of `type.limits.min` pages. Errors: InvalidType, LimitExceeded,
  // ResourceExhausted (see Memory::create).
  static Result<std::shared_ptr<LinearMemory>> create(const MemoryType& type,
                                                      const MemoryConfig& config);

  LinearMemory(const LinearMemory&) = delete;
  LinearMemory& operator=(const LinearMemory&) = delete;

  const MemoryType& type() const { return type_; }
  // The base address; it never changes.
  std::uint8_t* base() const { return base_; }
  // The current size in bytes.
  std::uint64_t byteLength() const { return byteLength_.load(std::memory_order_acquire); }
  // The current size in pages (of type().pageSize() bytes).
  std::uint64_t pages() const { return byteLength() >> type_.pageSizeLog2; }
  // The most pages this memory can reach (declared maximum capped by the reservation).
  std::uint64_t capacityPages() const { return capacityPages_; }

  // Grows by `deltaPages`; grow(0) always succeeds. Thread-safe.
  GrowOutcome grow(std::uint64_t deltaPages);

  // memory.fill: false (and nothing written) when [address, address + length) is out of bounds.
  bool fill(std::uint64_t address, std::uint8_t value, std::uint64_t length);
  // memory.copy (overlap-safe): false (nothing written) when either range is out of bounds.
  bool copy(std::uint64_t destination, std::uint64_t source, std::uint64_t length);
  // memory.init: copies segment[segmentOffset, +length) to destination; false (nothing written)
  // when either range is out of bounds.
  bool init(std::uint64_t destination, std::span<const std::uint8_t> segment,
            std::uint64_t segmentOffset, std::uint64_t length);

  // Threads blocked in memory.atomic.wait on this memory.
  WaitQueue& waiters() { return waiters_; }

  // Only create() can make the key, so every memory is made (and checked) by create().
  class ConstructionKey {
    friend class LinearMemory;
    ConstructionKey() = default;
  };
  LinearMemory(ConstructionKey, const MemoryType& type, const MemoryConfig& config,
               VirtualRegion region, std::uint64_t capacityPages);

private:
  bool limiterAllows(std::uint64_t currentBytes, std::uint64_t desiredBytes) const;

  MemoryType type_;
  MemoryLimiter limiter_;
  VirtualRegion region_;
  std::uint8_t* base_;
  std::uint64_t capacityPages_;
  std::atomic<std::uint64_t> byteLength_{0};
  std::mutex growMutex_;
  WaitQueue waiters_;
};

} // namespace wasmline::detail
