// StoreLimits: memories and tables counted over a whole store, refused before anything is
// allocated.
#include <gtest/gtest.h>

#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline {
namespace {

// A module of `tables` tables of `elements` funcref elements each, in binary (the text format's
// limits are the same).
std::vector<std::uint8_t> tablesModule(std::uint32_t tables, std::uint32_t elements,
                                       std::uint8_t element = 0x70) {
  std::vector<std::uint8_t> content;
  auto leb = [&](std::uint64_t value) {
    do {
      std::uint8_t byte = value & 0x7F;
      value >>= 7;
      if (value != 0) byte |= 0x80;
      content.push_back(byte);
    } while (value != 0);
  };
  leb(tables);
  for (std::uint32_t i = 0; i < tables; ++i) {
    content.push_back(element);
    content.push_back(0x00); // no maximum
    leb(elements);
  }
  std::vector<std::uint8_t> binary{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x04};
  std::uint64_t size = content.size();
  do {
    std::uint8_t byte = size & 0x7F;
    size >>= 7;
    if (size != 0) byte |= 0x80;
    binary.push_back(byte);
  } while (size != 0);
  binary.insert(binary.end(), content.begin(), content.end());
  return binary;
}

Result<Instance> instantiate(Store& store, const Engine& engine,
                             const std::vector<std::uint8_t>& binary) {
  auto module = Module::fromBinary(engine, binary);
  if (!module) return module.error();
  return Instance::create(store, *module, {});
}

TEST(StoreLimits, AHugeDeclaredTableIsRefusedAtInstantiation) {
  Engine engine;
  Store store(engine);
  const auto binary = tablesModule(1, 0xFFFFFFFF); // 18 bytes
  EXPECT_EQ(binary.size(), 18u);
  auto instance = instantiate(store, engine, binary);
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().kind(), ErrorKind::LimitExceeded);
  EXPECT_NE(instance.error().message().find("a table of 4294967295 elements is past the limit of "
                                            "10000000 elements per table"),
            std::string::npos)
      << instance.error().message();
  // externrefs alike
  auto externs = instantiate(store, engine, tablesModule(1, 0x7FFFFFFF, 0x6F));
  ASSERT_FALSE(externs);
  EXPECT_EQ(externs.error().kind(), ErrorKind::LimitExceeded);
}

TEST(StoreLimits, TablesAreCountedOverTheStore) {
  EngineConfig config;
  config.limits.totalTableElements = 1000;
  Engine engine(config);
  Store store(engine);
  ASSERT_TRUE(instantiate(store, engine, tablesModule(2, 300)));
  auto refused = instantiate(store, engine, tablesModule(2, 300)); // 1200 in all
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("StoreLimits::totalTableElements"), std::string::npos)
      << refused.error().message();
  // the refused instance gave its first table back: 400 more still fit
  ASSERT_TRUE(instantiate(store, engine, tablesModule(1, 400)));
  // a new store has its own budget
  Store other(engine);
  EXPECT_TRUE(instantiate(other, engine, tablesModule(3, 300)));
}

TEST(StoreLimits, ManyLargeTablesAreRefusedWithTheDefaults) {
  Engine engine;
  Store store(engine);
  auto instance = instantiate(store, engine, tablesModule(100, 10'000'000));
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().kind(), ErrorKind::LimitExceeded);
}

TEST(StoreLimits, MemoriesAreCountedOverTheStore) {
  EngineConfig config;
  config.limits.memoryBytes = 3 * kWasmPageSize;
  config.features.multiMemory = true;
  Engine engine(config);
  Store store(engine);
  auto module = Module::fromText(engine, R"((module
    (memory 1) (memory $b 1)
    (func (export "grow") (param i32) (result i32) (memory.grow $b (local.get 0)))))");
  ASSERT_TRUE(module) << module.error().message();
  auto instance = Instance::create(store, *module, {});
  ASSERT_TRUE(instance) << instance.error().message();
  auto grow = instance->func("grow");
  const Value one[] = {Value::i32(1)};
  EXPECT_EQ((*grow->call(one))[0].asI32(), 1);  // 3 pages in all
  EXPECT_EQ((*grow->call(one))[0].asI32(), -1); // a fourth would pass the limit
  auto second = Instance::create(store, *module, {});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind(), ErrorKind::LimitExceeded);
  EXPECT_NE(second.error().message().find("StoreLimits::memoryBytes"), std::string::npos)
      << second.error().message();
}

} // namespace
} // namespace wasmline

namespace wasmline {
namespace {

// Stacks too large for the address space are refused with an error, not a crash.
TEST(StoreLimits, HugeStackLimitsAreAnErrorNotACrash) {
  EngineConfig config;
  config.execution.maxCallDepth = std::size_t{1} << 62;
  config.execution.valueStackBytes = std::size_t{1} << 62;
  Engine engine(config);
  auto module =
      Module::fromText(engine, R"((module (func (export "f") (result i32) (i32.const 1))))");
  ASSERT_TRUE(module);
  Store store(engine);
  auto instance = Instance::create(store, *module, {});
  ASSERT_TRUE(instance);
  auto result = instance->func("f")->call({});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::ResourceExhausted);
  EXPECT_NE(result.error().message().find("cannot reserve the stacks"), std::string::npos);
  // Large but possible limits cost address space only.
  EngineConfig large;
  large.execution.maxCallDepth = std::size_t{1} << 24;
  large.execution.valueStackBytes = std::size_t{1} << 32;
  Engine largeEngine(large);
  auto again =
      Module::fromText(largeEngine, R"((module (func (export "f") (result i32) (i32.const 1))))");
  Store largeStore(largeEngine);
  auto call = Instance::create(largeStore, *again, {})->func("f")->call({});
  ASSERT_TRUE(call) << call.error().message();
  EXPECT_EQ((*call)[0].asI32(), 1);
}

} // namespace
} // namespace wasmline
