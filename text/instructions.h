// The instructions the text format knows, from the one instruction table binary/opcodes.def:
// text name, encoding and immediate kind of every row. The parser takes names and immediates
// from here only.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace wasmline::text {

// The immediate kinds named in opcodes.def's Imm column. binary::ImmKind has the same
// enumerators (tests/text/instructions_test.cpp checks that every row agrees).
enum class ImmKind : std::uint8_t {
  None,
  BlockType,
  LabelIdx,
  BrTable,
  FuncIdx,
  CallIndirect,
  LocalIdx,
  GlobalIdx,
  TableIdx,
  ElemIdx,
  DataIdx,
  MemIdx,
  MemArg,
  MemArgLane,
  LaneIdx,
  Shuffle16,
  I32Const,
  I64Const,
  F32Const,
  F64Const,
  V128Const,
  SelectTypes,
  HeapType,
  TypeIdx,
  TagIdx,
  TryTable,
  StructField,
  ArrayFixed,
  ArrayData,
  ArrayElem,
  ArrayCopy,
  BrOnCast,
  TableInit,
  TableCopy,
  MemoryInit,
  MemoryCopy,
  AtomicFence,
};

// One row of the table, as the text format needs it.
struct InstrInfo {
  std::string_view name; // the text name, e.g. "i32.load"
  std::string_view id;   // the row's identifier, e.g. "I32Load"; RefTestNull and RefCastNull
                         // are the forms of ref.test and ref.cast taking a nullable type
  std::uint8_t prefix;   // 0 for single-byte opcodes, else 0xFB...0xFE
  std::uint32_t code;    // the opcode byte or the sub-opcode after the prefix
  ImmKind imm;           // what follows the opcode
  std::uint8_t memBytes; // bytes accessed in memory (the natural alignment), 0 when none
  std::uint16_t row;     // the row's position in opcodes.def (its binary::Opcode value)
};

// The rows whose text name is `name` (usually one; several when the name has more than one
// encoding, as `select` with and without types), in table order; empty for an unknown name.
std::span<const InstrInfo> findInstructions(std::string_view name);

// Every row of the table, in table order.
std::span<const InstrInfo> allInstructions();

} // namespace wasmline::text
