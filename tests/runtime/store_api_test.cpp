// The public runtime API: values, host functions, globals, tables, instances, linking, limits.
#include <gtest/gtest.h>

#include "wasmline/store.h"

namespace wasmline {
namespace {

TEST(StoreApi, HostFunctionsGlobalsAndLinking) {
  Engine engine;
  Store store(engine);
  Linker linker;
  int calls = 0;
  linker.define(
      "env", "twice",
      Func::wrap(store, FuncType{{ValType::I32}, {ValType::I32}},
                 [&](std::span<const Value> args, std::span<Value> results) -> Result<void> {
                   ++calls;
                   results[0] = Value::i32(args[0].asI32() * 2);
                   return {};
                 }));
  auto counter = Global::create(store, GlobalType{ValType::I64, true}, Value::i64(40));
  ASSERT_TRUE(counter);
  linker.define("env", "counter", *counter);
  auto memory = Memory::create(MemoryType::pages(1));
  ASSERT_TRUE(memory);
  linker.define("env", "memory", *memory);

  auto module = Module::fromText(engine, R"((module
    (import "env" "twice" (func $twice (param i32) (result i32)))
    (import "env" "counter" (global $counter (mut i64)))
    (import "env" "memory" (memory 1))
    (table (export "table") 2 funcref)
    (func (export "run") (param i32) (result i32)
      (global.set $counter (i64.add (global.get $counter) (i64.const 2)))
      (i32.store (i32.const 8) (call $twice (local.get 0)))
      (i32.load (i32.const 8)))))");
  ASSERT_TRUE(module) << module.error().message();
  auto instance = linker.instantiate(store, *module);
  ASSERT_TRUE(instance) << instance.error().message();
  auto run = instance->func("run");
  ASSERT_TRUE(run);
  EXPECT_EQ(run->type(), (FuncType{{ValType::I32}, {ValType::I32}}));
  const Value args[] = {Value::i32(21)};
  auto results = run->call(args);
  ASSERT_TRUE(results) << results.error().message();
  EXPECT_EQ((*results)[0].asI32(), 42);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(counter->get().asI64(), 42);
  EXPECT_EQ(*memory->read<std::int32_t>(8), 42); // the host sees the store made by wasm

  const Value wrongType[] = {Value::i64(1)};
  auto bad = run->call(wrongType);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), ErrorKind::InvalidArgument);
  EXPECT_FALSE(run->call({}));

  auto table = instance->table("table");
  ASSERT_TRUE(table);
  EXPECT_EQ(table->size(), 2u);
  ASSERT_TRUE(table->set(1, Value::funcRef(*run)));
  auto element = table->get(1);
  ASSERT_TRUE(element);
  ASSERT_TRUE(element->asFunc());
  EXPECT_TRUE(*element->asFunc() == *run);
  EXPECT_FALSE(table->get(2));
  EXPECT_EQ(*table->grow(3, Value::nullRef(ValType::FuncRef)), 2u);
  EXPECT_EQ(table->size(), 5u);

  auto immutable = Global::create(store, GlobalType{ValType::F32, false}, Value::f32(1.5f));
  ASSERT_TRUE(immutable);
  EXPECT_FALSE(immutable->set(Value::f32(2.0f)));
  EXPECT_FALSE(Global::create(store, GlobalType{ValType::I32, false}, Value::i64(1)));
}

TEST(StoreApi, UnknownImportsAndStartTraps) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto needsImport = Module::fromText(engine, R"((module (import "env" "missing" (func))))");
  ASSERT_TRUE(needsImport);
  auto unlinked = linker.instantiate(store, *needsImport);
  ASSERT_FALSE(unlinked);
  EXPECT_EQ(unlinked.error().kind(), ErrorKind::Unlinkable);
  EXPECT_NE(unlinked.error().message().find("\"env\" \"missing\""), std::string::npos);

  auto trapsAtStart = Module::fromText(engine, R"((module (func $s unreachable) (start $s)))");
  ASSERT_TRUE(trapsAtStart);
  auto trapped = linker.instantiate(store, *trapsAtStart);
  ASSERT_FALSE(trapped);
  EXPECT_EQ(trapped.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(trapped.error().message().rfind("unreachable", 0), 0u);
}

TEST(StoreApi, ExecutionLimitsAreConfigurable) {
  EngineConfig config;
  config.execution.maxCallDepth = 50;
  Engine engine(config);
  Store store(engine);
  auto module = Module::fromText(engine, R"((module
    (func $down (export "down") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (call $down (i32.sub (local.get 0) (i32.const 1))))
        (else (i32.const 0))))))");
  ASSERT_TRUE(module);
  auto instance = Instance::create(store, *module, {});
  ASSERT_TRUE(instance);
  auto down = instance->func("down");
  const Value shallow[] = {Value::i32(40)};
  EXPECT_TRUE(down->call(shallow));
  const Value deep[] = {Value::i32(60)};
  auto exhausted = down->call(deep);
  ASSERT_FALSE(exhausted);
  EXPECT_EQ(exhausted.error().message().rfind("call stack exhausted", 0), 0u);
}

TEST(StoreApi, Values) {
  EXPECT_EQ(Value::f32(1.0f).f32Bits(), 0x3F800000u);
  EXPECT_EQ(Value::f64Bits(0x7FF8000000000001).f64Bits(), 0x7FF8000000000001u);
  V128 vector;
  vector.bytes[15] = 0xAB;
  EXPECT_EQ(Value::v128(vector).asV128(), vector);
  Engine engine;
  Store store(engine);
  const Value external = Value::externRef(store, 77);
  EXPECT_FALSE(external.isNull());
  EXPECT_EQ(external.externPayload(), 77u);
  EXPECT_TRUE(Value::nullRef(ValType::ExternRef).isNull());
}

// The host's Table::grow and wasm's table.grow stop at the same limit.
TEST(StoreApi, TableGrowthHasOneLimitForHostAndWasm) {
  EngineConfig config;
  config.limits.tableElements = 100;
  Engine engine(config);
  Store store(engine);
  auto module = Module::fromText(engine, R"((module
    (table (export "table") 10 funcref)
    (func (export "grow") (param i32) (result i32)
      (table.grow 0 (ref.null func) (local.get 0)))))");
  ASSERT_TRUE(module) << module.error().message();
  auto instance = Instance::create(store, *module, {});
  ASSERT_TRUE(instance);
  auto table = instance->table("table");
  const Value null = Value::nullRef(ValType::FuncRef);
  auto refused = table->grow(91, null);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind(), ErrorKind::LimitExceeded);
  EXPECT_EQ(*table->grow(90, null), 10u);
  const Value one[] = {Value::i32(1)};
  EXPECT_EQ((*instance->func("grow")->call(one))[0].asI32(), -1); // at 100 already
  EXPECT_EQ(table->size(), 100u);
}

} // namespace
} // namespace wasmline
