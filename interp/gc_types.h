// The run-time form of GC types: for every canonical type id (binary/type_registry.h) its object
// layout and its chain of declared supertypes, so that a cast is a few integer compares. Objects
// of the GC heap (interp/gc_heap.h) and host externref objects start with a pointer to one.
//
// Reference words (RawValue::low) of the any hierarchy:
//   0                  null
//   odd                an i31: (value << 1) | 1 in the low 32 bits
//   even, non-zero     a pointer to an object whose first word is its `const GcType*`: a struct,
//                      an array, or a host ExternObject (kind Host), so that any.convert_extern and
//                      extern.convert_any change nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "binary/module.h"
#include "wasmline/types.h"

namespace wasmline::interp {

// How an array element or struct field is stored: its size and, for packed ones, nothing else
// (reads extend them as the instruction says).
enum class Storage : std::uint8_t { I8, I16, I32, I64, V128, Ref };

// Bytes a value of `storage` takes in an array (struct fields take 8-byte slots, v128 two).
constexpr std::uint32_t storageBytes(Storage storage) {
  switch (storage) {
  case Storage::I8: return 1;
  case Storage::I16: return 2;
  case Storage::I32: return 4;
  case Storage::I64:
  case Storage::Ref: return 8;
  case Storage::V128: return 16;
  }
  return 8;
}

// The storage of a field type.
Storage storageOf(const binary::FieldType& field);

struct GcType {
  enum class Kind : std::uint8_t { Func, Struct, Array, Host };
  Kind kind = Kind::Struct;
  std::uint32_t id = 0; // canonical type id (not for Host)
  // ancestors[d] is the canonical id of the supertype at depth d (the root at 0); the last is
  // `id` itself: a type is below concrete type T when its chain holds T at T's depth.
  std::vector<std::uint32_t> ancestors;
  // Struct: the 8-byte slot of each field (a v128 takes two), the slots holding references the
  // collector follows (of the any and extern hierarchies),
  // the storage of each field and the object's slot count.
  std::vector<std::uint32_t> fieldSlots;
  std::vector<Storage> fieldStorage;
  std::vector<std::uint32_t> referenceSlots;
  std::vector<std::uint32_t> exceptionSlots; // fields holding exnrefs (the collector follows)
  std::uint32_t slots = 0;
  // Array: the element's storage.
  Storage element = Storage::I32;
  bool elementTraced = false;    // references of the any or extern hierarchy
  bool elementException = false; // exnrefs

  std::uint32_t depth() const { return static_cast<std::uint32_t>(ancestors.size() - 1); }
  // True when this type is `super` or declares it among its supertypes (transitively).
  bool isBelow(const GcType& super) const {
    const std::uint32_t d = super.depth();
    return d < ancestors.size() && ancestors[d] == super.id;
  }
};

// The run-time type of canonical id `id`, made on first use; the reference lives as long as the
// process. Thread-safe.
const GcType& gcType(std::uint32_t id);

// The type every host ExternObject points to.
const GcType& hostType();

// The header of every GC heap object: its type, then (arrays) its length; the collector's mark
// lives in `flags`. The fields or elements follow.
struct GcObject {
  const GcType* type;
  std::uint32_t length; // arrays: the element count; structs: the slot count
  std::uint32_t flags;  // bit 0: marked

  std::uint8_t* data() { return reinterpret_cast<std::uint8_t*>(this + 1); }
  std::uint64_t* slots() { return reinterpret_cast<std::uint64_t*>(this + 1); }
};
static_assert(sizeof(GcObject) == 16);

// The i31 reference of `value` (its low 31 bits), and back.
constexpr std::uint64_t makeI31(std::uint32_t value) {
  return static_cast<std::uint32_t>(value << 1) | 1u;
}
constexpr std::int32_t i31Signed(std::uint64_t word) {
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(word)) >> 1;
}
constexpr std::uint32_t i31Unsigned(std::uint64_t word) {
  return static_cast<std::uint32_t>(word) >> 1;
}

// What a cast or test checks: a heap type (abstract, or concrete with its run-time type) and
// whether null passes.
struct CastTarget {
  HeapKind kind = HeapKind::Any;
  bool nullable = false;
  const GcType* type = nullptr; // Concrete
};

// The target of a cast to `type` of a module whose types have the canonical ids `ids`.
CastTarget castTarget(ValType type, const std::vector<std::uint32_t>& ids);

// True when reference word `word` (of the target's hierarchy) is a value of the target type.
bool castMatches(std::uint64_t word, const CastTarget& target);

// True when canonical function type `sub` matches `super` (equal, or declared below it).
bool funcTypeMatches(std::uint32_t sub, std::uint32_t super);

// What a reference word is, for messages: "null", "i31 5", "host reference", "function of type
// [i32] -> []", or its struct or array type's text.
std::string describeReference(std::uint64_t word, HeapKind hierarchy);

// The text of canonical type `id`, e.g. "(struct (field i32) (field (mut i64)))" (nested
// concrete types by their canonical id: "(ref null #12)").
std::string canonicalTypeText(std::uint32_t id);

} // namespace wasmline::interp
