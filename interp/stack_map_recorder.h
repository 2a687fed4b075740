// Records a compiled function's stack maps (interp/stack_maps.h) as the compiler emits it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "binary/module.h"
#include "binary/opcode.h"
#include "interp/operand_stack.h"
#include "interp/stack_maps.h"

namespace wasmline::interp {

// Records a function's stack maps while it compiles: capture() the live references before a
// safepoint instruction is compiled, commit() once it is emitted, finish() with the code
// buffer's final slot numbering.
class StackMapRecorder {
public:
  explicit StackMapRecorder(const binary::Module& module) : module_(module) {}

  // True when `op` is a safepoint.
  static bool isSafepoint(binary::Opcode op);
  // Notes the locals' reference slots (after the operand stack laid them out).
  void begin(const OperandStack& stack, std::span<const ValType> locals);
  // Captures the references live at safepoint `op`: every stack entry but the top `popped` ones
  // for a call (the callee's arguments), all of them otherwise; plus `exceptionSlots` (legacy
  // catches' slots, compiler numbering) holding the exceptions they caught.
  void capture(binary::Opcode op, const OperandStack& stack, std::size_t popped,
               std::span<const std::uint32_t> exceptionSlots);
  // The safepoint captured last ends at code index `codeIndex` (compiler numbering).
  void commit(std::size_t codeIndex);
  // The maps in the final layout: `slot` maps compiler slot numbers to frame slots, code indices
  // move by `prologue`.
  StackMaps finish(const std::function<std::uint32_t(std::uint32_t)>& slot, std::uint32_t prologue);

private:
  // The slot's tag for a value of `type`, or nullopt when the collector need not visit it.
  std::optional<std::uint32_t> tagOf(ValType type, std::uint32_t slot) const;

  const binary::Module& module_;
  bool hasReferences_ = false;
  std::vector<std::uint32_t> locals_;
  std::vector<std::uint32_t> captured_;
  std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>> sites_;
};

} // namespace wasmline::interp
