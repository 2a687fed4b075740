// The references one interpreter run holds in its frames, found precisely: every frame's function
// has stack maps (interp/stack_maps.h) naming its reference slots at each safepoint, the call
// stack records where every caller stopped, and the run publishes where its top frame stopped
// before anything that can collect (an allocation, a throw, a host call).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <thread>

#include "binary/subtyping.h"
#include "wasmline/types.h"

namespace wasmline::interp {

class CallStack;
struct FuncInstance;
struct ExceptionObject;

// What the collector is told about a reference: a word of the any or extern hierarchy (null, an
// i31, a GC object or a host ExternObject), or an exception.
struct RootVisitor {
  std::function<void(std::uint64_t)> reference;
  std::function<void(ExceptionObject*)> exception;
};

// One interpreter run's roots, as it publishes them.
struct StackRoots {
  const CallStack* calls = nullptr; // the run's callers' frames
  // The top wasm frame at its last safepoint: its function, frame and the code address just past
  // the safepoint instruction (function null: no wasm frame on top, e.g. a host entry point).
  const FuncInstance* function = nullptr;
  const std::uint64_t* fp = nullptr;
  const std::uint64_t* site = nullptr;
  // A host function running on top, with its arguments at `hostArgs` (null: none).
  const FuncInstance* host = nullptr;
  const std::uint64_t* hostArgs = nullptr;
  std::thread::id thread;
};

// Calls `reference` or `exception` for each reference in `values` (8-byte slots laid out by
// `types`, canonical: a v128 takes two), as a host function's arguments or an exception's payload
// hold them; other values are skipped.
template <class Reference, class Exception>
void forEachTypedReference(std::span<const ValType> types, const std::uint64_t* values,
                           const Reference& reference, const Exception& exception) {
  std::size_t slot = 0;
  for (ValType type : types) {
    const std::uint64_t word = values[slot];
    slot += type == ValType::V128 ? 2 : 1;
    if (!type.isRef()) continue;
    const HeapKind top = binary::canonicalTopOf(type.heapType());
    if (top == HeapKind::Any || top == HeapKind::Extern) reference(word);
    if (top == HeapKind::Exn && word != 0) exception(reinterpret_cast<ExceptionObject*>(word));
  }
}

// Visits every reference slot of `roots`' frames. A frame whose function has no map at its
// safepoint (a compiler bug) is reported to `missing` with the frame's slots [fp, fp + slots).
void visitStackRoots(const StackRoots& roots, const RootVisitor& visit,
                     const std::function<void(const FuncInstance&, const std::uint64_t* fp,
                                              std::size_t slots)>& missing);

} // namespace wasmline::interp
