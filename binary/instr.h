// Decoding one instruction: its opcode and immediates, with the binary format's checks.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "binary/module.h"
#include "binary/opcode.h"
#include "binary/reader.h"
#include "wasmline/features.h"

namespace wasmline::binary {

// A block type: no value, one value type, or a function type index.
struct BlockType {
  enum class Kind : std::uint8_t { Empty, Value, TypeIndex };
  Kind kind = Kind::Empty;
  ValType value = ValType::I32;
  std::uint32_t typeIndex = 0;
};

struct MemArg {
  std::uint32_t alignLog2 = 0;
  std::uint32_t memory = 0;
  std::uint64_t offset = 0;
};

// A catch clause of try_table.
struct CatchClause {
  enum class Kind : std::uint8_t { Catch = 0, CatchRef = 1, CatchAll = 2, CatchAllRef = 3 };
  Kind kind = Kind::Catch;
  std::uint32_t tag = 0; // Catch and CatchRef
  std::uint32_t label = 0;
};

// An instruction and its immediates; which members apply depends on opcodeInfo(op).imm.
struct Instr {
  Opcode op = Opcode::Nop;
  std::size_t offset = 0; // of the opcode byte in the binary
  BlockType block;
  std::uint32_t index = 0;  // label, function, local, global, table, elem, data, memory, type,
                            // tag (br_on_cast: its label)
  std::uint32_t index2 = 0; // second index: call_indirect's table, table.init's table, the
                            // source of table.copy / memory.copy / array.copy, memory.init's
                            // memory, a struct field, array.new_fixed's count, array.*_data's
                            // data segment, array.*_elem's elem segment
  MemArg mem;
  std::uint8_t lane = 0;
  std::uint64_t value = 0;                // i32 (zero-extended bits), i64, f32 or f64 bits
  std::array<std::uint8_t, 16> v128{};    // v128.const, or the lanes of i8x16.shuffle
  ValType type = ValType::I32;            // typed select's type
  HeapType heap;                          // ref.null, ref.test, ref.cast; br_on_cast's source
  HeapType heap2;                         // br_on_cast's target
  std::uint8_t castFlags = 0;             // br_on_cast: bit 0 source nullable, bit 1 target
  std::span<const CatchClause> catches;   // try_table
  std::uint32_t selectArity = 0;          // number of types of a typed select (valid: exactly 1)
  std::span<const std::uint32_t> targets; // br_table labels (default in `index`)
};

// Decodes instructions from a Reader, with feature gating. Errors are recorded in the Reader
// (Malformed): "illegal opcode", "zero byte expected", "malformed value type", "malformed
// reference type", "malformed heap type", "data count section required", and the LEB128 errors;
// Unsupported for an instruction of an enabled feature wasmline does not run yet.
class InstrDecoder {
public:
  InstrDecoder(Reader& reader, const Module& module, const Features& features)
      : reader_(reader), module_(module), features_(features) {}

  // Decodes the next instruction into `instr`; false when the Reader has failed.
  bool next(Instr& instr);

private:
  std::uint32_t memoryIndex();
  void memArg(Instr& instr);
  BlockType blockType();
  void tryTable(Instr& instr);
  ValType valType();

  Reader& reader_;
  const Module& module_;
  const Features& features_;
  std::vector<std::uint32_t> targets_;
  std::vector<CatchClause> catches_;
};

} // namespace wasmline::binary
