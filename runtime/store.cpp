#include "runtime/store.h"

namespace wasmline::runtime {

interp::Execution StoreData::execution() {
  const ExecutionConfig& execution = config_.execution;
  interp::Execution result;
  result.fuel = &fuel;
  result.trace = &execution.trace;
  result.options = compileOptions_;
  result.limits.maxCallDepth = execution.maxCallDepth;
  result.limits.valueStackSlots = execution.valueStackBytes / sizeof(std::uint64_t);
  result.limits.maxTableElements = execution.maxTableElements;
  return result;
}

interp::FuncInstance& StoreData::addFunction(interp::FuncInstance function) {
  return functions_.emplace_back(std::move(function));
}

interp::TableInstance& StoreData::addTable(interp::TableInstance table) {
  return tables_.emplace_back(std::move(table));
}

interp::GlobalInstance& StoreData::addGlobal(interp::GlobalInstance global) {
  return globals_.emplace_back(global);
}

detail::LinearMemory& StoreData::addMemory(std::shared_ptr<detail::LinearMemory> memory) {
  memories_.push_back(std::move(memory));
  return *memories_.back();
}

interp::Instance& StoreData::addInstance(interp::Instance instance) {
  return instances_.emplace_back(std::move(instance));
}

interp::RawValue StoreData::newExternRef(std::uint64_t payload) {
  interp::ExternObject& object = externs_.emplace_back(interp::ExternObject{payload});
  return interp::RawValue{reinterpret_cast<std::uintptr_t>(&object), 0};
}

} // namespace wasmline::runtime
