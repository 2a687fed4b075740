#include "interp/fusion.h"

namespace wasmline::interp {
namespace {

// A comparison and the jumps it fuses into: taken when the comparison is true / false.
struct FusedBranch {
  IrOp compare;
  IrOp whenTrue;
  IrOp whenFalse;
};

constexpr FusedBranch kFusedBranches[] = {
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

// The name##Acc form of an instruction, if it has one.
std::optional<IrOp> accumulatorForm(IrOp op) {
  switch (op) {
    // clang-format off
#define IR_UNARY(name, In, Out, expression) case IrOp::name: return IrOp::name##Acc;
#define IR_BINARY(name, In, Out, expression) case IrOp::name: return IrOp::name##Acc;
#define IR_JUMP_IF(name, Type, condition) case IrOp::name: return IrOp::name##Acc;
#define IR_LOAD(name, Memory, Value) case IrOp::name: return IrOp::name##Acc; case IrOp::name##Add: return IrOp::name##AddAcc;
#define IR_STORE(name, Memory) case IrOp::name: return IrOp::name##Acc;
#include "interp/ir.def"
    // clang-format on
  case IrOp::Select: return IrOp::SelectAcc;
  case IrOp::JumpTable: return IrOp::JumpTableAcc;
  case IrOp::JumpIfZero: return IrOp::JumpIfZeroAcc;
  case IrOp::JumpIfNonZero: return IrOp::JumpIfNonZeroAcc;
  case IrOp::JumpIfZero64: return IrOp::JumpIfZero64Acc;
  case IrOp::JumpIfNonZero64: return IrOp::JumpIfNonZero64Acc;
  default: return std::nullopt;
  }
}

// The plain form of a name##Acc instruction; any other instruction itself.
IrOp plainForm(IrOp op) {
  switch (op) {
    // clang-format off
#define IR_UNARY(name, In, Out, expression) case IrOp::name##Acc: return IrOp::name;
#define IR_BINARY(name, In, Out, expression) case IrOp::name##Acc: return IrOp::name;
#define IR_LOAD(name, Memory, Value) case IrOp::name##Acc: return IrOp::name; case IrOp::name##AddAcc: return IrOp::name##Add;
#define IR_STORE(name, Memory) case IrOp::name##Acc: return IrOp::name;
#include "interp/ir.def"
    // clang-format on
  case IrOp::SelectAcc: return IrOp::Select;
  default: return op;
  }
}

// Whether the interpreter leaves instruction `op`'s result in the accumulator.
bool setsAccumulator(IrOp op) {
  switch (op) {
    // clang-format off
#define IR_UNARY(name, In, Out, expression) case IrOp::name: case IrOp::name##Acc:
#define IR_BINARY(name, In, Out, expression) case IrOp::name: case IrOp::name##Acc:
#define IR_TRAPPING(name, In, Out, function) case IrOp::name:
#define IR_CONVERT(name, In, Out, function) case IrOp::name:
#define IR_LOAD(name, Memory, Value) case IrOp::name: case IrOp::name##Add: case IrOp::name##Acc: case IrOp::name##AddAcc:
#include "interp/ir.def"
    // clang-format on
  case IrOp::Select:
  case IrOp::SelectAcc: return true;
  default: return false;
  }
}

// The instruction computing `op` with its operands swapped, if it is an integer operation
// (floating-point ones are left alone: which NaN they return may depend on the order).
std::optional<IrOp> swappedForm(IrOp op) {
  switch (op) {
    // clang-format off
#define IR_LOAD(name, Memory, Value) case IrOp::name##Add: return op;
#include "interp/ir.def"
    // clang-format on
#define SWAP(T)                                                                                    \
  case IrOp::T##Add:                                                                               \
  case IrOp::T##Mul:                                                                               \
  case IrOp::T##And:                                                                               \
  case IrOp::T##Or:                                                                                \
  case IrOp::T##Xor:                                                                               \
  case IrOp::T##Eq:                                                                                \
  case IrOp::T##Ne: return op;                                                                     \
  case IrOp::T##LtS: return IrOp::T##GtS;                                                          \
  case IrOp::T##GtS: return IrOp::T##LtS;                                                          \
  case IrOp::T##LtU: return IrOp::T##GtU;                                                          \
  case IrOp::T##GtU: return IrOp::T##LtU;                                                          \
  case IrOp::T##LeS: return IrOp::T##GeS;                                                          \
  case IrOp::T##GeS: return IrOp::T##LeS;                                                          \
  case IrOp::T##LeU: return IrOp::T##GeU;                                                          \
  case IrOp::T##GeU: return IrOp::T##LeU;
    SWAP(I32)
    SWAP(I64)
#undef SWAP
  default: return std::nullopt;
  }
}

// The rewrites keep the instruction's length.
static_assert(ops::Binary::kWords == ops::JumpIf::kWords);
static_assert(ops::Unary::kWords == ops::JumpIfZero::kWords);
static_assert(unsigned{ops::Unary::a} == unsigned{ops::Binary::a});

} // namespace

void Fusion::noteResult(IrOp op, std::size_t start, std::size_t dstWord) {
  previousAccEnd_ = accEnd_;
  previousDstWord_ = lastDstWord_;
  lastOp_ = plainForm(op);
  lastUsesAcc_ = lastOp_ != op;
  lastStart_ = start;
  lastDstWord_ = dstWord;
  lastEnd_ = code_.here();
  lastEndBefore_ = 0;
  accEnd_ = setsAccumulator(op) ? lastEnd_ : 0;
  accEndBefore_ = 0;
}

void Fusion::atLabel() {
  lastEndBefore_ = lastEnd_;
  lastEnd_ = 0;
  accEndBefore_ = accEnd_;
  accEnd_ = 0;
}

std::size_t Fusion::conditionalJump(const Entry& condition, bool whenTrue, std::size_t target) {
  const bool fusable = lastEndBefore_ == code_.here() && condition.slot == condition.home &&
                       code_[lastDstWord_] == condition.home;
  if (fusable) {
    const std::size_t operands = lastStart_ + 1;
    if (lastOp_ == IrOp::I32Eqz || lastOp_ == IrOp::I64Eqz) {
      const bool is64 = lastOp_ == IrOp::I64Eqz;
      IrOp jump = whenTrue ? (is64 ? IrOp::JumpIfZero64 : IrOp::JumpIfZero)
                           : (is64 ? IrOp::JumpIfNonZero64 : IrOp::JumpIfNonZero);
      if (lastUsesAcc_) jump = *accumulatorForm(jump);
      const std::uint64_t a = code_[operands + ops::Unary::a];
      code_[lastStart_] = static_cast<std::uint64_t>(jump);
      code_[operands + ops::JumpIfZero::condition] = a;
      code_[operands + ops::JumpIfZero::target] = target;
      lastEndBefore_ = 0;
      return operands + ops::JumpIfZero::target;
    }
    for (const FusedBranch& fused : kFusedBranches) {
      if (fused.compare != lastOp_) continue;
      const std::uint64_t a = code_[operands + ops::Binary::a];
      const std::uint64_t b = code_[operands + ops::Binary::b];
      IrOp jump = whenTrue ? fused.whenTrue : fused.whenFalse;
      if (lastUsesAcc_) jump = *accumulatorForm(jump);
      code_[lastStart_] = static_cast<std::uint64_t>(jump);
      code_[operands + ops::JumpIf::a] = a;
      code_[operands + ops::JumpIf::b] = b;
      code_[operands + ops::JumpIf::target] = target;
      lastEndBefore_ = 0;
      return operands + ops::JumpIf::target;
    }
  }
  const bool fromAccumulator =
      accEndBefore_ != 0 && accEndBefore_ == code_.here() && code_[lastDstWord_] == condition.slot;
  const std::size_t start = code_.here();
  if (whenTrue) {
    code_.emit<IrOp::JumpIfNonZero>({.condition = condition.slot, .target = target});
  } else {
    code_.emit<IrOp::JumpIfZero>({.condition = condition.slot, .target = target});
  }
  if (fromAccumulator) {
    code_[start] = static_cast<std::uint64_t>(
        *accumulatorForm(whenTrue ? IrOp::JumpIfNonZero : IrOp::JumpIfZero));
  }
  return code_.here() - ops::JumpIfZero::kWords + ops::JumpIfZero::target;
}

bool Fusion::useAccumulator(std::size_t start, std::size_t operand, bool atBranch) {
  const std::size_t accEnd = atBranch ? accEndBefore_ : accEnd_;
  if (accEnd == 0 || accEnd != start) return false;
  IrOp op = static_cast<IrOp>(code_[start]);
  if (!accumulatorForm(op)) return false;
  const std::uint64_t produced = code_[lastDstWord_];
  const std::size_t a = start + 1 + operand;
  if (code_[a] != produced) {
    if (operand != ops::Binary::a) return false;
    const std::size_t b = start + 1 + ops::Binary::b;
    const std::optional<IrOp> swapped = swappedForm(op);
    if (!swapped || code_[b] != produced) return false;
    std::swap(code_[a], code_[b]);
    op = *swapped;
  }
  code_[start] = static_cast<std::uint64_t>(*accumulatorForm(op));
  return true;
}

bool Fusion::foldIntoLocal(std::size_t codeBefore, std::uint32_t localSlot) {
  if (stack_.size() == 0 || lastEnd_ != code_.here() || codeBefore != code_.here()) return false;
  const Entry& value = stack_.top();
  if (value.slot != value.home || code_[lastDstWord_] != value.home) return false;
  code_[lastDstWord_] = localSlot;
  lastEnd_ = 0;
  return true;
}

std::optional<std::array<std::uint64_t, 2>> Fusion::takeAddedAddress(const Entry& address) {
  if (lastOp_ != IrOp::I32Add || lastEnd_ != code_.here() || address.slot != address.home ||
      code_[lastDstWord_] != address.home) {
    return std::nullopt;
  }
  const std::size_t operands = lastStart_ + 1;
  const std::array<std::uint64_t, 2> added{code_[operands + ops::Binary::a],
                                           code_[operands + ops::Binary::b]};
  code_.rewind(lastStart_);
  lastEnd_ = 0;
  lastEndBefore_ = 0;
  // The instruction before the add may have left its result in the accumulator for the access.
  accEnd_ = previousAccEnd_ == lastStart_ ? previousAccEnd_ : 0;
  if (accEnd_ != 0) lastDstWord_ = previousDstWord_;
  return added;
}

} // namespace wasmline::interp
