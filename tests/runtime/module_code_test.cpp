// Compiled code belongs to the module: one compilation per function, shared by every instance in
// every store, made with the module's own features.
#include <gtest/gtest.h>

#include "api/access.h"
#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline {
namespace {

constexpr std::string_view kCounter = R"((module
  (global $count (mut i32) (i32.const 0))
  (func $bump (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.get $count))
  (func (export "run") (param i32) (result i32)
    (i32.add (call $bump) (local.get 0)))
  (func (export "never") (result i32) (i32.const 7))))";

std::size_t compilations(const Module& module) {
  return api::Access::code(module)->compilations();
}

TEST(ModuleCode, OneModuleInstantiatedAThousandTimesCompilesOnce) {
  Engine engine;
  auto module = Module::fromText(engine, kCounter);
  ASSERT_TRUE(module) << module.error().message();
  EXPECT_EQ(compilations(*module), 0u); // validated at load, compiled on first call
  Store store(engine);
  for (int i = 0; i < 1000; ++i) {
    auto instance = Instance::create(store, *module, {});
    ASSERT_TRUE(instance) << instance.error().message();
    const Value args[] = {Value::i32(i)};
    auto result = instance->func("run")->call(args);
    ASSERT_TRUE(result) << result.error().message();
    // Each instance has its own global: the first call of every instance counts 1.
    EXPECT_EQ((*result)[0].asI32(), i + 1);
  }
  // run and bump compiled once each; never was never called.
  EXPECT_EQ(compilations(*module), 2u);
}

TEST(ModuleCode, StoresOfOneEngineShareTheCode) {
  Engine engine;
  auto module = Module::fromText(engine, kCounter);
  ASSERT_TRUE(module);
  for (int s = 0; s < 10; ++s) {
    Store store(engine);
    for (int i = 0; i < 10; ++i) {
      auto instance = Instance::create(store, *module, {});
      ASSERT_TRUE(instance);
      const Value args[] = {Value::i32(40)};
      EXPECT_EQ((*instance->func("run")->call(args))[0].asI32(), 41);
    }
  }
  EXPECT_EQ(compilations(*module), 2u);
}

TEST(ModuleCode, StoresWithOtherExecutionOptionsGetTheirOwnVariant) {
  Engine plain;
  EngineConfig fuelConfig;
  fuelConfig.execution.consumeFuel = true;
  Engine fueled(fuelConfig);
  auto module = Module::fromText(plain, kCounter);
  ASSERT_TRUE(module);
  Store first(plain);
  Store second(fueled);
  ASSERT_TRUE(second.setFuel(1000));
  const Value args[] = {Value::i32(1)};
  auto a = Instance::create(first, *module, {});
  auto b = Instance::create(second, *module, {});
  ASSERT_TRUE(a && b);
  EXPECT_EQ((*a->func("run")->call(args))[0].asI32(), 2);
  EXPECT_EQ((*b->func("run")->call(args))[0].asI32(), 2);
  EXPECT_LT(*second.fuel(), 1000u); // the fuel variant charges fuel
  EXPECT_EQ(compilations(*module), 4u);
}

// A module decoded by an engine with multi-memory runs with the features it was decoded with,
// whatever the engine of the store it is instantiated in.
TEST(ModuleCode, CompiledWithTheModulesFeaturesNotTheStores) {
  EngineConfig config;
  config.features = Features::all();
  Engine allFeatures(config);
  auto module = Module::fromText(allFeatures, R"((module
    (memory $a 1)
    (memory $b 1)
    (data (memory $a) (i32.const 0) "aaaa")
    (data (memory $b) (i32.const 0) "\01\02\03\04")
    (func (export "byte") (param i32) (result i32) (i32.load8_u $b (local.get 0)))))");
  ASSERT_TRUE(module) << module.error().message();
  Engine plain; // WebAssembly 2.0: no multi-memory
  Store store(plain);
  auto instance = Instance::create(store, *module, {});
  ASSERT_TRUE(instance) << instance.error().message();
  for (int i = 0; i < 4; ++i) {
    const Value args[] = {Value::i32(i)};
    auto result = instance->func("byte")->call(args);
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ((*result)[0].asI32(), i + 1);
  }
}

TEST(ModuleCode, EagerCompilationCompilesEveryFunctionWhileLoading) {
  EngineConfig config;
  config.eagerCompilation = true;
  Engine engine(config);
  auto module = Module::fromText(engine, kCounter);
  ASSERT_TRUE(module) << module.error().message();
  EXPECT_EQ(compilations(*module), 3u); // never included
  Store store(engine);
  auto instance = Instance::create(store, *module, {});
  ASSERT_TRUE(instance);
  const Value args[] = {Value::i32(5)};
  EXPECT_EQ((*instance->func("run")->call(args))[0].asI32(), 6);
  EXPECT_EQ(compilations(*module), 3u); // nothing compiled on the call
}

} // namespace
} // namespace wasmline
