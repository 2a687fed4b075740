#include "interp/stack_map_recorder.h"

#include <algorithm>

#include "binary/subtyping.h"

namespace wasmline::interp {

std::optional<std::span<const std::uint32_t>> StackMaps::at(std::size_t codeIndex) const {
  const auto found = std::lower_bound(sites_.begin(), sites_.end(), codeIndex);
  if (found == sites_.end() || *found != codeIndex) return std::nullopt;
  const auto site = static_cast<std::size_t>(found - sites_.begin());
  return std::span<const std::uint32_t>(slots_.data() + starts_[site],
                                        starts_[site + 1] - starts_[site]);
}

bool StackMapRecorder::isSafepoint(binary::Opcode op) {
  using binary::Opcode;
  switch (op) {
  case Opcode::Call:
  case Opcode::CallIndirect:
  case Opcode::CallRef:
  case Opcode::Throw:
  case Opcode::StructNew:
  case Opcode::StructNewDefault:
  case Opcode::ArrayNew:
  case Opcode::ArrayNewDefault:
  case Opcode::ArrayNewFixed:
  case Opcode::ArrayNewData:
  case Opcode::ArrayNewElem: return true;
  default: return false;
  }
}

std::optional<std::uint32_t> StackMapRecorder::tagOf(ValType type, std::uint32_t slot) const {
  if (!type.isRef() || slot >= kConstantSlot) return std::nullopt; // pooled constants: null
  switch (binary::topOf(type.heapType(), module_)) {
  case HeapKind::Any:
  case HeapKind::Extern: return slot;
  case HeapKind::Exn: return slot | StackMaps::kExceptionBit;
  default: return std::nullopt; // functions are store objects, never collected
  }
}

void StackMapRecorder::begin(const OperandStack& stack, std::span<const ValType> locals) {
  for (std::uint32_t i = 0; i < locals.size(); ++i) {
    if (auto tag = tagOf(locals[i], stack.localSlot(i))) locals_.push_back(*tag);
  }
  hasReferences_ = !locals_.empty();
}

void StackMapRecorder::capture(binary::Opcode op, const OperandStack& stack, std::size_t popped,
                               std::span<const std::uint32_t> exceptionSlots) {
  using binary::Opcode;
  const bool call = op == Opcode::Call || op == Opcode::CallIndirect || op == Opcode::CallRef;
  const std::size_t live = call ? stack.size() - std::min(popped, stack.size()) : stack.size();
  captured_.clear();
  for (std::size_t i = 0; i < live; ++i) {
    const Entry& entry = stack[i];
    if (auto tag = tagOf(entry.type, entry.slot)) captured_.push_back(*tag);
  }
  for (std::uint32_t slot : exceptionSlots)
    captured_.push_back(slot | StackMaps::kExceptionBit);
  if (!captured_.empty()) hasReferences_ = true;
}

void StackMapRecorder::commit(std::size_t codeIndex) {
  sites_.emplace_back(static_cast<std::uint32_t>(codeIndex), captured_);
}

StackMaps StackMapRecorder::finish(const std::function<std::uint32_t(std::uint32_t)>& slot,
                                   std::uint32_t prologue) {
  StackMaps maps;
  if (!hasReferences_) return maps;
  maps.hasReferences_ = true;
  const auto final = [&](std::uint32_t tagged) {
    return slot(tagged & ~StackMaps::kExceptionBit) | (tagged & StackMaps::kExceptionBit);
  };
  for (std::uint32_t local : locals_)
    maps.locals_.push_back(final(local));
  // Sites are committed in code order; a local slot may appear again as an entry read from it.
  for (const auto& [codeIndex, slots] : sites_) {
    maps.sites_.push_back(codeIndex + prologue);
    maps.starts_.push_back(static_cast<std::uint32_t>(maps.slots_.size()));
    for (std::uint32_t tagged : slots) {
      const std::uint32_t mapped = final(tagged);
      if (std::find(maps.locals_.begin(), maps.locals_.end(), mapped) == maps.locals_.end()) {
        maps.slots_.push_back(mapped);
      }
    }
  }
  maps.starts_.push_back(static_cast<std::uint32_t>(maps.slots_.size()));
  return maps;
}

} // namespace wasmline::interp
