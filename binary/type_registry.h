// Canonical type ids, shared by every module, store and thread of the process. Types are
// canonicalized iso-recursively, a recursion group at a time: two groups are the same when their
// types are equal with references inside the group written as indices within it and references
// outside as canonical ids. Equal types get equal ids, so a type check (call_indirect, linking,
// casts) is an integer compare, or a walk up declared supertypes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "binary/module.h"
#include "wasmline/types.h"

namespace wasmline::binary {

// What a canonical id stands for: the type with every concrete heap type a canonical id.
struct CanonicalType {
  TypeDef::Kind kind = TypeDef::Kind::Func;
  FuncType func;                 // Func
  std::vector<FieldType> fields; // Struct, Array
  bool isFinal = true;
  std::optional<std::uint32_t> supertype; // canonical
};

// Canonicalizes the recursion group of `module.types` starting at `first` with `count` types;
// `earlier` holds the canonical ids of the module's types before it. Returns the group's ids.
// Thread-safe.
std::vector<std::uint32_t> canonicalizeGroup(const Module& module, std::uint32_t first,
                                             std::uint32_t count,
                                             std::span<const std::uint32_t> earlier);

// The canonical id of a function type without concrete heap types (a host function's), the same
// as a module's singleton group holding that type.
std::uint32_t canonicalTypeId(const FuncType& type);

// What canonical id `id` stands for. The reference stays valid for the process's lifetime.
const CanonicalType& canonicalType(std::uint32_t id);

// `type` of a module whose types have the canonical ids `ids`, with its concrete heap types
// turned into canonical ids.
ValType canonicalValType(ValType type, std::span<const std::uint32_t> ids);
FuncType canonicalFuncType(const FuncType& type, std::span<const std::uint32_t> ids);

} // namespace wasmline::binary
