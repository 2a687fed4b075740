// The semantics of the GC instructions on raw slots: field and element loads and stores, object
// creation, casts. The interpreter's handlers and the constant expressions of instantiation call
// them; allocation lives out of line (it may collect).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>

#include "interp/gc_heap.h"
#include "interp/gc_types.h"
#include "interp/trap.h"

namespace wasmline::interp {

// A Storage value of an IR `storage` field, and whether a packed read sign-extends.
inline constexpr std::uint64_t kSignedRead = 0x100;
constexpr Storage storageOfField(std::uint64_t field) {
  return static_cast<Storage>(field & 0xFF);
}

// The object a non-null, non-i31 reference word points to.
inline GcObject* objectAt(std::uint64_t word) {
  return reinterpret_cast<GcObject*>(static_cast<std::uintptr_t>(word));
}

// Reads a value of `storage` at `from` into slot(s) `to` (i32 results zero-extended; packed ones
// extended as `mode` says).
inline void loadValue(const std::uint8_t* from, std::uint64_t mode, std::uint64_t* to) {
  switch (storageOfField(mode)) {
  case Storage::I8: {
    const std::uint8_t value = *from;
    to[0] =
        (mode & kSignedRead) != 0
            ? static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int8_t>(value)))
            : value;
    return;
  }
  case Storage::I16: {
    std::uint16_t value = 0;
    std::memcpy(&value, from, 2);
    to[0] = (mode & kSignedRead) != 0 ? static_cast<std::uint32_t>(static_cast<std::int32_t>(
                                            static_cast<std::int16_t>(value)))
                                      : value;
    return;
  }
  case Storage::I32: {
    std::uint32_t value = 0;
    std::memcpy(&value, from, 4);
    to[0] = value;
    return;
  }
  case Storage::I64:
  case Storage::Ref: std::memcpy(to, from, 8); return;
  case Storage::V128: std::memcpy(to, from, 16); return;
  }
}

// Writes the value in slot(s) `from` as `storage` at `to` (packed values truncated).
inline void storeValue(std::uint8_t* to, Storage storage, const std::uint64_t* from) {
  std::memcpy(to, from, storageBytes(storage));
}

// A struct field's slot holds its value as an array element of its storage would, in the slot's
// first bytes, the rest zero: reads use loadValue on it.
inline void storeField(std::uint64_t* slot, Storage storage, const std::uint64_t* from) {
  if (storage == Storage::V128) {
    slot[0] = from[0];
    slot[1] = from[1];
    return;
  }
  slot[0] = 0;
  storeValue(reinterpret_cast<std::uint8_t*>(slot), storage, from);
}

// The element `index` of array `object` (checked in bounds by the caller).
inline std::uint8_t* elementAt(GcObject* object, std::uint64_t index) {
  return object->data() + index * storageBytes(object->type->element);
}

// True when [start, start + count) lies within `size` (no overflow).
constexpr bool rangeWithin(std::uint64_t start, std::uint64_t count, std::uint64_t size) {
  return start <= size && count <= size - start;
}

// A new struct of `type` with its fields from `fields` (slots laid out as the struct's), or null
// when the heap (or its absence) refuses.
GcObject* newStruct(GcHeap* heap, const GcType& type, const std::uint64_t* fields);
// A new array of `type` with `length` elements, each the value in slot(s) `value` (null: zero).
GcObject* newArray(GcHeap* heap, const GcType& type, std::uint32_t length,
                   const std::uint64_t* value);

// The cast target interned for the process (IR words point to it).
const CastTarget* internCastTarget(const CastTarget& target);

} // namespace wasmline::interp
