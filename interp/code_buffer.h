// The code of one function as it is being compiled: IR instructions appended from their Layout's
// arguments, branch targets patched, and at the end the frame's final layout applied.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "interp/ir.h"

namespace wasmline::interp {

class StackMapRecorder;

// Slots as the compiler hands them out: parameters and locals first, then the operand stack from
// `localsEnd`; pooled constants get provisional numbers from kConstantSlot, because how many
// there are is known only at the end. finish() moves them between the locals and the stack.
inline constexpr std::uint32_t kConstantSlot = std::uint32_t{1} << 30;
// The slots results are returned in, counted from the frame's start whatever the layout:
// kResultSlot + i is slot i.
inline constexpr std::uint32_t kResultSlot = std::uint32_t{1} << 31;
// Slots that keep the exception a legacy catch caught (for rethrow), numbered from
// kExceptionSlot: finish() puts them after the deepest operand-stack slot.
inline constexpr std::uint32_t kExceptionSlot = std::uint32_t{1} << 29;

// How the frame of the compiled function is laid out.
struct FrameLayout {
  std::uint32_t paramSlots = 0;     // parameters (v128 takes two slots)
  std::uint32_t localsEnd = 0;      // parameters and declared locals
  std::uint32_t maxSlot = 0;        // one past the deepest operand-stack slot (before constants)
  std::uint32_t resultSlots = 0;    // results, written from slot 0 on return
  std::uint32_t exceptionSlots = 0; // legacy catches' exception slots (kExceptionSlot + i)
};

class CodeBuffer {
public:
  // Appends instruction `op`.
  template <IrOp op> void emit(const typename Layout<op>::Args& arguments) {
    appendInstruction<op>(code_, arguments);
  }
  // Appends a raw operand word (the trailing words of a variable-length instruction).
  void append(std::uint64_t word) { code_.push_back(word); }

  // The index of the next word.
  std::size_t here() const { return code_.size(); }
  // The word at `index` (an opcode word holds its IrOp number until finish()).
  std::uint64_t& operator[](std::size_t index) { return code_[index]; }
  std::uint64_t operator[](std::size_t index) const { return code_[index]; }
  // Sets the branch target word at `index` to `target`.
  void patch(std::size_t index, std::size_t target) { code_[index] = target; }

  // Records that the code from here on implements the instruction at `byteOffset`.
  void markInstruction(std::size_t byteOffset);
  // Drops the code from `index` on (an instruction the one being compiled takes over): the
  // instruction being compiled, marked last, now starts at `index`.
  void rewind(std::size_t index);

  // Exception handler groups (code indices and slots as the compiler numbers them; finish()
  // moves them to the final layout like the code's).
  std::vector<HandlerGroup>& handlers() { return handlers_; }

  // The finished function: an InitFrame setting the declared locals to zero and the slots of
  // `constants` (numbered kConstantSlot + i in the code) to their values, then the code with
  // every slot and target moved to the final layout, and opcode words turned into `handlers`'
  // addresses (IrOp numbers when `handlers` is null); `maps` (if given) become its stack maps.
  CompiledFunction finish(const FrameLayout& frame, std::span<const std::uint64_t> constants,
                          const void* const* handlers, StackMapRecorder* maps = nullptr);

private:
  std::vector<std::uint64_t> code_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> offsets_;
  std::vector<HandlerGroup> handlers_;
};

} // namespace wasmline::interp
