#include "binary/function_validator.h"

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

#include "binary/instr.h"
#include "binary/subtyping.h"

namespace wasmline::binary {
namespace {

// An operand stack entry: a value type, or nullopt (unknown) below an unreachable instruction.
using Operand = std::optional<ValType>;

std::string operandName(const Operand& operand) {
  return operand ? operand->toString() : "unknown";
}

// Lanes of the vector shape an instruction's lane immediate indexes.
int laneCount(const OpcodeInfo& info) {
  if (info.memBytes != 0) return 16 / info.memBytes; // load/store lane
  const std::string_view text = info.text;
  if (text.starts_with("i8x16")) return 16;
  if (text.starts_with("i16x8")) return 8;
  if (text.starts_with("i32x4") || text.starts_with("f32x4")) return 4;
  return 2;
}

struct Frame {
  // Block, Loop, If, TryTable, Try; Catch and CatchAll for a legacy try past its body (Block also
  // for the function and const exprs).
  Opcode kind = Opcode::Block;
  BlockType type;
  std::span<const ValType> results; // set for the function's frame, else from `type`
  std::size_t height = 0;
  std::size_t initHeight = 0; // locals set inside the frame are uninitialized again at its end
  bool unreachable = false;
  bool sawElse = false;
};

// array.new_fixed's largest count (as the JS embedding limits it).
constexpr std::uint32_t kMaxFixedElements = 10000;

class ExprValidator {
public:
  ExprValidator(Reader& reader, const Module& module, const Features& features, ExprErrors& errors,
                CodeSink* sink)
      : reader_(reader), module_(module), features_(features), errors_(errors), sink_(sink),
        decoder_(reader, module, features) {}

  void runFunction(std::uint32_t functionIndex, const FunctionBody& body) {
    if (!valid()) return run(Frame{}); // decode only
    const FuncType& type = module_.functionType(functionIndex);
    locals_.assign(type.params.begin(), type.params.end());
    locals_.reserve(locals_.size() + body.localCount);
    for (const LocalRun& run : body.locals)
      locals_.insert(locals_.end(), run.count, run.type);
    // Parameters and defaultable locals start initialized; a non-nullable reference needs a set.
    initialized_.assign(locals_.size(), true);
    for (std::size_t i = type.params.size(); i < locals_.size(); ++i) {
      if (locals_[i].isRef() && !locals_[i].nullable()) initialized_[i] = false;
    }
    functionResults_ = type.results;
    if (sink_ != nullptr) {
      if (auto started = sink_->begin(locals_); !started) errors_.sink = started.error();
    }
    Frame frame;
    frame.results = functionResults_;
    run(frame);
  }

  void runConst(ValType expected, std::uint32_t globalsVisible, ConstExpr& out) {
    constMode_ = true;
    globalsVisible_ = globalsVisible;
    constOut_ = &out;
    constResult_ = expected;
    Frame frame;
    frame.results = std::span<const ValType>(&constResult_, 1);
    run(frame);
  }

private:
  // Decodes instructions until the end that closes `outer`, validating each while valid.
  void run(const Frame& outer) {
    controls_.push_back(outer);
    std::size_t depth = 1; // syntactic nesting, tracked even after a validation error
    std::vector<bool> ifWithoutElse{false};
    Instr instr;
    while (depth > 0) {
      if (!decoder_.next(instr)) break;
      switch (instr.op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::TryTable:
      case Opcode::Try:
        ++depth;
        ifWithoutElse.push_back(false);
        break;
      case Opcode::If:
        ++depth;
        ifWithoutElse.push_back(true);
        break;
      case Opcode::Else:
        if (!ifWithoutElse.back()) {
          reader_.fail("END opcode expected", instr.offset);
          break;
        }
        ifWithoutElse.back() = false;
        break;
      case Opcode::End:
      case Opcode::Delegate: // ends a legacy try
        --depth;
        ifWithoutElse.pop_back();
        break;
      default: break;
      }
      if (reader_.failed()) break;
      if (valid()) step(instr);
    }
    if (reader_.failed()) errors_.malformed = reader_.error();
  }

  bool valid() const { return !errors_.invalid.has_value() && !errors_.sink.has_value(); }

  void fail(std::size_t offset, std::string message) {
    if (!errors_.invalid) errors_.invalid.emplace(ErrorKind::Invalid, std::move(message), offset);
  }

  // Validates one instruction and reports it to the sink.
  void step(const Instr& instr) {
    InstrEffect effect;
    effect.reachable = !controls_.back().unreachable;
    popped_ = 0;
    pushed_ = 0;
    effect_ = &effect;
    validate(instr);
    effect_ = nullptr;
    if (sink_ == nullptr || !valid()) return;
    if (effect.reachable && !controls_.empty() && !controls_.back().unreachable) {
      effect.popped = popped_;
      pushedTypes_.clear();
      for (std::size_t i = stack_.size() - std::min(pushed_, stack_.size()); i < stack_.size(); ++i)
        pushedTypes_.push_back(stack_[i].value_or(ValType::I32));
      effect.pushed = pushedTypes_;
    }
    if (auto reported = sink_->instruction(instr, effect); !reported) {
      errors_.sink = reported.error();
    }
  }

  // --- the operand and control stacks -----------------------------------------------------

  std::span<const ValType> params(const BlockType& type) const {
    if (type.kind != BlockType::Kind::TypeIndex) return {};
    return module_.funcType(type.typeIndex).params;
  }
  std::span<const ValType> results(const BlockType& type) const {
    switch (type.kind) {
    case BlockType::Kind::Empty: return {};
    case BlockType::Kind::Value: return std::span<const ValType>(&type.value, 1);
    case BlockType::Kind::TypeIndex: return module_.funcType(type.typeIndex).results;
    }
    return {};
  }
  std::span<const ValType> params(const Frame& frame) const { return params(frame.type); }
  std::span<const ValType> results(const Frame& frame) const {
    return frame.results.data() != nullptr || frame.type.kind == BlockType::Kind::Empty
               ? frame.results
               : results(frame.type);
  }
  std::span<const ValType> labelTypes(const Frame& frame) const {
    return frame.kind == Opcode::Loop ? params(frame) : results(frame);
  }

  void push(Operand operand) {
    stack_.push_back(operand);
    ++pushed_;
  }
  void pushAll(std::span<const ValType> types) {
    for (ValType type : types)
      push(type);
  }

  // Pops any operand. Unknown below an unreachable point; a type mismatch when the stack is
  // empty at the frame's height.
  Operand pop(std::size_t offset) {
    const Frame& frame = controls_.back();
    if (stack_.size() == frame.height) {
      if (!frame.unreachable) fail(offset, "type mismatch: expected a value, the stack is empty");
      return std::nullopt;
    }
    const Operand operand = stack_.back();
    stack_.pop_back();
    ++popped_;
    return operand;
  }

  // Pops an operand that must match `expected` and returns it as popped (unknown stays unknown).
  Operand pop(std::size_t offset, ValType expected) {
    const Operand actual = pop(offset);
    if (actual && !isSubtype(*actual, expected, module_)) {
      fail(offset,
           "type mismatch: expected " + expected.toString() + ", got " + operandName(actual));
    }
    return actual;
  }

  void popAll(std::size_t offset, std::span<const ValType> types) {
    for (std::size_t i = types.size(); i-- > 0;)
      pop(offset, types[i]);
  }

  // Pops `types` and returns what was popped.
  std::vector<Operand> popValues(std::size_t offset, std::span<const ValType> types) {
    std::vector<Operand> popped(types.size());
    for (std::size_t i = types.size(); i-- > 0;)
      popped[i] = pop(offset, types[i]);
    return popped;
  }

  void pushFrame(Opcode kind, const BlockType& type) {
    Frame frame;
    frame.kind = kind;
    frame.type = type;
    frame.height = stack_.size();
    frame.initHeight = initStack_.size();
    controls_.push_back(frame);
    pushAll(params(type));
    if (effect_ != nullptr) {
      effect_->blockParams = params(controls_.back());
      effect_->blockResults = results(controls_.back());
    }
  }

  // Checks the frame's results are exactly what is on the stack above its height.
  void checkFrameEnd(std::size_t offset) {
    const Frame& frame = controls_.back();
    popAll(offset, results(frame));
    if (valid() && stack_.size() != frame.height) {
      fail(offset, "type mismatch: " + std::to_string(stack_.size() - frame.height) +
                       " values left on the stack at the end of a block");
    }
  }

  void setUnreachable() {
    stack_.resize(controls_.back().height);
    controls_.back().unreachable = true;
  }

  // Locals first set inside `frame` are uninitialized again after it (and in its else branch).
  void resetLocals(const Frame& frame) {
    while (initStack_.size() > frame.initHeight) {
      initialized_[initStack_.back()] = false;
      initStack_.pop_back();
    }
  }
  void setLocal(std::uint32_t index) {
    if (initialized_[index]) return;
    initialized_[index] = true;
    initStack_.push_back(index);
  }

  // Reports the label types of the label `depth` levels out as the instruction's.
  std::span<const ValType> branchTypes(std::uint32_t depth) {
    const std::span<const ValType> types = labelTypes(label(depth));
    if (effect_ != nullptr) effect_->labelTypes = types;
    return types;
  }

  // --- index checks -------------------------------------------------------------------------

  bool checkIndex(std::size_t offset, std::uint64_t index, std::size_t count, const char* what) {
    if (index < count) return true;
    fail(offset, std::string("unknown ") + what + " " + std::to_string(index));
    return false;
  }

  // A type index that must name a function type.
  bool checkFuncType(std::size_t offset, std::uint32_t index) {
    if (!checkIndex(offset, index, module_.types.size(), "type")) return false;
    if (module_.types[index].kind != TypeDef::Kind::Func) {
      fail(offset, "type mismatch: type " + std::to_string(index) + " is not a function type");
      return false;
    }
    return true;
  }

  bool checkBlockType(const Instr& instr) {
    if (instr.block.kind == BlockType::Kind::TypeIndex) {
      return checkFuncType(instr.offset, instr.block.typeIndex);
    }
    return instr.block.kind != BlockType::Kind::Value ||
           checkValType(instr.offset, instr.block.value);
  }

  // A reference type's concrete heap type must be one of the module's types.
  bool checkValType(std::size_t at, ValType type) {
    if (type.isRef() && type.heapType().isConcrete() &&
        type.heapType().index() >= module_.types.size()) {
      fail(at, "unknown type " + std::to_string(type.heapType().index()));
      return false;
    }
    return true;
  }

  ValType addressType(std::uint32_t memory) const {
    return memory < module_.memories.size() && module_.memories[memory].is64 ? ValType::I64
                                                                             : ValType::I32;
  }

  ValType operandType(OperandType type, std::uint32_t memory) const {
    switch (type) {
    case OperandType::I32: return ValType::I32;
    case OperandType::I64: return ValType::I64;
    case OperandType::F32: return ValType::F32;
    case OperandType::F64: return ValType::F64;
    case OperandType::V128: return ValType::V128;
    case OperandType::Addr: return addressType(memory);
    }
    return ValType::I32;
  }

  // The element type of table `index` (checked to exist).
  ValType tableElement(std::uint32_t index) const { return module_.tables[index].element; }
  // The index type of table `index` (checked to exist): i64 for a 64-bit table (table64).
  ValType tableIndex(std::uint32_t index) const {
    return module_.tables[index].is64 ? ValType::I64 : ValType::I32;
  }

  // --- validation --------------------------------------------------------------------------

  void validate(const Instr& instr) {
    const OpcodeInfo& info = opcodeInfo(instr.op);
    if (constMode_ && !validateConstInstr(instr)) return;
    if (info.typing == Typing::Simple) return validateSimple(instr, info);
    validateCustom(instr);
  }

  bool validateConstInstr(const Instr& instr) {
    switch (instr.op) {
    case Opcode::End: return true;
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const:
    case Opcode::V128Const:
    case Opcode::RefNull:
    case Opcode::RefFunc: break;
    case Opcode::StructNew:
    case Opcode::StructNewDefault:
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault:
    case Opcode::ArrayNewFixed:
    case Opcode::RefI31:
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny:
      if (features_.gc) break;
      fail(instr.offset, "constant expression required: " + std::string(opcodeName(instr.op)) +
                             " is not constant");
      return false;
    case Opcode::GlobalGet:
      if (!checkIndex(instr.offset, instr.index, globalsVisible_, "global")) return false;
      if (module_.globals[instr.index].type.isMutable) {
        fail(instr.offset, "constant expression required: global.get of a mutable global");
        return false;
      }
      break;
    case Opcode::I32Add:
    case Opcode::I32Sub:
    case Opcode::I32Mul:
    case Opcode::I64Add:
    case Opcode::I64Sub:
    case Opcode::I64Mul:
      if (features_.extendedConst) break;
      [[fallthrough]];
    default:
      fail(instr.offset, "constant expression required: " + std::string(opcodeName(instr.op)) +
                             " is not constant");
      return false;
    }
    ConstInstr out;
    out.op = instr.op;
    out.value = instr.value;
    if (instr.op == Opcode::RefFunc || instr.op == Opcode::GlobalGet) out.value = instr.index;
    if (opcodeInfo(instr.op).feature == Feature::Gc) {
      out.value = instr.index;
      out.index2 = instr.index2;
    }
    out.heap = instr.heap;
    std::copy(instr.v128.begin(), instr.v128.end(), out.v128);
    constOut_->instrs.push_back(out);
    return true;
  }

  void validateSimple(const Instr& instr, const OpcodeInfo& info) {
    std::uint32_t memory = 0;
    if (info.imm == ImmKind::MemArg || info.imm == ImmKind::MemArgLane) {
      memory = instr.mem.memory;
      if (!checkIndex(instr.offset, memory, module_.memories.size(), "memory")) return;
      if (info.memBytes != 0 && instr.mem.alignLog2 >= 32) {
        return fail(instr.offset, "alignment must not be larger than natural");
      }
      const std::uint64_t alignment = std::uint64_t{1} << instr.mem.alignLog2;
      if (alignment > info.memBytes && info.memBytes != 0) {
        return fail(instr.offset, "alignment must not be larger than natural");
      }
      if (info.feature == Feature::Threads && alignment != info.memBytes) {
        return fail(instr.offset, "alignment must be exactly natural for atomic instructions");
      }
      if (!module_.memories[memory].is64 && instr.mem.offset > 0xFFFFFFFF) {
        return fail(instr.offset, "offset out of range: " + std::to_string(instr.mem.offset) +
                                      " is above 2^32-1 for a 32-bit memory");
      }
    } else if (info.imm == ImmKind::MemIdx) {
      memory = instr.index;
      if (!checkIndex(instr.offset, memory, module_.memories.size(), "memory")) return;
    }
    if (info.imm == ImmKind::LaneIdx || info.imm == ImmKind::MemArgLane) {
      if (instr.lane >= laneCount(info)) return fail(instr.offset, "invalid lane index");
    }
    if (info.imm == ImmKind::Shuffle16) {
      for (std::uint8_t lane : instr.v128) {
        if (lane >= 32) return fail(instr.offset, "invalid lane index");
      }
    }
    for (std::size_t i = info.params.size(); i-- > 0;) {
      pop(instr.offset, operandType(info.params[i], memory));
    }
    for (OperandType type : info.results)
      push(operandType(type, memory));
  }

  void validateCall(const Instr& instr, const FuncType& type, bool tail) {
    popAll(instr.offset, type.params);
    if (tail) {
      const bool matches =
          type.results.size() == functionResults_.size() &&
          std::equal(
              type.results.begin(), type.results.end(), functionResults_.begin(),
              [&](ValType callee, ValType caller) { return isSubtype(callee, caller, module_); });
      if (!matches) {
        return fail(instr.offset, "type mismatch: tail call results " +
                                      FuncType{{}, type.results}.toString() +
                                      " differ from the caller's");
      }
      return setUnreachable();
    }
    pushAll(type.results);
  }

  bool checkFuncrefTable(const Instr& instr, std::uint32_t table) {
    if (!checkIndex(instr.offset, table, module_.tables.size(), "table")) return false;
    if (!isSubtype(tableElement(table), ValType::FuncRef, module_)) {
      fail(instr.offset, "type mismatch: call_indirect needs a funcref table");
      return false;
    }
    return true;
  }

  void validateCustom(const Instr& instr) {
    if (validateControl(instr)) return;
    if (validateVariable(instr)) return;
    if (validateTableOrMemory(instr)) return;
    if (validateGc(instr)) return;
    validateReference(instr);
  }

  // Blocks, branches, calls; true when `instr` is one of them.
  bool validateControl(const Instr& instr) {
    const std::size_t at = instr.offset;
    switch (instr.op) {
    case Opcode::Unreachable: setUnreachable(); return true;
    case Opcode::Nop: return true;
    case Opcode::Block:
    case Opcode::Loop:
      if (!checkBlockType(instr)) return true;
      popAll(at, params(instr.block));
      pushFrame(instr.op, instr.block);
      return true;
    case Opcode::If:
      if (!checkBlockType(instr)) return true;
      pop(at, ValType::I32);
      popAll(at, params(instr.block));
      pushFrame(Opcode::If, instr.block);
      return true;
    case Opcode::Else: {
      checkFrameEnd(at);
      Frame& frame = controls_.back();
      resetLocals(frame);
      frame.sawElse = true;
      frame.unreachable = false;
      stack_.resize(frame.height);
      pushed_ = 0;
      pushAll(params(frame));
      reportClosed(frame);
      return true;
    }
    case Opcode::End: {
      checkFrameEnd(at);
      const Frame frame = controls_.back();
      if (frame.kind == Opcode::If && !frame.sawElse) {
        const auto in = params(frame);
        const auto out = results(frame);
        if (!std::equal(in.begin(), in.end(), out.begin(), out.end())) {
          fail(at, "type mismatch: if without else must not change the stack's types");
          return true;
        }
      }
      reportClosed(frame);
      resetLocals(frame);
      controls_.pop_back();
      stack_.resize(frame.height);
      pushed_ = 0;
      if (!controls_.empty()) pushAll(results(frame));
      return true;
    }
    case Opcode::Br:
      if (!checkIndex(at, instr.index, controls_.size(), "label")) return true;
      popAll(at, branchTypes(instr.index));
      setUnreachable();
      return true;
    case Opcode::BrIf: {
      if (!checkIndex(at, instr.index, controls_.size(), "label")) return true;
      pop(at, ValType::I32);
      const auto types = branchTypes(instr.index);
      popAll(at, types);
      pushAll(types);
      return true;
    }
    case Opcode::BrTable: validateBrTable(instr); return true;
    case Opcode::TryTable: validateTryTable(instr); return true;
    case Opcode::Throw:
      if (!checkIndex(at, instr.index, module_.tags.size(), "tag")) return true;
      popAll(at, tagParams(instr.index));
      setUnreachable();
      return true;
    case Opcode::ThrowRef:
      pop(at, ValType::ExnRef);
      setUnreachable();
      return true;
    case Opcode::Try:
      if (!checkBlockType(instr)) return true;
      popAll(at, params(instr.block));
      pushFrame(Opcode::Try, instr.block);
      return true;
    case Opcode::Catch:
    case Opcode::CatchAll: validateLegacyCatch(instr); return true;
    case Opcode::Delegate: validateDelegate(instr); return true;
    case Opcode::Rethrow:
      if (!checkIndex(at, instr.index, controls_.size(), "label")) return true;
      if (label(instr.index).kind != Opcode::Catch && label(instr.index).kind != Opcode::CatchAll) {
        fail(at, "invalid rethrow label");
        return true;
      }
      setUnreachable();
      return true;
    case Opcode::Return:
      popAll(at, functionResults_);
      setUnreachable();
      return true;
    case Opcode::Call:
    case Opcode::ReturnCall:
      if (!checkIndex(at, instr.index, module_.functions.size(), "function")) return true;
      validateCall(instr, module_.functionType(instr.index), instr.op == Opcode::ReturnCall);
      return true;
    case Opcode::CallRef:
    case Opcode::ReturnCallRef:
      if (!checkFuncType(at, instr.index)) return true;
      pop(at, ValType::ref(HeapType::concrete(instr.index), true));
      validateCall(instr, module_.funcType(instr.index), instr.op == Opcode::ReturnCallRef);
      return true;
    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull: validateBrOnNull(instr); return true;
    case Opcode::CallIndirect:
    case Opcode::ReturnCallIndirect:
      if (!checkFuncrefTable(instr, instr.index2)) return true;
      if (!checkFuncType(at, instr.index)) return true;
      pop(at, tableIndex(instr.index2));
      validateCall(instr, module_.funcType(instr.index), instr.op == Opcode::ReturnCallIndirect);
      return true;
    default: return false;
    }
  }

  // Tells the sink which block `else`/`end` closes.
  // The types of the values an exception of tag `index` carries.
  std::span<const ValType> tagParams(std::uint32_t index) const {
    return module_.funcType(module_.tags[index]).params;
  }

  // try_table: every catch clause's label (outside the try_table) takes the values it passes: the
  // tag's (catch), those and an exnref (catch_ref), none (catch_all) or an exnref (catch_all_ref).
  void validateTryTable(const Instr& instr) {
    const std::size_t at = instr.offset;
    if (!checkBlockType(instr)) return;
    for (const CatchClause& clause : instr.catches) {
      if (!checkIndex(at, clause.label, controls_.size(), "label")) return;
      std::vector<ValType> passed;
      const bool tagged =
          clause.kind == CatchClause::Kind::Catch || clause.kind == CatchClause::Kind::CatchRef;
      if (tagged) {
        if (!checkIndex(at, clause.tag, module_.tags.size(), "tag")) return;
        const auto types = tagParams(clause.tag);
        passed.assign(types.begin(), types.end());
      }
      if (clause.kind == CatchClause::Kind::CatchRef ||
          clause.kind == CatchClause::Kind::CatchAllRef) {
        passed.push_back(ValType::ref(HeapType(HeapKind::Exn), false));
      }
      const auto expected = labelTypes(label(clause.label));
      const bool fits =
          passed.size() == expected.size() &&
          std::equal(passed.begin(), passed.end(), expected.begin(),
                     [&](ValType from, ValType to) { return isSubtype(from, to, module_); });
      if (!fits) {
        return fail(at, "type mismatch: catch clause passes " + FuncType{{}, passed}.toString() +
                            " to a label of " +
                            FuncType{{}, {expected.begin(), expected.end()}}.toString());
      }
    }
    popAll(at, params(instr.block));
    pushFrame(Opcode::TryTable, instr.block);
  }

  // Legacy catch and catch_all: end the try's body (or the previous catch) like else; a catch
  // starts with the tag's values on the stack.
  void validateLegacyCatch(const Instr& instr) {
    const std::size_t at = instr.offset;
    Frame& frame = controls_.back();
    if (frame.kind != Opcode::Try && frame.kind != Opcode::Catch) {
      return fail(at, frame.kind == Opcode::CatchAll
                          ? std::string(opcodeName(instr.op)) + " after catch_all"
                          : std::string(opcodeName(instr.op)) + " outside of a try");
    }
    if (instr.op == Opcode::Catch && !checkIndex(at, instr.index, module_.tags.size(), "tag")) {
      return;
    }
    checkFrameEnd(at);
    resetLocals(frame);
    frame.kind = instr.op;
    frame.unreachable = false;
    stack_.resize(frame.height);
    pushed_ = 0;
    if (instr.op == Opcode::Catch) pushAll(tagParams(instr.index));
    reportClosed(frame);
  }

  // delegate ends a legacy try's body; its label is counted from outside the try.
  void validateDelegate(const Instr& instr) {
    const std::size_t at = instr.offset;
    const Frame frame = controls_.back();
    if (frame.kind != Opcode::Try) return fail(at, "delegate outside of a try body");
    if (!checkIndex(at, instr.index, controls_.size() - 1, "label")) return;
    checkFrameEnd(at);
    reportClosed(frame);
    resetLocals(frame);
    controls_.pop_back();
    stack_.resize(frame.height);
    pushed_ = 0;
    pushAll(results(frame));
  }

  void reportClosed(const Frame& frame) {
    if (effect_ == nullptr) return;
    effect_->blockParams = params(frame);
    effect_->blockResults = results(frame);
  }

  void validateBrTable(const Instr& instr) {
    const std::size_t at = instr.offset;
    pop(at, ValType::I32);
    if (!checkIndex(at, instr.index, controls_.size(), "label")) return;
    const std::size_t arity = labelTypes(label(instr.index)).size();
    for (std::uint32_t target : instr.targets) {
      if (!checkIndex(at, target, controls_.size(), "label")) return;
      const auto types = labelTypes(label(target));
      if (types.size() != arity) {
        return fail(at, "type mismatch: br_table targets have different arities");
      }
      const std::vector<Operand> values = popValues(at, types);
      for (const Operand& value : values)
        push(value);
    }
    popAll(at, branchTypes(instr.index));
    setUnreachable();
  }

  // br_on_null passes a null on to its label (with the label's values) and leaves the reference,
  // now non-null, on the stack; br_on_non_null passes a non-null reference on as the label's last
  // value and drops a null.
  void validateBrOnNull(const Instr& instr) {
    const std::size_t at = instr.offset;
    if (!checkIndex(at, instr.index, controls_.size(), "label")) return;
    const Operand reference = pop(at);
    if (reference && !reference->isRef()) {
      return fail(at, "type mismatch: " + std::string(opcodeName(instr.op)) + " of " +
                          operandName(reference));
    }
    const Operand nonNull = reference ? Operand(reference->withNullable(false)) : std::nullopt;
    std::span<const ValType> types = branchTypes(instr.index);
    if (instr.op == Opcode::BrOnNull) {
      popAll(at, types);
      pushAll(types);
      return push(nonNull);
    }
    if (types.empty() || !types.back().isRef()) {
      return fail(at, "type mismatch: br_on_non_null needs a label whose last value is a "
                      "reference");
    }
    if (nonNull && !isSubtype(*nonNull, types.back(), module_)) {
      return fail(at, "type mismatch: expected " + types.back().toString() + ", got " +
                          nonNull->toString());
    }
    types = types.first(types.size() - 1);
    popAll(at, types);
    pushAll(types);
  }

  // drop, select, locals and globals; true when `instr` is one of them.
  bool validateVariable(const Instr& instr) {
    const std::size_t at = instr.offset;
    switch (instr.op) {
    case Opcode::Drop: pop(at); return true;
    case Opcode::Select: {
      pop(at, ValType::I32);
      const Operand first = pop(at);
      const Operand second = pop(at);
      if ((first && first->isRef()) || (second && second->isRef())) {
        fail(at, "type mismatch: select without a type needs numeric or vector operands");
        return true;
      }
      if (first && second && *first != *second) {
        fail(at, "type mismatch: select operands " + operandName(second) + " and " +
                     operandName(first));
        return true;
      }
      push(first ? first : second);
      return true;
    }
    case Opcode::SelectT:
      if (instr.selectArity != 1) {
        fail(at, "invalid result arity");
        return true;
      }
      if (!checkValType(at, instr.type)) return true;
      pop(at, ValType::I32);
      pop(at, instr.type);
      pop(at, instr.type);
      push(instr.type);
      return true;
    case Opcode::LocalGet:
      if (!checkIndex(at, instr.index, locals_.size(), "local")) return true;
      if (!initialized_[instr.index]) {
        fail(at, "uninitialized local " + std::to_string(instr.index));
        return true;
      }
      push(locals_[instr.index]);
      return true;
    case Opcode::LocalSet:
      if (!checkIndex(at, instr.index, locals_.size(), "local")) return true;
      pop(at, locals_[instr.index]);
      setLocal(instr.index);
      return true;
    case Opcode::LocalTee:
      if (!checkIndex(at, instr.index, locals_.size(), "local")) return true;
      pop(at, locals_[instr.index]);
      push(locals_[instr.index]);
      setLocal(instr.index);
      return true;
    case Opcode::GlobalGet:
      if (checkIndex(at, instr.index, module_.globals.size(), "global")) {
        push(module_.globals[instr.index].type.type);
      }
      return true;
    case Opcode::GlobalSet:
      if (!checkIndex(at, instr.index, module_.globals.size(), "global")) return true;
      if (!module_.globals[instr.index].type.isMutable) {
        fail(at, "global is immutable");
        return true;
      }
      pop(at, module_.globals[instr.index].type.type);
      return true;
    default: return false;
    }
  }

  // Table and bulk memory instructions; true when `instr` is one of them.
  bool validateTableOrMemory(const Instr& instr) {
    const std::size_t at = instr.offset;
    const std::size_t tables = module_.tables.size();
    switch (instr.op) {
    case Opcode::TableGet:
      if (!checkIndex(at, instr.index, tables, "table")) return true;
      pop(at, tableIndex(instr.index));
      push(tableElement(instr.index));
      return true;
    case Opcode::TableSet:
      if (!checkIndex(at, instr.index, tables, "table")) return true;
      pop(at, tableElement(instr.index));
      pop(at, tableIndex(instr.index));
      return true;
    case Opcode::TableSize:
      if (checkIndex(at, instr.index, tables, "table")) push(tableIndex(instr.index));
      return true;
    case Opcode::TableGrow:
      if (!checkIndex(at, instr.index, tables, "table")) return true;
      pop(at, tableIndex(instr.index));
      pop(at, tableElement(instr.index));
      push(tableIndex(instr.index));
      return true;
    case Opcode::TableFill:
      if (!checkIndex(at, instr.index, tables, "table")) return true;
      pop(at, tableIndex(instr.index));
      pop(at, tableElement(instr.index));
      pop(at, tableIndex(instr.index));
      return true;
    case Opcode::TableCopy:
      if (!checkIndex(at, instr.index, tables, "table")) return true;
      if (!checkIndex(at, instr.index2, tables, "table")) return true;
      if (!isSubtype(tableElement(instr.index2), tableElement(instr.index), module_)) {
        fail(at, "type mismatch: table.copy between tables of different types");
        return true;
      }
      // Destination, source, and a length of the smaller index type (as memory.copy).
      pop(at, tableIndex(instr.index) == ValType::I64 && tableIndex(instr.index2) == ValType::I64
                  ? ValType::I64
                  : ValType::I32);
      pop(at, tableIndex(instr.index2));
      pop(at, tableIndex(instr.index));
      return true;
    case Opcode::TableInit:
      if (!checkIndex(at, instr.index2, tables, "table")) return true;
      if (!checkIndex(at, instr.index, module_.elements.size(), "elem segment")) return true;
      if (!isSubtype(module_.elements[instr.index].type, tableElement(instr.index2), module_)) {
        fail(at, "type mismatch: table.init of a segment of another type");
        return true;
      }
      // Segment offset and length are i32; the destination has the table's index type.
      pop(at, ValType::I32);
      pop(at, ValType::I32);
      pop(at, tableIndex(instr.index2));
      return true;
    case Opcode::ElemDrop:
      checkIndex(at, instr.index, module_.elements.size(), "elem segment");
      return true;
    case Opcode::MemoryInit:
      if (!checkIndex(at, instr.index2, module_.memories.size(), "memory")) return true;
      if (!checkIndex(at, instr.index, module_.dataCount.value_or(0), "data segment")) return true;
      pop(at, ValType::I32);
      pop(at, ValType::I32);
      pop(at, addressType(instr.index2));
      return true;
    case Opcode::DataDrop:
      checkIndex(at, instr.index, module_.dataCount.value_or(0), "data segment");
      return true;
    case Opcode::MemoryCopy: {
      if (!checkIndex(at, instr.index, module_.memories.size(), "memory")) return true;
      if (!checkIndex(at, instr.index2, module_.memories.size(), "memory")) return true;
      const ValType destination = addressType(instr.index);
      const ValType source = addressType(instr.index2);
      pop(at, destination == ValType::I32 || source == ValType::I32 ? ValType::I32 : ValType::I64);
      pop(at, source);
      pop(at, destination);
      return true;
    }
    default: return false;
    }
  }

  // Reference instructions, and anything else the table has but no rule here handles.
  void validateReference(const Instr& instr) {
    const std::size_t at = instr.offset;
    switch (instr.op) {
    case Opcode::RefNull:
      if (instr.heap.isConcrete() &&
          !checkIndex(at, instr.heap.index(), module_.types.size(), "type")) {
        return;
      }
      return push(ValType::ref(instr.heap, true));
    case Opcode::RefAsNonNull: {
      const Operand operand = pop(at);
      if (operand && !operand->isRef()) {
        return fail(at, "type mismatch: ref.as_non_null of " + operandName(operand));
      }
      return push(operand ? Operand(operand->withNullable(false)) : std::nullopt);
    }
    case Opcode::RefIsNull: {
      const Operand operand = pop(at);
      if (operand && !operand->isRef()) {
        return fail(at, "type mismatch: ref.is_null of " + operandName(operand));
      }
      return push(ValType::I32);
    }
    case Opcode::RefFunc:
      if (!checkIndex(at, instr.index, module_.functions.size(), "function")) return;
      if (!constMode_ && !(instr.index < module_.declaredFunctionRefs.size() &&
                           module_.declaredFunctionRefs[instr.index])) {
        return fail(at, "undeclared function reference " + std::to_string(instr.index));
      }
      if (features_.functionReferences) {
        const HeapType type = HeapType::concrete(module_.functions[instr.index]);
        return push(ValType::ref(type, false));
      }
      return push(ValType::FuncRef);
    default:
      // Every instruction whose feature wasmline runs has a rule above; the decoder refuses the
      // others as Unsupported before they get here.
      return fail(at, "no validation rule for " + std::string(opcodeName(instr.op)));
    }
  }

  // --- GC: structs, arrays, i31, casts ------------------------------------------------------

  // The struct or array type at `index`, or null after failing.
  const TypeDef* aggregateType(std::size_t at, std::uint32_t index, TypeDef::Kind kind) {
    if (!checkIndex(at, index, module_.types.size(), "type")) return nullptr;
    const TypeDef& type = module_.types[index];
    if (type.kind != kind) {
      fail(at, "type mismatch: type " + std::to_string(index) + " is not " +
                   (kind == TypeDef::Kind::Struct ? "a struct" : "an array") + " type");
      return nullptr;
    }
    return &type;
  }

  static bool defaultable(ValType type) { return !type.isRef() || type.nullable(); }

  // A field read: packed fields need _s/_u, others must not have them.
  bool checkFieldRead(std::size_t at, const FieldType& field, Opcode op, Opcode signedOp,
                      Opcode unsignedOp) {
    const bool extended = op == signedOp || op == unsignedOp;
    if (extended != (field.packing != FieldType::Packing::None)) {
      fail(at, extended ? "type mismatch: " + std::string(opcodeName(op)) +
                              " of a field that is "
                              "not packed"
                        : "type mismatch: " + std::string(opcodeName(op)) +
                              " of a packed field (use _s or _u)");
      return false;
    }
    return true;
  }

  bool checkMutable(std::size_t at, const FieldType& field, const char* what) {
    if (field.isMutable) return true;
    fail(at, std::string(what) + " is immutable");
    return false;
  }

  bool checkHeapType(std::size_t at, HeapType heap) {
    if (heap.isConcrete()) return checkIndex(at, heap.index(), module_.types.size(), "type");
    return true;
  }

  // The top type of `heap`'s hierarchy, nullable.
  ValType topRef(HeapType heap) const { return ValType::ref(topOf(heap, module_), true); }

  // rt1 minus rt2: rt1 without its null when rt2 takes nulls.
  static ValType castDifference(ValType from, ValType to) {
    return to.nullable() ? from.withNullable(false) : from;
  }

  // Struct, array, i31 and cast instructions; true when `instr` is one of them.
  bool validateGc(const Instr& instr) {
    const std::size_t at = instr.offset;
    switch (instr.op) {
    case Opcode::RefEq:
      pop(at, ValType::EqRef);
      pop(at, ValType::EqRef);
      push(ValType::I32);
      return true;
    case Opcode::StructNew: {
      const TypeDef* type = aggregateType(at, instr.index, TypeDef::Kind::Struct);
      if (type == nullptr) return true;
      for (std::size_t i = type->fields.size(); i-- > 0;)
        pop(at, type->fields[i].type);
      push(ValType::ref(HeapType::concrete(instr.index), false));
      return true;
    }
    case Opcode::StructNewDefault: {
      const TypeDef* type = aggregateType(at, instr.index, TypeDef::Kind::Struct);
      if (type == nullptr) return true;
      for (const FieldType& field : type->fields) {
        if (!defaultable(field.type)) {
          fail(at, "type mismatch: struct.new_default of a field of non-defaultable type " +
                       field.type.toString());
          return true;
        }
      }
      push(ValType::ref(HeapType::concrete(instr.index), false));
      return true;
    }
    case Opcode::StructGet:
    case Opcode::StructGetS:
    case Opcode::StructGetU:
    case Opcode::StructSet: {
      const TypeDef* type = aggregateType(at, instr.index, TypeDef::Kind::Struct);
      if (type == nullptr) return true;
      if (instr.index2 >= type->fields.size()) {
        fail(at, "unknown field " + std::to_string(instr.index2));
        return true;
      }
      const FieldType& field = type->fields[instr.index2];
      const ValType reference = ValType::ref(HeapType::concrete(instr.index), true);
      if (instr.op == Opcode::StructSet) {
        if (!checkMutable(at, field, "field")) return true;
        pop(at, field.type);
        pop(at, reference);
        return true;
      }
      if (!checkFieldRead(at, field, instr.op, Opcode::StructGetS, Opcode::StructGetU)) return true;
      pop(at, reference);
      push(field.type);
      return true;
    }
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault:
    case Opcode::ArrayNewFixed:
    case Opcode::ArrayNewData:
    case Opcode::ArrayNewElem: {
      const TypeDef* type = aggregateType(at, instr.index, TypeDef::Kind::Array);
      if (type == nullptr) return true;
      const FieldType& element = type->fields[0];
      switch (instr.op) {
      case Opcode::ArrayNew:
        pop(at, ValType::I32);
        pop(at, element.type);
        break;
      case Opcode::ArrayNewDefault:
        if (!defaultable(element.type)) {
          fail(at, "type mismatch: array.new_default of non-defaultable type " +
                       element.type.toString());
          return true;
        }
        pop(at, ValType::I32);
        break;
      case Opcode::ArrayNewFixed:
        if (instr.index2 > kMaxFixedElements) {
          fail(at, "array.new_fixed of too many elements");
          return true;
        }
        for (std::uint32_t i = 0; i < instr.index2; ++i)
          pop(at, element.type);
        break;
      case Opcode::ArrayNewData:
        if (!checkDataArray(at, element, instr.index2)) return true;
        pop(at, ValType::I32);
        pop(at, ValType::I32);
        break;
      default:
        if (!checkElemArray(at, element, instr.index2)) return true;
        pop(at, ValType::I32);
        pop(at, ValType::I32);
        break;
      }
      push(ValType::ref(HeapType::concrete(instr.index), false));
      return true;
    }
    case Opcode::ArrayGet:
    case Opcode::ArrayGetS:
    case Opcode::ArrayGetU: {
      const TypeDef* type = aggregateType(at, instr.index, TypeDef::Kind::Array);
      if (type == nullptr) return true;
      const FieldType& element = type->fields[0];
      if (!checkFieldRead(at, element, instr.op, Opcode::ArrayGetS, Opcode::ArrayGetU)) return true;
      pop(at, ValType::I32);
      pop(at, ValType::ref(HeapType::concrete(instr.index), true));
      push(element.type);
      return true;
    }
    case Opcode::ArraySet:
    case Opcode::ArrayFill:
    case Opcode::ArrayInitData:
    case Opcode::ArrayInitElem: {
      const TypeDef* type = aggregateType(at, instr.index, TypeDef::Kind::Array);
      if (type == nullptr) return true;
      const FieldType& element = type->fields[0];
      if (!checkMutable(at, element, "array")) return true;
      const ValType reference = ValType::ref(HeapType::concrete(instr.index), true);
      switch (instr.op) {
      case Opcode::ArraySet:
        pop(at, element.type);
        pop(at, ValType::I32);
        break;
      case Opcode::ArrayFill:
        pop(at, ValType::I32);
        pop(at, element.type);
        pop(at, ValType::I32);
        break;
      case Opcode::ArrayInitData:
        if (!checkDataArray(at, element, instr.index2)) return true;
        pop(at, ValType::I32);
        pop(at, ValType::I32);
        pop(at, ValType::I32);
        break;
      default:
        if (!checkElemArray(at, element, instr.index2)) return true;
        pop(at, ValType::I32);
        pop(at, ValType::I32);
        pop(at, ValType::I32);
        break;
      }
      pop(at, reference);
      return true;
    }
    case Opcode::ArrayLen:
      pop(at, ValType::ArrayRef);
      push(ValType::I32);
      return true;
    case Opcode::ArrayCopy: {
      const TypeDef* destination = aggregateType(at, instr.index, TypeDef::Kind::Array);
      if (destination == nullptr) return true;
      const TypeDef* source = aggregateType(at, instr.index2, TypeDef::Kind::Array);
      if (source == nullptr) return true;
      if (!checkMutable(at, destination->fields[0], "array")) return true;
      const FieldType& to = destination->fields[0];
      const FieldType& from = source->fields[0];
      if (to.packing != from.packing ||
          (to.packing == FieldType::Packing::None && !isSubtype(from.type, to.type, module_))) {
        fail(at, "type mismatch: array.copy from elements of " + from.type.toString() + " to " +
                     to.type.toString());
        return true;
      }
      pop(at, ValType::I32);
      pop(at, ValType::I32);
      pop(at, ValType::ref(HeapType::concrete(instr.index2), true));
      pop(at, ValType::I32);
      pop(at, ValType::ref(HeapType::concrete(instr.index), true));
      return true;
    }
    case Opcode::RefTest:
    case Opcode::RefTestNull:
    case Opcode::RefCast:
    case Opcode::RefCastNull: {
      if (!checkHeapType(at, instr.heap)) return true;
      const bool nullable = instr.op == Opcode::RefTestNull || instr.op == Opcode::RefCastNull;
      const ValType target = ValType::ref(instr.heap, nullable);
      pop(at, topRef(instr.heap));
      if (instr.op == Opcode::RefTest || instr.op == Opcode::RefTestNull) {
        push(ValType::I32);
      } else {
        push(target);
      }
      return true;
    }
    case Opcode::BrOnCast:
    case Opcode::BrOnCastFail: validateBrOnCast(instr); return true;
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny: {
      const bool toAny = instr.op == Opcode::AnyConvertExtern;
      const Operand operand = pop(at, toAny ? ValType::ExternRef : ValType::AnyRef);
      if (!operand) {
        push(std::nullopt);
        return true;
      }
      push(ValType::ref(toAny ? HeapKind::Any : HeapKind::Extern,
                        !operand->isRef() || operand->nullable()));
      return true;
    }
    case Opcode::RefI31:
      pop(at, ValType::I32);
      push(ValType::ref(HeapKind::I31, false));
      return true;
    case Opcode::I31GetS:
    case Opcode::I31GetU:
      pop(at, ValType::I31Ref);
      push(ValType::I32);
      return true;
    default: return false;
    }
  }

  // array.new_data and array.init_data: a numeric or vector element type and a data segment.
  bool checkDataArray(std::size_t at, const FieldType& element, std::uint32_t data) {
    if (element.type.isRef()) {
      fail(at, "type mismatch: array type is not numeric or vector");
      return false;
    }
    return checkIndex(at, data, module_.dataCount.value_or(0), "data segment");
  }

  // array.new_elem and array.init_elem: an element segment whose type matches the elements.
  bool checkElemArray(std::size_t at, const FieldType& element, std::uint32_t elem) {
    if (!checkIndex(at, elem, module_.elements.size(), "elem segment")) return false;
    if (!isSubtype(module_.elements[elem].type, element.type, module_)) {
      fail(at, "type mismatch: elem segment of " + module_.elements[elem].type.toString() +
                   " for array elements of " + element.type.toString());
      return false;
    }
    return true;
  }

  // br_on_cast (br_on_cast_fail): branches with the operand cast to rt2 when the cast succeeds
  // (fails), else leaves it on the stack typed rt1 minus rt2 (as rt2).
  void validateBrOnCast(const Instr& instr) {
    const std::size_t at = instr.offset;
    if (!checkIndex(at, instr.index, controls_.size(), "label")) return;
    if (!checkHeapType(at, instr.heap) || !checkHeapType(at, instr.heap2)) return;
    const ValType from = ValType::ref(instr.heap, (instr.castFlags & 1) != 0);
    const ValType to = ValType::ref(instr.heap2, (instr.castFlags & 2) != 0);
    if (!isSubtype(to, from, module_)) {
      return fail(at, "type mismatch: cast to " + to.toString() + " from " + from.toString() +
                          ", which is not its supertype");
    }
    std::span<const ValType> types = branchTypes(instr.index);
    if (types.empty() || !types.back().isRef()) {
      return fail(at, "type mismatch: " + std::string(opcodeName(instr.op)) +
                          " needs a label whose last value is a reference");
    }
    const ValType branched = instr.op == Opcode::BrOnCast ? to : castDifference(from, to);
    if (!isSubtype(branched, types.back(), module_)) {
      return fail(at, "type mismatch: expected " + types.back().toString() + ", got " +
                          branched.toString());
    }
    pop(at, from);
    types = types.first(types.size() - 1);
    popAll(at, types);
    pushAll(types);
    push(instr.op == Opcode::BrOnCast ? castDifference(from, to) : to);
  }

  const Frame& label(std::uint32_t depth) const { return controls_[controls_.size() - 1 - depth]; }

  Reader& reader_;
  const Module& module_;
  const Features& features_;
  ExprErrors& errors_;
  CodeSink* sink_;
  InstrDecoder decoder_;
  std::vector<Operand> stack_;
  std::deque<Frame> controls_; // stable addresses: frames' spans point into them
  std::vector<ValType> locals_;
  std::vector<bool> initialized_;        // per local: set (or defaultable) at this point
  std::vector<std::uint32_t> initStack_; // locals set so far, in order (see Frame::initHeight)
  std::vector<ValType> functionResults_;
  bool constMode_ = false;
  std::uint32_t globalsVisible_ = 0;
  ConstExpr* constOut_ = nullptr;
  ValType constResult_;
  // The instruction being validated: its effect, and the operands it popped and pushed (what it
  // pushed is the top of the stack after it).
  InstrEffect* effect_ = nullptr;
  std::uint32_t popped_ = 0;
  std::size_t pushed_ = 0;
  std::vector<ValType> pushedTypes_;
};

} // namespace

void validateFunctionBody(Reader& reader, const Module& module, const Features& features,
                          std::uint32_t functionIndex, const FunctionBody& body, ExprErrors& errors,
                          CodeSink* sink) {
  ExprValidator validator(reader, module, features, errors, sink);
  validator.runFunction(functionIndex, body);
}

void validateConstExpr(Reader& reader, const Module& module, const Features& features,
                       ValType expected, std::uint32_t globalsVisible, ConstExpr& out,
                       ExprErrors& errors) {
  ExprValidator validator(reader, module, features, errors, nullptr);
  validator.runConst(expected, globalsVisible, out);
}

} // namespace wasmline::binary
