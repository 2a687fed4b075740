// Opcodes and their static properties, generated from opcodes.def.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "wasmline/features.h"

namespace wasmline::binary {

// What follows an opcode in the binary.
enum class ImmKind : std::uint8_t {
  None,
  BlockType,    // s33 block type
  LabelIdx,     // u32 label depth
  BrTable,      // vec(label) + default label
  FuncIdx,      // u32 function index
  CallIndirect, // u32 type index + u32 table index
  LocalIdx,
  GlobalIdx,
  TableIdx,
  ElemIdx,
  DataIdx,
  MemIdx,      // memory index (a zero byte without multi-memory)
  MemArg,      // alignment flags (+ memory index) + offset
  MemArgLane,  // memarg + lane index byte
  LaneIdx,     // lane index byte
  Shuffle16,   // 16 lane index bytes
  I32Const,    // s32
  I64Const,    // s64
  F32Const,    // 4 bytes
  F64Const,    // 8 bytes
  V128Const,   // 16 bytes
  SelectTypes, // vec(valtype)
  HeapType,    // a heap type (ref.null, ref.test, ref.cast)
  TypeIdx,     // u32 type index (call_ref, struct.new, array.get, ...)
  TagIdx,      // u32 tag index (throw, catch)
  TryTable,    // block type + vec(catch clause)
  StructField, // type index + field index
  ArrayFixed,  // type index + element count
  ArrayData,   // type index + data index
  ArrayElem,   // type index + elem index
  ArrayCopy,   // destination array type + source array type
  BrOnCast,    // cast flags byte + label + two heap types
  TableInit,   // elem index + table index
  TableCopy,   // destination table + source table
  MemoryInit,  // data index + memory index
  MemoryCopy,  // destination memory + source memory
  AtomicFence, // a zero byte
};

enum class Typing : std::uint8_t { Simple, Custom };

// Operand types of simple instructions; Addr is the accessed memory's index type.
enum class OperandType : std::uint8_t { I32, I64, F32, F64, V128, Addr };

enum class Opcode : std::uint16_t {
#define WASM_OP(Name, ...) Name,
#include "binary/opcodes.def"
#undef WASM_OP
};

// The number of opcodes in the table.
inline constexpr std::size_t kOpcodeCount = 0
#define WASM_OP(...) +1
#include "binary/opcodes.def"
#undef WASM_OP
    ;

struct OpcodeInfo {
  Opcode op;
  std::uint8_t prefix;
  std::uint32_t code;
  std::string_view text;
  ImmKind imm;
  Typing typing;
  std::span<const OperandType> params;
  std::span<const OperandType> results;
  std::uint8_t memBytes;
  std::optional<Feature> feature; // nullopt for the instructions of the MVP
};

namespace detail {
// The rows of opcodes.def in Opcode order, and the opcode of each single-byte code (kNoOpcode
// where there is none): defined in opcode.cpp, read inline by opcodeInfo and findOpcode.
extern const OpcodeInfo kOpcodeInfos[kOpcodeCount];
inline constexpr std::uint16_t kNoOpcode = 0xFFFF;
extern const std::array<std::uint16_t, 256> kSingleByteOpcodes;
// findOpcode for the prefixed codes.
std::optional<Opcode> findPrefixedOpcode(std::uint8_t prefix, std::uint32_t code);
} // namespace detail

// The properties of `op`.
inline const OpcodeInfo& opcodeInfo(Opcode op) {
  return detail::kOpcodeInfos[static_cast<std::size_t>(op)];
}

// The text name of `op`, e.g. "i32.add".
inline std::string_view opcodeName(Opcode op) {
  return opcodeInfo(op).text;
}

// The opcode with this prefix (0 for none) and code, or nullopt when there is none.
inline std::optional<Opcode> findOpcode(std::uint8_t prefix, std::uint32_t code) {
  if (prefix != 0) return detail::findPrefixedOpcode(prefix, code);
  if (code >= 256 || detail::kSingleByteOpcodes[code] == detail::kNoOpcode) return std::nullopt;
  return static_cast<Opcode>(detail::kSingleByteOpcodes[code]);
}

} // namespace wasmline::binary
