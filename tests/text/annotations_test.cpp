// Annotations of the text format (text/annotations.h): custom sections where (@custom ...)
// places them, names from (@name ...), branch hints from (@metadata.code.branch_hint ...), their
// errors; and the binary side that decodes them again (binary/code_metadata.h).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "binary/name_section.h"
#include "text/text.h"

namespace wasmline::text {
namespace {

std::shared_ptr<const binary::Module> load(std::string_view wat) {
  auto bytes = watToBinary(wat);
  EXPECT_TRUE(bytes) << wat << "\n" << bytes.error().message();
  if (!bytes) return nullptr;
  auto module = binary::decodeModule(std::move(*bytes), Features{});
  EXPECT_TRUE(module) << module.error().message();
  return module ? *module : nullptr;
}

std::string errorOf(std::string_view wat) {
  auto bytes = watToBinary(wat);
  EXPECT_FALSE(bytes) << wat;
  return bytes ? std::string() : bytes.error().message();
}

// The ids of the sections in binary order, custom sections as their names.
std::vector<std::string> sectionOrder(const binary::Module& module) {
  std::vector<std::string> order;
  std::size_t custom = 0;
  for (const binary::SectionRange& section : module.sections) {
    if (section.id == 0) {
      order.push_back(module.customSections.at(custom++).name);
    } else {
      order.push_back(std::to_string(section.id));
    }
  }
  return order;
}

TEST(Annotations, CustomSectionsGoWhereTheyArePlaced) {
  auto module = load(R"((module
    (@custom "end" "e")
    (@custom "before-global" (before global) "b")
    (type (func))
    (@custom "after-func" (after func) "a" "b")
    (func (type 0))
    (@custom "first" (before first))
    (global i32 (i32.const 0))
    (@custom "after-code" (after code) "")
  ))");
  ASSERT_TRUE(module);
  // type 1, func 3, global 6, code 10; the name section is absent (no names).
  EXPECT_EQ(sectionOrder(*module),
            (std::vector<std::string>{"first", "1", "3", "after-func", "before-global", "6", "10",
                                      "after-code", "end"}));
  const std::string_view content(
      reinterpret_cast<const char*>(module->customSections[1].content.data()),
      module->customSections[1].content.size());
  EXPECT_EQ(module->customSections[1].name, "after-func");
  EXPECT_EQ(content, "ab");
  // A placement next to a section the module lacks still orders the custom section.
  auto empty = load(R"((module (@custom "b" (after data)) (@custom "a" (before type))))");
  ASSERT_TRUE(empty);
  EXPECT_EQ(sectionOrder(*empty), (std::vector<std::string>{"a", "b"}));
}

TEST(Annotations, CustomSectionErrors) {
  EXPECT_NE(errorOf("(@custom)").find("1:1: @custom annotation: missing section name"),
            std::string::npos);
  EXPECT_NE(errorOf("(@custom \"x\" (after types))").find("malformed section kind"),
            std::string::npos);
  EXPECT_NE(errorOf("(@custom \"x\" (later type))").find("malformed placement"), std::string::npos);
  EXPECT_NE(errorOf("(@custom \"x\" 12)").find("@custom annotation: unexpected token"),
            std::string::npos);
  EXPECT_NE(errorOf("(module\n  (func (@custom \"x\")))").find("2:9: misplaced @custom annotation"),
            std::string::npos);
  // Other annotations are skipped anywhere.
  EXPECT_TRUE(load("(module (func (@whatever 1 (2)) nop))"));
}

// The contents of the name section of `bytes` (the last section the encoder writes).
binary::NameSection namesOf(const std::vector<std::uint8_t>& bytes) {
  std::size_t at = 8;
  binary::NameSection names;
  while (at < bytes.size()) {
    const std::uint8_t id = bytes[at++];
    std::uint32_t size = 0;
    for (unsigned shift = 0;; shift += 7) {
      const std::uint8_t byte = bytes[at++];
      size |= std::uint32_t{byte & 0x7Fu} << shift;
      if (!(byte & 0x80)) break;
    }
    if (id == 0 && bytes[at] == 4 &&
        std::string(bytes.begin() + static_cast<long>(at) + 1,
                    bytes.begin() + static_cast<long>(at) + 5) == "name") {
      names = binary::parseNameSection(std::span(bytes).subspan(at + 5, size - 5));
    }
    at += size;
  }
  return names;
}

TEST(Annotations, NamesOfModulesFunctionsAndTags) {
  auto bytes = watToBinary(R"((module $id (@name "Modül")
    (type $t (func))
    (func $f (@name "λ") (type $t))
    (func $g (type $t))
    (tag $e (@name "θ") (type $t))))");
  ASSERT_TRUE(bytes) << bytes.error().message();
  const binary::NameSection names = namesOf(*bytes);
  EXPECT_EQ(names.module, "Modül");
  EXPECT_EQ(names.functions.at(0), "λ");
  EXPECT_EQ(names.functions.at(1), "g");
  EXPECT_EQ(names.tags.at(0), "θ");
  EXPECT_NE(
      errorOf("(module (@name \"a\") (@name \"b\"))").find("@name annotation: multiple module"),
      std::string::npos);
  EXPECT_NE(errorOf("(module (func) (@name \"a\"))").find("misplaced @name annotation"),
            std::string::npos);
  EXPECT_NE(errorOf("(module (func (param i32) (@name \"p\")))").find("misplaced @name annotation"),
            std::string::npos);
}

TEST(Annotations, BranchHintsAreEncodedAndDecoded) {
  auto module = load(R"((module
    (func (param i32)
      (block
        (@metadata.code.branch_hint "\01") (br_if 0 (local.get 0))
        local.get 0
        (@metadata.code.branch_hint "\00") if end)
      (@metadata.code.branch_hint "\01")
      (if (local.get 0) (then nop)))))");
  ASSERT_TRUE(module);
  EXPECT_TRUE(module->customIssues.empty());
  ASSERT_EQ(module->branchHints.size(), 1u);
  const binary::FunctionBranchHints& hints = module->branchHints[0];
  EXPECT_EQ(hints.function, 0u);
  ASSERT_EQ(hints.hints.size(), 3u);
  // Body: 00 (no locals) | 02 40 | 20 00 0d 00 | 20 00 04 40 0b | 0b | 20 00 04 40 01 0b | 0b
  EXPECT_EQ(hints.hints[0].offset, 5u); // br_if, after its operand
  EXPECT_TRUE(hints.hints[0].likely);
  EXPECT_EQ(hints.hints[1].offset, 9u); // the flat if
  EXPECT_FALSE(hints.hints[1].likely);
  EXPECT_EQ(hints.hints[2].offset, 15u); // the folded if, after its condition
  EXPECT_TRUE(hints.hints[2].likely);

  EXPECT_NE(
      errorOf("(module (@metadata.code.branch_hint \"\\01\") (func))").find("not in a function"),
      std::string::npos);
  EXPECT_NE(errorOf("(func (@metadata.code.branch_hint \"\\01\") (@metadata.code.branch_hint "
                    "\"\\00\") (if (i32.const 0) (then)))")
                .find("duplicate annotation"),
            std::string::npos);
  EXPECT_NE(errorOf("(func (@metadata.code.branch_hint \"\\02\") (if (i32.const 0) (then)))")
                .find("malformed hint"),
            std::string::npos);
}

TEST(Annotations, AHintOnAnotherInstructionIsAnIssueNotAnError) {
  auto module = load(R"((module (func (param i32) (result i32)
    local.get 0 (@metadata.code.branch_hint "\01") i32.eqz)))");
  ASSERT_TRUE(module); // the module loads
  EXPECT_TRUE(module->branchHints.empty());
  ASSERT_EQ(module->customIssues.size(), 1u);
  EXPECT_EQ(module->customIssues[0].section, "metadata.code.branch_hint");
  EXPECT_NE(module->customIssues[0].message.find("invalid target"), std::string::npos);
}

} // namespace
} // namespace wasmline::text
