#include "binary/subtyping.h"

#include "binary/type_registry.h"

namespace wasmline::binary {
namespace {

// The types of one module, by their index in it.
struct ModuleTypes {
  const Module& module;
  bool known(std::uint32_t index) const { return index < module.types.size(); }
  TypeDef::Kind kind(std::uint32_t index) const { return module.types[index].kind; }
  std::optional<std::uint32_t> supertype(std::uint32_t index) const {
    return module.types[index].supertype;
  }
  // Equal types: the same index, or indices whose definitions canonicalize alike.
  bool same(std::uint32_t a, std::uint32_t b) const {
    if (a == b) return true;
    return a < module.canonicalTypeIds.size() && b < module.canonicalTypeIds.size() &&
           module.canonicalTypeIds[a] == module.canonicalTypeIds[b];
  }
};

// The process's canonical types, by canonical id.
struct CanonicalTypes {
  bool known(std::uint32_t) const { return true; }
  TypeDef::Kind kind(std::uint32_t id) const { return canonicalType(id).kind; }
  std::optional<std::uint32_t> supertype(std::uint32_t id) const {
    return canonicalType(id).supertype;
  }
  bool same(std::uint32_t a, std::uint32_t b) const { return a == b; }
};

// The abstract heap type a concrete type is directly below: func, struct or array.
template <class Types> HeapKind kindOf(std::uint32_t index, const Types& types) {
  if (!types.known(index)) return HeapKind::Func;
  switch (types.kind(index)) {
  case TypeDef::Kind::Func: return HeapKind::Func;
  case TypeDef::Kind::Struct: return HeapKind::Struct;
  case TypeDef::Kind::Array: return HeapKind::Array;
  }
  return HeapKind::Func;
}

// True when concrete type `sub` is `super` or declares it among its supertypes. Module types'
// supertypes have lower indices and canonical ones lower ids (validation and canonicalization
// make sure), so the walk ends.
template <class Types>
bool declaresSupertype(std::uint32_t sub, std::uint32_t super, const Types& types) {
  for (std::optional<std::uint32_t> at = sub; at && types.known(*at);) {
    if (types.same(*at, super)) return true;
    const std::optional<std::uint32_t> next = types.supertype(*at);
    if (next && *next >= *at) return false;
    at = next;
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

template <class Types> HeapKind top(HeapType heap, const Types& types) {
  const HeapKind kind = heap.isConcrete() ? kindOf(heap.index(), types) : heap.kind();
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

template <class Types> bool heapSubtype(HeapType sub, HeapType super, const Types& types) {
  if (sub == super) return true;
  if (sub.isConcrete() && super.isConcrete()) {
    if (types.same(sub.index(), super.index())) return true;
    return declaresSupertype(sub.index(), super.index(), types);
  }
  if (sub.isConcrete()) return abstractBelow(kindOf(sub.index(), types), super.kind());
  if (super.isConcrete()) {
    // Only the bottom of its hierarchy is below a concrete type.
    const HeapKind bottom = top(super, types) == HeapKind::Func ? HeapKind::NoFunc : HeapKind::None;
    return sub.kind() == bottom;
  }
  return abstractBelow(sub.kind(), super.kind());
}

template <class Types> bool valueSubtype(ValType sub, ValType super, const Types& types) {
  if (!sub.isRef() || !super.isRef()) return sub == super;
  if (sub.nullable() && !super.nullable()) return false;
  return heapSubtype(sub.heapType(), super.heapType(), types);
}

} // namespace

HeapKind topOf(HeapType heap, const Module& module) {
  return top(heap, ModuleTypes{module});
}

bool isHeapSubtype(HeapType sub, HeapType super, const Module& module) {
  return heapSubtype(sub, super, ModuleTypes{module});
}

bool detail::isReferenceSubtype(ValType sub, ValType super, const Module& module) {
  return valueSubtype(sub, super, ModuleTypes{module});
}

bool isCanonicalSubtype(ValType sub, ValType super) {
  return valueSubtype(sub, super, CanonicalTypes{});
}

bool isCanonicalHeapSubtype(HeapType sub, HeapType super) {
  return heapSubtype(sub, super, CanonicalTypes{});
}

HeapKind canonicalTopOf(HeapType heap) {
  return top(heap, CanonicalTypes{});
}

} // namespace wasmline::binary
