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

// The rewrites keep the instruction's length.
static_assert(ops::Binary::kWords == ops::JumpIf::kWords);
static_assert(ops::Unary::kWords == ops::JumpIfZero::kWords);

} // namespace

void Fusion::noteResult(IrOp op, std::size_t start, std::size_t dstWord) {
  lastOp_ = op;
  lastStart_ = start;
  lastDstWord_ = dstWord;
  lastEnd_ = code_.here();
  lastEndBefore_ = 0;
}

void Fusion::atLabel() {
  lastEndBefore_ = lastEnd_;
  lastEnd_ = 0;
}

std::size_t Fusion::conditionalJump(const Entry& condition, bool whenTrue, std::size_t target) {
  const bool fusable = lastEndBefore_ == code_.here() && condition.slot == condition.home &&
                       code_[lastDstWord_] == condition.home;
  if (fusable) {
    const std::size_t operands = lastStart_ + 1;
    if (lastOp_ == IrOp::I32Eqz || lastOp_ == IrOp::I64Eqz) {
      const bool is64 = lastOp_ == IrOp::I64Eqz;
      const IrOp jump = whenTrue ? (is64 ? IrOp::JumpIfZero64 : IrOp::JumpIfZero)
                                 : (is64 ? IrOp::JumpIfNonZero64 : IrOp::JumpIfNonZero);
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
      code_[lastStart_] = static_cast<std::uint64_t>(whenTrue ? fused.whenTrue : fused.whenFalse);
      code_[operands + ops::JumpIf::a] = a;
      code_[operands + ops::JumpIf::b] = b;
      code_[operands + ops::JumpIf::target] = target;
      lastEndBefore_ = 0;
      return operands + ops::JumpIf::target;
    }
  }
  if (whenTrue) {
    code_.emit<IrOp::JumpIfNonZero>({.condition = condition.slot, .target = target});
  } else {
    code_.emit<IrOp::JumpIfZero>({.condition = condition.slot, .target = target});
  }
  return code_.here() - ops::JumpIfZero::kWords + ops::JumpIfZero::target;
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
  return added;
}

} // namespace wasmline::interp
