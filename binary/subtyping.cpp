#include "binary/subtyping.h"

namespace wasmline::binary {
namespace {

// The abstract heap type a concrete type is directly below: func, struct or array.
HeapKind kindOf(std::uint32_t index, const Module& module) {
  if (index >= module.types.size()) return HeapKind::Func;
  switch (module.types[index].kind) {
  case TypeDef::Kind::Func: return HeapKind::Func;
  case TypeDef::Kind::Struct: return HeapKind::Struct;
  case TypeDef::Kind::Array: return HeapKind::Array;
  }
  return HeapKind::Func;
}

// True when concrete type `sub` is `super` or declares it among its supertypes.
bool declaresSupertype(std::uint32_t sub, std::uint32_t super, const Module& module) {
  // Supertypes have lower indices (validation checks it), so the walk ends.
  for (std::optional<std::uint32_t> at = sub; at && *at < module.types.size();
       at = module.types[*at].supertype) {
    if (*at == super) return true;
    if (module.types[*at].supertype && *module.types[*at].supertype >= *at) return false;
  }
  return false;
}

// True when abstract `sub` is below abstract `super` (both not Concrete).
bool abstractBelow(HeapKind sub, HeapKind super) {
  if (sub == super) return true;
  switch (super) {
  case HeapKind::Any: return sub == HeapKind::Eq || abstractBelow(sub, HeapKind::Eq);
  case HeapKind::Eq:
    return sub == HeapKind::I31 || sub == HeapKind::Struct || sub == HeapKind::Array ||
           sub == HeapKind::None;
  case HeapKind::I31:
  case HeapKind::Struct:
  case HeapKind::Array: return sub == HeapKind::None;
  case HeapKind::Func: return sub == HeapKind::NoFunc;
  case HeapKind::Extern: return sub == HeapKind::NoExtern;
  case HeapKind::Exn: return sub == HeapKind::NoExn;
  default: return false;
  }
}

} // namespace

HeapKind topOf(HeapType heap, const Module& module) {
  const HeapKind kind = heap.isConcrete() ? kindOf(heap.index(), module) : heap.kind();
  switch (kind) {
  case HeapKind::Func:
  case HeapKind::NoFunc: return HeapKind::Func;
  case HeapKind::Extern:
  case HeapKind::NoExtern: return HeapKind::Extern;
  case HeapKind::Exn:
  case HeapKind::NoExn: return HeapKind::Exn;
  default: return HeapKind::Any;
  }
}

bool isHeapSubtype(HeapType sub, HeapType super, const Module& module) {
  if (sub == super) return true;
  if (sub.isConcrete() && super.isConcrete()) {
    return declaresSupertype(sub.index(), super.index(), module);
  }
  if (sub.isConcrete()) return abstractBelow(kindOf(sub.index(), module), super.kind());
  if (super.isConcrete()) {
    // Only the bottom of its hierarchy is below a concrete type.
    const HeapKind bottom =
        topOf(super, module) == HeapKind::Func ? HeapKind::NoFunc : HeapKind::None;
    return sub.kind() == bottom;
  }
  return abstractBelow(sub.kind(), super.kind());
}

bool isSubtype(ValType sub, ValType super, const Module& module) {
  if (!sub.isRef() || !super.isRef()) return sub == super;
  if (sub.nullable() && !super.nullable()) return false;
  return isHeapSubtype(sub.heapType(), super.heapType(), module);
}

} // namespace wasmline::binary
