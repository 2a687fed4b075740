// Stack maps: for every safepoint of a compiled function (where a collection can happen while the
// function's frame is live), the frame slots that hold references the collector must visit.
//
// Safepoints are GC allocations (struct.new*, array.new*), throw (which creates an exception) and
// calls (call, call_indirect, call_ref: the callee may allocate). A safepoint is named by the code
// index just past its instruction: that is where a call returns to (CallFrame::returnTo), and an
// allocating handler passes it explicitly. At an allocation or throw the instruction's own
// operands count as live (it reads them after the collection); at a call they belong to the
// callee's frame and do not. Local slots of reference type are live at every safepoint (the
// frame's InitFrame zeroes them, so they always hold a valid reference).
//
// A function without any traced reference (any, extern or exn hierarchy) in its locals or at any
// safepoint has empty maps: the collector skips its frames at no cost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace wasmline::interp {

class StackMaps {
public:
  // A slot number with this bit set holds an exnref (an ExceptionObject pointer); without it, a
  // reference of the any or extern hierarchy (null, i31, GC object or host ExternObject).
  static constexpr std::uint32_t kExceptionBit = std::uint32_t{1} << 31;

  // True when the function has no traced reference anywhere: nothing to visit in its frames.
  bool empty() const { return !hasReferences_; }
  // The reference slots of the locals, live at every safepoint.
  std::span<const std::uint32_t> locals() const { return locals_; }
  // The operand-stack (and legacy catch) slots live at the safepoint ending at `codeIndex`, or
  // nullopt when no safepoint ends there (a bug of the compiler when the maps are not empty).
  std::optional<std::span<const std::uint32_t>> at(std::size_t codeIndex) const;
  // How many safepoints have maps.
  std::size_t sites() const { return sites_.size(); }

private:
  friend class StackMapRecorder;
  bool hasReferences_ = false;
  std::vector<std::uint32_t> locals_;
  std::vector<std::uint32_t> sites_;  // code indices, ascending
  std::vector<std::uint32_t> starts_; // sites_.size() + 1 offsets into slots_
  std::vector<std::uint32_t> slots_;
};

} // namespace wasmline::interp
