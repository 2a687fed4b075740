#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "wasmline/memory.h"

namespace wasmline {
namespace {

using namespace std::chrono_literals;

Memory sharedMemory() {
  auto memory = Memory::create(MemoryType{Limits{1, 4}, false, true});
  EXPECT_TRUE(memory) << memory.error().message();
  return std::move(*memory);
}

TEST(Atomics, LoadStoreRmwAndCompareExchange) {
  Memory memory = sharedMemory();
  ASSERT_TRUE(memory.atomicStore<std::uint32_t>(8, 40));
  EXPECT_EQ(*memory.atomicRmw<std::uint32_t>(AtomicOp::Add, 8, 2), 40u);
  EXPECT_EQ(*memory.atomicLoad<std::uint32_t>(8), 42u);
  EXPECT_EQ(*memory.atomicRmw<std::uint32_t>(AtomicOp::Sub, 8, 50), 42u);
  EXPECT_EQ(*memory.atomicLoad<std::uint32_t>(8), 0xFFFFFFF8u); // wraps
  EXPECT_EQ(*memory.atomicRmw<std::uint32_t>(AtomicOp::And, 8, 0xF0), 0xFFFFFFF8u);
  EXPECT_EQ(*memory.atomicRmw<std::uint32_t>(AtomicOp::Or, 8, 0x0F), 0xF0u);
  EXPECT_EQ(*memory.atomicRmw<std::uint32_t>(AtomicOp::Xor, 8, 0xFF), 0xFFu);
  EXPECT_EQ(*memory.atomicRmw<std::uint32_t>(AtomicOp::Exchange, 8, 7), 0u);
  EXPECT_EQ(*memory.atomicCompareExchange<std::uint32_t>(8, 6, 9), 7u); // no match
  EXPECT_EQ(*memory.atomicLoad<std::uint32_t>(8), 7u);
  EXPECT_EQ(*memory.atomicCompareExchange<std::uint32_t>(8, 7, 9), 7u); // match
  EXPECT_EQ(*memory.atomicLoad<std::uint32_t>(8), 9u);
  EXPECT_EQ(*memory.read<std::uint32_t>(8), 9u); // same little-endian cell as plain access

  ASSERT_TRUE(memory.atomicStore<std::uint8_t>(3, 0xFF));
  EXPECT_EQ(*memory.atomicRmw<std::uint8_t>(AtomicOp::Add, 3, 1), 0xFFu);
  EXPECT_EQ(*memory.atomicLoad<std::uint8_t>(3), 0u);
  ASSERT_TRUE(memory.atomicStore<std::uint16_t>(6, 0x1234));
  EXPECT_EQ(*memory.read(6, 2), (std::vector<std::uint8_t>{0x34, 0x12}));
  ASSERT_TRUE(memory.atomicStore<std::uint64_t>(16, 0x0102030405060708));
  EXPECT_EQ(*memory.atomicCompareExchange<std::uint64_t>(16, 0x0102030405060708, 1),
            0x0102030405060708u);
  EXPECT_EQ(*memory.read<std::uint64_t>(16), 1u);
}

TEST(Atomics, MisalignedAndOutOfBounds) {
  Memory memory = sharedMemory();
  auto misaligned = memory.atomicLoad<std::uint32_t>(2);
  ASSERT_FALSE(misaligned);
  EXPECT_EQ(misaligned.error().kind(), ErrorKind::Misaligned);
  EXPECT_NE(misaligned.error().message().find("multiple of 4"), std::string::npos);
  EXPECT_FALSE(memory.atomicStore<std::uint64_t>(4, 1));
  EXPECT_FALSE(memory.atomicRmw<std::uint16_t>(AtomicOp::Add, 1, 1));
  EXPECT_TRUE(memory.atomicLoad<std::uint8_t>(1));
  auto outside = memory.atomicLoad<std::uint64_t>(65536);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().kind(), ErrorKind::OutOfBounds);
  EXPECT_FALSE(memory.atomicNotify(65536, 1));
  EXPECT_FALSE(memory.atomicNotify(2, 1));
}

TEST(Atomics, ConcurrentIncrementsLoseNoUpdate) {
  Memory memory = sharedMemory();
  constexpr int kThreads = 4;
  constexpr int kIncrements = 100000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([handle = memory]() mutable {
      for (int i = 0; i < kIncrements; ++i) {
        ASSERT_TRUE(handle.atomicRmw<std::uint64_t>(AtomicOp::Add, 64, 1));
        std::uint32_t seen = *handle.atomicLoad<std::uint32_t>(128);
        while (true) {
          const std::uint32_t before =
              *handle.atomicCompareExchange<std::uint32_t>(128, seen, seen + 1);
          if (before == seen) break;
          seen = before;
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(*memory.atomicLoad<std::uint64_t>(64), std::uint64_t{kThreads} * kIncrements);
  EXPECT_EQ(*memory.atomicLoad<std::uint32_t>(128), std::uint32_t{kThreads} * kIncrements);
}

TEST(Atomics, GrowFromOneThreadWhileOthersAccess) {
  Memory memory = sharedMemory();
  std::atomic<bool> done{false};
  std::thread reader([handle = memory, &done]() mutable {
    while (!done.load()) {
      const std::uint64_t length = handle.byteLength();
      ASSERT_TRUE(handle.atomicLoad<std::uint32_t>(length - 4));
    }
  });
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(memory.grow(1));
  done = true;
  reader.join();
  EXPECT_EQ(memory.pages(), 4u);
}

TEST(Atomics, WaitReturnsNotEqualAtOnce) {
  Memory memory = sharedMemory();
  ASSERT_TRUE(memory.atomicStore<std::uint32_t>(0, 5));
  EXPECT_EQ(*memory.atomicWait32(0, 4, 10s), WaitResult::NotEqual);
  ASSERT_TRUE(memory.atomicStore<std::uint64_t>(8, 5));
  EXPECT_EQ(*memory.atomicWait64(8, 4), WaitResult::NotEqual);
}

TEST(Atomics, WaitTimesOut) {
  Memory memory = sharedMemory();
  EXPECT_EQ(*memory.atomicWait32(0, 0, 1ms), WaitResult::TimedOut);
  EXPECT_EQ(*memory.atomicWait64(8, 0, 0ns), WaitResult::TimedOut);
  EXPECT_EQ(*memory.atomicNotify(0, 10), 0u); // the timed-out waiters are gone
}

TEST(Atomics, NotifyWakesWaiters) {
  Memory memory = sharedMemory();
  constexpr int kWaiters = 3;
  std::atomic<int> woken{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWaiters; ++i) {
    threads.emplace_back([handle = memory, &woken]() mutable {
      auto result = handle.atomicWait32(32, 0);
      ASSERT_TRUE(result);
      EXPECT_EQ(*result, WaitResult::Woken);
      woken.fetch_add(1);
    });
  }
  std::uint32_t total = 0;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (total < kWaiters && std::chrono::steady_clock::now() < deadline) {
    total += *memory.atomicNotify(32, 1); // waiters that have not arrived yet are not counted
    std::this_thread::sleep_for(1ms);
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(total, static_cast<std::uint32_t>(kWaiters));
  EXPECT_EQ(woken.load(), kWaiters);
}

TEST(Atomics, WaitNeedsASharedMemory) {
  auto memory = Memory::create(MemoryType::pages(1));
  ASSERT_TRUE(memory);
  auto result = memory->atomicWait32(0, 0, 1ms);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::Unsupported);
  EXPECT_EQ(*memory->atomicNotify(0, 1), 0u);
  EXPECT_EQ(*memory->atomicRmw<std::uint32_t>(AtomicOp::Add, 0, 1), 0u); // atomics still work
}

} // namespace
} // namespace wasmline
