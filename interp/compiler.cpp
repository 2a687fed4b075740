#include "interp/compiler.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "binary/instr.h"

namespace wasmline::interp {
namespace {

using binary::BlockType;
using binary::Instr;
using binary::Opcode;

std::uint32_t slotsOf(ValType type) {
  return type == ValType::V128 ? 2 : 1;
}

// The IR opcode of a numeric WebAssembly instruction of the same name, if it is one.
std::optional<IrOp> numericIrOp(Opcode op) {
  switch (op) {
    // clang-format off
#define IR_OP(name, operands)
#define IR_JUMP_IF(name, Type, condition)
#define IR_LOAD(name, Memory, Value) case Opcode::name: return IrOp::name;
#define IR_STORE(name, Memory) case Opcode::name: return IrOp::name;
#define IR_V_LOAD(name, bytes, expression) case Opcode::name: return IrOp::name;
#define IR_V_LOAD_LANE(name, Lane) case Opcode::name: return IrOp::name;
#define IR_V_STORE_LANE(name, Lane) case Opcode::name: return IrOp::name;
#define IR_V_STORE(name) case Opcode::name: return IrOp::name;
#define IR_ANY(name) case Opcode::name: return IrOp::name;
#include "interp/ir.def"
    // clang-format on
  case Opcode::MemoryAtomicNotify: return IrOp::MemoryAtomicNotify;
  case Opcode::MemoryAtomicWait32: return IrOp::MemoryAtomicWait32;
  case Opcode::MemoryAtomicWait64: return IrOp::MemoryAtomicWait64;
  case Opcode::AtomicFence: return IrOp::AtomicFence;
  default: return std::nullopt;
  }
}

// True for the atomic instructions, whose IR always names the memory.
bool isAtomic(IrOp op) {
  switch (op) {
    // clang-format off
#define IR_ATOMIC_LOAD(name, Cell, Value) case IrOp::name:
#define IR_ATOMIC_STORE(name, Cell) case IrOp::name:
#define IR_ATOMIC_RMW(name, Cell, Value, Op) case IrOp::name:
#define IR_ATOMIC_CMPXCHG(name, Cell, Value) case IrOp::name:
#include "interp/ir.def"
    // clang-format on
  case IrOp::MemoryAtomicNotify:
  case IrOp::MemoryAtomicWait32:
  case IrOp::MemoryAtomicWait64: return true;
  default: return false;
  }
}

// The form of a load or store for a memory other than memory 0, if `op` is one.
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

// An operand stack entry. Its value is read from `slot`: its home slot, or the slot of the local
// it was read from (local.get emits nothing until the local changes or the value must be home).
// A comparison and the branches it fuses into: taken when the comparison is true / false.
struct FusedBranch {
  IrOp compare;
  IrOp whenTrue;
  IrOp whenFalse;
};

constexpr FusedBranch kFusedBranches[] = {
    {IrOp::I32Eqz, IrOp::JumpIfZero, IrOp::JumpIfNonZero},
    {IrOp::I64Eqz, IrOp::JumpIfZero64, IrOp::JumpIfNonZero64},
#define FUSE(T)                                                                                    \
  {IrOp::T##Eq, IrOp::JumpIf##T##Eq, IrOp::JumpIf##T##Ne},                                         \
      {IrOp::T##Ne, IrOp::JumpIf##T##Ne, IrOp::JumpIf##T##Eq},                                     \
      {IrOp::T##LtS, IrOp::JumpIf##T##LtS, IrOp::JumpIf##T##GeS},                                  \
      {IrOp::T##LtU, IrOp::JumpIf##T##LtU, IrOp::JumpIf##T##GeU},                                  \
      {IrOp::T##GtS, IrOp::JumpIf##T##GtS, IrOp::JumpIf##T##LeS},                                  \
      {IrOp::T##GtU, IrOp::JumpIf##T##GtU, IrOp::JumpIf##T##LeU},                                  \
      {IrOp::T##LeS, IrOp::JumpIf##T##LeS, IrOp::JumpIf##T##GtS},                                  \
      {IrOp::T##LeU, IrOp::JumpIf##T##LeU, IrOp::JumpIf##T##GtU},                                  \
      {IrOp::T##GeS, IrOp::JumpIf##T##GeS, IrOp::JumpIf##T##LtS}, {                                \
    IrOp::T##GeU, IrOp::JumpIf##T##GeU, IrOp::JumpIf##T##LtU                                       \
  }
    FUSE(I32),
    FUSE(I64),
#undef FUSE
};

struct Entry {
  ValType type;
  std::uint32_t slot; // where the value is
  std::uint32_t home; // the entry's own slot
};

struct ControlFrame {
  Opcode kind = Opcode::Block; // Block, Loop, If; Block also for the function body
  std::vector<ValType> params;
  std::vector<ValType> results;
  std::size_t height = 0;             // operand stack entries below the frame's parameters
  std::uint32_t base = 0;             // the slot of the first parameter / result
  std::size_t loopStart = 0;          // for loops: where branches go
  std::vector<std::size_t> endFixups; // operand words to patch with the end's position
  std::optional<std::size_t> elseFixup;
  std::uint32_t savedParams = 0; // if with parameters: where copies for the else branch are
  bool unreachable = false;
};

class Compiler {
public:
  Compiler(runtime::StoreData& store, const runtime::Instance& instance,
           std::uint32_t functionIndex, const Features& features, const void* const* handlers)
      : store_(store), instance_(instance), module_(*instance.module), features_(features),
        functionIndex_(functionIndex), handlers_(handlers) {}

  Result<CompiledFunction> run() {
    const FuncType& type = module_.functionType(functionIndex_);
    const binary::FunctionBody& body = module_.bodies[functionIndex_ - module_.importedFunctions];
    std::uint32_t slot = 0;
    for (ValType param : type.params) {
      localSlots_.push_back(slot);
      localTypes_.push_back(param);
      slot += slotsOf(param);
    }
    out_.paramSlots = slot;
    for (const binary::LocalRun& run : body.locals) {
      for (std::uint32_t i = 0; i < run.count; ++i) {
        localSlots_.push_back(slot);
        localTypes_.push_back(run.type);
        slot += slotsOf(run.type);
      }
    }
    // The first distinct scalar constants get slots of their own, after the locals, so that
    // `i32.const` and friends inside the body cost nothing. One InitFrame per call zeroes the
    // declared locals and sets the constants.
    if (auto scanned = collectConstants(body); !scanned) return scanned.error();
    const std::uint32_t declaredLocals = slot - out_.paramSlots;
    for (auto& [key, constantSlot] : constants_)
      constantSlot = slot++;
    if (slot > out_.paramSlots) {
      emit(IrOp::InitFrame, out_.paramSlots, slot - out_.paramSlots);
      out_.code.resize(out_.code.size() + declaredLocals, 0);
      for (const auto& [key, constantSlot] : constants_)
        out_.code.push_back(key.second);
    }
    localsEnd_ = slot;
    maxSlot_ = slot;
    for (ValType result : type.results)
      out_.resultSlots += slotsOf(result);

    ControlFrame function;
    function.results = type.results;
    function.base = localsEnd_;
    controls_.push_back(std::move(function));

    binary::Reader reader(module_.binary);
    reader.seek(body.codeOffset);
    binary::InstrDecoder decoder(reader, module_, features_);
    Instr instr;
    const ExecutionConfig& execution = store_.config().execution;
    const bool trace = static_cast<bool>(execution.trace);
    if (execution.consumeFuel) startFuelRun();
    while (!controls_.empty()) {
      if (!decoder.next(instr)) return reader.error();
      const bool reachable = !controls_.back().unreachable;
      if (reachable) {
        if (trace) emit(IrOp::Trace, instr.offset, static_cast<std::uint64_t>(instr.op));
        out_.offsets.emplace_back(static_cast<std::uint32_t>(here()),
                                  static_cast<std::uint32_t>(instr.offset));
      }
      if (auto result = compile(instr); !result) return result.error();
      if (execution.consumeFuel) chargeFuel(instr.op, reachable);
    }
    out_.frameSlots = maxSlot_;
    out_.stackSlots = std::max(out_.frameSlots, out_.resultSlots);
    return std::move(out_);
  }

private:
  // --- emission -----------------------------------------------------------------------------

  // The code word of `op`: its handler's address, or its number.
  std::uint64_t opcodeWord(IrOp op) const {
    return handlers_ == nullptr
               ? static_cast<std::uint64_t>(op)
               : reinterpret_cast<std::uintptr_t>(handlers_[static_cast<std::size_t>(op)]);
  }
  template <class... Operands> void emit(IrOp op, Operands... operands) {
    out_.code.push_back(opcodeWord(op));
    (out_.code.push_back(static_cast<std::uint64_t>(operands)), ...);
  }
  std::size_t here() const { return out_.code.size(); }
  void patch(std::size_t operand, std::size_t target) { out_.code[operand] = target; }

  void copy(std::uint32_t destination, std::uint32_t source, ValType type) {
    if (destination == source) return;
    emit(type == ValType::V128 ? IrOp::Copy128 : IrOp::Copy, destination, source);
  }

  // --- fuel -------------------------------------------------------------------------------------

  // Fuel is charged on entering each straight-line run of code for all of its instructions: a
  // run starts at the function's entry, a loop's start, a then or else branch, after a br_if
  // and where a block ends (where branches arrive).
  void startFuelRun() {
    emit(IrOp::ConsumeFuel, 0);
    fuelWord_ = here() - 1;
  }
  // Counts the instruction `op` just compiled if it was reachable; starts a new run after it
  // when one starts there and the code there is reachable.
  void chargeFuel(Opcode op, bool reachable) {
    if (reachable) out_.code[fuelWord_] += 1;
    if (controls_.empty() || controls_.back().unreachable) return;
    switch (op) {
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::Else:
    case Opcode::End:
    case Opcode::BrIf: startFuelRun(); break;
    default: break;
    }
  }

  // --- the operand stack -------------------------------------------------------------------------

  std::uint32_t nextSlot() const {
    return stack_.empty() ? localsEnd_ : stack_.back().home + slotsOf(stack_.back().type);
  }
  Entry push(ValType type) {
    const Entry entry{type, nextSlot(), nextSlot()};
    stack_.push_back(entry);
    maxSlot_ = std::max(maxSlot_, entry.slot + slotsOf(type));
    return entry;
  }
  Entry pop() {
    const Entry entry = stack_.back();
    stack_.pop_back();
    return entry;
  }
  // The slot of the first of the top `count` entries (the next free slot when count is 0).
  std::uint32_t slotOfTop(std::size_t count) const {
    return count == 0 ? nextSlot() : stack_[stack_.size() - count].home;
  }

  // Decodes the body once to give its first kMaxPooledConstants distinct scalar constants a slot
  // each (assigned by the caller). Errors: as decoding (the body was validated already).
  Result<void> collectConstants(const binary::FunctionBody& body) {
    binary::Reader reader(module_.binary);
    reader.seek(body.codeOffset);
    binary::InstrDecoder decoder(reader, module_, features_);
    Instr instr;
    std::size_t depth = 1;
    while (depth > 0) {
      if (!decoder.next(instr)) return reader.error();
      switch (instr.op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If: ++depth; break;
      case Opcode::End: --depth; break;
      case Opcode::I32Const:
      case Opcode::I64Const:
      case Opcode::F32Const:
      case Opcode::F64Const:
        if (constants_.size() < kMaxPooledConstants)
          constants_.try_emplace({instr.op, instr.value}, 0);
        break;
      default: break;
      }
    }
    return {};
  }

  // Records that the instruction `op` just emitted wrote the top entry through its first operand
  // word, `destinationWord`, so a following local.set/tee can retarget it and a following branch
  // can fuse with it.
  void noteResult(IrOp op, std::size_t destinationWord) {
    lastResultOp_ = op;
    lastResultWord_ = destinationWord;
    lastResultEnd_ = here();
    resultEndBefore_ = 0;
  }

  // Emits a jump to `target` taken when `condition` is non-zero (`whenTrue`) or zero; returns
  // the index of its target word. When the condition was computed by a comparison emitted just
  // before (and read nowhere else), the comparison becomes the jump: same length, one dispatch.
  std::size_t conditionalJump(const Entry& condition, bool whenTrue, std::size_t target) {
    if (resultEndBefore_ == here() && condition.slot == condition.home &&
        out_.code[lastResultWord_] == condition.home) {
      for (const FusedBranch& fused : kFusedBranches) {
        if (fused.compare != lastResultOp_) continue;
        const std::size_t start = lastResultWord_ - 1;
        const IrOp jump = whenTrue ? fused.whenTrue : fused.whenFalse;
        out_.code[start] = opcodeWord(jump);
        out_.code[start + 1] = out_.code[start + 2]; // operand a (the result word goes)
        if (here() - start == 4) {                   // binary: a, b, target
          out_.code[start + 2] = out_.code[start + 3];
          out_.code[start + 3] = target;
        } else { // unary (eqz): a, target
          out_.code[start + 2] = target;
        }
        resultEndBefore_ = 0;
        return here() - 1;
      }
    }
    emit(whenTrue ? IrOp::JumpIfNonZero : IrOp::JumpIfZero, condition.slot, target);
    return here() - 1;
  }
  // Folds `op; local.set x` into `op` writing x directly: possible when the top entry was
  // produced by the instruction that ends the code (nothing emitted since, not even a copy to
  // protect a read of x). Handlers read all operands before writing their destination.
  bool foldIntoLocal(std::size_t codeBefore, std::uint32_t local) {
    if (stack_.empty() || lastResultEnd_ != here() || codeBefore != here()) return false;
    const Entry& value = stack_.back();
    if (value.slot != value.home || out_.code[lastResultWord_] != value.home) return false;
    out_.code[lastResultWord_] = localSlots_[local];
    lastResultEnd_ = 0;
    return true;
  }

  // Copies an entry read from a local into its home slot.
  void materialize(Entry& entry) {
    if (entry.slot == entry.home) return;
    copy(entry.home, entry.slot, entry.type);
    entry.slot = entry.home;
  }
  // Materializes the top `count` entries (all when count exceeds the stack).
  void materializeTop(std::size_t count) {
    const std::size_t first = stack_.size() - std::min(count, stack_.size());
    for (std::size_t i = first; i < stack_.size(); ++i)
      materialize(stack_[i]);
  }
  // Before local `index` changes: entries still reading it get their own copy.
  void materializeLocal(std::uint32_t index) {
    for (Entry& entry : stack_) {
      if (entry.slot == localSlots_[index]) materialize(entry);
    }
  }

  // --- control ----------------------------------------------------------------------------------

  std::pair<std::vector<ValType>, std::vector<ValType>> blockSignature(const BlockType& block) {
    switch (block.kind) {
    case BlockType::Kind::Empty: return {};
    case BlockType::Kind::Value: return {{}, {block.value}};
    case BlockType::Kind::TypeIndex: {
      const FuncType& type = module_.funcType(block.typeIndex);
      return {type.params, type.results};
    }
    }
    return {};
  }

  void pushFrame(Opcode kind, const BlockType& block) {
    // Values entering a block live in their home slots: a local changed inside the block must not
    // change them on some paths only.
    if (!controls_.back().unreachable) materializeTop(stack_.size());
    ControlFrame frame;
    frame.kind = kind;
    std::tie(frame.params, frame.results) = blockSignature(block);
    frame.unreachable = controls_.back().unreachable;
    if (frame.unreachable) { // no code is emitted for it; only its nesting matters
      frame.height = stack_.size();
      frame.base = nextSlot();
    } else {
      frame.height = stack_.size() - frame.params.size();
      frame.base = slotOfTop(frame.params.size());
    }
    frame.loopStart = here();
    controls_.push_back(std::move(frame));
  }

  void setUnreachable() {
    ControlFrame& frame = controls_.back();
    stack_.resize(frame.height);
    frame.unreachable = true;
  }

  const std::vector<ValType>& labelTypes(const ControlFrame& frame) const {
    return frame.kind == Opcode::Loop ? frame.params : frame.results;
  }

  // Moves the top values a branch to `frame` carries into the frame's base slots.
  void moveBranchValues(const ControlFrame& frame) {
    const auto& types = labelTypes(frame);
    // From home slots (never below the target's) the moves run downwards in order, so none
    // overwrites a value still to be moved.
    materializeTop(types.size());
    std::uint32_t destination = frame.base;
    for (std::size_t i = 0; i < types.size(); ++i) {
      const Entry& value = stack_[stack_.size() - types.size() + i];
      copy(destination, value.slot, value.type);
      destination += slotsOf(value.type);
    }
  }

  // Jumps to `frame`'s label (the values are in place).
  void jumpTo(ControlFrame& frame) {
    if (frame.kind == Opcode::Loop) {
      emit(IrOp::Jump, frame.loopStart);
    } else {
      emit(IrOp::Jump, 0);
      frame.endFixups.push_back(here() - 1);
    }
  }

  ControlFrame& label(std::uint32_t depth) { return controls_[controls_.size() - 1 - depth]; }

  void endFrame() {
    ControlFrame frame = std::move(controls_.back());
    controls_.pop_back();
    if (frame.elseFixup) patch(*frame.elseFixup, here());
    for (std::size_t fixup : frame.endFixups)
      patch(fixup, here());
    stack_.resize(frame.height);
    for (ValType result : frame.results)
      push(result);
    if (controls_.empty()) {
      // The function's end: results go to the frame's first slots.
      std::uint32_t destination = 0;
      for (std::size_t i = 0; i < frame.results.size(); ++i) {
        const Entry& value = stack_[i];
        copy(destination, value.slot, value.type);
        destination += slotsOf(value.type);
      }
      emit(IrOp::Return);
    }
  }

  Error unsupported(const Instr& instr) {
    return Error(ErrorKind::Unsupported,
                 "the interpreter does not run " + std::string(binary::opcodeName(instr.op)) +
                     " yet (function " + std::to_string(functionIndex_) + ")");
  }

  // --- instructions -----------------------------------------------------------------------------

  Result<void> compile(const Instr& instr) {
    switch (instr.op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::Else:
    case Opcode::End:
    case Opcode::Br:
    case Opcode::BrIf:
    case Opcode::BrTable:
      // A label may sit here: other paths would not write the local. A branch may still fuse
      // with the comparison before it.
      resultEndBefore_ = lastResultEnd_;
      lastResultEnd_ = 0;
      break;
    default: break;
    }
    ControlFrame& frame = controls_.back();
    if (frame.unreachable) {
      switch (instr.op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If: pushFrame(instr.op, instr.block); return {};
      case Opcode::Else:
      case Opcode::End: break;
      default: return {};
      }
    }
    switch (instr.op) {
    case Opcode::Nop: return {};
    case Opcode::Unreachable:
      emit(IrOp::Unreachable);
      setUnreachable();
      return {};
    case Opcode::Block: pushFrame(Opcode::Block, instr.block); return {};
    case Opcode::Loop: pushFrame(Opcode::Loop, instr.block); return {};
    case Opcode::If: {
      const Entry condition = pop();
      pushFrame(Opcode::If, instr.block);
      ControlFrame& block = controls_.back();
      if (!block.params.empty()) {
        // The then branch may overwrite the parameters; keep copies for the else branch.
        block.savedParams = condition.home + 1; // the condition's slot is still read
        std::uint32_t to = block.savedParams;
        for (std::size_t i = block.height; i < stack_.size(); ++i) {
          copy(to, stack_[i].slot, stack_[i].type);
          to += slotsOf(stack_[i].type);
        }
        maxSlot_ = std::max(maxSlot_, to);
      }
      block.elseFixup = conditionalJump(condition, false, 0);
      return {};
    }
    case Opcode::Else: {
      ControlFrame& block = controls_.back();
      if (!block.unreachable) {
        materializeTop(stack_.size() - block.height);
        jumpTo(block);
      }
      if (block.elseFixup) patch(*block.elseFixup, here());
      block.elseFixup.reset();
      block.unreachable = controls_[controls_.size() - 2].unreachable;
      stack_.resize(block.height);
      std::uint32_t from = block.savedParams;
      for (ValType param : block.params) {
        const Entry entry = push(param);
        copy(entry.slot, from, param);
        from += slotsOf(param);
      }
      return {};
    }
    case Opcode::End:
      if (!controls_.back().unreachable) materializeTop(stack_.size() - controls_.back().height);
      endFrame();
      return {};
    case Opcode::Br: {
      ControlFrame& target = label(instr.index);
      moveBranchValues(target);
      jumpTo(target);
      setUnreachable();
      return {};
    }
    case Opcode::BrIf: {
      const Entry condition = pop();
      ControlFrame& target = label(instr.index);
      const auto& types = labelTypes(target);
      // Materialize on the path both outcomes share, not inside the taken branch.
      materializeTop(types.size());
      if (types.empty() || slotOfTop(types.size()) == target.base) {
        if (target.kind == Opcode::Loop) {
          conditionalJump(condition, true, target.loopStart);
        } else {
          target.endFixups.push_back(conditionalJump(condition, true, 0));
        }
        return {};
      }
      const std::size_t skip = conditionalJump(condition, false, 0);
      moveBranchValues(target);
      jumpTo(target);
      patch(skip, here());
      return {};
    }
    case Opcode::BrTable: {
      const Entry index = pop();
      const std::size_t count = instr.targets.size();
      // Every target takes the same number of values; bring them home before the jump.
      materializeTop(labelTypes(label(instr.index)).size());
      emit(IrOp::JumpTable, index.slot, count);
      const std::size_t table = here();
      out_.code.resize(out_.code.size() + count + 1);
      for (std::size_t i = 0; i <= count; ++i) {
        const std::uint32_t depth = i < count ? instr.targets[i] : instr.index;
        patch(table + i, here());
        ControlFrame& target = label(depth);
        moveBranchValues(target);
        jumpTo(target);
      }
      setUnreachable();
      return {};
    }
    case Opcode::Return: {
      const FuncType& type = module_.functionType(functionIndex_);
      materializeTop(type.results.size());
      std::uint32_t destination = 0;
      for (std::size_t i = 0; i < type.results.size(); ++i) {
        const Entry& value = stack_[stack_.size() - type.results.size() + i];
        copy(destination, value.slot, value.type);
        destination += slotsOf(value.type);
      }
      emit(IrOp::Return);
      setUnreachable();
      return {};
    }
    case Opcode::Call: {
      runtime::FuncInstance* callee = instance_.functions[instr.index];
      return call(callee->type, [&](std::uint32_t arguments) {
        emit(IrOp::Call, reinterpret_cast<std::uintptr_t>(callee), arguments);
      });
    }
    case Opcode::CallIndirect: {
      const Entry index = pop();
      const FuncType& type = module_.funcType(instr.index);
      const std::uint32_t typeId = store_.internType(type);
      runtime::TableInstance* table = instance_.tables[instr.index2];
      return call(type, [&](std::uint32_t arguments) {
        emit(IrOp::CallIndirect, reinterpret_cast<std::uintptr_t>(table), typeId, index.slot,
             arguments);
      });
    }
    case Opcode::ReturnCall: {
      runtime::FuncInstance* callee = instance_.functions[instr.index];
      tailCall(callee->type, [&](std::uint32_t arguments, std::uint32_t argumentSlots) {
        emit(IrOp::TailCall, pointer(callee), arguments, argumentSlots);
      });
      return {};
    }
    case Opcode::ReturnCallIndirect: {
      const Entry index = pop();
      const FuncType& type = module_.funcType(instr.index);
      const std::uint32_t typeId = store_.internType(type);
      tailCall(type, [&](std::uint32_t arguments, std::uint32_t argumentSlots) {
        emit(IrOp::TailCallIndirect, table(instr.index2), typeId, index.slot, arguments,
             argumentSlots);
      });
      return {};
    }
    case Opcode::Drop: pop(); return {};
    case Opcode::Select:
    case Opcode::SelectT: {
      const Entry condition = pop();
      const Entry second = pop();
      const Entry first = pop();
      const Entry result = push(first.type);
      emit(first.type == ValType::V128 ? IrOp::Select128 : IrOp::Select, result.slot, first.slot,
           second.slot, condition.slot);
      return {};
    }
    case Opcode::LocalGet: {
      const ValType type = localTypes_[instr.index];
      push(type);
      stack_.back().slot = localSlots_[instr.index];
      return {};
    }
    case Opcode::LocalSet: {
      const std::size_t before = here();
      materializeLocal(instr.index);
      if (foldIntoLocal(before, instr.index)) {
        pop();
        return {};
      }
      const Entry value = pop();
      copy(localSlots_[instr.index], value.slot, value.type);
      return {};
    }
    case Opcode::LocalTee: {
      const std::size_t before = here();
      materializeLocal(instr.index);
      if (foldIntoLocal(before, instr.index)) {
        stack_.back().slot = localSlots_[instr.index]; // the value now lives in the local
        return {};
      }
      const Entry& value = stack_.back();
      copy(localSlots_[instr.index], value.slot, value.type);
      return {};
    }
    case Opcode::GlobalGet: {
      runtime::GlobalInstance* global = instance_.globals[instr.index];
      const Entry result = push(global->type.type);
      emit(global->type.type == ValType::V128 ? IrOp::GlobalGet128 : IrOp::GlobalGet, result.slot,
           reinterpret_cast<std::uintptr_t>(global));
      return {};
    }
    case Opcode::GlobalSet: {
      runtime::GlobalInstance* global = instance_.globals[instr.index];
      const Entry value = pop();
      emit(value.type == ValType::V128 ? IrOp::GlobalSet128 : IrOp::GlobalSet,
           reinterpret_cast<std::uintptr_t>(global), value.slot);
      return {};
    }
    case Opcode::I32Const:
    case Opcode::F32Const:
    case Opcode::I64Const:
    case Opcode::F64Const: {
      const auto pooled = constants_.find({instr.op, instr.value});
      if (pooled != constants_.end()) {
        push(constType(instr.op));
        stack_.back().slot = pooled->second; // read-only: never needs protecting
        return {};
      }
      emit(IrOp::SetConst, push(constType(instr.op)).slot, instr.value);
      noteResult(IrOp::SetConst, here() - 2);
      return {};
    }
    case Opcode::V128Const: {
      std::uint64_t low = 0, high = 0;
      std::memcpy(&low, instr.v128.data(), 8);
      std::memcpy(&high, instr.v128.data() + 8, 8);
      emit(IrOp::SetConst128, push(ValType::V128).slot, low, high);
      return {};
    }
    case Opcode::MemorySize:
      emit(IrOp::MemorySize, push(addressType(instr.index)).slot, memory(instr.index));
      return {};
    case Opcode::MemoryGrow: {
      const Entry delta = pop();
      emit(IrOp::MemoryGrow, push(delta.type).slot, delta.slot, memory(instr.index));
      return {};
    }
    case Opcode::MemoryFill: {
      const Entry length = pop();
      const Entry value = pop();
      const Entry destination = pop();
      emit(IrOp::MemoryFill, memory(instr.index), destination.slot, value.slot, length.slot);
      return {};
    }
    case Opcode::MemoryCopy: { // memory.copy destination source
      const Entry length = pop();
      const Entry source = pop();
      const Entry destination = pop();
      emit(IrOp::MemoryCopy, memory(instr.index), memory(instr.index2), destination.slot,
           source.slot, length.slot);
      return {};
    }
    case Opcode::MemoryInit: {
      const Entry length = pop();
      const Entry source = pop();
      const Entry destination = pop();
      emit(IrOp::MemoryInit, pointer(&instance_.data[instr.index]), memory(instr.index2),
           destination.slot, source.slot, length.slot);
      return {};
    }
    case Opcode::DataDrop: emit(IrOp::DataDrop, pointer(&instance_.data[instr.index])); return {};
    case Opcode::TableGet: {
      const Entry index = pop();
      emit(IrOp::TableGet, push(tableType(instr.index)).slot, table(instr.index), index.slot);
      return {};
    }
    case Opcode::TableSet: {
      const Entry value = pop();
      const Entry index = pop();
      emit(IrOp::TableSet, table(instr.index), index.slot, value.slot);
      return {};
    }
    case Opcode::TableSize:
      emit(IrOp::TableSize, push(ValType::I32).slot, table(instr.index));
      return {};
    case Opcode::TableGrow: {
      const Entry delta = pop();
      const Entry initial = pop();
      emit(IrOp::TableGrow, push(ValType::I32).slot, table(instr.index), initial.slot, delta.slot);
      return {};
    }
    case Opcode::TableFill: {
      const Entry length = pop();
      const Entry value = pop();
      const Entry index = pop();
      emit(IrOp::TableFill, table(instr.index), index.slot, value.slot, length.slot);
      return {};
    }
    case Opcode::TableCopy: {
      const Entry length = pop();
      const Entry source = pop();
      const Entry destination = pop();
      emit(IrOp::TableCopy, table(instr.index), table(instr.index2), destination.slot, source.slot,
           length.slot);
      return {};
    }
    case Opcode::TableInit: {
      const Entry length = pop();
      const Entry source = pop();
      const Entry destination = pop();
      emit(IrOp::TableInit, table(instr.index2), pointer(&instance_.elements[instr.index]),
           destination.slot, source.slot, length.slot);
      return {};
    }
    case Opcode::ElemDrop:
      emit(IrOp::ElemDrop, pointer(&instance_.elements[instr.index]));
      return {};
    case Opcode::RefNull: emit(IrOp::SetConst, push(instr.type).slot, 0); return {};
    case Opcode::RefIsNull: {
      const Entry reference = pop();
      emit(IrOp::RefIsNull, push(ValType::I32).slot, reference.slot);
      return {};
    }
    case Opcode::RefFunc:
      emit(IrOp::SetConst, push(ValType::FuncRef).slot, pointer(instance_.functions[instr.index]));
      return {};
    default: break;
    }
    return compileNumeric(instr);
  }

  static std::uintptr_t pointer(const void* object) {
    return reinterpret_cast<std::uintptr_t>(object);
  }
  std::uintptr_t table(std::uint32_t index) const { return pointer(instance_.tables[index]); }
  ValType tableType(std::uint32_t index) const { return instance_.tables[index]->type.element; }

  ValType constType(Opcode op) const {
    switch (op) {
    case Opcode::I32Const: return ValType::I32;
    case Opcode::I64Const: return ValType::I64;
    case Opcode::F32Const: return ValType::F32;
    default: return ValType::F64;
    }
  }

  // The index type of memory `index` (memory 0 for instructions without a memory).
  ValType addressType(std::uint32_t index = 0) const {
    return index < instance_.memories.size() && instance_.memories[index]->type().is64
               ? ValType::I64
               : ValType::I32;
  }
  std::uintptr_t memory(std::uint32_t index) const { return pointer(instance_.memories[index]); }

  // Calls: the arguments are the top entries, in their home slots; the callee's frame starts at
  // the first of them and leaves its results there.
  template <class EmitCall> Result<void> call(const FuncType& type, EmitCall emitCall) {
    materializeTop(type.params.size());
    const std::uint32_t arguments = slotOfTop(type.params.size());
    stack_.resize(stack_.size() - type.params.size());
    emitCall(arguments);
    for (ValType result : type.results)
      push(result);
    // The callee's frame may reach past our deepest slot; the interpreter checks its own size.
    return {};
  }

  // Tail calls: the arguments (the top entries, brought home) move to the frame's first slots
  // and the callee replaces this function; nothing after the call is reachable.
  template <class EmitTailCall> void tailCall(const FuncType& type, EmitTailCall emitTailCall) {
    materializeTop(type.params.size());
    std::uint32_t argumentSlots = 0;
    for (ValType param : type.params)
      argumentSlots += slotsOf(param);
    emitTailCall(slotOfTop(type.params.size()), argumentSlots);
    setUnreachable();
  }

  // Simple instructions: dst (when there is a result), the operands' slots in stack order,
  // then the immediates (memory offset, lane index, shuffle lanes).
  Result<void> compileNumeric(const Instr& instr) {
    std::optional<IrOp> op = numericIrOp(instr.op);
    const binary::OpcodeInfo& info = binary::opcodeInfo(instr.op);
    if (!op || info.typing != binary::Typing::Simple || info.results.size() > 1) {
      return unsupported(instr);
    }
    const bool memoryAccess =
        info.imm == binary::ImmKind::MemArg || info.imm == binary::ImmKind::MemArgLane;
    // Memories other than 0: the load/store form that names its memory.
    const bool atomic = isAtomic(*op);
    const bool otherMemory = memoryAccess && instr.mem.memory != 0 && !atomic;
    if (otherMemory) {
      op = otherMemoryForm(*op);
      if (!op) return unsupported(instr);
    }
    std::vector<std::uint32_t> operands(info.params.size());
    for (std::size_t i = info.params.size(); i-- > 0;)
      operands[i] = pop().slot;
    out_.code.push_back(opcodeWord(*op));
    std::size_t resultWord = 0;
    if (!info.results.empty()) {
      resultWord = here();
      out_.code.push_back(push(resultType(info)).slot);
    }
    for (std::uint32_t operand : operands)
      out_.code.push_back(operand);
    if (memoryAccess) out_.code.push_back(instr.mem.offset);
    if (info.imm == binary::ImmKind::MemArgLane || info.imm == binary::ImmKind::LaneIdx) {
      out_.code.push_back(instr.lane);
    }
    if (otherMemory || atomic) out_.code.push_back(memory(instr.mem.memory));
    if (info.imm == binary::ImmKind::Shuffle16) {
      std::uint64_t low = 0, high = 0;
      std::memcpy(&low, instr.v128.data(), 8);
      std::memcpy(&high, instr.v128.data() + 8, 8);
      out_.code.push_back(low);
      out_.code.push_back(high);
    }
    if (resultWord != 0) noteResult(*op, resultWord);
    return {};
  }

  ValType resultType(const binary::OpcodeInfo& info) const {
    switch (info.results[0]) {
    case binary::OperandType::I32: return ValType::I32;
    case binary::OperandType::I64: return ValType::I64;
    case binary::OperandType::F32: return ValType::F32;
    case binary::OperandType::F64: return ValType::F64;
    case binary::OperandType::V128: return ValType::V128;
    case binary::OperandType::Addr: return addressType();
    }
    return ValType::I32;
  }

  runtime::StoreData& store_;
  const runtime::Instance& instance_;
  const binary::Module& module_;
  const Features& features_;
  std::uint32_t functionIndex_;
  CompiledFunction out_;
  std::vector<std::uint32_t> localSlots_;
  std::vector<ValType> localTypes_;
  std::uint32_t localsEnd_ = 0;
  std::uint32_t maxSlot_ = 0;
  // Pooled constants: (opcode, bits) -> slot.
  static constexpr std::size_t kMaxPooledConstants = 32;
  std::map<std::pair<Opcode, std::uint64_t>, std::uint32_t> constants_;
  const void* const* handlers_;
  IrOp lastResultOp_ = IrOp::Unreachable; // see noteResult
  std::size_t lastResultWord_ = 0;
  std::size_t lastResultEnd_ = 0;
  std::size_t resultEndBefore_ = 0; // lastResultEnd_ before a control instruction reset it
  std::size_t fuelWord_ = 0;        // the operand of the current run's ConsumeFuel
  std::vector<Entry> stack_;
  std::vector<ControlFrame> controls_;
};

} // namespace

std::uint32_t CompiledFunction::offsetAt(std::size_t codeIndex) const {
  auto after =
      std::upper_bound(offsets.begin(), offsets.end(), codeIndex,
                       [](std::size_t index, const auto& entry) { return index < entry.first; });
  return after == offsets.begin() ? 0 : std::prev(after)->second;
}

Result<CompiledFunction> compileFunction(runtime::StoreData& store,
                                         const runtime::Instance& instance,
                                         std::uint32_t functionIndex, const Features& features,
                                         const void* const* handlers) {
  Compiler compiler(store, instance, functionIndex, features, handlers);
  return compiler.run();
}

} // namespace wasmline::interp
