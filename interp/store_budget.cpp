#include "interp/store_budget.h"

namespace wasmline::interp {
namespace {

// Adds `amount` to `counter` unless the sum would pass `limit`.
bool take(std::atomic<std::uint64_t>& counter, std::uint64_t amount, std::uint64_t limit) {
  std::uint64_t current = counter.load(std::memory_order_relaxed);
  do {
    if (amount > limit || current > limit - amount) return false;
  } while (!counter.compare_exchange_weak(current, current + amount, std::memory_order_relaxed));
  return true;
}

} // namespace

bool StoreBudget::takeMemory(std::uint64_t bytes) {
  return take(memoryBytes_, bytes, limits_.memoryBytes.value_or(~std::uint64_t{0}));
}

void StoreBudget::returnMemory(std::uint64_t bytes) {
  memoryBytes_.fetch_sub(bytes, std::memory_order_relaxed);
}

void StoreBudget::releaseTable(std::uint64_t elements) {
  tableElements_.fetch_sub(elements, std::memory_order_relaxed);
}

bool StoreBudget::growTable(std::uint64_t current, std::uint64_t desired) {
  if (desired < current || desired > limits_.tableElements) return false;
  return take(tableElements_, desired - current, limits_.totalTableElements);
}

} // namespace wasmline::interp
