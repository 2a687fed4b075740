#include "binary/opcode.h"

#include <map>
#include <set>
#include <string>
#include <tuple>

#include <gtest/gtest.h>

namespace wasmline::binary {
namespace {

TEST(Opcode, CodesAndNamesAreUnique) {
  std::set<std::pair<int, std::uint32_t>> codes;
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& info = opcodeInfo(static_cast<Opcode>(i));
    EXPECT_EQ(info.op, static_cast<Opcode>(i));
    EXPECT_TRUE(codes.emplace(info.prefix, info.code).second) << info.text;
    if (info.op != Opcode::SelectT) {
      EXPECT_TRUE(names.insert(info.text).second) << info.text;
    }
  }
}

TEST(Opcode, FindOpcodeRoundTrips) {
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& info = opcodeInfo(static_cast<Opcode>(i));
    EXPECT_EQ(findOpcode(info.prefix, info.code), info.op) << info.text;
  }
  EXPECT_FALSE(findOpcode(0x00, 0x06)); // exception handling: not supported
  EXPECT_FALSE(findOpcode(0x00, 0xFF));
  EXPECT_FALSE(findOpcode(0xFD, 0x9A)); // a reserved SIMD code
  EXPECT_FALSE(findOpcode(0xFD, 0x100));
  EXPECT_FALSE(findOpcode(0xFC, 18));
  EXPECT_FALSE(findOpcode(0x42, 0));
}

TEST(Opcode, CountsPerFeature) {
  std::map<Feature, int> counts;
  for (std::size_t i = 0; i < kOpcodeCount; ++i)
    ++counts[opcodeInfo(static_cast<Opcode>(i)).feature];
  EXPECT_EQ(counts[Feature::Simd], 236);
  EXPECT_EQ(counts[Feature::SignExt], 5);
  EXPECT_EQ(counts[Feature::SatFloatToInt], 8);
  EXPECT_EQ(counts[Feature::Threads], 67);
  EXPECT_EQ(counts[Feature::TailCall], 2);
  EXPECT_EQ(counts[Feature::BulkMemory], 7);
  EXPECT_EQ(counts[Feature::ReferenceTypes], 9);
}

TEST(Opcode, MemoryAccessSizes) {
  EXPECT_EQ(opcodeInfo(Opcode::I64Load32U).memBytes, 4);
  EXPECT_EQ(opcodeInfo(Opcode::V128Load8x8S).memBytes, 8);
  EXPECT_EQ(opcodeInfo(Opcode::V128Load16Lane).memBytes, 2);
  EXPECT_EQ(opcodeInfo(Opcode::I64AtomicRmw16CmpxchgU).memBytes, 2);
  EXPECT_EQ(opcodeInfo(Opcode::I32Add).memBytes, 0);
}

// wabt's instruction table, to cross-check ours against an independent source.
namespace wabt_table {
enum WabtType { ___, I32, I64, F32, F64, V128 };
struct Row {
  WabtType result, param1, param2, param3;
  int memSize;
  int prefix;
  std::uint32_t code;
  const char* text;
};
const Row kRows[] = {
#define WABT_OPCODE(rtype, type1, type2, type3, mem_size, prefix, code, Name, text, decomp)        \
  {rtype, type1, type2, type3, mem_size, prefix, code, text},
#include <wabt/opcode.def>
#undef WABT_OPCODE
};
} // namespace wabt_table

// wabt instructions outside wasmline's scope: exception handling, typed function references,
// wabt's interpreter-only pseudo instructions, and relaxed SIMD.
bool outOfScope(const wabt_table::Row& row) {
  static const std::set<std::string> skipped = {"try",        "catch",           "throw",
                                                "rethrow",    "delegate",        "catch_all",
                                                "call_ref",   "return_call_ref", "ref.as_non_null",
                                                "br_on_null", "br_on_non_null",  "br_unless"};
  const std::string text = row.text;
  if (row.prefix == 0xFD && row.code >= 0x100) return true;
  if (row.prefix == 0 && row.code >= 0xE0) return true; // wabt interpreter internals
  if (text.rfind("interp.", 0) == 0 || text.rfind("alloca", 0) == 0 ||
      text.rfind("drop_keep", 0) == 0 || text.rfind("mul_n", 0) == 0 ||
      text.find(".relaxed") != std::string::npos) {
    return true;
  }
  return skipped.count(text) != 0;
}

int operandOf(OperandType type) {
  switch (type) {
  case OperandType::I32:
  case OperandType::Addr: return wabt_table::I32;
  case OperandType::I64: return wabt_table::I64;
  case OperandType::F32: return wabt_table::F32;
  case OperandType::F64: return wabt_table::F64;
  case OperandType::V128: return wabt_table::V128;
  }
  return -1;
}

TEST(Opcode, AgreesWithWabtsTable) {
  std::set<std::pair<int, std::uint32_t>> seen;
  for (const wabt_table::Row& row : wabt_table::kRows) {
    if (outOfScope(row)) continue;
    const auto op = findOpcode(static_cast<std::uint8_t>(row.prefix), row.code);
    if (!op) {
      ADD_FAILURE() << "missing " << row.text << " (" << row.prefix << ", " << row.code << ")";
      continue;
    }
    seen.emplace(row.prefix, row.code);
    const OpcodeInfo& info = opcodeInfo(*op);
    EXPECT_EQ(info.text, row.text);
    EXPECT_EQ(info.memBytes, row.memSize) << row.text;
    if (info.typing != Typing::Simple) continue;
    const wabt_table::WabtType params[] = {row.param1, row.param2, row.param3};
    for (std::size_t i = 0; i < info.params.size() && i < 3; ++i) {
      if (params[i] != wabt_table::___) {
        EXPECT_EQ(operandOf(info.params[i]), params[i]) << row.text;
      }
    }
    if (info.results.size() == 1 && row.result != wabt_table::___) {
      EXPECT_EQ(operandOf(info.results[0]), row.result) << row.text;
    }
  }
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& info = opcodeInfo(static_cast<Opcode>(i));
    EXPECT_TRUE(seen.count({info.prefix, info.code})) << "not in wabt's table: " << info.text;
  }
}

} // namespace
} // namespace wasmline::binary
