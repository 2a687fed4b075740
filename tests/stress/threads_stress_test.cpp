// Eight host threads hammer one shared memory for a while, through the public API and through wasm
// code of their own instances: atomic read-modify-writes and compare-exchange loops, waits and
// notifies (in wasm and on the host), and grows (memory.grow and Memory::grow) with stores to the
// newest page. At the end every counter must hold exactly what the threads added, every wake a
// notify reported must have been seen by exactly one waiter, and the memory's size must be what
// the successful grows made it. Run under ThreadSanitizer by scripts/test-tsan.sh.
//
// WASMLINE_STRESS_SECONDS sets how long the threads run (default 3); WASMLINE_STRESS_THREADS how
// many there are (default 8).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "wasmline/memory.h"
#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline {
namespace {

// The memory's layout: counters written only atomically, then the futex word of wait/notify.
constexpr std::uint32_t kWasmCounter = 0; // i32.atomic.rmw.add from wasm
constexpr std::uint32_t kHostCounter = 8; // Memory::atomicRmw from the host
constexpr std::uint32_t kCasCounter = 16; // compare-exchange loops in wasm
constexpr std::uint32_t kWide = 24;       // i64.atomic.rmw.add from wasm (8 bytes)
constexpr std::uint32_t kFutex = 64;      // waited on, bumped before each notify
constexpr std::uint64_t kMaxPages = 512;  // 32 MiB: grows keep succeeding for a while

constexpr const char* kModuleText = R"wat(
(module
  (import "env" "memory" (memory 1 512 shared))
  ;; n atomic increments of the i32 at addr.
  (func (export "add") (param $addr i32) (param $n i32)
    (loop $next
      (drop (i32.atomic.rmw.add (local.get $addr) (i32.const 1)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; n increments of the i32 at addr by compare-exchange loops.
  (func (export "cas_add") (param $addr i32) (param $n i32) (local $old i32)
    (loop $next
      (loop $retry
        (local.set $old (i32.atomic.load (local.get $addr)))
        (br_if $retry
          (i32.ne (local.get $old)
                  (i32.atomic.rmw.cmpxchg (local.get $addr) (local.get $old)
                                          (i32.add (local.get $old) (i32.const 1))))))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; adds v to the i64 at addr.
  (func (export "add64") (param $addr i32) (param $v i64)
    (drop (i64.atomic.rmw.add (local.get $addr) (local.get $v))))
  ;; memory.atomic.wait32 while the futex word holds `expected`, at most `ns` nanoseconds.
  (func (export "wait") (param $addr i32) (param $expected i32) (param $ns i64) (result i32)
    (memory.atomic.wait32 (local.get $addr) (local.get $expected) (local.get $ns)))
  ;; bumps the futex word, then wakes up to `count` waiters; returns how many woke.
  (func (export "bump_notify") (param $addr i32) (param $count i32) (result i32)
    (drop (i32.atomic.rmw.add (local.get $addr) (i32.const 1)))
    (memory.atomic.notify (local.get $addr) (local.get $count)))
  (func (export "load") (param $addr i32) (result i32)
    (i32.atomic.load (local.get $addr)))
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
  ;; stores v atomically into the last word of the memory as it is now; returns that address.
  (func (export "touch_last") (param $v i32) (result i32) (local $addr i32)
    (local.set $addr (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))
    (i32.atomic.store (local.get $addr) (local.get $v))
    (local.get $addr)))
)wat";

int fromEnvironment(const char* name, int fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return std::atoi(text);
}

// What one thread did, to be checked against the memory afterwards.
struct Tally {
  std::uint64_t wasmAdds = 0;
  std::uint64_t hostAdds = 0;
  std::uint64_t casAdds = 0;
  std::uint64_t wideAdds = 0;
  std::uint64_t woken = 0;         // waits (wasm and host) that returned "ok"/Woken
  std::uint64_t notEqual = 0;      // waits that found another value
  std::uint64_t timedOut = 0;      // waits that timed out
  std::uint64_t notifiedWakes = 0; // what notifies reported having woken
  std::uint64_t grown = 0;         // pages added by successful grows
  std::uint64_t refusedGrows = 0;  // grows within the maximum that returned -1 / an error
  std::uint64_t iterations = 0;
  std::string failure; // the first unexpected result, empty when none
};

// The body of one thread: its own store and instance over the shared memory, until `deadline`.
void hammer(int id, const Engine& engine, const Module& module, Memory memory,
            std::chrono::steady_clock::time_point start,
            std::chrono::steady_clock::time_point deadline, Tally& tally) {
  Store store(engine);
  const std::vector<Extern> imports{Extern(memory)};
  auto instance = Instance::create(store, module, imports);
  if (!instance) {
    tally.failure = "instantiate: " + instance.error().message();
    return;
  }
  const auto func = [&](const char* name) { return *instance->func(name); };
  const Func add = func("add"), casAdd = func("cas_add"), add64 = func("add64"),
             wait = func("wait"), bumpNotify = func("bump_notify"), load = func("load"),
             grow = func("grow"), touchLast = func("touch_last");
  const auto fail = [&](const std::string& what) {
    if (tally.failure.empty()) tally.failure = what;
  };
  const auto call = [&](const Func& f, std::initializer_list<Value> args) {
    auto results = f.call(std::vector<Value>(args));
    if (!results) {
      fail("call: " + results.error().message());
      return std::vector<Value>{};
    }
    return *results;
  };
  const auto countWait = [&](int result) {
    if (result == 0) {
      ++tally.woken;
    } else if (result == 1) {
      ++tally.notEqual;
    } else if (result == 2) {
      ++tally.timedOut;
    } else {
      fail("wait returned " + std::to_string(result));
    }
  };
  std::uint64_t lastPages = 1;
  for (std::uint64_t i = 0; std::chrono::steady_clock::now() < deadline && tally.failure.empty();
       ++i) {
    ++tally.iterations;
    call(add, {Value::i32(kWasmCounter), Value::i32(50)});
    tally.wasmAdds += 50;
    if (!memory.atomicRmw<std::uint32_t>(AtomicOp::Add, kHostCounter, 1)) fail("host add");
    ++tally.hostAdds;
    call(casAdd, {Value::i32(kCasCounter), Value::i32(5)});
    tally.casAdds += 5;
    call(add64, {Value::i32(kWide), Value::i64(std::int64_t{1} << 33)});
    ++tally.wideAdds;

    // Half the threads wait (in wasm or on the host, in turn), the other half bump and notify.
    if ((id + i) % 2 == 0) {
      const auto current = memory.atomicLoad<std::uint32_t>(kFutex);
      if (!current) fail("host load");
      if (i % 4 < 2) {
        const auto result =
            call(wait, {Value::i32(kFutex), Value::i32(static_cast<std::int32_t>(*current)),
                        Value::i64(200'000)});
        if (!result.empty()) countWait(result[0].asI32());
      } else {
        const auto result = memory.atomicWait32(kFutex, *current, std::chrono::microseconds(200));
        if (!result) {
          fail("host wait: " + result.error().message());
        } else {
          countWait(static_cast<int>(*result));
        }
      }
    } else if (i % 4 < 2) {
      const auto result = call(bumpNotify, {Value::i32(kFutex), Value::i32(2)});
      if (!result.empty()) tally.notifiedWakes += static_cast<std::uint32_t>(result[0].asI32());
    } else {
      if (!memory.atomicRmw<std::uint32_t>(AtomicOp::Add, kFutex, 1)) fail("host bump");
      const auto woke = memory.atomicNotify(kFutex, 1);
      if (!woke) fail("host notify");
      tally.notifiedWakes += woke.value_or(0);
    }

    // Every few rounds a grow (wasm or host, in turn), then a store to the memory's last word.
    // The memory grows by a page while it is smaller than its share of the run's time, so grows
    // go on racing with the other accesses until the end (16 pages short of the maximum, so that
    // racing grows stay within it); otherwise grow(0), or now and then a
    // grow far past the maximum, which must be refused.
    if (i % 16 == static_cast<std::uint64_t>(id) % 16) {
      const double progress =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start) /
          (deadline - start);
      const auto target = 1 + static_cast<std::uint64_t>(progress * (kMaxPages - 1 - 16));
      const bool overLimit = i % 1024 == static_cast<std::uint64_t>(id) % 16;
      const std::uint64_t delta = overLimit ? kMaxPages : memory.pages() < target ? 1 : 0;
      bool grew = false;
      if (i % 32 < 16) {
        const auto result = call(grow, {Value::i32(static_cast<std::int32_t>(delta))});
        grew = !result.empty() && result[0].asI32() != -1;
      } else {
        grew = memory.grow(delta).has_value();
      }
      if (overLimit && grew) fail("a grow past the maximum succeeded");
      if (grew) {
        tally.grown += delta;
      } else if (!overLimit) {
        ++tally.refusedGrows;
      }
      const auto touched = call(touchLast, {Value::i32(id)});
      const auto pages = memory.pages();
      if (pages < lastPages) fail("the memory shrank");
      lastPages = pages;
      if (!touched.empty() && static_cast<std::uint32_t>(touched[0].asI32()) + 4 > pages * 65536) {
        fail("touch_last wrote past the size the host sees");
      }
    }
    // The wasm view and the host view of a counter agree (it only grows).
    const auto seen = call(load, {Value::i32(kWasmCounter)});
    const auto host = memory.atomicLoad<std::uint32_t>(kWasmCounter);
    if (!seen.empty() && host && static_cast<std::uint32_t>(seen[0].asI32()) > *host) {
      fail("the counter went backwards between a wasm load and a host load");
    }
  }
}

TEST(threadsStress, EightThreadsShareOneMemory) {
  const int seconds = fromEnvironment("WASMLINE_STRESS_SECONDS", 3);
  const int threads = fromEnvironment("WASMLINE_STRESS_THREADS", 8);
  ASSERT_GT(seconds, 0);
  ASSERT_GT(threads, 1);
  EngineConfig config;
  config.features.threads = true;
  const Engine engine(config);
  auto module = Module::fromText(engine, kModuleText);
  ASSERT_TRUE(module) << module.error().message();
  auto memory = Memory::create(MemoryType{{1, kMaxPages}, false, true}, config.memory);
  ASSERT_TRUE(memory) << memory.error().message();

  std::vector<Tally> tallies(static_cast<std::size_t>(threads));
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::seconds(seconds);
  {
    std::vector<std::jthread> workers;
    for (int id = 0; id < threads; ++id) {
      workers.emplace_back(hammer, id, std::cref(engine), std::cref(*module), *memory, start,
                           deadline, std::ref(tallies[static_cast<std::size_t>(id)]));
    }
  }
  // Wake anyone still waiting (every wait has a timeout, so none is).
  ASSERT_TRUE(memory->atomicNotify(kFutex, 1000));

  Tally total;
  for (const Tally& tally : tallies) {
    EXPECT_EQ(tally.failure, "");
    total.wasmAdds += tally.wasmAdds;
    total.hostAdds += tally.hostAdds;
    total.casAdds += tally.casAdds;
    total.wideAdds += tally.wideAdds;
    total.woken += tally.woken;
    total.notEqual += tally.notEqual;
    total.timedOut += tally.timedOut;
    total.notifiedWakes += tally.notifiedWakes;
    total.grown += tally.grown;
    total.refusedGrows += tally.refusedGrows;
    total.iterations += tally.iterations;
  }
  EXPECT_EQ(memory->atomicLoad<std::uint32_t>(kWasmCounter).value_or(0),
            static_cast<std::uint32_t>(total.wasmAdds));
  EXPECT_EQ(memory->atomicLoad<std::uint32_t>(kHostCounter).value_or(0),
            static_cast<std::uint32_t>(total.hostAdds));
  EXPECT_EQ(memory->atomicLoad<std::uint32_t>(kCasCounter).value_or(0),
            static_cast<std::uint32_t>(total.casAdds));
  EXPECT_EQ(memory->atomicLoad<std::uint64_t>(kWide).value_or(0), total.wideAdds << 33);
  // Each wake a notify counted ended exactly one wait with "ok".
  EXPECT_EQ(total.notifiedWakes, total.woken);
  EXPECT_EQ(memory->pages(), 1 + total.grown);
  EXPECT_LE(memory->pages(), kMaxPages);
  EXPECT_EQ(total.refusedGrows, 0u);
  EXPECT_GT(total.iterations, static_cast<std::uint64_t>(threads));
  std::printf(
      "%d threads, %d s: %llu rounds, %llu atomic adds, %llu waits (%llu woken, %llu not "
      "equal, %llu timed out), %llu pages grown, %llu grows refused\n",
      threads, seconds, static_cast<unsigned long long>(total.iterations),
      static_cast<unsigned long long>(total.wasmAdds + total.hostAdds + total.casAdds +
                                      total.wideAdds),
      static_cast<unsigned long long>(total.woken + total.notEqual + total.timedOut),
      static_cast<unsigned long long>(total.woken), static_cast<unsigned long long>(total.notEqual),
      static_cast<unsigned long long>(total.timedOut), static_cast<unsigned long long>(total.grown),
      static_cast<unsigned long long>(total.refusedGrows));
}

} // namespace
} // namespace wasmline
