// Instantiation: matching imports, allocating a module's functions, tables, memories, globals
// and segments in a store, and initializing tables and memories from active segments.
#pragma once

#include <optional>
#include <span>

#include "runtime/store.h"
#include "wasmline/result.h"

namespace wasmline::runtime {

// An instantiated module and the start function the caller must run, if any.
struct Instantiation {
  interp::Instance* instance = nullptr;
  std::optional<std::uint32_t> start;
};

// Checks that `provided` can stand for the module's import `import`: the same kind, an equal
// function or global type, and table/memory limits that match (the provided size at least the
// declared minimum, its maximum present and no larger when one is declared). Returns the spec's
// "incompatible import type" message with details when it cannot.
std::optional<std::string> checkImport(const binary::Module& module, const binary::Import& import,
                                       const interp::ExternRef& provided);

// Instantiates the module of `code` in `store` with one extern per import, in order. Errors:
// Unlinkable
// ("unknown import" when the counts differ, "incompatible import type"), Trap ("out of bounds
// table access" / "out of bounds memory access" from an active segment; segments before it stay
// applied, as the spec says), and the memory creation errors. The start function is not run.
Result<Instantiation> instantiate(StoreData& store, std::shared_ptr<interp::ModuleCode> code,
                                  std::span<const interp::ExternRef> imports);

// Evaluates a validated constant expression in `instance`, allocating GC objects in `heap`.
// Errors: Trap "GC heap limit exceeded" when an allocation does not fit the heap's limit.
Result<interp::RawValue> evaluateConstExpr(const binary::ConstExpr& expr,
                                           const interp::Instance& instance, interp::GcHeap* heap);

} // namespace wasmline::runtime
