#include "memory/wait_queue.h"

#include <algorithm>
#include <condition_variable>

namespace wasmline::detail {

struct WaitQueue::Waiter {
  std::condition_variable wakeup;
  bool woken = false;
};

WaitResult WaitQueue::wait(std::uint64_t address, const std::function<bool()>& stillEqual,
                           std::optional<std::chrono::nanoseconds> timeout,
                           const std::function<bool()>& interrupted) {
  // How often an interruptible wait asks whether to stop.
  constexpr auto kSlice = std::chrono::milliseconds(10);
  std::unique_lock lock(mutex_);
  if (!stillEqual()) return WaitResult::NotEqual;
  Waiter self;
  const auto entry = waiters_.emplace(address, &self);
  if (!timeout && !interrupted) {
    self.wakeup.wait(lock, [&] { return self.woken; });
    return WaitResult::Woken;
  }
  const auto now = std::chrono::steady_clock::now();
  const auto deadline = timeout ? now + std::max(*timeout, std::chrono::nanoseconds::zero())
                                : std::chrono::steady_clock::time_point::max();
  while (true) {
    const auto until =
        interrupted ? std::min(deadline, std::chrono::steady_clock::now() + kSlice) : deadline;
    if (self.wakeup.wait_until(lock, until, [&] { return self.woken; })) return WaitResult::Woken;
    if (std::chrono::steady_clock::now() >= deadline || (interrupted && interrupted())) break;
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
