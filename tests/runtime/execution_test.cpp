// Execution controls of the public API: fuel, instruction tracing, trap details.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "wasmline/store.h"

namespace wasmline {
namespace {

Instance instantiate(Store& store, const Engine& engine, std::string_view text) {
  auto module = Module::fromText(engine, text);
  EXPECT_TRUE(module) << module.error().message();
  auto instance = Instance::create(store, *module, {});
  EXPECT_TRUE(instance) << instance.error().message();
  return *instance;
}

constexpr std::string_view kLoops = R"((module
  (func (export "spin") (loop (br 0)))
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (call $down (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "count") (param i32) (result i32) (local i32)
    (block (loop
      (br_if 1 (i32.ge_u (local.get 1) (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br 0)))
    (local.get 1)))
)";

TEST(Fuel, DisabledByDefault) {
  Engine engine;
  Store store(engine);
  EXPECT_EQ(store.setFuel(10).error().kind(), ErrorKind::Unsupported);
  EXPECT_EQ(store.fuel().error().kind(), ErrorKind::Unsupported);
}

TEST(Fuel, InfiniteLoopTrapsWhenSpent) {
  EngineConfig config;
  config.execution.consumeFuel = true;
  Engine engine(config);
  Store store(engine);
  ASSERT_TRUE(store.setFuel(100000));
  Instance instance = instantiate(store, engine, kLoops);
  auto result = instance.func("spin")->call({});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(result.error().message().substr(0, 17), "all fuel consumed");
  EXPECT_EQ(*store.fuel(), 0u);
}

TEST(Fuel, RecursionTrapsWhenSpent) {
  EngineConfig config;
  config.execution.consumeFuel = true;
  Engine engine(config);
  Store store(engine);
  ASSERT_TRUE(store.setFuel(50));
  Instance instance = instantiate(store, engine, kLoops);
  auto result = instance.func("down")->call(std::vector<Value>{Value::i32(1000)});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message().substr(0, 17), "all fuel consumed");
}

TEST(Fuel, ChargesInstructionsExecuted) {
  EngineConfig config;
  config.execution.consumeFuel = true;
  Engine engine(config);
  Store store(engine);
  ASSERT_TRUE(store.setFuel(1'000'000));
  Instance instance = instantiate(store, engine, kLoops);
  auto count = [&](int n) {
    const std::uint64_t before = *store.fuel();
    auto result = instance.func("count")->call(std::vector<Value>{Value::i32(n)});
    EXPECT_TRUE(result) << result.error().message();
    EXPECT_EQ((*result)[0].asI32(), n);
    return before - *store.fuel();
  };
  const std::uint64_t ten = count(10), twenty = count(20);
  // Each iteration runs 11 instructions (local.get x2, i32.ge_u, br_if, local.get, i32.const,
  // i32.add, local.set, br, and the loop's own start): the cost grows by the same amount per
  // iteration, and is of that order.
  EXPECT_EQ(twenty - ten, count(30) - twenty);
  EXPECT_GE((twenty - ten) / 10, 8u);
  EXPECT_LE((twenty - ten) / 10, 12u);
  // Enough for a small call, not for a large one.
  ASSERT_TRUE(store.setFuel(ten + 1));
  EXPECT_TRUE(instance.func("count")->call(std::vector<Value>{Value::i32(10)}));
  ASSERT_TRUE(store.setFuel(ten + 1));
  EXPECT_FALSE(instance.func("count")->call(std::vector<Value>{Value::i32(100)}));
}

TEST(Trace, ReportsEveryExecutedInstruction) {
  std::vector<std::string> lines;
  EngineConfig config;
  config.execution.trace = [&](const TraceEvent& event) {
    lines.push_back(std::string(event.functionName) + " " + std::string(event.instruction));
  };
  Engine engine(config);
  Store store(engine);
  Instance instance = instantiate(store, engine, R"((module
    (func $add (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1)))))");
  auto result = instance.func("add")->call(std::vector<Value>{Value::i32(2), Value::i32(3)});
  ASSERT_TRUE(result);
  EXPECT_EQ((*result)[0].asI32(), 5);
  EXPECT_EQ(lines,
            (std::vector<std::string>{"add local.get", "add local.get", "add i32.add", "add end"}));
}

TEST(Traps, OutOfBoundsAccessNamesAddressSizeAndMemorySize) {
  Engine engine;
  Store store(engine);
  Instance instance = instantiate(store, engine, R"((module
    (memory 1)
    (func (export "store") (param i32) (i32.store offset=4 (local.get 0) (i32.const 1)))
    (func (export "fill") (param i32) (memory.fill (local.get 0) (i32.const 0) (i32.const 16)))))");
  auto result = instance.func("store")->call(std::vector<Value>{Value::i32(65533)});
  ASSERT_FALSE(result);
  const std::string& message = result.error().message();
  EXPECT_EQ(message.substr(0, message.find('\n')),
            "out of bounds memory access: 4 bytes at address 0x10001, memory size 0x10000");
  EXPECT_NE(message.find("wasm backtrace:"), std::string::npos);
  auto fill = instance.func("fill")->call(std::vector<Value>{Value::i32(65530)});
  ASSERT_FALSE(fill);
  EXPECT_EQ(fill.error().message().substr(0, fill.error().message().find('\n')),
            "out of bounds memory access: 16 bytes at address 0xfffa, memory size 0x10000");
}

constexpr std::string_view kSharedCounter = R"((module
  (import "env" "memory" (memory 1 1 shared))
  (func (export "bump") (param $times i32)
    (loop $again
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (local.set $times (i32.sub (local.get $times) (i32.const 1)))
      (br_if $again (local.get $times))))
  (func (export "wait") (result i32)
    (memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const -1)))))";

// Instantiates kSharedCounter in a store of its own with `memory` imported.
Result<Instance> sharedCounter(Store& store, const Engine& engine, const Memory& memory) {
  auto module = Module::fromText(engine, kSharedCounter);
  if (!module) return module.error();
  Linker linker;
  linker.define("env", "memory", memory);
  return linker.instantiate(store, *module);
}

TEST(Threads, AtomicIncrementsFromFourThreadsSharingOneMemory) {
  EngineConfig config;
  config.features.threads = true;
  const Engine engine(config);
  auto memory = Memory::create(MemoryType{{1, 1}, false, true});
  ASSERT_TRUE(memory);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      Store store(engine); // one store per thread; the memory is what they share
      auto instance = sharedCounter(store, engine, *memory);
      if (!instance || !instance->func("bump")->call(std::vector<Value>{Value::i32(100000)})) {
        ++failures;
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*memory->read<std::uint32_t>(0), 400000u);
}

TEST(Threads, WaitIsWokenByAHostNotify) {
  EngineConfig config;
  config.features.threads = true;
  const Engine engine(config);
  auto memory = Memory::create(MemoryType{{1, 1}, false, true});
  ASSERT_TRUE(memory);
  std::atomic<int> outcome{-1};
  std::thread waiter([&] {
    Store store(engine);
    auto instance = sharedCounter(store, engine, *memory);
    if (!instance) return;
    auto result = instance->func("wait")->call({});
    if (result) outcome = (*result)[0].asI32();
  });
  // Notify until the waiter has been woken (it may not be waiting yet at the first notify).
  for (int tries = 0; tries < 2000 && outcome.load() == -1; ++tries) {
    (void)memory->atomicNotify(8, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  waiter.join();
  EXPECT_EQ(outcome.load(), 0); // woken
}

TEST(Threads, WaitOnUnsharedMemoryTraps) {
  EngineConfig config;
  config.features.threads = true;
  const Engine engine(config);
  Store store(engine);
  Instance instance = instantiate(store, engine, R"((module (memory 1)
    (func (export "wait") (result i32)
      (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)))
    (func (export "misaligned") (result i32) (i32.atomic.load (i32.const 2)))))");
  auto wait = instance.func("wait")->call({});
  ASSERT_FALSE(wait);
  EXPECT_EQ(wait.error().message().substr(0, 22), "expected shared memory");
  auto misaligned = instance.func("misaligned")->call({});
  ASSERT_FALSE(misaligned);
  EXPECT_EQ(misaligned.error().message().substr(0, 16), "unaligned atomic");
}

// Found by the execute fuzzer: a block with parameters in unreachable code has a body the
// validator checks as reachable (a new frame starts reachable), so the compiler must give it its
// parameters; it read below its operand stack compiling the `call` in the loop.
TEST(UnreachableCode, BlocksWithParametersCompile) {
  Engine engine;
  Store store(engine);
  Instance instance = instantiate(store, engine, R"((module
    (func $three (param i64 i64) (result i64 i64 i64) (local.get 0) (local.get 1) (local.get 0))
    (func (export "dead-loop") (result i64)
      unreachable
      loop (param i64 i64) (result i64)
        call $three
        i64.mul
        i64.add
      end)
    (func (export "dead-if") (result i64)
      unreachable
      if (param i64 i64) (result i64)
        call $three
        drop
        drop
      else
        i64.add
      end)
    (func (export "dead-block") (result i32)
      unreachable
      block (param i32) (result i32)
        i32.eqz
      end))
)");
  for (const char* name : {"dead-loop", "dead-if", "dead-block"}) {
    auto result = instance.func(name)->call({});
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().message().substr(0, 11), "unreachable") << name;
  }
}

} // namespace
} // namespace wasmline
