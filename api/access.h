// The one way from the public API's handles to the objects behind them: public classes keep their
// internals private and befriend Access, which only the API's implementation (and tests of
// internals) include.
#pragma once

#include <memory>

#include "interp/module_code.h"
#include "interp/objects.h"
#include "memory/linear_memory.h"
#include "runtime/store.h"
#include "wasmline/memory.h"
#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline::api {

struct Access {
  // Module
  static Module module(std::shared_ptr<interp::ModuleCode> code) { return Module(std::move(code)); }
  static const std::shared_ptr<interp::ModuleCode>& code(const Module& module) {
    return module.code_;
  }

  // Store and Engine
  static runtime::StoreData& store(Store& store) { return *store.data_; }
  static const std::shared_ptr<std::atomic<std::uint64_t>>& epoch(const Engine& engine) {
    return engine.epoch_;
  }

  // Values
  // A Value of `raw` (of canonical `type`) from `store`; a struct or array is rooted in the
  // store while the Value (or a copy) lives.
  static Value value(ValType type, const interp::RawValue& raw, runtime::StoreData* store);
  static void root(runtime::StoreData& store, std::uint64_t word);
  static void unroot(runtime::StoreData& store, std::uint64_t word);
  static interp::RawValue raw(const Value& value) { return {value.low_, value.high_}; }
  // True when `value` may stand where a value of (canonical) type `expected` goes.
  static bool fits(const Value& value, ValType expected);

  // Objects of a store
  static Func func(runtime::StoreData* store, interp::FuncInstance* func) {
    return Func(store, func);
  }
  static interp::FuncInstance* object(const Func& func) { return func.func_; }
  static runtime::StoreData* store(const Func& func) { return func.store_; }
  static Global global(runtime::StoreData* store, interp::GlobalInstance* global) {
    return Global(store, global);
  }
  static interp::GlobalInstance* object(const Global& global) { return global.global_; }
  static Table table(runtime::StoreData* store, interp::TableInstance* table) {
    return Table(store, table);
  }
  static interp::TableInstance* object(const Table& table) { return table.table_; }
  static Tag tag(runtime::StoreData* store, interp::TagInstance* tag) { return Tag(store, tag); }
  static interp::TagInstance* object(const Tag& tag) { return tag.tag_; }
  static Exception exception(runtime::StoreData* store, interp::ExceptionObject* exception) {
    return Exception(store, exception);
  }
  static interp::ExceptionObject* object(const Exception& exception) {
    return exception.exception_;
  }
  static Instance instance(runtime::StoreData* store, interp::Instance* instance) {
    return Instance(store, instance);
  }
  static interp::Instance* object(const Instance& instance) { return instance.instance_; }
  static runtime::StoreData* store(const Instance& instance) { return instance.store_; }
  static Caller caller(const Instance& instance) { return Caller(instance); }
  static Memory memory(std::shared_ptr<detail::LinearMemory> memory) {
    return Memory(std::move(memory));
  }
  static const std::shared_ptr<detail::LinearMemory>& object(const Memory& memory) {
    return memory.memory_;
  }
};

} // namespace wasmline::api
