#include "binary/type_registry.h"

#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace wasmline::binary {
namespace {

// The process's canonical types: group keys to the id of their first type, and every type by id.
struct Registry {
  std::mutex mutex;
  std::map<std::string, std::uint32_t> groups;
  std::deque<CanonicalType> types; // stable references
};

Registry& registry() {
  static Registry instance;
  return instance;
}

// Appends a value type to a group's key: concrete heap types inside the group as their index in
// it, outside as their canonical id.
void appendType(std::string& key, ValType type, std::uint32_t first, std::uint32_t count,
                std::span<const std::uint32_t> earlier) {
  key += static_cast<char>(type.kind());
  if (!type.isRef()) return;
  key += type.nullable() ? 'n' : 'N';
  const HeapType heap = type.heapType();
  if (!heap.isConcrete()) {
    key += static_cast<char>(heap.kind());
    return;
  }
  if (heap.index() >= first && heap.index() < first + count) {
    key += 'r' + std::to_string(heap.index() - first) + ';';
  } else {
    key += 'c' + std::to_string(heap.index() < earlier.size() ? earlier[heap.index()] : 0) + ';';
  }
}

void appendIndex(std::string& key, std::optional<std::uint32_t> index, std::uint32_t first,
                 std::uint32_t count, std::span<const std::uint32_t> earlier) {
  if (!index) {
    key += '-';
    return;
  }
  appendType(key, ValType::ref(HeapType::concrete(*index), false), first, count, earlier);
}

std::string groupKey(const Module& module, std::uint32_t first, std::uint32_t count,
                     std::span<const std::uint32_t> earlier) {
  std::string key = std::to_string(count) + ':';
  for (std::uint32_t i = first; i < first + count; ++i) {
    const TypeDef& type = module.types[i];
    key += static_cast<char>('0' + static_cast<int>(type.kind));
    key += type.isFinal ? 'F' : 'O';
    appendIndex(key, type.supertype, first, count, earlier);
    for (ValType param : type.func.params)
      appendType(key, param, first, count, earlier);
    key += '>';
    for (ValType result : type.func.results)
      appendType(key, result, first, count, earlier);
    key += '{';
    for (const FieldType& field : type.fields) {
      key += static_cast<char>('0' + static_cast<int>(field.packing));
      key += field.isMutable ? 'm' : 'c';
      appendType(key, field.type, first, count, earlier);
    }
    key += '}';
  }
  return key;
}

// `type` with concrete indices inside the group mapped to the group's new ids and outside ones
// to `earlier`.
ValType mapType(ValType type, std::uint32_t first, std::uint32_t count,
                std::span<const std::uint32_t> earlier, std::uint32_t groupId) {
  if (!type.isRef() || !type.heapType().isConcrete()) return type;
  const std::uint32_t index = type.heapType().index();
  const std::uint32_t id = index >= first && index < first + count
                               ? groupId + (index - first)
                               : (index < earlier.size() ? earlier[index] : 0);
  return ValType::ref(HeapType::concrete(id), type.nullable());
}

} // namespace

std::vector<std::uint32_t> canonicalizeGroup(const Module& module, std::uint32_t first,
                                             std::uint32_t count,
                                             std::span<const std::uint32_t> earlier) {
  const std::string key = groupKey(module, first, count, earlier);
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  auto [entry, added] = r.groups.try_emplace(key, static_cast<std::uint32_t>(r.types.size()));
  const std::uint32_t groupId = entry->second;
  if (added) {
    for (std::uint32_t i = first; i < first + count; ++i) {
      const TypeDef& type = module.types[i];
      CanonicalType canonical;
      canonical.kind = type.kind;
      canonical.isFinal = type.isFinal;
      for (ValType param : type.func.params)
        canonical.func.params.push_back(mapType(param, first, count, earlier, groupId));
      for (ValType result : type.func.results)
        canonical.func.results.push_back(mapType(result, first, count, earlier, groupId));
      for (FieldType field : type.fields) {
        field.type = mapType(field.type, first, count, earlier, groupId);
        canonical.fields.push_back(field);
      }
      if (type.supertype) {
        canonical.supertype =
            mapType(ValType::ref(HeapType::concrete(*type.supertype), false), first, count,
                    earlier, groupId)
                .heapType()
                .index();
      }
      r.types.push_back(std::move(canonical));
    }
  }
  std::vector<std::uint32_t> ids(count);
  for (std::uint32_t i = 0; i < count; ++i)
    ids[i] = groupId + i;
  return ids;
}

std::uint32_t canonicalTypeId(const FuncType& type) {
  Module module;
  TypeDef def;
  def.func = type;
  module.types.push_back(std::move(def));
  return canonicalizeGroup(module, 0, 1, {})[0];
}

const CanonicalType& canonicalType(std::uint32_t id) {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  return r.types[id];
}

ValType canonicalValType(ValType type, std::span<const std::uint32_t> ids) {
  if (!type.isRef() || !type.heapType().isConcrete()) return type;
  const std::uint32_t index = type.heapType().index();
  return ValType::ref(HeapType::concrete(index < ids.size() ? ids[index] : 0), type.nullable());
}

FuncType canonicalFuncType(const FuncType& type, std::span<const std::uint32_t> ids) {
  FuncType canonical;
  for (ValType param : type.params)
    canonical.params.push_back(canonicalValType(param, ids));
  for (ValType result : type.results)
    canonical.results.push_back(canonicalValType(result, ids));
  return canonical;
}

} // namespace wasmline::binary
