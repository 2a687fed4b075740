#include "interp/gc_types.h"

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "binary/subtyping.h"
#include "binary/type_registry.h"
#include "interp/objects.h"

namespace wasmline::interp {
namespace {

struct GcTypes {
  std::mutex mutex;
  std::unordered_map<std::uint32_t, std::unique_ptr<GcType>> byId;
};

GcTypes& types() {
  static GcTypes instance;
  return instance;
}

// True for reference types whose values may be GC objects: those of the any and extern
// hierarchies (functions and exceptions are store objects of their own).
bool traced(ValType type) {
  const HeapKind top = binary::canonicalTopOf(type.heapType());
  return top == HeapKind::Any || top == HeapKind::Extern;
}
bool exception(ValType type) {
  return binary::canonicalTopOf(type.heapType()) == HeapKind::Exn;
}

std::unique_ptr<GcType> makeType(std::uint32_t id) {
  auto type = std::make_unique<GcType>();
  const binary::CanonicalType& canonical = binary::canonicalType(id);
  type->id = id;
  switch (canonical.kind) {
  case binary::TypeDef::Kind::Func: type->kind = GcType::Kind::Func; break;
  case binary::TypeDef::Kind::Struct: type->kind = GcType::Kind::Struct; break;
  case binary::TypeDef::Kind::Array: type->kind = GcType::Kind::Array; break;
  }
  // The supertype chain, root first (canonical supertypes have lower ids, so it ends).
  std::vector<std::uint32_t> chain{id};
  for (std::optional<std::uint32_t> at = canonical.supertype; at && *at < chain.back();
       at = binary::canonicalType(*at).supertype) {
    chain.push_back(*at);
  }
  type->ancestors.assign(chain.rbegin(), chain.rend());
  if (type->kind == GcType::Kind::Struct) {
    for (const binary::FieldType& field : canonical.fields) {
      const Storage storage = storageOf(field);
      type->fieldSlots.push_back(type->slots);
      type->fieldStorage.push_back(storage);
      if (storage == Storage::Ref && traced(field.type))
        type->referenceSlots.push_back(type->slots);
      if (storage == Storage::Ref && exception(field.type))
        type->exceptionSlots.push_back(type->slots);
      type->slots += storage == Storage::V128 ? 2 : 1;
    }
  } else if (type->kind == GcType::Kind::Array) {
    type->element = storageOf(canonical.fields[0]);
    type->elementTraced = type->element == Storage::Ref && traced(canonical.fields[0].type);
    type->elementException = type->element == Storage::Ref && exception(canonical.fields[0].type);
  }
  return type;
}

bool abstractMatches(std::uint64_t word, HeapKind kind) {
  switch (kind) {
  case HeapKind::Any:
  case HeapKind::Func:
  case HeapKind::Extern:
  case HeapKind::Exn: return true;
  case HeapKind::Eq:
  case HeapKind::I31:
  case HeapKind::Struct:
  case HeapKind::Array: break;
  default: return false; // the bottoms hold only null
  }
  if ((word & 1) != 0) return kind != HeapKind::Struct && kind != HeapKind::Array;
  const GcType::Kind type = (*reinterpret_cast<const GcType* const*>(word))->kind;
  switch (kind) {
  case HeapKind::Eq: return type != GcType::Kind::Host;
  case HeapKind::Struct: return type == GcType::Kind::Struct;
  case HeapKind::Array: return type == GcType::Kind::Array;
  default: return false;
  }
}

} // namespace

Storage storageOf(const binary::FieldType& field) {
  switch (field.packing) {
  case binary::FieldType::Packing::I8: return Storage::I8;
  case binary::FieldType::Packing::I16: return Storage::I16;
  case binary::FieldType::Packing::None: break;
  }
  switch (field.type.kind()) {
  case ValKind::I32:
  case ValKind::F32: return Storage::I32;
  case ValKind::I64:
  case ValKind::F64: return Storage::I64;
  case ValKind::V128: return Storage::V128;
  case ValKind::Ref: return Storage::Ref;
  }
  return Storage::I64;
}

const GcType& gcType(std::uint32_t id) {
  GcTypes& all = types();
  {
    const std::lock_guard lock(all.mutex);
    if (auto found = all.byId.find(id); found != all.byId.end()) return *found->second;
  }
  std::unique_ptr<GcType> made = makeType(id); // takes the registry's lock, not ours
  const std::lock_guard lock(all.mutex);
  auto [entry, added] = all.byId.try_emplace(id, std::move(made));
  return *entry->second;
}

const GcType& hostType() {
  static const GcType type = [] {
    GcType host;
    host.kind = GcType::Kind::Host;
    host.id = ~std::uint32_t{0};
    host.ancestors = {host.id};
    return host;
  }();
  return type;
}

CastTarget castTarget(ValType type, const std::vector<std::uint32_t>& ids) {
  CastTarget target;
  target.kind = type.heapType().kind();
  target.nullable = type.nullable();
  if (type.heapType().isConcrete()) {
    const std::uint32_t index = type.heapType().index();
    target.type = &gcType(index < ids.size() ? ids[index] : 0);
  }
  return target;
}

bool castMatches(std::uint64_t word, const CastTarget& target) {
  if (word == 0) return target.nullable;
  if (target.kind != HeapKind::Concrete) return abstractMatches(word, target.kind);
  if (target.type->kind == GcType::Kind::Func) {
    const auto* function = reinterpret_cast<const FuncInstance*>(word);
    return funcTypeMatches(function->typeId, target.type->id);
  }
  if ((word & 1) != 0) return false;
  const GcType* type = *reinterpret_cast<const GcType* const*>(word);
  return type->isBelow(*target.type);
}

bool funcTypeMatches(std::uint32_t sub, std::uint32_t super) {
  if (sub == super) return true;
  return gcType(sub).isBelow(gcType(super));
}

std::string describeReference(std::uint64_t word, HeapKind hierarchy) {
  if (word == 0) return "null";
  if (hierarchy == HeapKind::Func) {
    const auto* function = reinterpret_cast<const FuncInstance*>(word);
    return "function of type " + function->type.toString();
  }
  if (hierarchy == HeapKind::Exn) return "exception";
  if ((word & 1) != 0) return "i31 " + std::to_string(i31Signed(word));
  const GcType* type = *reinterpret_cast<const GcType* const*>(word);
  switch (type->kind) {
  case GcType::Kind::Host: return "host reference";
  case GcType::Kind::Struct:
  case GcType::Kind::Array: return "a " + canonicalTypeText(type->id);
  case GcType::Kind::Func: break;
  }
  return "reference";
}

std::string canonicalTypeText(std::uint32_t id) {
  const binary::CanonicalType& type = binary::canonicalType(id);
  auto valueText = [](ValType value) {
    if (value.isRef() && value.heapType().isConcrete()) {
      return std::string(value.nullable() ? "(ref null #" : "(ref #") +
             std::to_string(value.heapType().index()) + ")";
    }
    return value.toString();
  };
  auto fieldText = [&](const binary::FieldType& field) {
    std::string storage = field.packing == binary::FieldType::Packing::I8 ? "i8"
                          : field.packing == binary::FieldType::Packing::I16
                              ? "i16"
                              : valueText(field.type);
    return field.isMutable ? "(mut " + storage + ")" : storage;
  };
  std::string text;
  switch (type.kind) {
  case binary::TypeDef::Kind::Func: return "(func " + type.func.toString() + ")";
  case binary::TypeDef::Kind::Array: return "(array " + fieldText(type.fields[0]) + ")";
  case binary::TypeDef::Kind::Struct:
    text = "(struct";
    for (const binary::FieldType& field : type.fields)
      text += " (field " + fieldText(field) + ")";
    return text + ")";
  }
  return text;
}

} // namespace wasmline::interp
