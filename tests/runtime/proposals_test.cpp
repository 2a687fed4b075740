// WebAssembly 3.0 and later features through the public API, beyond their spec suites: custom
// page sizes (1-byte pages grown from the host and from wasm, bounds), table64, wide arithmetic,
// relaxed SIMD end to end, and the features' names.
#include <gtest/gtest.h>

#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline {
namespace {

Engine engineWith(std::initializer_list<std::string_view> names) {
  EngineConfig config;
  for (std::string_view name : names)
    EXPECT_TRUE(config.features.enable(name)) << name;
  return Engine(config);
}

Instance instantiate(Store& store, const Engine& engine, std::string_view text,
                     Linker linker = {}) {
  auto module = Module::fromText(engine, text);
  EXPECT_TRUE(module) << module.error().message();
  auto instance = linker.instantiate(store, *module);
  EXPECT_TRUE(instance) << instance.error().message();
  return *instance;
}

std::vector<Value> call(const Instance& instance, std::string_view name,
                        std::initializer_list<Value> args) {
  auto func = instance.func(name);
  EXPECT_TRUE(func) << name;
  const std::vector<Value> arguments(args);
  auto results = func->call(arguments);
  EXPECT_TRUE(results) << name << ": " << results.error().message();
  return results ? *results : std::vector<Value>{};
}

TEST(CustomPageSizes, OneBytePagesGrowFromHostAndWasm) {
  Engine engine = engineWith({"custom-page-sizes", "multi-memory"});
  Store store(engine);
  Instance instance = instantiate(store, engine, R"((module
    (memory (export "small") 3 10 (pagesize 1))
    (memory (export "large") 1 (pagesize 65536))
    (func (export "size") (result i32) (memory.size 0))
    (func (export "grow") (param i32) (result i32) (memory.grow 0 (local.get 0)))
    (func (export "large-size") (result i32) (memory.size 1))
    (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
    (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))))");
  Memory small = *instance.memory("small");
  EXPECT_EQ(small.pageSize(), 1u);
  EXPECT_EQ(small.type().pageSizeLog2, 0u);
  EXPECT_EQ(small.type().toString(), "3 10 (pagesize 1)");
  EXPECT_EQ(instance.memory("large")->pageSize(), kWasmPageSize);
  EXPECT_EQ(small.pages(), 3u);
  EXPECT_EQ(small.byteLength(), 3u);
  EXPECT_EQ(call(instance, "size", {})[0].asI32(), 3);
  EXPECT_EQ(call(instance, "large-size", {})[0].asI32(), 1);

  // Byte 2 is the last one; a 4-byte load at 0 reaches byte 3, one past the end.
  call(instance, "store", {Value::i32(2), Value::i32(0xab)});
  EXPECT_EQ(call(instance, "load", {Value::i32(2)})[0].asI32(), 0xab);
  auto outside = instance.func("load")->call(std::vector<Value>{Value::i32(3)});
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().kind(), ErrorKind::Trap);
  EXPECT_FALSE(instance.func("load32")->call(std::vector<Value>{Value::i32(0)}));

  // Grown by one byte from wasm, then by two from the host: memory.size counts bytes.
  EXPECT_EQ(call(instance, "grow", {Value::i32(1)})[0].asI32(), 3);
  EXPECT_EQ(call(instance, "load32", {Value::i32(0)})[0].asI32(), 0x00ab0000);
  EXPECT_EQ(*small.grow(2), 4u);
  EXPECT_EQ(call(instance, "size", {})[0].asI32(), 6);
  EXPECT_EQ(small.byteLength(), 6u);
  ASSERT_TRUE(small.write<std::uint8_t>(5, 7));
  EXPECT_EQ(call(instance, "load", {Value::i32(5)})[0].asI32(), 7);
  EXPECT_FALSE(small.read<std::uint8_t>(6));

  // The maximum is 10 bytes: past it growth fails, from wasm (-1) and from the host.
  EXPECT_EQ(call(instance, "grow", {Value::i32(5)})[0].asI32(), -1);
  EXPECT_EQ(small.grow(5).error().kind(), ErrorKind::GrowFailed);
  EXPECT_EQ(call(instance, "grow", {Value::i32(4)})[0].asI32(), 6);
  EXPECT_EQ(small.byteLength(), 10u);
}

TEST(CustomPageSizes, HostMemoriesAndLinking) {
  MemoryType oneByte = MemoryType::pages(0);
  oneByte.pageSizeLog2 = 0;
  auto memory = Memory::create(oneByte);
  ASSERT_TRUE(memory) << memory.error().message();
  EXPECT_EQ(memory->pageSize(), 1u);
  EXPECT_EQ(*memory->grow(70000), 0u); // more than 65536 pages, only 70000 bytes
  EXPECT_EQ(memory->pages(), 70000u);
  EXPECT_EQ(memory->byteLength(), 70000u);
  EXPECT_TRUE(memory->write<std::uint16_t>(69998, 0xbeef));
  EXPECT_FALSE(memory->write<std::uint16_t>(69999, 0xbeef));

  MemoryType three = MemoryType::pages(0);
  three.pageSizeLog2 = 3;
  auto invalid = Memory::create(three);
  ASSERT_FALSE(invalid);
  EXPECT_NE(invalid.error().message().find("invalid custom page size"), std::string::npos);
  MemoryType tooLarge = MemoryType::pages(std::uint64_t{1} << 32);
  tooLarge.pageSizeLog2 = 0;
  EXPECT_NE(tooLarge.validate().error().message().find("at most 4294967295 pages of 1 byte"),
            std::string::npos);
  tooLarge.limits.min = 0xFFFFFFFF;
  EXPECT_TRUE(tooLarge.validate());

  // An import must declare the same page size.
  Engine engine = engineWith({"custom-page-sizes"});
  Store store(engine);
  Linker linker;
  linker.define("host", "memory", *memory);
  auto same = Module::fromText(engine, R"((module (import "host" "memory" (memory 0 (pagesize 1)))
    (func (export "size") (result i32) (memory.size))))");
  ASSERT_TRUE(same);
  auto linked = linker.instantiate(store, *same);
  ASSERT_TRUE(linked) << linked.error().message();
  EXPECT_EQ(call(*linked, "size", {})[0].asI32(), 70000);
  auto other = Module::fromText(engine, R"((module (import "host" "memory" (memory 0))))");
  ASSERT_TRUE(other);
  auto refused = linker.instantiate(store, *other);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("incompatible import type"), std::string::npos);
}

TEST(CustomPageSizes, NeedsTheFeature) {
  Engine engine;
  auto module = Module::fromText(engine, "(module (memory 1 (pagesize 1)))");
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().kind(), ErrorKind::Malformed);
}

TEST(Table64, IndicesSizesAndGrowthAre64Bit) {
  Engine engine = engineWith({"memory64"});
  Store store(engine);
  Instance instance = instantiate(store, engine, R"((module
    (type $f (func (result i32)))
    (table $t (export "t") i64 2 funcref)
    (table $u i32 4 funcref)
    (elem (table $t) (i64.const 1) func $seven)
    (func $seven (result i32) (i32.const 7))
    (func (export "call") (param i64) (result i32) (call_indirect $t (type $f) (local.get 0)))
    (func (export "size") (result i64) (table.size $t))
    (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
    (func (export "grow32") (param i32) (result i32) (table.grow $u (ref.null func) (local.get 0)))
    (func (export "is-null") (param i64) (result i32) (ref.is_null (table.get $t (local.get 0))))
    (func (export "copy-to-32") (param i32 i64 i32) (table.copy $u $t (local.get 0) (local.get 1) (local.get 2)))
    (func (export "call32") (param i32) (result i32) (call_indirect $u (type $f) (local.get 0)))))");
  EXPECT_EQ(call(instance, "call", {Value::i64(1)})[0].asI32(), 7);
  // An index that a 32-bit truncation would bring in bounds stays out of bounds.
  auto far =
      instance.func("call")->call(std::vector<Value>{Value::i64((std::int64_t{1} << 32) | 1)});
  ASSERT_FALSE(far);
  EXPECT_NE(far.error().message().find("undefined element"), std::string::npos);
  EXPECT_EQ(call(instance, "size", {})[0].asI64(), 2);
  EXPECT_EQ(call(instance, "grow", {Value::i64(3)})[0].asI64(), 2);
  EXPECT_EQ(call(instance, "size", {})[0].asI64(), 5);
  // Growth past the store's limits fails with -1 of each index type.
  EXPECT_EQ(call(instance, "grow", {Value::i64(std::int64_t{1} << 40)})[0].asI64(), -1);
  EXPECT_EQ(call(instance, "grow32", {Value::i32(-1)})[0].asI32(), -1);
  EXPECT_EQ(call(instance, "is-null", {Value::i64(4)})[0].asI32(), 1);
  auto outside = instance.func("is-null")->call(std::vector<Value>{Value::i64(-1)});
  ASSERT_FALSE(outside);
  EXPECT_NE(outside.error().message().find("out of bounds table access"), std::string::npos);
  // table.copy from the 64-bit table to the 32-bit one: i32 destination and length.
  call(instance, "copy-to-32", {Value::i32(3), Value::i64(1), Value::i32(1)});
  EXPECT_EQ(call(instance, "call32", {Value::i32(3)})[0].asI32(), 7);

  Table table = *instance.table("t");
  EXPECT_TRUE(table.type().is64);
  EXPECT_EQ(table.size(), 5u);
  EXPECT_EQ(*table.grow(1, Value::nullRef(ValType::FuncRef)), 5u);
  EXPECT_FALSE(table.get(std::uint64_t{1} << 32));
}

TEST(Table64, TypesAndLinking) {
  EXPECT_FALSE((TableType{ValType::FuncRef, Limits{std::uint64_t{1} << 32, std::nullopt}, false})
                   .validate());
  EXPECT_TRUE((TableType{ValType::FuncRef, Limits{0, UINT64_MAX}, true}).validate());
  Engine engine = engineWith({"memory64"});
  Store store(engine);
  auto table64 = Table::create(store, TableType{ValType::FuncRef, Limits{1, std::nullopt}, true},
                               Value::nullRef(ValType::FuncRef));
  ASSERT_TRUE(table64);
  Linker linker;
  linker.define("host", "table", *table64);
  auto wants32 = Module::fromText(engine, R"((module (import "host" "table" (table 1 funcref))))");
  ASSERT_TRUE(wants32);
  auto refused = linker.instantiate(store, *wants32);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("incompatible import type"), std::string::npos);
  auto wants64 =
      Module::fromText(engine, R"((module (import "host" "table" (table i64 1 funcref))))");
  ASSERT_TRUE(wants64);
  EXPECT_TRUE(linker.instantiate(store, *wants64));
}

TEST(WideArithmetic, CarriesBorrowsAndProducts) {
  Engine engine = engineWith({"wide-arithmetic"});
  Store store(engine);
  Instance instance = instantiate(store, engine, R"((module
    (func (export "add") (param i64 i64 i64 i64) (result i64 i64)
      (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
    (func (export "sub") (param i64 i64 i64 i64) (result i64 i64)
      (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
    (func (export "mul_s") (param i64 i64) (result i64 i64)
      (i64.mul_wide_s (local.get 0) (local.get 1)))
    (func (export "mul_u") (param i64 i64) (result i64 i64)
      (i64.mul_wide_u (local.get 0) (local.get 1)))
    ;; The high half only, the low half dropped: results in their own slots.
    (func (export "high") (param i64 i64) (result i64)
      (i64.mul_wide_u (local.get 0) (local.get 1)) (local.set 0) (drop) (local.get 0))))");
  auto pair = [](const std::vector<Value>& results) {
    return std::pair{results.at(0).asI64(), results.at(1).asI64()};
  };
  EXPECT_EQ(
      pair(call(instance, "add", {Value::i64(-1), Value::i64(0), Value::i64(1), Value::i64(0)})),
      (std::pair<std::int64_t, std::int64_t>{0, 1}));
  EXPECT_EQ(
      pair(call(instance, "sub", {Value::i64(0), Value::i64(0), Value::i64(1), Value::i64(0)})),
      (std::pair<std::int64_t, std::int64_t>{-1, -1}));
  EXPECT_EQ(pair(call(instance, "mul_s", {Value::i64(-1), Value::i64(2)})),
            (std::pair<std::int64_t, std::int64_t>{-2, -1}));
  EXPECT_EQ(pair(call(instance, "mul_u", {Value::i64(-1), Value::i64(-1)})),
            (std::pair<std::int64_t, std::int64_t>{1, -2}));
  EXPECT_EQ(call(instance, "high",
                 {Value::i64(std::int64_t{1} << 32), Value::i64(std::int64_t{1} << 33)})[0]
                .asI64(),
            2);
}

TEST(RelaxedSimd, RunsWithTheChosenResults) {
  Engine engine = engineWith({"relaxed-simd"});
  Store store(engine);
  // relaxed_trunc_f32x4_s of NaN is 0x80000000 (cvttps2dq); relaxed_min of (NaN, 1) is 1 (minps
  // returns its second operand).
  Instance instance = instantiate(store, engine, R"((module
    (func (export "trunc") (result i32)
      (i32x4.extract_lane 0 (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 nan 0 0 0))))
    (func (export "min") (result f32)
      (f32x4.extract_lane 0 (f32x4.relaxed_min (v128.const f32x4 nan 0 0 0)
                                               (v128.const f32x4 1 0 0 0))))))");
  EXPECT_EQ(call(instance, "trunc", {})[0].asI32(), INT32_MIN);
  EXPECT_EQ(call(instance, "min", {})[0].asF32(), 1.0f);
}

// custom/: names, custom sections and branch hints reach the public Module.
TEST(CustomSections, NamesSectionsAndBranchHintsThroughTheApi) {
  Engine engine;
  auto module = Module::fromText(engine, R"((module (@name "annotated")
    (@custom "notes" (before func) "hello")
    (func $f (@name "first") (param i32)
      (@metadata.code.branch_hint "\01") (if (local.get 0) (then)))))");
  ASSERT_TRUE(module) << module.error().message();
  EXPECT_EQ(module->name(), "annotated");
  EXPECT_EQ(module->functionName(0), "first");
  EXPECT_EQ(module->functionName(1), "");
  const std::vector<CustomSectionView> sections = module->customSections();
  ASSERT_EQ(sections.size(), 3u); // notes, metadata.code.branch_hint, name
  EXPECT_EQ(sections[0].name, "notes");
  EXPECT_EQ(std::string(sections[0].content.begin(), sections[0].content.end()), "hello");
  EXPECT_EQ(sections[1].name, "metadata.code.branch_hint");
  EXPECT_EQ(sections[2].name, "name");
  const std::vector<BranchHintInfo> hints = module->branchHints();
  ASSERT_EQ(hints.size(), 1u);
  EXPECT_EQ(hints[0].function, 0u);
  EXPECT_EQ(hints[0].offset, 3u); // 00 (locals) 20 00 (local.get 0) 04 (if)
  EXPECT_TRUE(hints[0].likely);
  EXPECT_TRUE(module->customSectionProblems().empty());

  // A hint on a function that has no body: the module loads, the problem is reported.
  const std::vector<std::uint8_t> binary = {
      0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, // header
      0x00, 0x1D, 0x19, 'm',  'e',  't',  'a',  'd',  'a', 't', 'a', '.', 'c', 'o',
      'd',  'e',  '.',  'b',  'r',  'a',  'n',  'c',  'h', '_', 'h', 'i', 'n', 't', // name
      0x01, 0x05, 0x00, // one function: index 5, no hints
  };
  auto hinted = Module::fromBinary(engine, binary);
  ASSERT_TRUE(hinted) << hinted.error().message();
  const std::vector<CustomSectionProblem> problems = hinted->customSectionProblems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].section, "metadata.code.branch_hint");
  EXPECT_NE(problems[0].message.find("unknown function 5"), std::string::npos);
  EXPECT_TRUE(hinted->branchHints().empty());
}

TEST(Features, ReportedByName) {
  // The names --enable takes; each of these runs, so --all-features turns it on.
  const Features all = Features::all();
  for (std::string_view name :
       {"relaxed-simd", "custom-page-sizes", "wide-arithmetic", "threads", "memory64"}) {
    const FeatureInfo* info = findFeature(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_TRUE(info->runs) << name;
    EXPECT_TRUE(all.has(info->feature)) << name;
    Features features;
    EXPECT_TRUE(features.enable(name)) << name;
    EXPECT_TRUE(features.has(info->feature)) << name;
  }
}

TEST(FeatureDependencies, GcImpliesFunctionReferencesAndReferenceTypes) {
  Features features;
  features.referenceTypes = false;
  ASSERT_TRUE(features.enable("gc"));
  EXPECT_TRUE(features.gc);
  EXPECT_TRUE(features.functionReferences);
  EXPECT_TRUE(features.referenceTypes);
  // Disabling what gc needs disables gc; disabling gc leaves what it needed.
  ASSERT_TRUE(features.disable("function-references"));
  EXPECT_FALSE(features.functionReferences);
  EXPECT_FALSE(features.gc);
  EXPECT_TRUE(features.referenceTypes);
  ASSERT_TRUE(features.enable("gc"));
  ASSERT_TRUE(features.disable("gc"));
  EXPECT_TRUE(features.functionReferences);
  // A typed reference in text needs only --enable gc now.
  Features gcOnly;
  ASSERT_TRUE(gcOnly.enable("gc"));
  EngineConfig config;
  config.features = gcOnly;
  const Engine engine(config);
  auto module = Module::fromText(
      engine, "(module (type $t (struct (field i32))) (func (param (ref null $t))))");
  EXPECT_TRUE(module) << module.error().message();
}

} // namespace
} // namespace wasmline
