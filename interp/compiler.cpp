#include "interp/compiler.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "binary/code_sink.h"
#include "binary/function_validator.h"
#include "interp/code_buffer.h"
#include "interp/fusion.h"
#include "interp/gc_ops.h"
#include "interp/operand_stack.h"
#include "interp/stack_map_recorder.h"

namespace wasmline::interp {
namespace {

using binary::InstrEffect;
using binary::Opcode;

// The IR instruction of a numeric WebAssembly instruction of the same name, if it is one.
std::optional<IrOp> numericIrOp(Opcode op) {
  switch (op) {
    // clang-format off
#define IR_OP(name, fields)
#define IR_OP_TRAILING(name, fields, kind, extra)
#define IR_JUMP_IF(name, Type, condition)
#define IR_UNARY(name, In, Out, expression) case Opcode::name: return IrOp::name;
#define IR_BINARY(name, In, Out, expression) case Opcode::name: return IrOp::name;
#define IR_LOAD(name, Memory, Value) case Opcode::name: return IrOp::name;
#define IR_STORE(name, Memory) case Opcode::name: return IrOp::name;
#define IR_V_LOAD(name, bytes, expression) case Opcode::name: return IrOp::name;
#define IR_V_LOAD_LANE(name, Lane) case Opcode::name: return IrOp::name;
#define IR_V_STORE_LANE(name, Lane) case Opcode::name: return IrOp::name;
#define IR_V_STORE(name) case Opcode::name: return IrOp::name;
#define IR_ANY(name, layout) case Opcode::name: return IrOp::name;
#include "interp/ir.def"
    // clang-format on
  case Opcode::MemoryAtomicNotify: return IrOp::MemoryAtomicNotify;
  case Opcode::MemoryAtomicWait32: return IrOp::MemoryAtomicWait32;
  case Opcode::MemoryAtomicWait64: return IrOp::MemoryAtomicWait64;
  case Opcode::AtomicFence: return IrOp::AtomicFence;
  default: return std::nullopt;
  }
}

// The form of a load or store naming its memory, if `op` is one (atomics always name it).
std::optional<IrOp> otherMemoryForm(IrOp op) {
  switch (op) {
    // clang-format off
#define IR_LOAD(name, Memory, Value) case IrOp::name: return IrOp::name##Mem;
#define IR_STORE(name, Memory) case IrOp::name: return IrOp::name##Mem;
#define IR_V_LOAD(name, bytes, expression) case IrOp::name: return IrOp::name##Mem;
#define IR_V_LOAD_LANE(name, Lane) case IrOp::name: return IrOp::name##Mem;
#define IR_V_STORE_LANE(name, Lane) case IrOp::name: return IrOp::name##Mem;
#define IR_V_STORE(name) case IrOp::name: return IrOp::name##Mem;
#include "interp/ir.def"
    // clang-format on
  default: return std::nullopt;
  }
}

// The name##Add form of a memory-0 scalar load or store (its address the sum of two slots), if
// `op` is one.
std::optional<IrOp> addedAddressForm(IrOp op) {
  switch (op) {
    // clang-format off
#define IR_LOAD(name, Memory, Value) case IrOp::name: return IrOp::name##Add;
#define IR_STORE(name, Memory) case IrOp::name: return IrOp::name##Add;
#include "interp/ir.def"
    // clang-format on
  default: return std::nullopt;
  }
}

struct ControlFrame {
  // Block, Loop, If, TryTable, Try; Catch or CatchAll for a legacy try past its body; Block also
  // for the function body.
  Opcode kind = Opcode::Block;
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool live = true;                   // entered in reachable code (else no code is emitted)
  std::size_t height = 0;             // operand stack entries below the frame's parameters
  std::uint32_t base = 0;             // the slot of the first parameter / result
  std::size_t loopStart = 0;          // for loops: where branches go
  std::vector<std::size_t> endFixups; // target words to patch with the end's position
  std::optional<std::size_t> elseFixup;
  std::uint32_t savedParams = 0; // if with parameters: where copies for the else branch are
  std::int32_t group = HandlerGroup::kNone;            // try_table, try: its handler group
  std::vector<binary::CatchClause> catches;            // try_table: its catch clauses
  std::uint32_t exceptionSlot = HandlerCatch::kNoSlot; // legacy try: the caught exception's slot

  const std::vector<ValType>& labelTypes() const { return kind == Opcode::Loop ? params : results; }
};

class Compiler final : public FunctionCompiler {
public:
  Compiler(const binary::Module& module, std::uint32_t functionIndex, const CompileOptions& options)
      : module_(module), type_(module.functionType(functionIndex)), functionIndex_(functionIndex),
        options_(options) {}

  Result<void> begin(std::span<const ValType> locals) override {
    stack_.layOutLocals(locals, type_.params.size());
    maps_.begin(stack_, locals);
    for (ValType result : type_.results)
      resultSlots_ += slotsOf(result);
    ControlFrame function;
    function.results = type_.results;
    function.base = stack_.localsEnd();
    controls_.push_back(std::move(function));
    if (options_.epoch) code_.emit<IrOp::CheckEpoch>({});
    return {};
  }

  Result<void> instruction(const binary::Instr& instr, const InstrEffect& effect) override {
    if (isControl(instr.op)) fusion_.atLabel();
    Result<void> compiled;
    if (effect.reachable) {
      if (options_.consumeFuel) chargeFuel();
      if (options_.trace) {
        code_.emit<IrOp::Trace>(
            {.offset = instr.offset, .opcode = static_cast<std::uint64_t>(instr.op)});
      }
      code_.markInstruction(instr.offset);
      const bool safepoint = StackMapRecorder::isSafepoint(instr.op);
      if (safepoint) maps_.capture(instr.op, stack_, effect.popped, caughtExceptionSlots());
      compiled = compile(instr, effect);
      if (safepoint) maps_.commit(code_.here());
    } else {
      compileUnreachable(instr, effect);
    }
    // A run may start after it even when it was unreachable (an else, an end reached by branches).
    if (startsFuelRun(instr.op)) fuelRunPending_ = true;
    return compiled;
  }

  CompiledFunction finish(const void* const* handlers) override {
    FrameLayout frame;
    frame.paramSlots = stack_.paramSlots();
    frame.localsEnd = stack_.localsEnd();
    frame.maxSlot = stack_.maxSlot();
    frame.resultSlots = resultSlots_;
    frame.exceptionSlots = exceptionSlots_;
    return code_.finish(frame, stack_.constantValues(), handlers, &maps_);
  }

private:
  // The slots of the exceptions the enclosing legacy catches caught (live for rethrow).
  std::vector<std::uint32_t> caughtExceptionSlots() const {
    std::vector<std::uint32_t> slots;
    for (const ControlFrame& frame : controls_) {
      const bool inCatch = frame.kind == Opcode::Catch || frame.kind == Opcode::CatchAll;
      if (inCatch && frame.exceptionSlot != HandlerCatch::kNoSlot) {
        slots.push_back(frame.exceptionSlot);
      }
    }
    return slots;
  }

  static bool isControl(Opcode op) {
    switch (op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::Else:
    case Opcode::End:
    case Opcode::Br:
    case Opcode::BrIf:
    case Opcode::BrTable:
    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull:
    case Opcode::BrOnCast:
    case Opcode::BrOnCastFail:
    case Opcode::TryTable:
    case Opcode::Try:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Delegate: return true;
    default: return false;
    }
  }

  // --- fuel -------------------------------------------------------------------------------------

  // Fuel is charged on entering each straight-line run of code for all of its instructions: a
  // run starts at the function's entry, a loop's start, a then or else branch, after a br_if
  // and where a block ends (where branches arrive).
  static bool startsFuelRun(Opcode op) {
    return op == Opcode::Loop || op == Opcode::If || op == Opcode::Else || op == Opcode::End ||
           op == Opcode::BrIf || op == Opcode::BrOnNull || op == Opcode::BrOnNonNull ||
           op == Opcode::BrOnCast || op == Opcode::BrOnCastFail || op == Opcode::Catch ||
           op == Opcode::CatchAll || op == Opcode::Delegate;
  }
  // Counts the reachable instruction about to be compiled, opening a run first if one starts.
  void chargeFuel() {
    if (fuelRunPending_) {
      code_.emit<IrOp::ConsumeFuel>({.fuel = 0});
      fuelWord_ = code_.here() - ops::ConsumeFuel::kWords + ops::ConsumeFuel::fuel;
      fuelRunPending_ = false;
    }
    code_[fuelWord_] += 1;
  }

  // --- control ----------------------------------------------------------------------------------

  ControlFrame& label(std::uint32_t depth) { return controls_[controls_.size() - 1 - depth]; }

  // Nothing is emitted in unreachable code; only the nesting of blocks is followed.
  void compileUnreachable(const binary::Instr& instr, const InstrEffect& effect) {
    switch (instr.op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::TryTable:
    case Opcode::Try: {
      ControlFrame frame;
      frame.kind = instr.op;
      frame.live = false;
      frame.height = stack_.size();
      frame.base = stack_.nextSlot();
      frame.params.assign(effect.blockParams.begin(), effect.blockParams.end());
      frame.results.assign(effect.blockResults.begin(), effect.blockResults.end());
      controls_.push_back(std::move(frame));
      // The validator takes the block's body for reachable code (a new frame starts reachable),
      // so its parameters must be there for it to consume, as in a live block. Never executed.
      for (ValType param : effect.blockParams)
        stack_.push(param);
      return;
    }
    case Opcode::Else: return enterElse();
    case Opcode::End: closeHandlers(false); return endFrame();
    case Opcode::Catch:
    case Opcode::CatchAll: return enterLegacyCatch(instr, false);
    case Opcode::Delegate: return delegate(instr);
    default: return;
    }
  }

  void pushFrame(Opcode kind, const InstrEffect& effect) {
    // Values entering a block live in their home slots: a local changed inside the block must not
    // change them on some paths only.
    stack_.materializeTop(stack_.size());
    ControlFrame frame;
    frame.kind = kind;
    frame.params.assign(effect.blockParams.begin(), effect.blockParams.end());
    frame.results.assign(effect.blockResults.begin(), effect.blockResults.end());
    frame.height = stack_.size() - frame.params.size();
    frame.base = stack_.slotOfTop(frame.params.size());
    frame.loopStart = code_.here();
    controls_.push_back(std::move(frame));
  }

  // After an instruction that does not fall through: its frame's values are gone.
  void setUnreachable() { stack_.truncate(controls_.back().height); }

  // Moves the top values a branch to `frame` carries into the frame's base slots.
  void moveBranchValues(const ControlFrame& frame) {
    const auto& types = frame.labelTypes();
    // From home slots (never below the target's) the moves run downwards in order, so none
    // overwrites a value still to be moved.
    stack_.materializeTop(types.size());
    std::uint32_t destination = frame.base;
    for (std::size_t i = 0; i < types.size(); ++i) {
      const Entry& value = stack_[stack_.size() - types.size() + i];
      stack_.copy(destination, value.slot, value.type);
      destination += slotsOf(value.type);
    }
  }

  // Jumps to `frame`'s label (the values are in place).
  void jumpTo(ControlFrame& frame) {
    if (frame.kind == Opcode::Loop) {
      code_.emit<IrOp::Jump>({.target = frame.loopStart});
    } else {
      code_.emit<IrOp::Jump>({.target = 0});
      frame.endFixups.push_back(code_.here() - 1);
    }
  }

  void enterIf(const Entry& condition, const InstrEffect& effect) {
    pushFrame(Opcode::If, effect);
    ControlFrame& block = controls_.back();
    if (!block.params.empty()) {
      // The then branch may overwrite the parameters; keep copies for the else branch.
      block.savedParams = condition.home + 1; // the condition's slot is still read
      std::uint32_t to = block.savedParams;
      for (std::size_t i = block.height; i < stack_.size(); ++i) {
        stack_.copy(to, stack_[i].slot, stack_[i].type);
        to += slotsOf(stack_[i].type);
      }
      stack_.reach(to);
    }
    block.elseFixup = fusion_.conditionalJump(condition, false, 0);
  }

  // `else`, reached from the then branch when `thenFallsThrough`.
  void enterElse(bool thenFallsThrough = false) {
    ControlFrame& block = controls_.back();
    if (thenFallsThrough) {
      stack_.materializeTop(stack_.size() - block.height);
      jumpTo(block);
    }
    if (block.elseFixup) code_.patch(*block.elseFixup, code_.here());
    block.elseFixup.reset();
    stack_.truncate(block.height);
    std::uint32_t from = block.savedParams;
    for (ValType param : block.params) {
      const Entry entry = stack_.push(param);
      if (block.live) stack_.copy(entry.slot, from, param);
      from += slotsOf(param);
    }
  }

  void endFrame() {
    ControlFrame frame = std::move(controls_.back());
    controls_.pop_back();
    if (frame.elseFixup) code_.patch(*frame.elseFixup, code_.here());
    for (std::size_t fixup : frame.endFixups)
      code_.patch(fixup, code_.here());
    stack_.truncate(frame.height);
    for (ValType result : frame.results)
      stack_.push(result);
    if (controls_.empty()) {
      // The function's end: results go to the frame's first slots.
      std::uint32_t destination = 0;
      for (std::size_t i = 0; i < frame.results.size(); ++i) {
        const Entry& value = stack_[i];
        stack_.copyToResult(destination, value);
        destination += slotsOf(value.type);
      }
      code_.emit<IrOp::Return>({});
    }
  }

  void compileBrIf(const binary::Instr& instr) {
    const Entry condition = stack_.pop();
    ControlFrame& target = label(instr.index);
    const auto& types = target.labelTypes();
    // Materialize on the path both outcomes share, not inside the taken branch.
    stack_.materializeTop(types.size());
    if (types.empty() || stack_.slotOfTop(types.size()) == target.base) {
      if (target.kind == Opcode::Loop) {
        fusion_.conditionalJump(condition, true, target.loopStart);
      } else {
        target.endFixups.push_back(fusion_.conditionalJump(condition, true, 0));
      }
      return;
    }
    const std::size_t skip = fusion_.conditionalJump(condition, false, 0);
    moveBranchValues(target);
    jumpTo(target);
    code_.patch(skip, code_.here());
  }

  // Jumps to `target` when the 64-bit reference at `slot` is null (`whenNull`) or non-null; the
  // label's values are the top ones.
  void branchOnReference(ControlFrame& target, std::uint32_t slot, bool whenNull) {
    const auto& types = target.labelTypes();
    const auto jump = [&](bool onNull, std::size_t to) {
      if (onNull) {
        code_.emit<IrOp::JumpIfZero64>({.condition = slot, .target = to});
      } else {
        code_.emit<IrOp::JumpIfNonZero64>({.condition = slot, .target = to});
      }
      return code_.here() - 1;
    };
    if (types.empty() || stack_.slotOfTop(types.size()) == target.base) {
      if (target.kind == Opcode::Loop) {
        jump(whenNull, target.loopStart);
      } else {
        target.endFixups.push_back(jump(whenNull, 0));
      }
      return;
    }
    const std::size_t skip = jump(!whenNull, 0);
    moveBranchValues(target);
    jumpTo(target);
    code_.patch(skip, code_.here());
  }

  // br_on_null: a null goes to the label with the values below it; a non-null stays.
  void compileBrOnNull(const binary::Instr& instr) {
    const Entry reference = stack_.pop();
    ControlFrame& target = label(instr.index);
    stack_.materializeTop(target.labelTypes().size());
    branchOnReference(target, reference.slot, true);
    stack_.pushAt(reference.type.withNullable(false), reference.slot);
  }

  // br_on_non_null: a non-null goes to the label as its last value; a null is dropped.
  void compileBrOnNonNull(const binary::Instr& instr) {
    ControlFrame& target = label(instr.index);
    stack_.materializeTop(target.labelTypes().size());
    branchOnReference(target, stack_.top().slot, false);
    stack_.pop();
  }

  void compileBrTable(const binary::Instr& instr) {
    const Entry index = stack_.pop();
    const std::size_t count = instr.targets.size();
    // Every target takes the same number of values; bring them home before the jump.
    stack_.materializeTop(label(instr.index).labelTypes().size());
    const std::size_t start = code_.here();
    code_.emit<IrOp::JumpTable>({.index = index.slot, .count = count});
    fusion_.useAccumulator(start, ops::JumpTable::index, true);
    const std::size_t table = code_.here();
    for (std::size_t i = 0; i <= count; ++i)
      code_.append(0);
    for (std::size_t i = 0; i <= count; ++i) {
      const std::uint32_t depth = i < count ? instr.targets[i] : instr.index;
      code_.patch(table + i, code_.here());
      ControlFrame& target = label(depth);
      moveBranchValues(target);
      jumpTo(target);
    }
    setUnreachable();
  }

  void compileReturn() {
    stack_.materializeTop(type_.results.size());
    std::uint32_t destination = 0;
    for (std::size_t i = 0; i < type_.results.size(); ++i) {
      const Entry& value = stack_[stack_.size() - type_.results.size() + i];
      stack_.copyToResult(destination, value);
      destination += slotsOf(value.type);
    }
    code_.emit<IrOp::Return>({});
    setUnreachable();
  }

  // --- exceptions -------------------------------------------------------------------------------

  std::span<const ValType> tagParams(std::uint32_t tag) const {
    return module_.funcType(module_.tags[tag]).params;
  }

  // The handler group of the innermost try_table or legacy try among the first `count` frames
  // whose body is open (a legacy try past its body does not handle exceptions any more).
  std::int32_t openGroup(std::size_t count) const {
    for (std::size_t i = count; i-- > 0;) {
      const ControlFrame& frame = controls_[i];
      const bool body = frame.kind == Opcode::TryTable || frame.kind == Opcode::Try;
      if (body && frame.group != HandlerGroup::kNone) return frame.group;
    }
    return HandlerGroup::kNone;
  }

  // Starts the handler group of the try just entered: its body starts here.
  void openHandlerGroup() {
    HandlerGroup group;
    group.start = static_cast<std::uint32_t>(code_.here());
    group.parent = openGroup(controls_.size() - 1);
    controls_.back().group = static_cast<std::int32_t>(code_.handlers().size());
    code_.handlers().push_back(std::move(group));
  }

  HandlerGroup& groupOf(const ControlFrame& frame) { return code_.handlers()[frame.group]; }

  // At the end of a frame: a try_table's body ends and each catch clause gets a landing pad that
  // takes the payload (in the slots after the try_table's height) to its label, outside the
  // try_table. The pads follow the body; its fall-through jumps over them.
  void closeHandlers(bool fallsThrough) {
    ControlFrame& frame = controls_.back();
    if (!frame.live || frame.group == HandlerGroup::kNone) return;
    if (frame.kind == Opcode::Try) groupOf(frame).end = static_cast<std::uint32_t>(code_.here());
    if (frame.kind != Opcode::TryTable) return;
    groupOf(frame).end = static_cast<std::uint32_t>(code_.here());
    if (frame.catches.empty()) return;
    if (fallsThrough) jumpTo(frame);
    ControlFrame tryFrame = std::move(controls_.back());
    controls_.pop_back();
    for (const binary::CatchClause& clause : tryFrame.catches) {
      using Kind = binary::CatchClause::Kind;
      const bool tagged = clause.kind == Kind::Catch || clause.kind == Kind::CatchRef;
      stack_.truncate(tryFrame.height);
      HandlerCatch handler;
      handler.tag = tagged ? clause.tag : HandlerCatch::kAnyTag;
      handler.withReference = clause.kind == Kind::CatchRef || clause.kind == Kind::CatchAllRef;
      handler.pad = static_cast<std::uint32_t>(code_.here());
      handler.payloadSlot = stack_.nextSlot();
      if (tagged) {
        for (ValType type : tagParams(clause.tag))
          stack_.push(type);
      }
      if (handler.withReference) stack_.push(ValType::ref(HeapType(HeapKind::Exn), false));
      ControlFrame& target = label(clause.label);
      moveBranchValues(target);
      jumpTo(target);
      code_.handlers()[tryFrame.group].catches.push_back(handler);
    }
    stack_.truncate(tryFrame.height);
    controls_.push_back(std::move(tryFrame));
  }

  // Legacy catch / catch_all: the try's body (or the previous catch) ends like a then branch; the
  // handler's code starts here with the tag's values on the stack, the exception in the try's
  // exception slot for rethrow.
  void enterLegacyCatch(const binary::Instr& instr, bool fallsThrough) {
    ControlFrame& frame = controls_.back();
    const Opcode before = frame.kind;
    frame.kind = instr.op;
    stack_.truncate(frame.height);
    if (!frame.live) {
      if (instr.op == Opcode::Catch) {
        for (ValType type : tagParams(instr.index))
          stack_.push(type);
      }
      return;
    }
    if (fallsThrough) jumpTo(frame); // the values were materialized by the caller
    if (before == Opcode::Try) groupOf(frame).end = static_cast<std::uint32_t>(code_.here());
    if (frame.exceptionSlot == HandlerCatch::kNoSlot) {
      frame.exceptionSlot = kExceptionSlot + exceptionSlots_++;
    }
    HandlerCatch handler;
    handler.tag = instr.op == Opcode::Catch ? instr.index : HandlerCatch::kAnyTag;
    handler.pad = static_cast<std::uint32_t>(code_.here());
    handler.payloadSlot = stack_.nextSlot();
    handler.exceptionSlot = frame.exceptionSlot;
    if (instr.op == Opcode::Catch) {
      for (ValType type : tagParams(instr.index))
        stack_.push(type);
    }
    groupOf(frame).catches.push_back(handler);
  }

  // delegate: ends a legacy try whose exceptions go to the try (in its body) at the label, counted
  // from outside this try, or to the next one out.
  void delegate(const binary::Instr& instr) {
    ControlFrame& frame = controls_.back();
    if (frame.live && frame.group != HandlerGroup::kNone) {
      HandlerGroup& group = groupOf(frame);
      group.end = static_cast<std::uint32_t>(code_.here());
      group.delegates = true;
      group.delegateTo = openGroup(controls_.size() - 1 - instr.index);
    }
    endFrame();
  }

  // --- calls ------------------------------------------------------------------------------------

  // Calls: the arguments are the top entries, in their home slots; the callee's frame starts at
  // the first of them and leaves its results there. Returns the first argument's slot.
  std::uint32_t takeArguments(std::size_t count) {
    stack_.materializeTop(count);
    const std::uint32_t arguments = stack_.slotOfTop(count);
    stack_.truncate(stack_.size() - count);
    return arguments;
  }
  void pushResults(const InstrEffect& effect) {
    for (ValType result : effect.pushed)
      stack_.push(result);
    // The callee's frame may reach past our deepest slot; the interpreter checks its own size.
  }
  // The slots the top `count` arguments take.
  std::uint32_t argumentSlots(std::size_t count) {
    std::uint32_t slots = 0;
    for (std::size_t i = 0; i < count; ++i)
      slots += slotsOf(stack_.fromTop(i).type);
    return slots;
  }

  void compileCall(const binary::Instr& instr, const InstrEffect& effect) {
    const std::size_t params = module_.functionType(instr.index).params.size();
    switch (instr.op) {
    case Opcode::Call:
      code_.emit<IrOp::Call>({.function = instr.index, .arguments = takeArguments(params)});
      return pushResults(effect);
    case Opcode::ReturnCall: {
      const std::uint32_t slots = argumentSlots(params);
      code_.emit<IrOp::TailCall>(
          {.function = instr.index, .arguments = takeArguments(params), .argumentSlots = slots});
      return setUnreachable();
    }
    default: return;
    }
  }

  void compileCallIndirect(const binary::Instr& instr, const InstrEffect& effect) {
    const FuncType& type = module_.funcType(instr.index);
    const std::uint64_t typeId = module_.canonicalTypeIds[instr.index];
    const Entry index = stack_.pop();
    if (instr.op == Opcode::CallIndirect) {
      code_.emit<IrOp::CallIndirect>({.table = instr.index2,
                                      .type = typeId,
                                      .index = index.slot,
                                      .arguments = takeArguments(type.params.size())});
      return pushResults(effect);
    }
    const std::uint32_t slots = argumentSlots(type.params.size());
    code_.emit<IrOp::TailCallIndirect>({.table = instr.index2,
                                        .type = typeId,
                                        .index = index.slot,
                                        .arguments = takeArguments(type.params.size()),
                                        .argumentSlots = slots});
    setUnreachable();
  }

  // call_ref and return_call_ref: the function reference is the top operand.
  void compileCallRef(const binary::Instr& instr, const InstrEffect& effect) {
    const FuncType& type = module_.funcType(instr.index);
    const Entry reference = stack_.pop();
    if (instr.op == Opcode::CallRef) {
      code_.emit<IrOp::CallRef>(
          {.reference = reference.slot, .arguments = takeArguments(type.params.size())});
      return pushResults(effect);
    }
    const std::uint32_t slots = argumentSlots(type.params.size());
    code_.emit<IrOp::TailCallRef>({.reference = reference.slot,
                                   .arguments = takeArguments(type.params.size()),
                                   .argumentSlots = slots});
    setUnreachable();
  }

  // --- instructions -----------------------------------------------------------------------------

  Result<void> compile(const binary::Instr& instr, const InstrEffect& effect) {
    switch (instr.op) {
    case Opcode::Nop: return {};
    case Opcode::Unreachable:
      code_.emit<IrOp::Unreachable>({});
      setUnreachable();
      return {};
    case Opcode::Block: pushFrame(instr.op, effect); return {};
    case Opcode::Loop:
      pushFrame(instr.op, effect);
      if (options_.epoch) code_.emit<IrOp::CheckEpoch>({}); // branches back arrive before it
      return {};
    case Opcode::If: enterIf(stack_.pop(), effect); return {};
    case Opcode::Else: enterElse(true); return {};
    case Opcode::End:
      stack_.materializeTop(stack_.size() - controls_.back().height);
      closeHandlers(true);
      endFrame();
      return {};
    case Opcode::TryTable:
      pushFrame(instr.op, effect);
      controls_.back().catches.assign(instr.catches.begin(), instr.catches.end());
      openHandlerGroup();
      return {};
    case Opcode::Try:
      pushFrame(instr.op, effect);
      openHandlerGroup();
      return {};
    case Opcode::Catch:
    case Opcode::CatchAll:
      stack_.materializeTop(stack_.size() - controls_.back().height);
      enterLegacyCatch(instr, true);
      return {};
    case Opcode::Delegate:
      stack_.materializeTop(stack_.size() - controls_.back().height);
      delegate(instr);
      return {};
    case Opcode::Throw: {
      const std::size_t params = tagParams(instr.index).size();
      const std::uint32_t slots = argumentSlots(params);
      code_.emit<IrOp::Throw>(
          {.tag = instr.index, .arguments = takeArguments(params), .count = slots});
      setUnreachable();
      return {};
    }
    case Opcode::ThrowRef:
      code_.emit<IrOp::ThrowRef>({.src = stack_.pop().slot});
      setUnreachable();
      return {};
    case Opcode::Rethrow:
      code_.emit<IrOp::Rethrow>({.src = label(instr.index).exceptionSlot});
      setUnreachable();
      return {};
    case Opcode::Br: {
      ControlFrame& target = label(instr.index);
      moveBranchValues(target);
      jumpTo(target);
      setUnreachable();
      return {};
    }
    case Opcode::BrIf: compileBrIf(instr); return {};
    case Opcode::BrTable: compileBrTable(instr); return {};
    case Opcode::Return: compileReturn(); return {};
    case Opcode::Call:
    case Opcode::ReturnCall: compileCall(instr, effect); return {};
    case Opcode::CallIndirect:
    case Opcode::ReturnCallIndirect: compileCallIndirect(instr, effect); return {};
    case Opcode::CallRef:
    case Opcode::ReturnCallRef: compileCallRef(instr, effect); return {};
    case Opcode::BrOnNull: compileBrOnNull(instr); return {};
    case Opcode::BrOnNonNull: compileBrOnNonNull(instr); return {};
    case Opcode::RefAsNonNull: {
      Entry& reference = stack_.top();
      code_.emit<IrOp::RefAsNonNull>({.src = reference.slot});
      reference.type = reference.type.withNullable(false);
      return {};
    }
    case Opcode::Drop: stack_.pop(); return {};
    case Opcode::Select:
    case Opcode::SelectT: {
      const Entry condition = stack_.pop();
      const Entry second = stack_.pop();
      const Entry first = stack_.pop();
      const Entry result = stack_.push(first.type);
      if (first.type == ValType::V128) {
        code_.emit<IrOp::Select128>(
            {.dst = result.slot, .a = first.slot, .b = second.slot, .condition = condition.slot});
      } else {
        const std::size_t start = code_.here();
        code_.emit<IrOp::Select>(
            {.dst = result.slot, .a = first.slot, .b = second.slot, .condition = condition.slot});
        fusion_.useAccumulator(start, ops::Select::condition);
        fusion_.noteResult(static_cast<IrOp>(code_[start]), start, start + 1 + ops::Select::dst);
      }
      return {};
    }
    default: break;
    }
    if (compileVariable(instr)) return {};
    if (compileConstant(instr, effect)) return {};
    if (compileMemoryOrTable(instr, effect)) return {};
    if (compileGc(instr, effect)) return {};
    return compileNumeric(instr, effect);
  }

  // Locals and globals; true when `instr` is one of them.
  bool compileVariable(const binary::Instr& instr) {
    switch (instr.op) {
    case Opcode::LocalGet:
      stack_.pushAt(stack_.localType(instr.index), stack_.localSlot(instr.index));
      return true;
    case Opcode::LocalSet: {
      const std::size_t before = code_.here();
      stack_.materializeLocal(instr.index);
      if (fusion_.foldIntoLocal(before, stack_.localSlot(instr.index))) {
        stack_.pop();
        return true;
      }
      const Entry value = stack_.pop();
      stack_.copy(stack_.localSlot(instr.index), value.slot, value.type);
      return true;
    }
    case Opcode::LocalTee: {
      const std::size_t before = code_.here();
      stack_.materializeLocal(instr.index);
      if (fusion_.foldIntoLocal(before, stack_.localSlot(instr.index))) {
        stack_.top().slot = stack_.localSlot(instr.index); // the value now lives in the local
        return true;
      }
      const Entry& value = stack_.top();
      stack_.copy(stack_.localSlot(instr.index), value.slot, value.type);
      return true;
    }
    case Opcode::GlobalGet: {
      const ValType type = module_.globals[instr.index].type.type;
      const Entry result = stack_.push(type);
      if (type == ValType::V128) {
        code_.emit<IrOp::GlobalGet128>({.dst = result.slot, .global = instr.index});
      } else {
        code_.emit<IrOp::GlobalGet>({.dst = result.slot, .global = instr.index});
      }
      return true;
    }
    case Opcode::GlobalSet: {
      const Entry value = stack_.pop();
      if (value.type == ValType::V128) {
        code_.emit<IrOp::GlobalSet128>({.global = instr.index, .src = value.slot});
      } else {
        code_.emit<IrOp::GlobalSet>({.global = instr.index, .src = value.slot});
      }
      return true;
    }
    default: return false;
    }
  }

  static ValType constantType(Opcode op) {
    switch (op) {
    case Opcode::I32Const: return ValType::I32;
    case Opcode::I64Const: return ValType::I64;
    case Opcode::F32Const: return ValType::F32;
    default: return ValType::F64;
    }
  }

  // Constants and references without operands; true when `instr` is one of them.
  bool compileConstant(const binary::Instr& instr, const InstrEffect& effect) {
    switch (instr.op) {
    case Opcode::I32Const:
    case Opcode::F32Const:
    case Opcode::I64Const:
    case Opcode::F64Const: {
      const ValType type = constantType(instr.op);
      const bool inLoop = std::any_of(controls_.begin(), controls_.end(),
                                      [](const ControlFrame& c) { return c.kind == Opcode::Loop; });
      if (auto pooled = stack_.pooledConstant(static_cast<int>(instr.op), instr.value, inLoop)) {
        stack_.pushAt(type, *pooled); // read-only: never needs protecting
        return true;
      }
      const std::size_t start = code_.here();
      code_.emit<IrOp::SetConst>({.dst = stack_.push(type).slot, .value = instr.value});
      fusion_.noteResult(IrOp::SetConst, start, start + 1 + ops::SetConst::dst);
      return true;
    }
    case Opcode::V128Const: {
      std::uint64_t low = 0, high = 0;
      std::memcpy(&low, instr.v128.data(), 8);
      std::memcpy(&high, instr.v128.data() + 8, 8);
      code_.emit<IrOp::SetConst128>(
          {.dst = stack_.push(ValType::V128).slot, .low = low, .high = high});
      return true;
    }
    case Opcode::RefNull:
      code_.emit<IrOp::SetConst>({.dst = stack_.push(effect.pushed[0]).slot, .value = 0});
      return true;
    case Opcode::RefFunc:
      code_.emit<IrOp::RefFunc>(
          {.dst = stack_.push(effect.pushed[0]).slot, .function = instr.index});
      return true;
    default: return false;
    }
  }

  // The index type of memory `index`.
  ValType addressType(std::uint32_t index) const {
    return index < module_.memories.size() && module_.memories[index].is64 ? ValType::I64
                                                                           : ValType::I32;
  }

  // Memory and table instructions with their own IR; true when `instr` is one of them.
  bool compileMemoryOrTable(const binary::Instr& instr, const InstrEffect& effect) {
    switch (instr.op) {
    case Opcode::MemorySize:
      code_.emit<IrOp::MemorySize>(
          {.dst = stack_.push(addressType(instr.index)).slot, .memory = instr.index});
      return true;
    case Opcode::MemoryGrow: {
      const Entry delta = stack_.pop();
      code_.emit<IrOp::MemoryGrow>(
          {.dst = stack_.push(delta.type).slot, .delta = delta.slot, .memory = instr.index});
      return true;
    }
    case Opcode::MemoryFill: {
      const Entry length = stack_.pop(), value = stack_.pop(), destination = stack_.pop();
      code_.emit<IrOp::MemoryFill>({.memory = instr.index,
                                    .destination = destination.slot,
                                    .value = value.slot,
                                    .length = length.slot});
      return true;
    }
    case Opcode::MemoryCopy: { // memory.copy destination source
      const Entry length = stack_.pop(), source = stack_.pop(), destination = stack_.pop();
      code_.emit<IrOp::MemoryCopy>({.destinationMemory = instr.index,
                                    .sourceMemory = instr.index2,
                                    .destination = destination.slot,
                                    .source = source.slot,
                                    .length = length.slot});
      return true;
    }
    case Opcode::MemoryInit: {
      const Entry length = stack_.pop(), source = stack_.pop(), destination = stack_.pop();
      code_.emit<IrOp::MemoryInit>({.data = instr.index,
                                    .memory = instr.index2,
                                    .destination = destination.slot,
                                    .source = source.slot,
                                    .length = length.slot});
      return true;
    }
    case Opcode::DataDrop: code_.emit<IrOp::DataDrop>({.data = instr.index}); return true;
    case Opcode::TableGet: {
      const Entry index = stack_.pop();
      code_.emit<IrOp::TableGet>(
          {.dst = stack_.push(effect.pushed[0]).slot, .table = instr.index, .index = index.slot});
      return true;
    }
    case Opcode::TableSet: {
      const Entry value = stack_.pop(), index = stack_.pop();
      code_.emit<IrOp::TableSet>({.table = instr.index, .index = index.slot, .value = value.slot});
      return true;
    }
    case Opcode::TableSize:
      code_.emit<IrOp::TableSize>({.dst = stack_.push(ValType::I32).slot, .table = instr.index});
      return true;
    case Opcode::TableGrow: {
      const Entry delta = stack_.pop(), initial = stack_.pop();
      code_.emit<IrOp::TableGrow>({.dst = stack_.push(ValType::I32).slot,
                                   .table = instr.index,
                                   .initial = initial.slot,
                                   .delta = delta.slot});
      return true;
    }
    case Opcode::TableFill: {
      const Entry length = stack_.pop(), value = stack_.pop(), index = stack_.pop();
      code_.emit<IrOp::TableFill>(
          {.table = instr.index, .index = index.slot, .value = value.slot, .length = length.slot});
      return true;
    }
    case Opcode::TableCopy: {
      const Entry length = stack_.pop(), source = stack_.pop(), destination = stack_.pop();
      code_.emit<IrOp::TableCopy>({.destinationTable = instr.index,
                                   .sourceTable = instr.index2,
                                   .destination = destination.slot,
                                   .source = source.slot,
                                   .length = length.slot});
      return true;
    }
    case Opcode::TableInit: {
      const Entry length = stack_.pop(), source = stack_.pop(), destination = stack_.pop();
      code_.emit<IrOp::TableInit>({.table = instr.index2,
                                   .elem = instr.index,
                                   .destination = destination.slot,
                                   .source = source.slot,
                                   .length = length.slot});
      return true;
    }
    case Opcode::ElemDrop: code_.emit<IrOp::ElemDrop>({.elem = instr.index}); return true;
    case Opcode::RefIsNull: {
      const Entry reference = stack_.pop();
      code_.emit<IrOp::RefIsNull>({.dst = stack_.push(ValType::I32).slot, .src = reference.slot});
      return true;
    }
    default: return false;
    }
  }

  // --- GC -------------------------------------------------------------------------------------

  const GcType& gcTypeOf(std::uint32_t index) const {
    return gcType(module_.canonicalTypeIds[index]);
  }
  static std::uint64_t word(const void* pointer) {
    return reinterpret_cast<std::uintptr_t>(pointer);
  }
  std::uint64_t castTargetWord(HeapType heap, bool nullable) const {
    return word(
        internCastTarget(castTarget(ValType::ref(heap, nullable), module_.canonicalTypeIds)));
  }
  // The IR storage word of a read of `storage` by `op` (signed for the _s forms).
  static std::uint64_t readMode(Storage storage, Opcode op) {
    const bool isSigned = op == Opcode::StructGetS || op == Opcode::ArrayGetS;
    return static_cast<std::uint64_t>(storage) | (isSigned ? kSignedRead : 0);
  }

  // br_on_cast and br_on_cast_fail: a test into a scratch slot, then a branch on it like
  // br_on_non_null's; the reference stays on the stack, retyped.
  void compileBrOnCast(const binary::Instr& instr) {
    ControlFrame& target = label(instr.index);
    stack_.materializeTop(target.labelTypes().size());
    const Entry reference = stack_.top();
    const Entry scratch = stack_.push(ValType::I32);
    code_.emit<IrOp::RefTest>({.dst = scratch.slot,
                               .src = reference.slot,
                               .target = castTargetWord(instr.heap2, (instr.castFlags & 2) != 0)});
    stack_.pop();
    branchOnReference(target, scratch.slot, instr.op == Opcode::BrOnCastFail);
    const ValType from = ValType::ref(instr.heap, (instr.castFlags & 1) != 0);
    const ValType to = ValType::ref(instr.heap2, (instr.castFlags & 2) != 0);
    stack_.top().type =
        instr.op == Opcode::BrOnCast ? (to.nullable() ? from.withNullable(false) : from) : to;
  }

  // Structs, arrays, i31 and casts; true when `instr` is one of them.
  bool compileGc(const binary::Instr& instr, const InstrEffect& effect) {
    switch (instr.op) {
    case Opcode::RefEq: {
      const Entry b = stack_.pop(), a = stack_.pop();
      code_.emit<IrOp::I64Eq>({.dst = stack_.push(ValType::I32).slot, .a = a.slot, .b = b.slot});
      return true;
    }
    case Opcode::StructNew: {
      const GcType& type = gcTypeOf(instr.index);
      const std::uint32_t arguments = takeArguments(type.fieldSlots.size());
      code_.emit<IrOp::StructNew>(
          {.dst = stack_.push(effect.pushed[0]).slot, .type = word(&type), .arguments = arguments});
      return true;
    }
    case Opcode::StructNewDefault:
      code_.emit<IrOp::StructNewDefault>(
          {.dst = stack_.push(effect.pushed[0]).slot, .type = word(&gcTypeOf(instr.index))});
      return true;
    case Opcode::StructGet:
    case Opcode::StructGetS:
    case Opcode::StructGetU: {
      const GcType& type = gcTypeOf(instr.index);
      const Entry object = stack_.pop();
      code_.emit<IrOp::StructGet>({.dst = stack_.push(effect.pushed[0]).slot,
                                   .object = object.slot,
                                   .field = type.fieldSlots[instr.index2],
                                   .storage = readMode(type.fieldStorage[instr.index2], instr.op)});
      return true;
    }
    case Opcode::StructSet: {
      const GcType& type = gcTypeOf(instr.index);
      const Entry value = stack_.pop(), object = stack_.pop();
      code_.emit<IrOp::StructSet>(
          {.object = object.slot,
           .field = type.fieldSlots[instr.index2],
           .value = value.slot,
           .storage = static_cast<std::uint64_t>(type.fieldStorage[instr.index2])});
      return true;
    }
    case Opcode::ArrayNew: {
      const Entry length = stack_.pop(), value = stack_.pop();
      code_.emit<IrOp::ArrayNew>({.dst = stack_.push(effect.pushed[0]).slot,
                                  .type = word(&gcTypeOf(instr.index)),
                                  .value = value.slot,
                                  .length = length.slot});
      return true;
    }
    case Opcode::ArrayNewDefault: {
      const Entry length = stack_.pop();
      code_.emit<IrOp::ArrayNewDefault>({.dst = stack_.push(effect.pushed[0]).slot,
                                         .type = word(&gcTypeOf(instr.index)),
                                         .length = length.slot});
      return true;
    }
    case Opcode::ArrayNewFixed: {
      const std::uint32_t arguments = takeArguments(instr.index2);
      code_.emit<IrOp::ArrayNewFixed>({.dst = stack_.push(effect.pushed[0]).slot,
                                       .type = word(&gcTypeOf(instr.index)),
                                       .arguments = arguments,
                                       .count = instr.index2});
      return true;
    }
    case Opcode::ArrayNewData:
    case Opcode::ArrayNewElem: {
      const Entry length = stack_.pop(), offset = stack_.pop();
      const std::uint32_t dst = stack_.push(effect.pushed[0]).slot;
      const std::uint64_t type = word(&gcTypeOf(instr.index));
      if (instr.op == Opcode::ArrayNewData) {
        code_.emit<IrOp::ArrayNewData>({.dst = dst,
                                        .type = type,
                                        .data = instr.index2,
                                        .offset = offset.slot,
                                        .length = length.slot});
      } else {
        code_.emit<IrOp::ArrayNewElem>({.dst = dst,
                                        .type = type,
                                        .elem = instr.index2,
                                        .offset = offset.slot,
                                        .length = length.slot});
      }
      return true;
    }
    case Opcode::ArrayGet:
    case Opcode::ArrayGetS:
    case Opcode::ArrayGetU: {
      const GcType& type = gcTypeOf(instr.index);
      const Entry index = stack_.pop(), object = stack_.pop();
      code_.emit<IrOp::ArrayGet>({.dst = stack_.push(effect.pushed[0]).slot,
                                  .object = object.slot,
                                  .index = index.slot,
                                  .storage = readMode(type.element, instr.op)});
      return true;
    }
    case Opcode::ArraySet: {
      const GcType& type = gcTypeOf(instr.index);
      const Entry value = stack_.pop(), index = stack_.pop(), object = stack_.pop();
      code_.emit<IrOp::ArraySet>({.object = object.slot,
                                  .index = index.slot,
                                  .value = value.slot,
                                  .storage = static_cast<std::uint64_t>(type.element)});
      return true;
    }
    case Opcode::ArrayLen: {
      const Entry object = stack_.pop();
      code_.emit<IrOp::ArrayLen>({.dst = stack_.push(ValType::I32).slot, .object = object.slot});
      return true;
    }
    case Opcode::ArrayFill: {
      const GcType& type = gcTypeOf(instr.index);
      const Entry length = stack_.pop(), value = stack_.pop(), index = stack_.pop(),
                  object = stack_.pop();
      code_.emit<IrOp::ArrayFill>({.object = object.slot,
                                   .index = index.slot,
                                   .value = value.slot,
                                   .length = length.slot,
                                   .storage = static_cast<std::uint64_t>(type.element)});
      return true;
    }
    case Opcode::ArrayCopy: {
      const Entry length = stack_.pop(), sourceIndex = stack_.pop(), source = stack_.pop(),
                  destinationIndex = stack_.pop(), destination = stack_.pop();
      code_.emit<IrOp::ArrayCopy>({.destination = destination.slot,
                                   .destinationIndex = destinationIndex.slot,
                                   .source = source.slot,
                                   .sourceIndex = sourceIndex.slot,
                                   .length = length.slot});
      return true;
    }
    case Opcode::ArrayInitData:
    case Opcode::ArrayInitElem: {
      const Entry length = stack_.pop(), offset = stack_.pop(), index = stack_.pop(),
                  object = stack_.pop();
      if (instr.op == Opcode::ArrayInitData) {
        code_.emit<IrOp::ArrayInitData>({.object = object.slot,
                                         .index = index.slot,
                                         .data = instr.index2,
                                         .offset = offset.slot,
                                         .length = length.slot});
      } else {
        code_.emit<IrOp::ArrayInitElem>({.object = object.slot,
                                         .index = index.slot,
                                         .elem = instr.index2,
                                         .offset = offset.slot,
                                         .length = length.slot});
      }
      return true;
    }
    case Opcode::RefI31:
    case Opcode::I31GetS:
    case Opcode::I31GetU: {
      const Entry src = stack_.pop();
      const std::uint32_t dst = stack_.push(effect.pushed[0]).slot;
      if (instr.op == Opcode::RefI31) {
        code_.emit<IrOp::RefI31>({.dst = dst, .src = src.slot});
      } else if (instr.op == Opcode::I31GetS) {
        code_.emit<IrOp::I31GetS>({.dst = dst, .src = src.slot});
      } else {
        code_.emit<IrOp::I31GetU>({.dst = dst, .src = src.slot});
      }
      return true;
    }
    case Opcode::RefTest:
    case Opcode::RefTestNull: {
      const Entry src = stack_.pop();
      code_.emit<IrOp::RefTest>(
          {.dst = stack_.push(ValType::I32).slot,
           .src = src.slot,
           .target = castTargetWord(instr.heap, instr.op == Opcode::RefTestNull)});
      return true;
    }
    case Opcode::RefCast:
    case Opcode::RefCastNull: {
      Entry& reference = stack_.top();
      code_.emit<IrOp::RefCast>(
          {.src = reference.slot,
           .target = castTargetWord(instr.heap, instr.op == Opcode::RefCastNull)});
      reference.type = effect.pushed[0];
      return true;
    }
    case Opcode::BrOnCast:
    case Opcode::BrOnCastFail: compileBrOnCast(instr); return true;
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny: stack_.top().type = effect.pushed[0]; return true;
    default: return false;
    }
  }

  Error unsupported(const binary::Instr& instr) const {
    return Error(ErrorKind::Unsupported,
                 "the interpreter does not run " + std::string(binary::opcodeName(instr.op)) +
                     " yet (function " + std::to_string(functionIndex_) + ")",
                 instr.offset);
  }

  // Instructions the opcode table types (Simple) and the IR implements under the same name: the
  // operand words follow the IR row's fields, each filled by its kind: the results' slots first
  // (dst; two for wide arithmetic, low half first), then the operands' slots in stack order, the
  // memory offset, the lane, the memory and the shuffle's lanes.
  Result<void> compileNumeric(const binary::Instr& instr, const InstrEffect& effect) {
    std::optional<IrOp> op = numericIrOp(instr.op);
    const binary::OpcodeInfo& info = binary::opcodeInfo(instr.op);
    if (!op || info.typing != binary::Typing::Simple || effect.pushed.size() > 2) {
      return unsupported(instr);
    }
    const bool memoryAccess =
        info.imm == binary::ImmKind::MemArg || info.imm == binary::ImmKind::MemArgLane;
    // The memory-0 forms assume a 32-bit memory (one compare against its cached size); a
    // 64-bit memory 0 takes the forms naming their memory.
    if (memoryAccess && (instr.mem.memory != 0 || addressType(0) == ValType::I64)) {
      if (const std::optional<IrOp> named = otherMemoryForm(*op)) op = named;
    }
    std::uint64_t slots[7] = {};
    const std::size_t results = effect.pushed.size();
    if (results + effect.popped + 1 > std::size(slots)) return unsupported(instr);
    std::size_t slotCount = results;
    std::optional<Entry> address; // the first operand of a memory access
    for (std::size_t i = effect.popped; i-- > 0;) {
      const Entry popped = stack_.pop();
      slots[slotCount + i] = popped.slot;
      if (i == 0 && memoryAccess) address = popped;
    }
    slotCount += effect.popped;
    for (std::size_t i = 0; i < results; ++i)
      slots[i] = stack_.push(effect.pushed[i]).slot;
    // An address computed by an i32.add just before: the access adds it itself.
    if (const std::optional<IrOp> added = addedAddressForm(*op); added && address) {
      if (const auto operands = fusion_.takeAddedAddress(*address)) {
        op = added;
        std::copy_backward(slots + results + 1, slots + slotCount, slots + slotCount + 1);
        slots[results] = (*operands)[0];
        slots[results + 1] = (*operands)[1];
        ++slotCount;
      }
    }

    const std::size_t start = code_.here();
    code_.append(static_cast<std::uint64_t>(*op));
    std::size_t nextSlot = 0, nextWord = 0;
    std::uint64_t shuffle[2] = {};
    std::memcpy(shuffle, instr.v128.data(), 16);
    for (FieldKind kind : irOpInfo(*op).kinds) {
      switch (kind) {
      case FieldKind::Slot: code_.append(nextSlot < slotCount ? slots[nextSlot++] : 0); break;
      case FieldKind::Offset: code_.append(instr.mem.offset); break;
      case FieldKind::Lane: code_.append(instr.lane); break;
      case FieldKind::Memory: code_.append(instr.mem.memory); break;
      case FieldKind::Word: code_.append(shuffle[nextWord++ % 2]); break;
      default: return unsupported(instr);
      }
    }
    // The first operand may come from the accumulator; a following local.set may take over a
    // single result's slot (two results stay apart).
    // (That operand is word 1 in each layout with an accumulator form.)
    static_assert(ops::Unary::a == 1 && ops::Binary::a == 1 && ops::Load::address == 1 &&
                  ops::LoadAdd::a == 1 && ops::Store::value == 1);
    fusion_.useAccumulator(start, 1);
    if (results == 1) fusion_.noteResult(static_cast<IrOp>(code_[start]), start, start + 1);
    return {};
  }

  const binary::Module& module_;
  const FuncType& type_;
  std::uint32_t functionIndex_;
  CompileOptions options_;
  CodeBuffer code_;
  OperandStack stack_{code_};
  Fusion fusion_{code_, stack_};
  StackMapRecorder maps_{module_};
  std::vector<ControlFrame> controls_;
  std::uint32_t resultSlots_ = 0;
  std::uint32_t exceptionSlots_ = 0; // legacy catches' (kExceptionSlot + i)
  bool fuelRunPending_ = true;       // the function's entry starts a run
  std::size_t fuelWord_ = 0;         // the fuel word of the current run's ConsumeFuel
};

} // namespace

std::unique_ptr<FunctionCompiler> makeFunctionCompiler(const binary::Module& module,
                                                       std::uint32_t functionIndex,
                                                       const CompileOptions& options) {
  return std::make_unique<Compiler>(module, functionIndex, options);
}

binary::CodeSink* EagerCompilation::begin(const binary::Module& module,
                                          std::uint32_t functionIndex) {
  current_ = makeFunctionCompiler(module, functionIndex, options_);
  return current_.get();
}

Result<void> EagerCompilation::end(std::uint32_t functionIndex) {
  compiled_.emplace_back(functionIndex, current_->finish(handlers_));
  current_.reset();
  return {};
}

void EagerCompilation::install(ModuleCode& code) {
  for (auto& [functionIndex, function] : compiled_)
    code.install(functionIndex, options_, std::move(function));
  compiled_.clear();
}

Result<CompiledFunction> compileFunction(const binary::Module& module, const Features& features,
                                         std::uint32_t functionIndex, const CompileOptions& options,
                                         const void* const* handlers) {
  const binary::FunctionBody& body = module.bodies[functionIndex - module.importedFunctions];
  Compiler compiler(module, functionIndex, options);
  binary::Reader reader(module.binary);
  reader.seek(body.codeOffset);
  binary::ExprErrors errors;
  binary::validateFunctionBody(reader, module, features, functionIndex, body, errors, &compiler);
  if (errors.sink) return *errors.sink;
  if (errors.malformed) return *errors.malformed;
  if (errors.invalid) return *errors.invalid;
  return compiler.finish(handlers);
}

} // namespace wasmline::interp
