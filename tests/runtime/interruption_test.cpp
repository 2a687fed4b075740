// Stopping code: epoch deadlines (Engine::incrementEpoch, Store::setEpochDeadline) and waits that
// could never end.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline {
namespace {

EngineConfig interruptible() {
  EngineConfig config;
  config.execution.epochInterruption = true;
  config.features.threads = true;
  return config;
}

constexpr std::string_view kSpin = R"((module
  (func $spin (export "spin") (loop $again (br $again)))
  (func (export "deep") (call $spin))
  (func (export "quick") (result i32) (i32.const 7))))";

TEST(Interruption, AnEpochDeadlineStopsALoopWithABacktrace) {
  Engine engine(interruptible());
  auto module = Module::fromText(engine, kSpin);
  ASSERT_TRUE(module) << module.error().message();
  Store store(engine);
  auto instance = Instance::create(store, *module, {});
  ASSERT_TRUE(instance);
  ASSERT_TRUE(store.setEpochDeadline(1));
  std::thread ticker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    engine.incrementEpoch();
  });
  auto result = instance->func("deep")->call({});
  ticker.join();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::Trap);
  const std::string& message = result.error().message();
  EXPECT_EQ(message.rfind("interrupt\nwasm backtrace:\n  func 0", 0), 0u) << message;
  EXPECT_NE(message.find("\n  func 1"), std::string::npos) << message;
  // Past the deadline every call stops at its first check; a new deadline lets code run again.
  EXPECT_FALSE(instance->func("quick")->call({}));
  ASSERT_TRUE(store.setEpochDeadline(1));
  EXPECT_EQ((*instance->func("quick")->call({}))[0].asI32(), 7);
}

TEST(Interruption, DeadlinesNeedTheOption) {
  Engine engine;
  Store store(engine);
  auto set = store.setEpochDeadline(1);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().kind(), ErrorKind::Unsupported);
}

constexpr std::string_view kWaiter = R"((module
  (memory (export "memory") 1 1 shared)
  (func (export "wait") (result i32)
    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))))";

TEST(Interruption, AWaitNoThreadCouldEndTraps) {
  Engine engine(interruptible());
  auto module = Module::fromText(engine, kWaiter);
  ASSERT_TRUE(module) << module.error().message();
  Store store(engine);
  auto instance = Instance::create(store, *module, {});
  ASSERT_TRUE(instance);
  auto wait = instance->func("wait");
  auto result = wait->call({}); // only the store holds the memory: nobody can notify
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message().rfind("deadlock: memory.atomic.wait", 0), 0u)
      << result.error().message();
}

TEST(Interruption, AnEpochDeadlineEndsAWait) {
  Engine engine(interruptible());
  auto module = Module::fromText(engine, kWaiter);
  ASSERT_TRUE(module);
  Store store(engine);
  auto instance = Instance::create(store, *module, {});
  ASSERT_TRUE(instance);
  auto memory = instance->memory("memory"); // another holder: a host thread could notify
  ASSERT_TRUE(memory);
  ASSERT_TRUE(store.setEpochDeadline(1));
  std::thread ticker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    engine.incrementEpoch();
  });
  auto result = instance->func("wait")->call({});
  ticker.join();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message().rfind("interrupt", 0), 0u) << result.error().message();
}

TEST(Interruption, AWaitWithAHolderIsWokenByItsNotify) {
  Engine engine(interruptible());
  auto module = Module::fromText(engine, kWaiter);
  ASSERT_TRUE(module);
  Store store(engine);
  auto instance = Instance::create(store, *module, {});
  ASSERT_TRUE(instance);
  auto memory = instance->memory("memory");
  std::thread notifier([&] {
    while (*memory->atomicNotify(0, 1) == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  auto result = instance->func("wait")->call({});
  notifier.join();
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ((*result)[0].asI32(), 0); // woken
}

} // namespace
} // namespace wasmline
