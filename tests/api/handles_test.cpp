// Default-constructed (empty) handles, Module::fromFile, the version macros and the umbrella
// header.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "wasmline/wasmline.h"

namespace wasmline {
namespace {

using ::testing::HasSubstr;

TEST(Handles, EmptyHandlesFailClearly) {
  const Func func;
  EXPECT_FALSE(func);
  EXPECT_EQ(func.type(), FuncType{});
  EXPECT_THAT(func.call({}).error().message(), HasSubstr("empty Func handle"));
  EXPECT_TRUE(Value::funcRef(func).isNull());
  Global global;
  EXPECT_FALSE(global);
  EXPECT_EQ(global.get().asI32(), 0);
  EXPECT_THAT(global.set(Value::i32(1)).error().message(), HasSubstr("empty Global handle"));
  Table table;
  EXPECT_FALSE(table);
  EXPECT_EQ(table.size(), 0u);
  EXPECT_FALSE(table.get(0));
  EXPECT_FALSE(table.grow(1, Value::nullRef(ValType::FuncRef)));
  const Instance instance;
  EXPECT_FALSE(instance);
  EXPECT_FALSE(instance.exportNamed("x"));
  EXPECT_TRUE(instance.exports().empty());
  EXPECT_THAT(instance.typedFunc<void()>("x").error().message(), HasSubstr("empty Instance"));
  const Module module;
  EXPECT_FALSE(module);
  EXPECT_TRUE(module.imports().empty());
  EXPECT_TRUE(module.name().empty());
  EXPECT_TRUE(moduleFunctions(module).empty());

  Engine engine;
  Store store(engine);
  EXPECT_THAT(Instance::create(store, module, {}).error().message(), HasSubstr("empty Module"));
  const Module importer = Module::fromText(engine, R"((module (import "env" "f" (func))))").value();
  auto withEmpty = Instance::create(store, importer, {Func()});
  ASSERT_FALSE(withEmpty);
  EXPECT_EQ(withEmpty.error().message(), "import 0 is an empty func handle");

  const Tag tag;
  EXPECT_FALSE(tag);
  EXPECT_EQ(tag.type(), TagType{});
  EXPECT_THAT(Exception::create(store, tag, {}).error().message(), HasSubstr("empty Tag handle"));
  const Exception exception;
  EXPECT_FALSE(exception);
  EXPECT_FALSE(exception.tag());
  EXPECT_TRUE(exception.payload().empty());
  EXPECT_TRUE(exception.toValue().isNull());
  EXPECT_FALSE(exception.toValue().asException());
  EXPECT_THAT(exception.toError().message(), HasSubstr("empty Exception handle"));
}

TEST(Handles, HandlesCanBeDeclaredThenAssigned) {
  Engine engine;
  Store store(engine);
  Instance instance;
  Func run;
  instance = Instance::create(store,
                              Module::fromText(engine, R"((module
                                (func (export "run") (result i32) (i32.const 5))))")
                                  .value(),
                              {})
                 .value();
  run = *instance.func("run");
  EXPECT_TRUE(instance);
  EXPECT_TRUE(run);
  EXPECT_EQ(run.typed<std::int32_t()>()->call().value(), 5);
}

class ModuleFile : public ::testing::Test {
protected:
  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  void SetUp() override { std::filesystem::create_directories(directory_); }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path directory_ = std::filesystem::temp_directory_path() /
                                     ("wasmline-module-file-" + std::to_string(::getpid()));
  Engine engine_;
};

TEST_F(ModuleFile, TextAndBinaryByContent) {
  const std::string text = write("add.wat", R"((module (func (export "seven") (result i32)
    (i32.const 7))))");
  auto fromText = Module::fromFile(engine_, text);
  ASSERT_TRUE(fromText) << fromText.error().message();
  EXPECT_EQ(fromText->exports().size(), 1u);
  const auto binary = Module::textToBinary("(module (memory (export \"m\") 1))").value();
  const std::string path =
      write("memory.bin", std::string(reinterpret_cast<const char*>(binary.data()), binary.size()));
  auto fromBinary = Module::fromFile(engine_, path);
  ASSERT_TRUE(fromBinary) << fromBinary.error().message();
  EXPECT_EQ(fromBinary->exports()[0].name, "m");
}

TEST_F(ModuleFile, ErrorsNameTheFile) {
  auto missing = Module::fromFile(engine_, (directory_ / "missing.wasm").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind(), ErrorKind::InvalidArgument);
  EXPECT_THAT(missing.error().message(), HasSubstr("missing.wasm: No such file or directory"));
  auto directory = Module::fromFile(engine_, directory_.string());
  EXPECT_THAT(directory.error().message(), HasSubstr("it is a directory"));
  const std::string badText = write("bad.wat", "(module\n  (func (result i32) (i32.const)))");
  auto text = Module::fromFile(engine_, badText);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind(), ErrorKind::Malformed);
  EXPECT_THAT(text.error().message(), HasSubstr("bad.wat:2:"));
  const std::string invalid = write("invalid.wat", "(module (func (result i32) (i64.const 1)))");
  auto typed = Module::fromFile(engine_, invalid);
  ASSERT_FALSE(typed);
  EXPECT_EQ(typed.error().kind(), ErrorKind::Invalid);
  EXPECT_THAT(typed.error().message(), HasSubstr("invalid.wat: invalid module at byte offset 0x"));
  EXPECT_THAT(typed.error().message(), HasSubstr(": type mismatch"));
  EXPECT_TRUE(typed.error().hasByteOffset());
  const std::string truncated = write("truncated.wasm", std::string("\0asm\1\0\0\0\1", 9));
  EXPECT_THAT(Module::fromFile(engine_, truncated).error().message(),
              HasSubstr("truncated.wasm: malformed module at byte offset 0x"));
}

TEST(Version, Macros) {
  static_assert(WASMLINE_VERSION == WASMLINE_VERSION_MAJOR * 10000 + WASMLINE_VERSION_MINOR * 100 +
                                        WASMLINE_VERSION_PATCH);
  EXPECT_EQ(std::string(WASMLINE_VERSION_STRING), std::to_string(WASMLINE_VERSION_MAJOR) + "." +
                                                      std::to_string(WASMLINE_VERSION_MINOR) + "." +
                                                      std::to_string(WASMLINE_VERSION_PATCH));
}

} // namespace
} // namespace wasmline
