// Slot assignment: where every local, pooled constant and operand-stack value of a function lives
// in its frame. Each operand-stack position has a home slot (after the locals), so block results,
// call arguments and call results are where they need to be without moves; a value read from a
// local or a pooled constant is used where it is until it must be home.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "interp/code_buffer.h"
#include "wasmline/types.h"

namespace wasmline::interp {

// The slots a value of `type` takes (v128 two, everything else one).
constexpr std::uint32_t slotsOf(ValType type) {
  return type == ValType::V128 ? 2 : 1;
}

// An operand stack entry. Its value is read from `slot`: its home slot, the slot of the local it
// was read from (local.get emits nothing until the local changes or the value must be home), or a
// pooled constant's slot.
struct Entry {
  ValType type;
  std::uint32_t slot; // where the value is
  std::uint32_t home; // the entry's own slot
};

class OperandStack {
public:
  explicit OperandStack(CodeBuffer& code) : code_(code) {}

  // Lays out the locals (parameters first) and returns the frame's first operand-stack slot.
  std::uint32_t layOutLocals(std::span<const ValType> locals, std::size_t params);
  std::uint32_t paramSlots() const { return paramSlots_; }
  std::uint32_t localsEnd() const { return localsEnd_; }
  std::uint32_t maxSlot() const { return maxSlot_; }
  // Makes sure the frame reaches `slot` (exclusive).
  void reach(std::uint32_t slot) { maxSlot_ = std::max(maxSlot_, slot); }
  ValType localType(std::uint32_t local) const { return localTypes_[local]; }
  std::uint32_t localSlot(std::uint32_t local) const { return localSlots_[local]; }

  std::size_t size() const { return entries_.size(); }
  Entry& operator[](std::size_t index) { return entries_[index]; }
  const Entry& operator[](std::size_t index) const { return entries_[index]; }
  Entry& top() { return entries_.back(); }
  // The entry `depth` places below the top (0 is the top).
  Entry& fromTop(std::size_t depth) { return entries_[entries_.size() - 1 - depth]; }
  // The next free home slot.
  std::uint32_t nextSlot() const;
  // The home of the first of the top `count` entries (the next free slot when count is 0).
  std::uint32_t slotOfTop(std::size_t count) const;

  Entry push(ValType type);
  // Pushes a value that lives in `slot` (a local or pooled constant) until it must move home.
  Entry pushAt(ValType type, std::uint32_t slot);
  Entry pop();
  // Drops entries down to `height`.
  void truncate(std::size_t height) { entries_.resize(height); }

  // Copies `source` to `destination` (Copy or Copy128), unless they are the same slot.
  void copy(std::uint32_t destination, std::uint32_t source, ValType type);
  // Copies `value` to the frame's result slot `slot` (0 is the frame's first slot).
  void copyToResult(std::uint32_t slot, const Entry& value);
  // Brings an entry read from elsewhere home.
  void materialize(Entry& entry);
  // Materializes the top `count` entries (all when count exceeds the stack).
  void materializeTop(std::size_t count);
  // Before local `index` changes: entries still reading it get their own copy.
  void materializeLocal(std::uint32_t index);

  // The slot of the pooled constant with `bits` for an opcode of `kind`, if it was pooled: the
  // first kMaxPooledConstants distinct constants get one each (InitFrame sets them per call),
  // and constants inside a loop (`inLoop`) up to kMaxPooledInLoops, where a SetConst would run
  // every iteration.
  std::optional<std::uint32_t> pooledConstant(int kind, std::uint64_t bits, bool inLoop);
  // The pooled constants' values in slot order.
  std::vector<std::uint64_t> constantValues() const;

private:
  static constexpr std::size_t kMaxPooledConstants = 32;
  static constexpr std::size_t kMaxPooledInLoops = 128;

  CodeBuffer& code_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> localSlots_;
  std::vector<ValType> localTypes_;
  std::uint32_t paramSlots_ = 0;
  std::uint32_t localsEnd_ = 0;
  std::uint32_t maxSlot_ = 0;
  std::map<std::pair<int, std::uint64_t>, std::uint32_t> constants_; // -> kConstantSlot + i
};

} // namespace wasmline::interp
