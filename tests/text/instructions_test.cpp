// The text front end reads the one instruction table: every row, named as the binary side names
// it, with the same immediate kind.
#include "text/instructions.h"

#include <gtest/gtest.h>

#include "binary/opcode.h"

namespace wasmline::text {
namespace {

TEST(Instructions, EveryRowOfTheTableAgreesWithTheBinarySide) {
  const auto rows = allInstructions();
  ASSERT_EQ(rows.size(), binary::kOpcodeCount);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const binary::OpcodeInfo& info = binary::opcodeInfo(static_cast<binary::Opcode>(i));
    EXPECT_EQ(rows[i].name, info.text);
    EXPECT_EQ(rows[i].prefix, info.prefix) << info.text;
    EXPECT_EQ(rows[i].code, info.code) << info.text;
    EXPECT_EQ(rows[i].memBytes, info.memBytes) << info.text;
    EXPECT_EQ(static_cast<int>(rows[i].imm), static_cast<int>(info.imm)) << info.text;
    EXPECT_EQ(rows[i].row, i);
  }
  // The two enumerations end alike, so neither has a kind the other lacks.
  EXPECT_EQ(static_cast<int>(ImmKind::AtomicFence), static_cast<int>(binary::ImmKind::AtomicFence));
}

TEST(Instructions, EveryNameFindsItsRows) {
  for (const InstrInfo& row : allInstructions()) {
    const auto found = findInstructions(row.name);
    ASSERT_FALSE(found.empty()) << row.name;
    bool listed = false;
    for (const InstrInfo& candidate : found) {
      EXPECT_EQ(candidate.name, row.name);
      listed = listed || candidate.row == row.row;
    }
    EXPECT_TRUE(listed) << row.name;
  }
  EXPECT_TRUE(findInstructions("i32.frobnicate").empty());
  EXPECT_EQ(findInstructions("select").size(), 2u);
  EXPECT_EQ(findInstructions("ref.test").size(), 2u);
}

} // namespace
} // namespace wasmline::text
