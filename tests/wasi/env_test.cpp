// WASI clocks, randomness, poll_oneoff, scheduling, process exit, signals and sockets.
#include <gtest/gtest.h>

#include <time.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "tests/wasi/wasi_harness.h"

namespace wasmline {
namespace {

using testing::errnoValue;
using testing::WasiHarness;
using wasi::Errno;

std::uint64_t nowNs(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000'000 +
         static_cast<std::uint64_t>(now.tv_nsec);
}

TEST(wasiEnv, ClockTimeGetIsMonotonicAndRealtimeIsNow) {
  WasiHarness harness({});
  ASSERT_TRUE(harness.ok());
  std::uint64_t previous = 0;
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(harness.call("clock_time_get", {wasi::kClockMonotonic, 1, 16}), 0);
    EXPECT_GE(harness.u64(16), previous);
    previous = harness.u64(16);
  }
  EXPECT_GT(previous, 0u);

  const std::uint64_t before = nowNs(CLOCK_REALTIME);
  ASSERT_EQ(harness.call("clock_time_get", {wasi::kClockRealtime, 0, 16}), 0);
  const std::uint64_t after = nowNs(CLOCK_REALTIME);
  EXPECT_GE(harness.u64(16), before);
  EXPECT_LE(harness.u64(16), after);

  for (std::uint32_t clock : {wasi::kClockProcessCputime, wasi::kClockThreadCputime}) {
    EXPECT_EQ(harness.call("clock_time_get", {clock, 0, 16}), 0);
  }
  ASSERT_EQ(harness.call("clock_res_get", {wasi::kClockMonotonic, 24}), 0);
  EXPECT_GT(harness.u64(24), 0u);
  EXPECT_LE(harness.u64(24), 1'000'000u);

  EXPECT_EQ(harness.call("clock_time_get", {4, 0, 16}), errnoValue(Errno::Inval));
  EXPECT_EQ(harness.call("clock_res_get", {99, 16}), errnoValue(Errno::Inval));
  EXPECT_EQ(harness.call("clock_time_get", {wasi::kClockMonotonic, 0, 65532}),
            errnoValue(Errno::Fault));
}

TEST(wasiEnv, RandomGetFillsTheBuffer) {
  WasiHarness harness({});
  ASSERT_TRUE(harness.ok());
  ASSERT_EQ(harness.call("random_get", {1000, 4096}), 0);
  const std::string first = harness.bytes(1000, 4096);
  std::set<char> distinct(first.begin(), first.end());
  EXPECT_GT(distinct.size(), 100u); // 4 KiB of zeros (or one repeated byte) would mean no write
  ASSERT_EQ(harness.call("random_get", {1000, 4096}), 0);
  EXPECT_NE(harness.bytes(1000, 4096), first);
  EXPECT_EQ(harness.call("random_get", {0, 0}), 0);
  EXPECT_EQ(harness.call("random_get", {65000, 1000}), errnoValue(Errno::Fault));
  EXPECT_EQ(harness.call("random_get", {0xFFFFFFFF, 2}), errnoValue(Errno::Fault));
}

// Writes a clock subscription at `at`.
void putClockSubscription(WasiHarness& harness, std::uint32_t at, std::uint64_t userdata,
                          std::uint32_t clock, std::uint64_t timeout, std::uint16_t flags) {
  harness.putBytes(at, std::string(wasi::layout::kSubscriptionSize, '\0'));
  harness.putU64(at, userdata);
  harness.putU32(at + 16, clock);
  harness.putU64(at + 24, timeout);
  EXPECT_TRUE(harness.memory().write<std::uint16_t>(at + 40, flags));
}

void putFdSubscription(WasiHarness& harness, std::uint32_t at, std::uint64_t userdata,
                       std::uint8_t type, std::uint32_t fd) {
  harness.putBytes(at, std::string(wasi::layout::kSubscriptionSize, '\0'));
  harness.putU64(at, userdata);
  EXPECT_TRUE(harness.memory().write<std::uint8_t>(at + 8, type));
  harness.putU32(at + 16, fd);
}

TEST(wasiEnv, PollOneoffSleepsOnClocks) {
  WasiHarness harness({});
  ASSERT_TRUE(harness.ok());
  putClockSubscription(harness, 1000, 42, wasi::kClockMonotonic, 20'000'000, 0);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(harness.call("poll_oneoff", {1000, 2000, 1, 0}), 0);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(20));
  EXPECT_EQ(harness.u32(0), 1u);
  EXPECT_EQ(harness.u64(2000), 42u);
  EXPECT_EQ(harness.memory().read<std::uint16_t>(2008).value_or(99), 0);
  EXPECT_EQ(harness.u8(2010), wasi::kEventClock);

  // An absolute deadline in the past fires at once; the later relative one does not.
  putClockSubscription(harness, 1000, 1, wasi::kClockMonotonic, 3'600'000'000'000, 0);
  putClockSubscription(harness, 1048, 2, wasi::kClockRealtime, 1, wasi::kSubclockAbstime);
  ASSERT_EQ(harness.call("poll_oneoff", {1000, 2000, 2, 0}), 0);
  EXPECT_EQ(harness.u32(0), 1u);
  EXPECT_EQ(harness.u64(2000), 2u);

  // An unknown clock is an event with an error, reported without waiting.
  putClockSubscription(harness, 1000, 7, 99, 3'600'000'000'000, 0);
  ASSERT_EQ(harness.call("poll_oneoff", {1000, 2000, 1, 0}), 0);
  EXPECT_EQ(harness.u32(0), 1u);
  EXPECT_EQ(harness.memory().read<std::uint16_t>(2008).value_or(0), errnoValue(Errno::Inval));

  EXPECT_EQ(harness.call("poll_oneoff", {1000, 2000, 0, 0}), errnoValue(Errno::Inval));
  EXPECT_EQ(harness.call("poll_oneoff", {65530, 2000, 1, 0}), errnoValue(Errno::Fault));
  EXPECT_EQ(harness.call("poll_oneoff", {1000, 65530, 1, 0}), errnoValue(Errno::Fault));
}

TEST(wasiEnv, PollOneoffReportsReadyDescriptors) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "abc", 3), 3);
  WasiConfig config;
  config.stdinFd = fds[0];
  WasiHarness harness(config);
  ::close(fds[0]);
  ASSERT_TRUE(harness.ok());
  putFdSubscription(harness, 1000, 5, wasi::kEventFdRead, 0);
  putFdSubscription(harness, 1048, 6, wasi::kEventFdRead, 99);
  putClockSubscription(harness, 1096, 7, wasi::kClockMonotonic, 3'600'000'000'000, 0);
  ASSERT_EQ(harness.call("poll_oneoff", {1000, 2000, 3, 0}), 0);
  ASSERT_EQ(harness.u32(0), 2u);
  EXPECT_EQ(harness.u64(2000), 5u);
  EXPECT_EQ(harness.u8(2010), wasi::kEventFdRead);
  EXPECT_EQ(harness.u64(2016), 3u); // bytes available
  EXPECT_EQ(harness.u64(2032), 6u);
  EXPECT_EQ(harness.memory().read<std::uint16_t>(2040).value_or(0), errnoValue(Errno::Badf));
  ::close(fds[1]);
}

TEST(wasiEnv, ProcExitUnwindsWithItsStatus) {
  WasiHarness harness({});
  ASSERT_TRUE(harness.ok());
  auto exited = harness.callRaw("proc_exit", {7});
  ASSERT_FALSE(exited);
  EXPECT_EQ(exited.error().kind(), ErrorKind::Exit);
  EXPECT_EQ(exited.error().exitCode(), 7u);
}

TEST(wasiEnv, ProcExitPassesStatus255) {
  WasiHarness harness({});
  ASSERT_TRUE(harness.ok());
  auto exited = harness.callRaw("proc_exit", {255});
  ASSERT_FALSE(exited);
  EXPECT_EQ(exited.error().kind(), ErrorKind::Exit);
  EXPECT_EQ(exited.error().exitCode(), 255u);
}

// A status above 255 would reach a POSIX parent truncated (256 as 0, success): it is an error,
// which a host function raises as a trap.
TEST(wasiEnv, ProcExitRefusesStatusesAbove255) {
  WasiHarness harness({});
  ASSERT_TRUE(harness.ok());
  for (const std::uint64_t status : {256u, 511u, 0xffffffffu}) {
    auto exited = harness.callRaw("proc_exit", {status});
    ASSERT_FALSE(exited);
    EXPECT_EQ(exited.error().kind(), ErrorKind::Trap);
    EXPECT_EQ(exited.error().exitCode(), 0u);
    EXPECT_NE(exited.error().message().find("proc_exit: exit status " + std::to_string(status) +
                                            " is above 255"),
              std::string::npos)
        << exited.error().message();
  }
}

TEST(wasiEnv, UnsupportedCallsReturnErrnos) {
  WasiHarness harness({});
  ASSERT_TRUE(harness.ok());
  EXPECT_EQ(harness.call("sched_yield", {}), 0);
  EXPECT_EQ(harness.call("proc_raise", {9}), errnoValue(Errno::NoSys));
  EXPECT_EQ(harness.call("sock_accept", {1, 0, 0}), errnoValue(Errno::NotSup));
  EXPECT_EQ(harness.call("sock_accept", {55, 0, 0}), errnoValue(Errno::Badf));
  EXPECT_EQ(harness.call("sock_recv", {1, 0, 0, 0, 0, 0}), errnoValue(Errno::NotSup));
  EXPECT_EQ(harness.call("sock_send", {1, 0, 0, 0, 0}), errnoValue(Errno::NotSup));
  EXPECT_EQ(harness.call("sock_shutdown", {1, 0}), errnoValue(Errno::NotSup));
}

} // namespace
} // namespace wasmline
