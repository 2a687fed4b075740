#include "interp/stack_roots.h"

#include "interp/call_stack.h"
#include "interp/objects.h"

namespace wasmline::interp {
namespace {

void visitWord(std::uint32_t tagged, const std::uint64_t* fp, const RootVisitor& visit) {
  const std::uint64_t word = fp[tagged & ~StackMaps::kExceptionBit];
  if ((tagged & StackMaps::kExceptionBit) != 0) {
    if (word != 0) visit.exception(reinterpret_cast<ExceptionObject*>(word));
  } else {
    visit.reference(word);
  }
}

void visitFrame(
    const FuncInstance& function, const std::uint64_t* fp, const std::uint64_t* site,
    const RootVisitor& visit,
    const std::function<void(const FuncInstance&, const std::uint64_t*, std::size_t)>& missing) {
  const CompiledFunction* code = function.code->load(std::memory_order_acquire);
  const StackMaps& maps = code->stackMaps;
  if (maps.empty()) return;
  const auto live = maps.at(static_cast<std::size_t>(site - code->code.data()));
  if (!live) {
    missing(function, fp, code->stackSlots);
    return;
  }
  for (std::uint32_t tagged : maps.locals())
    visitWord(tagged, fp, visit);
  for (std::uint32_t tagged : *live)
    visitWord(tagged, fp, visit);
}

} // namespace

void visitStackRoots(
    const StackRoots& roots, const RootVisitor& visit,
    const std::function<void(const FuncInstance&, const std::uint64_t*, std::size_t)>& missing) {
  if (roots.host != nullptr) { // the host function's arguments, by its parameter types
    forEachTypedReference(std::span<const ValType>(roots.host->type.params), roots.hostArgs,
                          visit.reference, visit.exception);
  }
  if (roots.function != nullptr) visitFrame(*roots.function, roots.fp, roots.site, visit, missing);
  if (roots.calls == nullptr) return;
  for (std::size_t i = roots.calls->depth(); i-- > 0;) {
    const CallFrame& caller = roots.calls->caller(i);
    visitFrame(*caller.function, caller.callerFrame, caller.returnTo, visit, missing);
  }
}

} // namespace wasmline::interp
