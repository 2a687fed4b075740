// The waiters of a shared memory: threads blocked in memory.atomic.wait, keyed by address.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include "wasmline/memory.h"

namespace wasmline::detail {

class WaitQueue {
public:
  // Blocks the calling thread at `address` until notified or until `timeout` passes. `stillEqual`
  // is evaluated under the queue's lock before blocking; when it is false the call returns
  // NotEqual at once, so a notify that follows the store it tests can never be missed.
  // With `interrupted`, the wait also ends (as TimedOut) soon after it returns true: it is asked
  // every few milliseconds.
  WaitResult wait(std::uint64_t address, const std::function<bool()>& stillEqual,
                  std::optional<std::chrono::nanoseconds> timeout,
                  const std::function<bool()>& interrupted = {});

  // Wakes up to `count` threads waiting at `address`, oldest first; returns how many woke.
  std::uint32_t notify(std::uint64_t address, std::uint32_t count);

private:
  struct Waiter;
  std::mutex mutex_;
  // Waiters per address; a multimap keeps equal keys in arrival order and its iterators stable.
  std::multimap<std::uint64_t, Waiter*> waiters_;
};

} // namespace wasmline::detail
