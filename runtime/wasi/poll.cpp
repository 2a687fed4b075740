// WASI poll_oneoff: clock subscriptions (relative or absolute, on any WASI clock) and fd
// read/write readiness, waited for with one ppoll.
#include <poll.h>
#include <sys/ioctl.h>
#include <time.h>

#include <endian.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "runtime/wasi/filestat.h"
#include "runtime/wasi/handlers.h"

namespace wasmline::wasi::handlers {
namespace {

// More subscriptions than this in one call are refused (Inval).
constexpr U32 kMaxSubscriptions = 1 << 16;

template <class T> T loadLe(const std::uint8_t* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  if constexpr (sizeof(T) == 8) return le64toh(value);
  if constexpr (sizeof(T) == 4) return le32toh(value);
  if constexpr (sizeof(T) == 2) return le16toh(value);
  return value;
}

template <class T> void storeLe(std::uint8_t* at, T value) {
  if constexpr (sizeof(T) == 8) value = htole64(value);
  if constexpr (sizeof(T) == 4) value = htole32(value);
  if constexpr (sizeof(T) == 2) value = htole16(value);
  std::memcpy(at, &value, sizeof value);
}

std::uint64_t monotonicNow() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return timestampOf(now);
}

// One subscription, decoded.
struct Subscription {
  U64 userdata = 0;
  std::uint8_t type = kEventClock;
  Errno error = Errno::Success;         // an event reported at once with this error
  std::uint64_t deadline = 0;           // clocks: CLOCK_MONOTONIC nanoseconds
  std::optional<std::size_t> pollIndex; // fds: index into the pollfd array
};

// Reads a subscription; clocks get a monotonic deadline, fds a pollfd.
Subscription decode(WasiState& state, const std::uint8_t* record, std::uint64_t now,
                    std::vector<pollfd>& polls) {
  Subscription sub;
  sub.userdata = loadLe<U64>(record);
  sub.type = record[8];
  if (sub.type == kEventClock) {
    const U32 clockId = loadLe<U32>(record + 16);
    const U64 timeout = loadLe<U64>(record + 24);
    const std::uint16_t flags = loadLe<std::uint16_t>(record + 40);
    clockid_t clock = CLOCK_MONOTONIC;
    switch (clockId) {
    case kClockRealtime: clock = CLOCK_REALTIME; break;
    case kClockMonotonic: clock = CLOCK_MONOTONIC; break;
    case kClockProcessCputime: clock = CLOCK_PROCESS_CPUTIME_ID; break;
    case kClockThreadCputime: clock = CLOCK_THREAD_CPUTIME_ID; break;
    default: sub.error = Errno::Inval; return sub;
    }
    U64 remaining = timeout;
    if (flags & kSubclockAbstime) {
      timespec clockNow{};
      ::clock_gettime(clock, &clockNow);
      const U64 current = timestampOf(clockNow);
      remaining = timeout > current ? timeout - current : 0;
    }
    sub.deadline = now + std::min(remaining, UINT64_MAX - now);
    return sub;
  }
  if (sub.type == kEventFdRead || sub.type == kEventFdWrite) {
    FdEntry* entry = state.fds.get(loadLe<U32>(record + 16));
    if (!entry) {
      sub.error = Errno::Badf;
      return sub;
    }
    sub.pollIndex = polls.size();
    const short events = sub.type == kEventFdRead ? POLLIN : POLLOUT;
    polls.push_back(pollfd{entry->host.get(), events, 0});
    return sub;
  }
  sub.error = Errno::Inval;
  return sub;
}

// Bytes ready to read on `fd` (0 when the host cannot tell).
U64 readableBytes(int fd) {
  int available = 0;
  return ::ioctl(fd, FIONREAD, &available) == 0 && available > 0 ? static_cast<U64>(available) : 0;
}

} // namespace

Errno poll_oneoff(WasiState& state, U32 subscriptions, U32 events, U32 count, U32 eventCountOut) {
  if (count == 0 || count > kMaxSubscriptions) return Errno::Inval;
  auto in = state.memory.bytes(subscriptions, std::uint64_t{count} * layout::kSubscriptionSize);
  if (!in) return in.error();
  auto out = state.memory.bytes(events, std::uint64_t{count} * layout::kEventSize);
  if (!out) return out.error();
  if (auto counted = state.memory.bytes(eventCountOut, 4); !counted) return counted.error();

  const std::uint64_t start = monotonicNow();
  std::vector<pollfd> polls;
  std::vector<Subscription> subs;
  subs.reserve(count);
  for (U32 i = 0; i < count; ++i) {
    subs.push_back(
        decode(state, in->data() + std::size_t{i} * layout::kSubscriptionSize, start, polls));
  }
  const bool errorNow = std::any_of(subs.begin(), subs.end(), [](const Subscription& sub) {
    return sub.error != Errno::Success;
  });
  std::optional<std::uint64_t> earliest;
  for (const Subscription& sub : subs) {
    if (sub.type == kEventClock && sub.error == Errno::Success) {
      earliest = std::min(earliest.value_or(UINT64_MAX), sub.deadline);
    }
  }

  // Wait until an fd is ready or the earliest clock passes (not at all when an error is due).
  std::uint64_t now = start;
  for (;;) {
    timespec wait{};
    const timespec* timeout = nullptr;
    if (errorNow || earliest) {
      const std::uint64_t left = errorNow || *earliest <= now ? 0 : *earliest - now;
      wait.tv_sec = static_cast<time_t>(left / 1'000'000'000);
      wait.tv_nsec = static_cast<long>(left % 1'000'000'000);
      timeout = &wait;
    }
    const int ready = ::ppoll(polls.data(), polls.size(), timeout, nullptr);
    now = monotonicNow();
    if (ready < 0 && errno != EINTR) return lastHostErrno();
    if (ready > 0 || errorNow || (earliest && *earliest <= now)) break;
  }

  U32 produced = 0;
  for (const Subscription& sub : subs) {
    std::uint8_t* event = out->data() + std::size_t{produced} * layout::kEventSize;
    Errno error = sub.error;
    U64 bytes = 0;
    std::uint16_t flags = 0;
    if (error == Errno::Success && sub.pollIndex) {
      const pollfd& poll = polls[*sub.pollIndex];
      if (poll.revents == 0) continue;
      if (poll.revents & POLLNVAL) error = Errno::Badf;
      if (poll.revents & POLLHUP) flags |= kEventHangup;
      if (sub.type == kEventFdRead && (poll.revents & POLLIN)) bytes = readableBytes(poll.fd);
    } else if (error == Errno::Success && sub.deadline > now) {
      continue;
    }
    std::memset(event, 0, layout::kEventSize);
    storeLe<U64>(event, sub.userdata);
    storeLe<std::uint16_t>(event + 8, static_cast<std::uint16_t>(error));
    event[10] = sub.type;
    storeLe<U64>(event + 16, bytes);
    storeLe<std::uint16_t>(event + 24, flags);
    ++produced;
  }
  return state.memory.writeU32(eventCountOut, produced);
}

} // namespace wasmline::wasi::handlers
