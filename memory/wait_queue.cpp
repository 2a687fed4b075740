#include "memory/wait_queue.h"

#include <algorithm>
#include <condition_variable>

namespace wasmline::detail {

struct WaitQueue::Waiter {
  std::condition_variable wakeup;
  bool woken = false;
};

WaitResult WaitQueue::wait(std::uint64_t address, const std::function<bool()>& stillEqual,
                           std::optional<std::chrono::nanoseconds> timeout) {
  std::unique_lock lock(mutex_);
  if (!stillEqual()) return WaitResult::NotEqual;
  Waiter self;
  const auto entry = waiters_.emplace(address, &self);
  if (!timeout) {
    self.wakeup.wait(lock, [&] { return self.woken; });
    return WaitResult::Woken;
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::max(*timeout, std::chrono::nanoseconds::zero());
  if (self.wakeup.wait_until(lock, deadline, [&] { return self.woken; })) {
    return WaitResult::Woken;
  }
  waiters_.erase(entry);
  return WaitResult::TimedOut;
}

std::uint32_t WaitQueue::notify(std::uint64_t address, std::uint32_t count) {
  std::lock_guard lock(mutex_);
  std::uint32_t woken = 0;
  auto it = waiters_.lower_bound(address);
  while (woken < count && it != waiters_.end() && it->first == address) {
    it->second->woken = true;
    it->second->wakeup.notify_one();
    it = waiters_.erase(it);
    ++woken;
  }
  return woken;
}

} // namespace wasmline::detail
