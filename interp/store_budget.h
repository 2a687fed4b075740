// The memory bytes and table elements a store has given out, against its StoreLimits: tables
// and memories ask it before they grow. Thread-safe (shared memories grow from many threads).
#pragma once

#include <atomic>
#include <cstdint>

#include "wasmline/engine.h"

namespace wasmline::interp {

class StoreBudget {
public:
  explicit StoreBudget(const StoreLimits& limits) : limits_(limits) {}
  StoreBudget(const StoreBudget&) = delete;
  StoreBudget& operator=(const StoreBudget&) = delete;

  const StoreLimits& limits() const { return limits_; }

  // Takes `bytes` of memory for the store; false (nothing taken) past StoreLimits::memoryBytes.
  bool takeMemory(std::uint64_t bytes);
  // Gives back bytes taken for a memory that was not made after all.
  void returnMemory(std::uint64_t bytes);
  std::uint64_t memoryBytes() const { return memoryBytes_.load(std::memory_order_relaxed); }

  // Lets a table grow from `current` to `desired` elements, taking the difference; false
  // (nothing taken) past the per-table or the store-wide limit.
  bool growTable(std::uint64_t current, std::uint64_t desired);
  // Gives back elements taken for tables that were not made after all.
  void releaseTable(std::uint64_t elements);
  std::uint64_t tableElements() const { return tableElements_.load(std::memory_order_relaxed); }

private:
  const StoreLimits limits_;
  std::atomic<std::uint64_t> memoryBytes_{0};
  std::atomic<std::uint64_t> tableElements_{0};
};

} // namespace wasmline::interp
