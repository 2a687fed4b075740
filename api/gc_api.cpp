// The host's access to GC objects (wasmline/gc.h).
#include "wasmline/gc.h"

#include <string>

#include "api/access.h"
#include "binary/type_registry.h"
#include "interp/gc_ops.h"
#include "runtime/store.h"

namespace wasmline {
namespace {

Error invalid(std::string message) {
  return Error(ErrorKind::InvalidArgument, std::move(message));
}

// The GC object of `value` when it is a non-null struct (or array, by `kind`).
Result<interp::GcObject*> objectOf(const Value& value, HeapKind kind, const char* what) {
  if (value.refKind() != kind) {
    return invalid(std::string(what) + ": expected a non-null " +
                   (kind == HeapKind::Struct ? "struct" : "array") + ", got " +
                   (value.type().isRef() && value.isNull() ? "null" : value.type().toString()));
  }
  return interp::objectAt(api::Access::raw(value).low);
}

// A Value of canonical field type `field` read from `at`.
Value readValue(const binary::FieldType& field, const std::uint8_t* at, runtime::StoreData* store) {
  std::uint64_t slots[2] = {};
  interp::loadValue(at, static_cast<std::uint64_t>(interp::storageOf(field)), slots);
  return api::Access::value(field.type, interp::RawValue{slots[0], slots[1]}, store);
}

// Checks that `value` may be stored in `field` (its unpacked type for packed ones).
Result<void> checkStore(const binary::FieldType& field, const Value& value, const char* what) {
  if (!field.isMutable) return invalid(std::string(what) + ": the field is immutable");
  if (!api::Access::fits(value, field.type)) {
    return invalid(std::string(what) + ": expected " + field.type.toString() + ", got " +
                   value.type().toString());
  }
  return {};
}

// The canonical type `typeIndex` of `instance`'s module names, when it is of `kind`.
Result<std::uint32_t> typeOf(const Instance& instance, std::uint32_t typeIndex,
                             binary::TypeDef::Kind kind, const char* what) {
  const interp::Instance* object = api::Access::object(instance);
  if (object == nullptr) return invalid(std::string(what) + ": empty Instance handle");
  const binary::Module& module = object->code->module();
  if (typeIndex >= module.types.size() || module.types[typeIndex].kind != kind) {
    return invalid(std::string(what) + ": type " + std::to_string(typeIndex) + " is not " +
                   (kind == binary::TypeDef::Kind::Struct ? "a struct" : "an array") + " type");
  }
  return module.canonicalTypeIds[typeIndex];
}

Error heapFull() {
  return Error(ErrorKind::Trap,
               std::string(interp::trapMessage(interp::TrapKind::GcHeapExhausted)));
}

} // namespace

Result<Value> structGet(const Value& object, std::uint32_t field) {
  auto found = objectOf(object, HeapKind::Struct, "structGet");
  if (!found) return found.error();
  interp::GcObject* gc = *found;
  const binary::CanonicalType& type = binary::canonicalType(gc->type->id);
  if (field >= type.fields.size()) {
    return invalid("structGet: the struct has no field " + std::to_string(field));
  }
  const auto* at = reinterpret_cast<const std::uint8_t*>(gc->slots() + gc->type->fieldSlots[field]);
  return readValue(type.fields[field], at, api::Access::store(object));
}

Result<void> structSet(const Value& object, std::uint32_t field, const Value& value) {
  auto found = objectOf(object, HeapKind::Struct, "structSet");
  if (!found) return found.error();
  interp::GcObject* gc = *found;
  const binary::CanonicalType& type = binary::canonicalType(gc->type->id);
  if (field >= type.fields.size()) {
    return invalid("structSet: the struct has no field " + std::to_string(field));
  }
  if (auto checked = checkStore(type.fields[field], value, "structSet"); !checked) {
    return checked.error();
  }
  const interp::RawValue raw = api::Access::raw(value);
  const std::uint64_t slots[2] = {raw.low, raw.high};
  interp::storeField(gc->slots() + gc->type->fieldSlots[field], gc->type->fieldStorage[field],
                     slots);
  return {};
}

Result<std::uint32_t> arrayLength(const Value& array) {
  auto found = objectOf(array, HeapKind::Array, "arrayLength");
  if (!found) return found.error();
  return (*found)->length;
}

Result<Value> arrayGet(const Value& array, std::uint32_t index) {
  auto found = objectOf(array, HeapKind::Array, "arrayGet");
  if (!found) return found.error();
  interp::GcObject* gc = *found;
  if (index >= gc->length) {
    return Error(ErrorKind::OutOfBounds, "arrayGet: index " + std::to_string(index) +
                                             " past the array's length " +
                                             std::to_string(gc->length));
  }
  const binary::CanonicalType& type = binary::canonicalType(gc->type->id);
  return readValue(type.fields[0], interp::elementAt(gc, index), api::Access::store(array));
}

Result<void> arraySet(const Value& array, std::uint32_t index, const Value& value) {
  auto found = objectOf(array, HeapKind::Array, "arraySet");
  if (!found) return found.error();
  interp::GcObject* gc = *found;
  if (index >= gc->length) {
    return Error(ErrorKind::OutOfBounds, "arraySet: index " + std::to_string(index) +
                                             " past the array's length " +
                                             std::to_string(gc->length));
  }
  const binary::CanonicalType& type = binary::canonicalType(gc->type->id);
  if (auto checked = checkStore(type.fields[0], value, "arraySet"); !checked) {
    return checked.error();
  }
  const interp::RawValue raw = api::Access::raw(value);
  const std::uint64_t slots[2] = {raw.low, raw.high};
  interp::storeValue(interp::elementAt(gc, index), gc->type->element, slots);
  return {};
}

Result<Value> structNew(const Instance& instance, std::uint32_t typeIndex,
                        std::span<const Value> fields) {
  auto id = typeOf(instance, typeIndex, binary::TypeDef::Kind::Struct, "structNew");
  if (!id) return id.error();
  const binary::CanonicalType& canonical = binary::canonicalType(*id);
  if (fields.size() != canonical.fields.size()) {
    return invalid("structNew: the struct type has " + std::to_string(canonical.fields.size()) +
                   " fields, got " + std::to_string(fields.size()) + " values");
  }
  const interp::GcType& type = interp::gcType(*id);
  std::vector<std::uint64_t> slots(type.slots + 1);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!api::Access::fits(fields[i], canonical.fields[i].type)) {
      return invalid("structNew: field " + std::to_string(i) + " expects " +
                     canonical.fields[i].type.toString() + ", got " + fields[i].type().toString());
    }
    const interp::RawValue raw = api::Access::raw(fields[i]);
    slots[type.fieldSlots[i]] = raw.low;
    slots[type.fieldSlots[i] + 1] = raw.high; // a v128's second slot (else overwritten or spare)
  }
  runtime::StoreData& store = *api::Access::store(instance);
  // `fields` (rooted Values) keep what they refer to alive if the allocation collects.
  interp::GcObject* object = interp::newStruct(&store.gcHeap(), type, slots.data());
  if (object == nullptr) return heapFull();
  return api::Access::value(ValType::ref(HeapType::concrete(*id), false),
                            interp::RawValue{reinterpret_cast<std::uintptr_t>(object), 0}, &store);
}

Result<Value> arrayNew(const Instance& instance, std::uint32_t typeIndex, std::uint32_t length,
                       const Value& initial) {
  auto id = typeOf(instance, typeIndex, binary::TypeDef::Kind::Array, "arrayNew");
  if (!id) return id.error();
  const binary::CanonicalType& canonical = binary::canonicalType(*id);
  if (!api::Access::fits(initial, canonical.fields[0].type)) {
    return invalid("arrayNew: elements are " + canonical.fields[0].type.toString() + ", got " +
                   initial.type().toString());
  }
  const interp::RawValue raw = api::Access::raw(initial);
  const std::uint64_t slots[2] = {raw.low, raw.high};
  runtime::StoreData& store = *api::Access::store(instance);
  interp::GcObject* object = interp::newArray(&store.gcHeap(), interp::gcType(*id), length, slots);
  if (object == nullptr) return heapFull();
  return api::Access::value(ValType::ref(HeapType::concrete(*id), false),
                            interp::RawValue{reinterpret_cast<std::uintptr_t>(object), 0}, &store);
}

} // namespace wasmline
