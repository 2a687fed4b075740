// The listener of the function validator: it hears every instruction of a body once validated,
// with the types it popped and pushed and the labels it targets. The IR compiler is such a sink,
// so a body is decoded and typed once for validation and compilation together.
#pragma once

#include <cstdint>
#include <span>

#include "binary/instr.h"
#include "binary/module.h"
#include "wasmline/result.h"
#include "wasmline/types.h"

namespace wasmline::binary {

// What one validated instruction did to the operand stack and which labels it refers to.
struct InstrEffect {
  // False for instructions in unreachable code (after unreachable, br, return, ... up to the end
  // of their block): they pop and push nothing a sink needs to know about.
  bool reachable = true;
  // Operands popped by a non-control instruction.
  std::uint32_t popped = 0;
  // The types of the values pushed, bottom first (non-control instructions, and `end`/`else`
  // pushing a block's results/parameters).
  std::span<const ValType> pushed;
  // block, loop, if, try_table: the block entered; else, end: the block closed.
  std::span<const ValType> blockParams;
  std::span<const ValType> blockResults;
  // br, br_if, br_table (its default target), br_on_*: the types a branch to the label carries.
  std::span<const ValType> labelTypes;
};

class CodeSink {
public:
  virtual ~CodeSink() = default;
  // Called once before the first instruction with the types of every local, parameters first.
  virtual Result<void> begin(std::span<const ValType> locals) = 0;
  // Called for every instruction, in order, after it validated (the body's final `end`
  // included). An error stops validation and is returned by the validator.
  virtual Result<void> instruction(const Instr& instr, const InstrEffect& effect) = 0;
};

// Gives the decoder a sink for each function body, so that bodies are compiled as they are
// validated.
class BodySinks {
public:
  virtual ~BodySinks() = default;
  // The sink for defined function `functionIndex` of `module` (still being decoded: everything the
  // sections before the code section declare is there), or nullptr for none.
  virtual CodeSink* begin(const Module& module, std::uint32_t functionIndex) = 0;
  // Called after the body reached through begin()'s sink validated. Errors end decoding.
  virtual Result<void> end(std::uint32_t functionIndex) = 0;
};

} // namespace wasmline::binary
