// The interpreter's internal code: IR opcodes from ir.def and a compiled function.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace wasmline::interp {

enum class IrOp : std::uint16_t {
#define IR_OP(name, operands) name,
#define IR_LOAD(name, Memory, Value) name,
#define IR_STORE(name, Memory) name,
#define IR_UNARY(name, In, Out, expression) name,
#define IR_BINARY(name, In, Out, expression) name,
#define IR_TRAPPING(name, In, Out, function) name,
#define IR_CONVERT(name, In, Out, function) name,
#define IR_V_UN(name, expression) name,
#define IR_V_BIN(name, expression) name,
#define IR_V_TER(name, expression) name,
#define IR_V_SHIFT(name, expression) name,
#define IR_V_TEST(name, expression) name,
#define IR_V_SPLAT(name, In, expression) name,
#define IR_V_EXTRACT(name, Out, expression) name,
#define IR_V_REPLACE(name, In, expression) name,
#define IR_V_LOAD(name, bytes, expression) name,
#define IR_V_LOAD_LANE(name, Lane) name,
#define IR_V_STORE_LANE(name, Lane) name,
#define IR_V_STORE(name) name,
#define IR_V_SHUFFLE(name) name,
#include "interp/ir.def"
#undef IR_OP
#undef IR_LOAD
#undef IR_STORE
#undef IR_UNARY
#undef IR_BINARY
#undef IR_TRAPPING
#undef IR_CONVERT
#undef IR_V_UN
#undef IR_V_BIN
#undef IR_V_TER
#undef IR_V_SHIFT
#undef IR_V_TEST
#undef IR_V_SPLAT
#undef IR_V_EXTRACT
#undef IR_V_REPLACE
#undef IR_V_LOAD
#undef IR_V_LOAD_LANE
#undef IR_V_STORE_LANE
#undef IR_V_STORE
#undef IR_V_SHUFFLE
};

// A function compiled to IR: one 64-bit word per opcode and per operand.
struct CompiledFunction {
  std::vector<std::uint64_t> code;
  std::uint32_t paramSlots = 0;  // slots of the parameters (v128 takes two)
  std::uint32_t resultSlots = 0; // slots of the results, written from slot 0 on return
  std::uint32_t frameSlots = 0;  // parameters, locals and the deepest operand stack
  // (code index, byte offset in the module binary) at the start of each compiled instruction,
  // in code order: traps name the instruction they happened in.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> offsets;

  // The module byte offset of the instruction whose code contains `codeIndex`.
  std::uint32_t offsetAt(std::size_t codeIndex) const;
};

} // namespace wasmline::interp
