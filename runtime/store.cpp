#include "runtime/store.h"

namespace wasmline::runtime {

std::uint32_t StoreData::internType(const FuncType& type) {
  std::string key;
  for (ValType param : type.params)
    key += static_cast<char>(param);
  key += '|';
  for (ValType result : type.results)
    key += static_cast<char>(result);
  const auto [entry, added] =
      typeIds_.try_emplace(std::move(key), static_cast<std::uint32_t>(typeIds_.size()));
  return entry->second;
}

FuncInstance& StoreData::addFunction(FuncInstance function) {
  function.typeId = internType(function.type);
  return functions_.emplace_back(std::move(function));
}

TableInstance& StoreData::addTable(TableInstance table) {
  return tables_.emplace_back(std::move(table));
}

GlobalInstance& StoreData::addGlobal(GlobalInstance global) {
  return globals_.emplace_back(global);
}

detail::LinearMemory& StoreData::addMemory(std::shared_ptr<detail::LinearMemory> memory) {
  memories_.push_back(std::move(memory));
  return *memories_.back();
}

Instance& StoreData::addInstance(Instance instance) {
  return instances_.emplace_back(std::move(instance));
}

RawValue StoreData::newExternRef(std::uint64_t payload) {
  ExternObject& object = externs_.emplace_back(ExternObject{payload});
  return RawValue{reinterpret_cast<std::uintptr_t>(&object), 0};
}

} // namespace wasmline::runtime
