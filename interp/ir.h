// The interpreter's internal code: IR opcodes from ir.def and a compiled function.
#pragma once

#include <cstdint>
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
#include "interp/ir.def"
#undef IR_OP
#undef IR_LOAD
#undef IR_STORE
#undef IR_UNARY
#undef IR_BINARY
#undef IR_TRAPPING
#undef IR_CONVERT
};

// A function compiled to IR: one 64-bit word per opcode and per operand.
struct CompiledFunction {
  std::vector<std::uint64_t> code;
  std::uint32_t paramSlots = 0;  // slots of the parameters (v128 takes two)
  std::uint32_t resultSlots = 0; // slots of the results, written from slot 0 on return
  std::uint32_t frameSlots = 0;  // parameters, locals and the deepest operand stack
};

} // namespace wasmline::interp
