// Readable IR: one line per instruction with its fields named as in ir.def.
#pragma once

#include <string>

#include "interp/ir.h"

namespace wasmline::interp {

// The IR of `function`, compiled without handler addresses (opcode words are IrOp numbers), as
// text: "  12: I32Add dst=s5 a=s3 b=c0" per instruction, where sN is slot N, @N a code index,
// and frame facts first. Fused instructions appear under their IR names (JumpIfI32LtS, ...).
std::string disassemble(const CompiledFunction& function);

} // namespace wasmline::interp
