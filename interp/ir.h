// The interpreter's internal code: IR opcodes from ir.def and a compiled function.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace wasmline::interp {

enum class IrOp : std::uint16_t {
#define IR_ANY(name) name,
#include "interp/ir.def"
};

// A function compiled to IR: one 64-bit word per opcode and per operand.
struct CompiledFunction {
  std::vector<std::uint64_t> code;
  std::uint32_t paramSlots = 0;  // slots of the parameters (v128 takes two)
  std::uint32_t resultSlots = 0; // slots of the results, written from slot 0 on return
  std::uint32_t frameSlots = 0;  // parameters, locals and the deepest operand stack
  std::uint32_t stackSlots = 0;  // the frame's reach: frameSlots, or resultSlots if larger
  // (code index, byte offset in the module binary) at the start of each compiled instruction,
  // in code order: traps name the instruction they happened in.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> offsets;

  // The module byte offset of the instruction whose code contains `codeIndex`.
  std::uint32_t offsetAt(std::size_t codeIndex) const;
};

} // namespace wasmline::interp
