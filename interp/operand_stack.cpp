#include "interp/operand_stack.h"

#include <algorithm>

namespace wasmline::interp {

std::uint32_t OperandStack::layOutLocals(std::span<const ValType> locals, std::size_t params) {
  std::uint32_t slot = 0;
  for (std::size_t i = 0; i < locals.size(); ++i) {
    if (i == params) paramSlots_ = slot;
    localSlots_.push_back(slot);
    localTypes_.push_back(locals[i]);
    slot += slotsOf(locals[i]);
  }
  if (params == locals.size()) paramSlots_ = slot;
  localsEnd_ = slot;
  maxSlot_ = slot;
  return slot;
}

std::uint32_t OperandStack::nextSlot() const {
  return entries_.empty() ? localsEnd_ : entries_.back().home + slotsOf(entries_.back().type);
}

std::uint32_t OperandStack::slotOfTop(std::size_t count) const {
  return count == 0 ? nextSlot() : entries_[entries_.size() - count].home;
}

Entry OperandStack::push(ValType type) {
  const Entry entry{type, nextSlot(), nextSlot()};
  entries_.push_back(entry);
  reach(entry.home + slotsOf(type));
  return entry;
}

Entry OperandStack::pushAt(ValType type, std::uint32_t slot) {
  Entry entry = push(type);
  entries_.back().slot = slot;
  entry.slot = slot;
  return entry;
}

Entry OperandStack::pop() {
  const Entry entry = entries_.back();
  entries_.pop_back();
  return entry;
}

void OperandStack::copy(std::uint32_t destination, std::uint32_t source, ValType type) {
  if (destination == source) return;
  if (type == ValType::V128) {
    code_.emit<IrOp::Copy128>({.dst = destination, .src = source});
  } else {
    code_.emit<IrOp::Copy>({.dst = destination, .src = source});
  }
}

void OperandStack::copyToResult(std::uint32_t slot, const Entry& value) {
  // Parameters and locals already have their final slots: one may be the result slot itself.
  if (value.slot < localsEnd_ && value.slot == slot) return;
  copy(kResultSlot + slot, value.slot, value.type);
}

void OperandStack::materialize(Entry& entry) {
  if (entry.slot == entry.home) return;
  copy(entry.home, entry.slot, entry.type);
  entry.slot = entry.home;
}

void OperandStack::materializeTop(std::size_t count) {
  const std::size_t first = entries_.size() - std::min(count, entries_.size());
  for (std::size_t i = first; i < entries_.size(); ++i)
    materialize(entries_[i]);
}

void OperandStack::materializeLocal(std::uint32_t index) {
  for (Entry& entry : entries_) {
    if (entry.slot == localSlots_[index]) materialize(entry);
  }
}

std::optional<std::uint32_t> OperandStack::pooledConstant(int kind, std::uint64_t bits,
                                                          bool inLoop) {
  const auto found = constants_.find({kind, bits});
  if (found != constants_.end()) return found->second;
  if (constants_.size() >= (inLoop ? kMaxPooledInLoops : kMaxPooledConstants)) return std::nullopt;
  const auto slot = kConstantSlot + static_cast<std::uint32_t>(constants_.size());
  constants_.emplace(std::pair{kind, bits}, slot);
  return slot;
}

std::vector<std::uint64_t> OperandStack::constantValues() const {
  std::vector<std::uint64_t> values(constants_.size());
  for (const auto& [key, slot] : constants_)
    values[slot - kConstantSlot] = key.second;
  return values;
}

} // namespace wasmline::interp
