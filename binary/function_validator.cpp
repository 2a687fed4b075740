#include "binary/function_validator.h"

#include <string>
#include <vector>

#include "binary/instr.h"

namespace wasmline::binary {
namespace {

// An operand stack entry: a value type, or Unknown below an unreachable instruction.
using Slot = std::uint8_t;
constexpr Slot kUnknown = 0;

constexpr Slot slotOf(ValType type) {
  return static_cast<Slot>(type);
}
constexpr ValType typeOf(Slot slot) {
  return static_cast<ValType>(slot);
}

std::string slotName(Slot slot) {
  return slot == kUnknown ? "unknown" : std::string(valTypeName(typeOf(slot)));
}

bool isNumericOrVector(Slot slot) {
  return slot == kUnknown || !isReference(typeOf(slot));
}

// A one-element list of `type` with static storage.
std::span<const ValType> single(ValType type) {
  static constexpr ValType kAll[] = {ValType::I32,      ValType::I64,  ValType::F32,
                                     ValType::F64,      ValType::V128, ValType::FuncRef,
                                     ValType::ExternRef};
  for (const ValType& entry : kAll) {
    if (entry == type) return std::span<const ValType>(&entry, 1);
  }
  return {};
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
  Opcode kind = Opcode::Block; // Block, Loop, If (Block also for the function and const exprs)
  BlockType type;
  std::size_t height = 0;
  bool unreachable = false;
  bool sawElse = false;
};

class ExprValidator {
public:
  ExprValidator(Reader& reader, const Module& module, const Features& features, ExprErrors& errors)
      : reader_(reader), module_(module), features_(features), errors_(errors),
        decoder_(reader, module, features) {}

  void runFunction(std::uint32_t functionIndex, const FunctionBody& body) {
    if (!valid()) return run(Frame{}); // decode only
    const FuncType& type = module_.functionType(functionIndex);
    locals_.assign(type.params.begin(), type.params.end());
    locals_.reserve(locals_.size() + body.localCount);
    for (const LocalRun& run : body.locals)
      locals_.insert(locals_.end(), run.count, run.type);
    functionResults_ = type.results;
    Frame frame;
    frame.type.kind = BlockType::Kind::TypeIndex;
    frame.type.typeIndex = module_.functions[functionIndex];
    run(frame);
  }

  void runConst(ValType expected, std::uint32_t globalsVisible, ConstExpr& out) {
    constMode_ = true;
    globalsVisible_ = globalsVisible;
    constOut_ = &out;
    Frame frame;
    frame.type.kind = BlockType::Kind::Value;
    frame.type.value = expected;
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
        --depth;
        ifWithoutElse.pop_back();
        break;
      default: break;
      }
      if (reader_.failed()) break;
      if (valid()) validate(instr);
    }
    if (reader_.failed()) errors_.malformed = reader_.error();
  }

  bool valid() const { return !errors_.invalid.has_value(); }

  void fail(std::size_t offset, std::string message) {
    if (!errors_.invalid) errors_.invalid.emplace(ErrorKind::Invalid, std::move(message), offset);
  }

  // --- the operand and control stacks -----------------------------------------------------

  std::span<const ValType> params(const BlockType& type) const {
    if (type.kind != BlockType::Kind::TypeIndex) return {};
    return module_.types[type.typeIndex].params;
  }
  std::span<const ValType> results(const BlockType& type) const {
    switch (type.kind) {
    case BlockType::Kind::Empty: return {};
    case BlockType::Kind::Value: return single(type.value);
    case BlockType::Kind::TypeIndex: return module_.types[type.typeIndex].results;
    }
    return {};
  }
  std::span<const ValType> labelTypes(const Frame& frame) const {
    return frame.kind == Opcode::Loop ? params(frame.type) : results(frame.type);
  }

  void push(Slot slot) { stack_.push_back(slot); }
  void push(ValType type) { stack_.push_back(slotOf(type)); }
  void pushAll(std::span<const ValType> types) {
    for (ValType type : types)
      push(type);
  }

  // Pops any operand. Unknown below an unreachable point; a type mismatch when the stack is
  // empty at the frame's height.
  Slot pop(std::size_t offset) {
    const Frame& frame = controls_.back();
    if (stack_.size() == frame.height) {
      if (!frame.unreachable) fail(offset, "type mismatch: expected a value, the stack is empty");
      return kUnknown;
    }
    const Slot slot = stack_.back();
    stack_.pop_back();
    return slot;
  }

  // Pops an operand of type `expected` and returns it as popped (Unknown stays Unknown).
  Slot pop(std::size_t offset, Slot expected) {
    const Slot actual = pop(offset);
    if (actual != expected && actual != kUnknown && expected != kUnknown) {
      fail(offset, "type mismatch: expected " + slotName(expected) + ", got " + slotName(actual));
    }
    return actual;
  }
  Slot pop(std::size_t offset, ValType expected) { return pop(offset, slotOf(expected)); }

  void popAll(std::size_t offset, std::span<const ValType> types) {
    for (std::size_t i = types.size(); i-- > 0;)
      pop(offset, types[i]);
  }

  // Pops `types` and returns what was popped.
  std::vector<Slot> popValues(std::size_t offset, std::span<const ValType> types) {
    std::vector<Slot> popped(types.size());
    for (std::size_t i = types.size(); i-- > 0;)
      popped[i] = pop(offset, types[i]);
    return popped;
  }

  void pushFrame(Opcode kind, const BlockType& type) {
    Frame frame;
    frame.kind = kind;
    frame.type = type;
    frame.height = stack_.size();
    controls_.push_back(frame);
    pushAll(params(type));
  }

  // Checks the frame's results are exactly what is on the stack above its height.
  void checkFrameEnd(std::size_t offset) {
    const Frame& frame = controls_.back();
    popAll(offset, results(frame.type));
    if (valid() && stack_.size() != frame.height) {
      fail(offset, "type mismatch: " + std::to_string(stack_.size() - frame.height) +
                       " values left on the stack at the end of a block");
    }
  }

  void setUnreachable() {
    stack_.resize(controls_.back().height);
    controls_.back().unreachable = true;
  }

  // --- index checks -------------------------------------------------------------------------

  bool checkIndex(std::size_t offset, std::uint64_t index, std::size_t count, const char* what) {
    if (index < count) return true;
    fail(offset, std::string("unknown ") + what + " " + std::to_string(index));
    return false;
  }

  bool checkBlockType(const Instr& instr) {
    if (instr.block.kind == BlockType::Kind::TypeIndex) {
      return checkIndex(instr.offset, instr.block.typeIndex, module_.types.size(), "type");
    }
    return true;
  }

  ValType addressType(std::uint32_t memory) const {
    return memory < module_.memories.size() && module_.memories[memory].is64 ? ValType::I64
                                                                             : ValType::I32;
  }

  Slot operandSlot(OperandType type, std::uint32_t memory) const {
    switch (type) {
    case OperandType::I32: return slotOf(ValType::I32);
    case OperandType::I64: return slotOf(ValType::I64);
    case OperandType::F32: return slotOf(ValType::F32);
    case OperandType::F64: return slotOf(ValType::F64);
    case OperandType::V128: return slotOf(ValType::V128);
    case OperandType::Addr: return slotOf(addressType(memory));
    }
    return kUnknown;
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
    out.value = instr.op == Opcode::RefNull ? static_cast<std::uint64_t>(instr.type) : instr.value;
    if (instr.op == Opcode::RefFunc || instr.op == Opcode::GlobalGet) out.value = instr.index;
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
      pop(instr.offset, operandSlot(info.params[i], memory));
    }
    for (OperandType type : info.results)
      push(operandSlot(type, memory));
  }

  void validateCall(const Instr& instr, const FuncType& type, bool tail) {
    popAll(instr.offset, type.params);
    if (tail) {
      if (type.results != functionResults_) {
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
    if (module_.tables[table].element != ValType::FuncRef) {
      fail(instr.offset, "type mismatch: call_indirect needs a funcref table");
      return false;
    }
    return true;
  }

  void validateCustom(const Instr& instr) {
    const std::size_t at = instr.offset;
    switch (instr.op) {
    case Opcode::Unreachable: return setUnreachable();
    case Opcode::Nop: return;
    case Opcode::Block:
    case Opcode::Loop:
      if (!checkBlockType(instr)) return;
      popAll(at, params(instr.block));
      return pushFrame(instr.op, instr.block);
    case Opcode::If:
      if (!checkBlockType(instr)) return;
      pop(at, ValType::I32);
      popAll(at, params(instr.block));
      return pushFrame(Opcode::If, instr.block);
    case Opcode::Else: {
      checkFrameEnd(at);
      Frame& frame = controls_.back();
      frame.sawElse = true;
      frame.unreachable = false;
      stack_.resize(frame.height);
      return pushAll(params(frame.type));
    }
    case Opcode::End: {
      checkFrameEnd(at);
      const Frame frame = controls_.back();
      if (frame.kind == Opcode::If && !frame.sawElse) {
        const auto in = params(frame.type);
        const auto out = results(frame.type);
        if (!std::equal(in.begin(), in.end(), out.begin(), out.end())) {
          return fail(at, "type mismatch: if without else must not change the stack's types");
        }
      }
      controls_.pop_back();
      stack_.resize(frame.height);
      if (!controls_.empty()) pushAll(results(frame.type));
      return;
    }
    case Opcode::Br:
      if (!checkIndex(at, instr.index, controls_.size(), "label")) return;
      popAll(at, labelTypes(label(instr.index)));
      return setUnreachable();
    case Opcode::BrIf: {
      if (!checkIndex(at, instr.index, controls_.size(), "label")) return;
      pop(at, ValType::I32);
      const auto types = labelTypes(label(instr.index));
      popAll(at, types);
      return pushAll(types);
    }
    case Opcode::BrTable: {
      pop(at, ValType::I32);
      if (!checkIndex(at, instr.index, controls_.size(), "label")) return;
      const std::size_t arity = labelTypes(label(instr.index)).size();
      for (std::uint32_t target : instr.targets) {
        if (!checkIndex(at, target, controls_.size(), "label")) return;
        const auto types = labelTypes(label(target));
        if (types.size() != arity) {
          return fail(at, "type mismatch: br_table targets have different arities");
        }
        const std::vector<Slot> values = popValues(at, types);
        for (Slot slot : values)
          push(slot);
      }
      popAll(at, labelTypes(label(instr.index)));
      return setUnreachable();
    }
    case Opcode::Return: popAll(at, functionResults_); return setUnreachable();
    case Opcode::Call:
    case Opcode::ReturnCall:
      if (!checkIndex(at, instr.index, module_.functions.size(), "function")) return;
      return validateCall(instr, module_.functionType(instr.index), instr.op == Opcode::ReturnCall);
    case Opcode::CallIndirect:
    case Opcode::ReturnCallIndirect:
      if (!checkFuncrefTable(instr, instr.index2)) return;
      if (!checkIndex(at, instr.index, module_.types.size(), "type")) return;
      pop(at, ValType::I32);
      return validateCall(instr, module_.types[instr.index],
                          instr.op == Opcode::ReturnCallIndirect);
    case Opcode::Drop: pop(at); return;
    case Opcode::Select: {
      pop(at, ValType::I32);
      const Slot first = pop(at);
      const Slot second = pop(at);
      if (!isNumericOrVector(first) || !isNumericOrVector(second)) {
        return fail(at, "type mismatch: select without a type needs numeric or vector operands");
      }
      if (first != second && first != kUnknown && second != kUnknown) {
        return fail(at, "type mismatch: select operands " + slotName(second) + " and " +
                            slotName(first));
      }
      return push(first == kUnknown ? second : first);
    }
    case Opcode::SelectT:
      if (instr.selectArity != 1) return fail(at, "invalid result arity");
      pop(at, ValType::I32);
      pop(at, instr.type);
      pop(at, instr.type);
      return push(instr.type);
    case Opcode::LocalGet:
      if (!checkIndex(at, instr.index, locals_.size(), "local")) return;
      return push(locals_[instr.index]);
    case Opcode::LocalSet:
      if (!checkIndex(at, instr.index, locals_.size(), "local")) return;
      pop(at, locals_[instr.index]);
      return;
    case Opcode::LocalTee:
      if (!checkIndex(at, instr.index, locals_.size(), "local")) return;
      pop(at, locals_[instr.index]);
      return push(locals_[instr.index]);
    case Opcode::GlobalGet:
      if (!checkIndex(at, instr.index, module_.globals.size(), "global")) return;
      return push(module_.globals[instr.index].type.type);
    case Opcode::GlobalSet:
      if (!checkIndex(at, instr.index, module_.globals.size(), "global")) return;
      if (!module_.globals[instr.index].type.isMutable) return fail(at, "global is immutable");
      pop(at, module_.globals[instr.index].type.type);
      return;
    case Opcode::TableGet:
      if (!checkIndex(at, instr.index, module_.tables.size(), "table")) return;
      pop(at, ValType::I32);
      return push(module_.tables[instr.index].element);
    case Opcode::TableSet:
      if (!checkIndex(at, instr.index, module_.tables.size(), "table")) return;
      pop(at, module_.tables[instr.index].element);
      pop(at, ValType::I32);
      return;
    case Opcode::TableSize:
      if (!checkIndex(at, instr.index, module_.tables.size(), "table")) return;
      return push(ValType::I32);
    case Opcode::TableGrow:
      if (!checkIndex(at, instr.index, module_.tables.size(), "table")) return;
      pop(at, ValType::I32);
      pop(at, module_.tables[instr.index].element);
      return push(ValType::I32);
    case Opcode::TableFill:
      if (!checkIndex(at, instr.index, module_.tables.size(), "table")) return;
      pop(at, ValType::I32);
      pop(at, module_.tables[instr.index].element);
      pop(at, ValType::I32);
      return;
    case Opcode::TableCopy:
      if (!checkIndex(at, instr.index, module_.tables.size(), "table")) return;
      if (!checkIndex(at, instr.index2, module_.tables.size(), "table")) return;
      if (module_.tables[instr.index].element != module_.tables[instr.index2].element) {
        return fail(at, "type mismatch: table.copy between tables of different types");
      }
      popAll(at, kThreeI32);
      return;
    case Opcode::TableInit:
      if (!checkIndex(at, instr.index2, module_.tables.size(), "table")) return;
      if (!checkIndex(at, instr.index, module_.elements.size(), "elem segment")) return;
      if (module_.tables[instr.index2].element != module_.elements[instr.index].type) {
        return fail(at, "type mismatch: table.init of a segment of another type");
      }
      popAll(at, kThreeI32);
      return;
    case Opcode::ElemDrop:
      checkIndex(at, instr.index, module_.elements.size(), "elem segment");
      return;
    case Opcode::MemoryInit:
      if (!checkIndex(at, instr.index2, module_.memories.size(), "memory")) return;
      if (!checkIndex(at, instr.index, module_.dataCount.value_or(0), "data segment")) return;
      pop(at, ValType::I32);
      pop(at, ValType::I32);
      pop(at, addressType(instr.index2));
      return;
    case Opcode::DataDrop:
      checkIndex(at, instr.index, module_.dataCount.value_or(0), "data segment");
      return;
    case Opcode::MemoryCopy: {
      if (!checkIndex(at, instr.index, module_.memories.size(), "memory")) return;
      if (!checkIndex(at, instr.index2, module_.memories.size(), "memory")) return;
      const ValType destination = addressType(instr.index);
      const ValType source = addressType(instr.index2);
      pop(at, destination == ValType::I32 || source == ValType::I32 ? ValType::I32 : ValType::I64);
      pop(at, source);
      pop(at, destination);
      return;
    }
    case Opcode::RefNull: return push(instr.type);
    case Opcode::RefIsNull: {
      const Slot slot = pop(at);
      if (slot != kUnknown && !isReference(typeOf(slot))) {
        return fail(at, "type mismatch: ref.is_null of " + slotName(slot));
      }
      return push(ValType::I32);
    }
    case Opcode::RefFunc:
      if (!checkIndex(at, instr.index, module_.functions.size(), "function")) return;
      if (!constMode_ && !(instr.index < module_.declaredFunctionRefs.size() &&
                           module_.declaredFunctionRefs[instr.index])) {
        return fail(at, "undeclared function reference " + std::to_string(instr.index));
      }
      return push(ValType::FuncRef);
    default: return fail(at, "unhandled instruction " + std::string(opcodeName(instr.op)));
    }
  }

  const Frame& label(std::uint32_t depth) const { return controls_[controls_.size() - 1 - depth]; }

  static constexpr ValType kThreeI32[] = {ValType::I32, ValType::I32, ValType::I32};

  Reader& reader_;
  const Module& module_;
  const Features& features_;
  ExprErrors& errors_;
  InstrDecoder decoder_;
  std::vector<Slot> stack_;
  std::vector<Frame> controls_;
  std::vector<ValType> locals_;
  std::vector<ValType> functionResults_;
  bool constMode_ = false;
  std::uint32_t globalsVisible_ = 0;
  ConstExpr* constOut_ = nullptr;
};

} // namespace

void validateFunctionBody(Reader& reader, const Module& module, const Features& features,
                          std::uint32_t functionIndex, const FunctionBody& body,
                          ExprErrors& errors) {
  ExprValidator validator(reader, module, features, errors);
  validator.runFunction(functionIndex, body);
}

void validateConstExpr(Reader& reader, const Module& module, const Features& features,
                       ValType expected, std::uint32_t globalsVisible, ConstExpr& out,
                       ExprErrors& errors) {
  ExprValidator validator(reader, module, features, errors);
  validator.runConst(expected, globalsVisible, out);
}

} // namespace wasmline::binary
