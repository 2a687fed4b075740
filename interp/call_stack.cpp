#include "interp/call_stack.h"

#include <vector>

namespace wasmline::interp {
namespace {

// Stacks released by earlier calls on this thread, for reuse.
struct SpareStacks {
  std::size_t valueSlots = 0;
  std::size_t frameCount = 0;
  std::unique_ptr<std::uint64_t[]> values;
  std::unique_ptr<CallFrame[]> frames;
};
constexpr std::size_t kMaxSpares = 2;

std::vector<SpareStacks>& spares() {
  thread_local std::vector<SpareStacks> spare;
  return spare;
}

} // namespace

CallStack::CallStack(const ExecutionLimits& limits) : limits_(limits) {
  auto& spare = spares();
  for (auto it = spare.begin(); it != spare.end(); ++it) {
    if (it->valueSlots == limits.valueStackSlots && it->frameCount == limits.maxCallDepth) {
      valueStorage_ = std::move(it->values);
      frameStorage_ = std::move(it->frames);
      spare.erase(it);
      break;
    }
  }
  if (!valueStorage_) {
    // Not zero-filled: every slot is written before it is read.
    valueStorage_ = std::make_unique_for_overwrite<std::uint64_t[]>(limits.valueStackSlots);
    frameStorage_ = std::make_unique_for_overwrite<CallFrame[]>(limits.maxCallDepth);
  }
  values_ = valueStorage_.get();
  frames_ = frameStorage_.get();
}

CallStack::~CallStack() {
  auto& spare = spares();
  if (spare.size() < kMaxSpares) {
    spare.push_back(SpareStacks{limits_.valueStackSlots, limits_.maxCallDepth,
                                std::move(valueStorage_), std::move(frameStorage_)});
  }
}

} // namespace wasmline::interp
