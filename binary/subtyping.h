// The subtyping rules of WebAssembly 3.0, in one place: value types, reference types and heap
// types, including declared supertypes of a module's types.
#pragma once

#include "binary/module.h"
#include "wasmline/types.h"

namespace wasmline::binary {

namespace detail {
// isSubtype for two reference types.
bool isReferenceSubtype(ValType sub, ValType super, const Module& module);
} // namespace detail

// True when `sub` matches `super` (sub <: super) with the types of `module`. (Inline: the
// validator asks for every operand it pops, nearly always of two equal number types.)
inline bool isSubtype(ValType sub, ValType super, const Module& module) {
  if (!sub.isRef() || !super.isRef()) return sub == super;
  return detail::isReferenceSubtype(sub, super, module);
}

// True when heap type `sub` matches `super` with the types of `module`: the abstract
// hierarchies any > eq > {i31, struct, array} > none, func > nofunc, extern > noextern,
// exn > noexn, and concrete types below their kind's abstract type and their declared supertypes.
bool isHeapSubtype(HeapType sub, HeapType super, const Module& module);

// The top of the hierarchy `heap` belongs to: func, extern, any or exn.
HeapKind topOf(HeapType heap, const Module& module);

// The same rules for canonical types (binary/type_registry.h), whose concrete heap types are
// canonical ids: the types of runtime objects, compared across modules.
bool isCanonicalSubtype(ValType sub, ValType super);
bool isCanonicalHeapSubtype(HeapType sub, HeapType super);
HeapKind canonicalTopOf(HeapType heap);

} // namespace wasmline::binary
