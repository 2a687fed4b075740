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
    if (info.op != Opcode::SelectT && info.op != Opcode::RefTestNull &&
        info.op != Opcode::RefCastNull) {
      EXPECT_TRUE(names.insert(info.text).second) << info.text;
    }
  }
}

TEST(Opcode, FindOpcodeRoundTrips) {
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& info = opcodeInfo(static_cast<Opcode>(i));
    EXPECT_EQ(findOpcode(info.prefix, info.code), info.op) << info.text;
  }
  EXPECT_EQ(findOpcode(0x00, 0x06), Opcode::Try);
  EXPECT_EQ(findOpcode(0xFB, 30), Opcode::I31GetU);
  EXPECT_EQ(findOpcode(0xFD, 0x113), Opcode::I32x4RelaxedDotI8x16I7x16AddS);
  EXPECT_FALSE(findOpcode(0x00, 0xFF));
  EXPECT_FALSE(findOpcode(0x00, 0x100)); // a single-byte opcode's code is below 256
  EXPECT_FALSE(findOpcode(0xFD, 0x9A));  // a reserved SIMD code
  EXPECT_FALSE(findOpcode(0xFD, 0x114));
  EXPECT_FALSE(findOpcode(0xFD, 0x10000));
  EXPECT_FALSE(findOpcode(0xFB, 31));
  EXPECT_FALSE(findOpcode(0xFC, 18));
  EXPECT_FALSE(findOpcode(0x42, 0));
}

TEST(Opcode, CountsPerFeature) {
  std::map<std::optional<Feature>, int> counts;
  for (std::size_t i = 0; i < kOpcodeCount; ++i)
    ++counts[opcodeInfo(static_cast<Opcode>(i)).feature];
  EXPECT_EQ(counts[std::nullopt], 172);
  EXPECT_EQ(counts[Feature::Simd], 236);
  EXPECT_EQ(counts[Feature::SignExtension], 5);
  EXPECT_EQ(counts[Feature::SaturatingFloatToInt], 8);
  EXPECT_EQ(counts[Feature::FunctionReferences], 5);
  EXPECT_EQ(counts[Feature::Exceptions], 3);
  EXPECT_EQ(counts[Feature::LegacyExceptions], 5);
  EXPECT_EQ(counts[Feature::Gc], 32);
  EXPECT_EQ(counts[Feature::RelaxedSimd], 20);
  EXPECT_EQ(counts[Feature::WideArithmetic], 4);
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

// wabt's interpreter-only pseudo instructions, which are not WebAssembly.
bool outOfScope(const wabt_table::Row& row) {
  const std::string text = row.text;
  if (row.prefix == 0 && row.code >= 0xE0) return true; // wabt interpreter internals
  return text.rfind("interp.", 0) == 0 || text.rfind("alloca", 0) == 0 ||
         text.rfind("drop_keep", 0) == 0 || text.rfind("mul_n", 0) == 0 || text == "br_unless";
}

// Instructions newer than wabt 1.0.32's table (the final GC and typed function references,
// exnref, wide arithmetic).
bool newerThanWabt(const OpcodeInfo& info) {
  return info.feature == Feature::Gc || info.feature == Feature::WideArithmetic ||
         (info.feature == Feature::FunctionReferences && info.op != Opcode::CallRef) ||
         info.op == Opcode::ThrowRef || info.op == Opcode::TryTable;
}

// wabt 1.0.32 spells two relaxed SIMD instructions by their names before the final spec.
std::string finalName(const std::string& wabtName) {
  if (wabtName == "i16x8.dot_i8x16_i7x16_s") return "i16x8.relaxed_dot_i8x16_i7x16_s";
  if (wabtName == "i32x4.dot_i8x16_i7x16_add_s") return "i32x4.relaxed_dot_i8x16_i7x16_add_s";
  return wabtName;
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
    EXPECT_EQ(info.text, finalName(row.text));
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
    if (newerThanWabt(info)) continue;
    EXPECT_TRUE(seen.count({info.prefix, info.code})) << "not in wabt's table: " << info.text;
  }
}

} // namespace
} // namespace wasmline::binary
