// Peephole fusions made while compiling, on the instruction just emitted: a comparison becomes the
// conditional jump that consumes it (one dispatch instead of two), `op; local.set x` becomes
// `op` writing x directly, and an instruction reading the value the one before it just wrote
// takes it from the interpreter's accumulator register (its name##Acc form, interp/ir.def).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "interp/code_buffer.h"
#include "interp/operand_stack.h"

namespace wasmline::interp {

class Fusion {
public:
  Fusion(CodeBuffer& code, OperandStack& stack) : code_(code), stack_(stack) {}

  // Records that instruction `op`, just emitted at `start`, wrote the top entry through its `dst`
  // field at word `dstWord`: a following local.set/tee can retarget it, a branch can fuse with it,
  // the next instruction can read it from the accumulator.
  void noteResult(IrOp op, std::size_t start, std::size_t dstWord);

  // Rewrites the instruction just emitted at `start` (before its noteResult) to its name##Acc
  // form when the instruction right before it, with no label between, set the accumulator and
  // wrote the slot that operand word `operand` (counted after the opcode word) names: the first
  // operand of a unary or binary instruction, a load's address, a store's value, a select's
  // condition. For a commutative operation or a comparison whose second operand is that slot,
  // swaps the operands (mirroring the comparison) first. `atBranch` for an instruction of a
  // control instruction (which marked a label first: the accumulator of the instruction before
  // it counts). Returns whether it did.
  bool useAccumulator(std::size_t start, std::size_t operand, bool atBranch = false);
  // A label may follow (block, loop, if, else, end, br*): code after it may be reached from
  // elsewhere, so the last result can no longer be retargeted; a branch may still fuse with it.
  void atLabel();

  // Emits a jump to `target` taken when `condition` is non-zero (`whenTrue`) or zero; returns the
  // index of its target word. When the condition was computed by a comparison emitted just
  // before (and read nowhere else), the comparison becomes the jump: same length, one dispatch.
  std::size_t conditionalJump(const Entry& condition, bool whenTrue, std::size_t target);

  // Folds `op; local.set x` into `op` writing x's slot: possible when the top entry was produced
  // by the instruction that ends the code (nothing emitted since `codeBefore`, not even a copy to
  // protect a read of x). Handlers read all operands before writing their destination.
  bool foldIntoLocal(std::size_t codeBefore, std::uint32_t localSlot);

  // When `address` (just popped by a load or store of memory 0) was computed by an i32.add that
  // ends the code (and is read nowhere else), removes that add and returns its operand slots
  // {a, b}: the access's name##Add form adds them itself (one dispatch instead of two).
  std::optional<std::array<std::uint64_t, 2>> takeAddedAddress(const Entry& address);

private:
  CodeBuffer& code_;
  OperandStack& stack_;
  IrOp lastOp_ = IrOp::Unreachable; // its plain form (never a name##Acc form)
  bool lastUsesAcc_ = false;        // it is a name##Acc form
  std::size_t lastStart_ = 0;
  std::size_t lastDstWord_ = 0;
  std::size_t lastEnd_ = 0;       // here() after the last result's instruction, 0 when unusable
  std::size_t lastEndBefore_ = 0; // lastEnd_ before a label reset it (for branch fusion)
  // here() after the last result's instruction if it set the accumulator (0 otherwise or after a
  // label; kept when a local.set retargets it), and that value before a label reset it.
  std::size_t accEnd_ = 0;
  std::size_t accEndBefore_ = 0;
  // accEnd_ and lastDstWord_ before the last noteResult (restored when takeAddedAddress removes
  // that instruction).
  std::size_t previousAccEnd_ = 0;
  std::size_t previousDstWord_ = 0;
};

} // namespace wasmline::interp
