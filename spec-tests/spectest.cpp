#include "spec-tests/spectest.h"

namespace wasmline::spec {

Result<void> defineSpectest(Store& store, Linker& linker) {
  auto print = [&](const char* name, std::vector<ValType> params) {
    linker.define(
        "spectest", name,
        Func::wrap(store, FuncType{std::move(params), {}},
                   [](std::span<const Value>, std::span<Value>) -> Result<void> { return {}; }));
  };
  print("print", {});
  print("print_i32", {ValType::I32});
  print("print_i64", {ValType::I64});
  print("print_f32", {ValType::F32});
  print("print_f64", {ValType::F64});
  print("print_i32_f32", {ValType::I32, ValType::F32});
  print("print_f64_f64", {ValType::F64, ValType::F64});

  const auto global = [&](const char* name, ValType type, const Value& value) -> Result<void> {
    auto created = Global::create(store, GlobalType{type, false}, value);
    if (!created) return created.error();
    linker.define("spectest", name, *created);
    return {};
  };
  if (auto r = global("global_i32", ValType::I32, Value::i32(666)); !r) return r;
  if (auto r = global("global_i64", ValType::I64, Value::i64(666)); !r) return r;
  if (auto r = global("global_f32", ValType::F32, Value::f32(666.6f)); !r) return r;
  if (auto r = global("global_f64", ValType::F64, Value::f64(666.6)); !r) return r;

  auto table = Table::create(store, TableType{ValType::FuncRef, Limits{10, 20}},
                             Value::nullRef(ValType::FuncRef));
  if (!table) return table.error();
  linker.define("spectest", "table", *table);
  // table64 (memory64 in 3.0): the same limits, 64-bit indices.
  auto table64 = Table::create(store, TableType{ValType::FuncRef, Limits{10, 20}, true},
                               Value::nullRef(ValType::FuncRef));
  if (!table64) return table64.error();
  linker.define("spectest", "table64", *table64);
  auto memory = Memory::create(MemoryType::pages(1, 2));
  if (!memory) return memory.error();
  linker.define("spectest", "memory", *memory);
  // The threads proposal's scripts import a shared memory.
  auto shared = Memory::create(MemoryType{{1, 2}, false, true});
  if (!shared) return shared.error();
  linker.define("spectest", "shared_memory", *shared);
  return {};
}

} // namespace wasmline::spec
