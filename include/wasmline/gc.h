// GC objects from the host: reading and writing the fields of structs and the elements of
// arrays that wasm code made (or the host did), with the type checks wasm code gets from
// validation, and making structs and arrays of a module's types. Values holding structs or
// arrays keep them alive (value.h); they must not outlive their store.
#pragma once

#include <cstdint>
#include <span>

#include "wasmline/result.h"
#include "wasmline/store.h"
#include "wasmline/value.h"

namespace wasmline {

// Field `field` of the struct `object` (a packed i8/i16 field reads zero-extended as an i32).
// Errors: InvalidArgument when `object` is null or not a struct, or has no such field.
Result<Value> structGet(const Value& object, std::uint32_t field);

// Sets field `field` of the struct `object` to `value`. Errors: InvalidArgument as structGet,
// for an immutable field, and for a value not of the field's type (packed fields take the i32's
// low bits).
Result<void> structSet(const Value& object, std::uint32_t field, const Value& value);

// The length of the array `array`. Errors: InvalidArgument when it is null or not an array.
Result<std::uint32_t> arrayLength(const Value& array);

// Element `index` of the array `array`. Errors: InvalidArgument as arrayLength; OutOfBounds
// past its length.
Result<Value> arrayGet(const Value& array, std::uint32_t index);

// Sets element `index` of `array` to `value`. Errors: as arrayGet, InvalidArgument for an
// immutable element type or a value not of the element type.
Result<void> arraySet(const Value& array, std::uint32_t index, const Value& value);

// A new struct of type `typeIndex` of `instance`'s module with `fields` in order. Errors:
// InvalidArgument when the type is not a struct type or the fields do not fit it; Trap "GC heap
// limit exceeded" when the store's heap is full even after a collection.
Result<Value> structNew(const Instance& instance, std::uint32_t typeIndex,
                        std::span<const Value> fields);

// A new array of type `typeIndex` of `instance`'s module with `length` elements, each
// `initial`. Errors: as structNew for an array type.
Result<Value> arrayNew(const Instance& instance, std::uint32_t typeIndex, std::uint32_t length,
                       const Value& initial);

} // namespace wasmline
