#include "interp/call_stack.h"

#include <string>
#include <vector>

namespace wasmline::interp {
namespace {

// Stacks released by earlier calls on this thread, for reuse.
struct SpareStacks {
  std::size_t valueSlots = 0;
  std::size_t frameCount = 0;
  detail::VirtualRegion storage;
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
      storage_.emplace(std::move(it->storage));
      spare.erase(it);
      break;
    }
  }
  if (!storage_) {
    // Address space, committed as the stacks grow into it: large limits cost nothing until used.
    const std::uint64_t valueBytes = std::uint64_t{limits.valueStackSlots} * sizeof(std::uint64_t);
    const std::uint64_t frameBytes = std::uint64_t{limits.maxCallDepth} * sizeof(CallFrame);
    const bool fits = limits.valueStackSlots <= (std::uint64_t{1} << 40) &&
                      limits.maxCallDepth <= (std::uint64_t{1} << 36);
    auto region = fits ? detail::VirtualRegion::reserve(valueBytes + frameBytes)
                       : Result<detail::VirtualRegion>(Error(ErrorKind::ResourceExhausted, ""));
    if (!region || !region->commit(0, valueBytes + frameBytes)) {
      failure_.emplace(ErrorKind::ResourceExhausted,
                       "cannot reserve the stacks for " + std::to_string(limits.maxCallDepth) +
                           " nested calls and " + std::to_string(limits.valueStackSlots) +
                           " value slots (ExecutionConfig::maxCallDepth, valueStackBytes)");
      return;
    }
    storage_.emplace(std::move(*region));
  }
  values_ = reinterpret_cast<std::uint64_t*>(storage_->base());
  frames_ = reinterpret_cast<CallFrame*>(storage_->base() +
                                         limits.valueStackSlots * sizeof(std::uint64_t));
}

CallStack::~CallStack() {
  if (!storage_) return;
  auto& spare = spares();
  if (spare.size() < kMaxSpares) {
    spare.push_back(
        SpareStacks{limits_.valueStackSlots, limits_.maxCallDepth, std::move(*storage_)});
  }
}

} // namespace wasmline::interp
