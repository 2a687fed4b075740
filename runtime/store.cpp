#include "runtime/store.h"

#include "binary/type_registry.h"

namespace wasmline::runtime {

std::uint32_t StoreData::internType(const FuncType& type) {
  return binary::canonicalTypeId(type);
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
