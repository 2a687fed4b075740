#include "interp/code_buffer.h"

#include <algorithm>

#include "interp/stack_map_recorder.h"

namespace wasmline::interp {

void CodeBuffer::markInstruction(std::size_t byteOffset) {
  offsets_.emplace_back(static_cast<std::uint32_t>(code_.size()),
                        static_cast<std::uint32_t>(byteOffset));
}

void CodeBuffer::rewind(std::size_t index) {
  code_.resize(index);
  const auto current = offsets_.back();
  while (!offsets_.empty() && offsets_.back().first >= index)
    offsets_.pop_back();
  offsets_.emplace_back(static_cast<std::uint32_t>(index), current.second);
}

CompiledFunction CodeBuffer::finish(const FrameLayout& frame,
                                    std::span<const std::uint64_t> constants,
                                    const void* const* handlers, StackMapRecorder* maps) {
  const auto constantCount = static_cast<std::uint32_t>(constants.size());
  const std::uint32_t declaredLocals = frame.localsEnd - frame.paramSlots;
  CompiledFunction out;
  out.paramSlots = frame.paramSlots;
  out.resultSlots = frame.resultSlots;
  const std::uint32_t exceptionBase = std::max(frame.maxSlot, frame.localsEnd) + constantCount;
  out.frameSlots = exceptionBase + frame.exceptionSlots;
  out.stackSlots = std::max(out.frameSlots, out.resultSlots);

  auto opcodeWord = [&](IrOp op) -> std::uint64_t {
    return handlers == nullptr
               ? static_cast<std::uint64_t>(op)
               : reinterpret_cast<std::uintptr_t>(handlers[static_cast<std::size_t>(op)]);
  };
  const std::uint32_t initialized = declaredLocals + constantCount;
  if (initialized != 0) {
    appendInstruction<IrOp::InitFrame>(out.code, {.first = frame.paramSlots, .count = initialized});
    out.code[0] = opcodeWord(IrOp::InitFrame);
    out.code.resize(out.code.size() + declaredLocals, 0);
    out.code.insert(out.code.end(), constants.begin(), constants.end());
  }
  const auto prologue = static_cast<std::uint32_t>(out.code.size());
  auto slot = [&](std::uint64_t value) -> std::uint64_t {
    if (value >= kResultSlot) return value - kResultSlot;
    if (value >= kConstantSlot) return frame.localsEnd + (value - kConstantSlot);
    if (value >= kExceptionSlot) return exceptionBase + (value - kExceptionSlot);
    return value >= frame.localsEnd ? value + constantCount : value;
  };
  auto word = [&](FieldKind kind, std::uint64_t value) -> std::uint64_t {
    switch (kind) {
    case FieldKind::Slot: return slot(value);
    case FieldKind::Target: return value + prologue;
    default: return value;
    }
  };
  std::vector<std::size_t> targetWords;
  out.code.reserve(out.code.size() + code_.size());
  for (std::size_t at = 0; at < code_.size();) {
    const auto op = static_cast<IrOp>(code_[at]);
    const IrOpInfo& info = irOpInfo(op);
    out.code.push_back(opcodeWord(op));
    const std::size_t words = operandWords(op, &code_[at + 1]);
    for (std::size_t i = 0; i < words; ++i) {
      const FieldKind kind = i < info.kinds.size() ? info.kinds[i] : info.trailingKind;
      if (kind == FieldKind::Target) targetWords.push_back(out.code.size());
      out.code.push_back(word(kind, code_[at + 1 + i]));
    }
    at += 1 + words;
  }
  // A branch to an unconditional Jump goes to that jump's target instead (br_table's targets and
  // branches out of nested blocks often land on one): one dispatch less. A few hops at most, so
  // that a loop of jumps (an empty infinite loop) stays as it is.
  const std::uint64_t jump = opcodeWord(IrOp::Jump);
  for (std::size_t index : targetWords) {
    std::uint64_t to = out.code[index];
    for (int hop = 0; hop < 4 && to < out.code.size() && out.code[to] == jump; ++hop)
      to = out.code[to + 1 + ops::Jump::target];
    out.code[index] = to;
  }
  // Branch targets become the addresses they jump to: out.code's buffer stays where it is for the
  // function's lifetime (CompiledFunction is move-only, and moves keep the buffer).
  for (std::size_t index : targetWords) {
    out.code[index] = reinterpret_cast<std::uintptr_t>(out.code.data() + out.code[index]);
  }
  out.handlers = std::move(handlers_);
  for (HandlerGroup& group : out.handlers) {
    group.start += prologue;
    group.end += prologue;
    for (HandlerCatch& clause : group.catches) {
      clause.pad += prologue;
      clause.payloadSlot = static_cast<std::uint32_t>(slot(clause.payloadSlot));
      if (clause.exceptionSlot != HandlerCatch::kNoSlot) {
        clause.exceptionSlot = static_cast<std::uint32_t>(slot(clause.exceptionSlot));
      }
    }
  }
  if (maps != nullptr) {
    out.stackMaps = maps->finish(
        [&](std::uint32_t value) { return static_cast<std::uint32_t>(slot(value)); }, prologue);
  }
  out.offsets = std::move(offsets_);
  for (auto& [index, byteOffset] : out.offsets)
    index += prologue;
  return out;
}

} // namespace wasmline::interp
