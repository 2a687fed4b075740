#include "runtime/instantiate.h"

#include <gtest/gtest.h>

#include "api/access.h"
#include "binary/type_registry.h"
#include "wasmline/module.h"

namespace wasmline::runtime {
namespace {

using interp::ExternRef;
using interp::Instance;
using interp::TableInstance;

class Instantiate : public ::testing::Test {
protected:
  std::shared_ptr<interp::ModuleCode> compile(std::string_view text) {
    auto module = wasmline::Module::fromText(engine_, text);
    EXPECT_TRUE(module) << module.error().message();
    return module ? api::Access::code(*module) : nullptr;
  }

  Result<Instantiation> instantiate(std::string_view text,
                                    std::span<const ExternRef> imports = {}) {
    return runtime::instantiate(store_, compile(text), imports);
  }

  Engine engine_;
  StoreData store_{engine_.config()};
};

TEST_F(Instantiate, GlobalsAndExports) {
  auto result = instantiate(R"((module
    (global (export "g") i32 (i32.const 42))
    (global $h (export "h") (mut i64) (i64.const -1))
    (func (export "f") (result i32) (global.get 0))
    (memory (export "m") 1 2)
    (table (export "t") 3 funcref)))");
  ASSERT_TRUE(result) << result.error().message();
  const Instance& instance = *result->instance;
  EXPECT_EQ(instance.exports.at("g").global->value.low, 42u);
  EXPECT_EQ(instance.exports.at("h").global->value.low, ~std::uint64_t{0});
  EXPECT_TRUE(instance.exports.at("h").global->type.isMutable);
  EXPECT_EQ(instance.exports.at("f").func->type.results, std::vector<ValType>{ValType::I32});
  EXPECT_EQ(instance.exports.at("m").memory->pages(), 1u);
  EXPECT_EQ(instance.exports.at("t").table->elements.size(), 3u);
  EXPECT_FALSE(result->start);
}

TEST_F(Instantiate, ActiveSegmentsInitializeTablesAndMemories) {
  auto result = instantiate(R"((module
    (memory (export "m") 1)
    (data (i32.const 8) "hello")
    (table (export "t") 4 funcref)
    (func $a) (func $b)
    (elem (i32.const 1) $b $a)
    (func $start)
    (start $start)))");
  ASSERT_TRUE(result) << result.error().message();
  const Instance& instance = *result->instance;
  const detail::LinearMemory& memory = *instance.exports.at("m").memory;
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(memory.base() + 8), 5), "hello");
  const TableInstance& table = *instance.exports.at("t").table;
  EXPECT_EQ(table.elements[0], 0u);
  EXPECT_EQ(table.elements[1], reinterpret_cast<std::uintptr_t>(instance.functions[1]));
  EXPECT_EQ(table.elements[2], reinterpret_cast<std::uintptr_t>(instance.functions[0]));
  EXPECT_EQ(result->start, 2u);
}

TEST_F(Instantiate, OutOfBoundsSegmentsTrapAfterEarlierOnesApplied) {
  auto memoryTrap = instantiate(R"((module
    (memory (export "m") 1)
    (data (i32.const 0) "a")
    (data (i32.const 65535) "bc")))");
  ASSERT_FALSE(memoryTrap);
  EXPECT_EQ(memoryTrap.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(memoryTrap.error().message().rfind("out of bounds memory access", 0), 0u)
      << memoryTrap.error().message();
  auto tableTrap = instantiate(R"((module (table 1 funcref) (func) (elem (i32.const 1) 0)))");
  ASSERT_FALSE(tableTrap);
  EXPECT_EQ(tableTrap.error().message().rfind("out of bounds table access", 0), 0u);
}

TEST_F(Instantiate, ImportsMustMatch) {
  auto exporter = instantiate(R"((module
    (func (export "f") (param i32))
    (global (export "g") (mut i32) (i32.const 1))
    (memory (export "m") 2 4)
    (table (export "t") 2 funcref)))");
  ASSERT_TRUE(exporter) << exporter.error().message();
  const auto& exports = exporter->instance->exports;

  const ExternRef func[] = {exports.at("f")};
  EXPECT_TRUE(instantiate(R"((module (import "x" "f" (func (param i32)))))", func));
  auto wrongType = instantiate(R"((module (import "x" "f" (func (param i64)))))", func);
  ASSERT_FALSE(wrongType);
  EXPECT_EQ(wrongType.error().kind(), ErrorKind::Unlinkable);
  EXPECT_EQ(wrongType.error().message().rfind("incompatible import type", 0), 0u);
  EXPECT_FALSE(instantiate(R"((module (import "x" "f" (global i32))))", func));

  const ExternRef global[] = {exports.at("g")};
  EXPECT_TRUE(instantiate(R"((module (import "x" "g" (global (mut i32)))))", global));
  EXPECT_FALSE(instantiate(R"((module (import "x" "g" (global i32))))", global));

  const ExternRef memory[] = {exports.at("m")};
  EXPECT_TRUE(instantiate(R"((module (import "x" "m" (memory 1 4))))", memory));
  EXPECT_TRUE(instantiate(R"((module (import "x" "m" (memory 2))))", memory));
  EXPECT_FALSE(instantiate(R"((module (import "x" "m" (memory 3))))", memory));
  EXPECT_FALSE(instantiate(R"((module (import "x" "m" (memory 1 3))))", memory));

  const ExternRef table[] = {exports.at("t")};
  EXPECT_TRUE(instantiate(R"((module (import "x" "t" (table 1 funcref))))", table));
  EXPECT_FALSE(instantiate(R"((module (import "x" "t" (table 1 externref))))", table));
  EXPECT_FALSE(instantiate(R"((module (import "x" "t" (table 1 2 funcref))))", table));

  auto missing = instantiate(R"((module (import "x" "y" (func))))");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message().rfind("unknown import", 0), 0u);
}

TEST_F(Instantiate, ImportedGlobalsInitializeOthers) {
  auto exporter = instantiate(R"((module (global (export "g") i32 (i32.const 7))))");
  ASSERT_TRUE(exporter);
  const ExternRef global[] = {exporter->instance->exports.at("g")};
  auto importer = instantiate(R"((module
    (import "x" "g" (global i32))
    (global (export "copy") i32 (global.get 0))))",
                              global);
  ASSERT_TRUE(importer) << importer.error().message();
  EXPECT_EQ(importer->instance->exports.at("copy").global->value.low, 7u);
}

TEST_F(Instantiate, FunctionTypesHaveCanonicalIds) {
  EXPECT_EQ(binary::canonicalTypeId(FuncType{{ValType::I32}, {}}),
            binary::canonicalTypeId(FuncType{{ValType::I32}, {}}));
  EXPECT_NE(binary::canonicalTypeId(FuncType{{ValType::I32}, {}}),
            binary::canonicalTypeId(FuncType{{}, {ValType::I32}}));
}

} // namespace
} // namespace wasmline::runtime
