// Backtraces of traps: names escaped, recursion collapsed.
#include <gtest/gtest.h>

#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline {
namespace {

// A custom "name" section naming function 0 `name`.
std::vector<std::uint8_t> nameSection(std::string_view name) {
  std::vector<std::uint8_t> names{0x01, 0x00, static_cast<std::uint8_t>(name.size())};
  names.insert(names.end(), name.begin(), name.end()); // 1 name: index 0
  std::vector<std::uint8_t> subsection{0x01, static_cast<std::uint8_t>(names.size())};
  subsection.insert(subsection.end(), names.begin(), names.end());
  std::vector<std::uint8_t> content{4, 'n', 'a', 'm', 'e'};
  content.insert(content.end(), subsection.begin(), subsection.end());
  std::vector<std::uint8_t> section{0x00, static_cast<std::uint8_t>(content.size())};
  section.insert(section.end(), content.begin(), content.end());
  return section;
}

std::string trapMessage(const Engine& engine, std::vector<std::uint8_t> binary) {
  auto module = Module::fromBinary(engine, binary);
  EXPECT_TRUE(module) << module.error().message();
  if (!module) return {};
  Store store(engine);
  auto instance = Instance::create(store, *module, {});
  EXPECT_TRUE(instance);
  auto result = instance->func("run")->call({});
  EXPECT_FALSE(result);
  return result ? std::string() : result.error().message();
}

TEST(Backtrace, NamesAreEscaped) {
  Engine engine;
  auto binary = Module::textToBinary(R"((module (func (export "run") unreachable)))");
  ASSERT_TRUE(binary);
  const auto section = nameSection("bad\x1b[31m\"name\"\xc3\xa9");
  binary->insert(binary->end(), section.begin(), section.end());
  const std::string message = trapMessage(engine, *binary);
  EXPECT_NE(message.find(R"(func 0 "bad\x1b[31m\"name\"\xc3\xa9" at offset)"), std::string::npos)
      << message;
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
}

TEST(Backtrace, RecursionIsCollapsed) {
  EngineConfig config;
  config.execution.maxCallDepth = 100;
  Engine engine(config);
  auto binary = Module::textToBinary(R"((module
    (func $down (export "run") (call $down))))");
  ASSERT_TRUE(binary);
  const std::string message = trapMessage(engine, *binary);
  EXPECT_EQ(message.rfind("call stack exhausted", 0), 0u) << message;
  EXPECT_NE(message.find("\n  ... 98 more frames of func 0"), std::string::npos) << message;
  // three shown, then the count: 5 lines in all
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 5) << message;
}

} // namespace
} // namespace wasmline
