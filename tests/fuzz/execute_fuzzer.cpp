// libFuzzer entry point: any module that validates is instantiated (every import stubbed) and each
// exported function is called with zero arguments under fuel and tight stack limits. Whatever the
// module does, the host must see results or errors: never a crash, hang, leak or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "wasmline/module.h"
#include "wasmline/store.h"

namespace {

using namespace wasmline;

Value zeroOf(ValType type) {
  switch (type) {
  case ValType::I32: return Value::i32(0);
  case ValType::I64: return Value::i64(0);
  case ValType::F32: return Value::f32Bits(0);
  case ValType::F64: return Value::f64Bits(0);
  case ValType::V128: return Value::v128(V128{});
  case ValType::FuncRef:
  case ValType::ExternRef: return Value::nullRef(type);
  }
  return Value::i32(0);
}

const Engine& fuzzEngine() {
  static const Engine engine([] {
    EngineConfig config;
    config.features = Features::all();
    config.memory.limiter.maxBytes = std::uint64_t{16} << 20;
    config.execution.consumeFuel = true;
    config.execution.maxCallDepth = 200;
    config.execution.valueStackBytes = 256 << 10;
    return config;
  }());
  return engine;
}

// An import of `type`: functions return zeros, the rest are fresh objects of the type.
std::optional<Extern> stubFor(Store& store, const ExternType& type) {
  if (const auto* func = std::get_if<FuncType>(&type)) {
    return Func::wrap(
        store, *func,
        [results = func->results](std::span<const Value>, std::span<Value> out) -> Result<void> {
          for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = zeroOf(results[i]);
          return {};
        });
  }
  if (const auto* table = std::get_if<TableType>(&type)) {
    auto created = Table::create(store, *table, Value::nullRef(table->element));
    if (created) return *created;
    return std::nullopt;
  }
  if (const auto* memory = std::get_if<MemoryType>(&type)) {
    auto created = Memory::create(*memory, fuzzEngine().config().memory);
    if (created) return *created;
    return std::nullopt;
  }
  const auto& global = std::get<GlobalType>(type);
  auto created = Global::create(store, global, zeroOf(global.type));
  if (created) return *created;
  return std::nullopt;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Engine& engine = fuzzEngine();
  auto module = Module::fromBinary(engine, std::span<const std::uint8_t>(data, size));
  if (!module) return 0;
  Store store(engine);
  (void)store.setFuel(100000);
  std::vector<Extern> imports;
  for (const ImportType& import : module->imports()) {
    auto stub = stubFor(store, import.type);
    if (!stub) return 0;
    imports.push_back(*stub);
  }
  auto instance = Instance::create(store, *module, imports);
  if (!instance) return 0;
  for (const auto& [name, item] : instance->exports()) {
    const auto* func = std::get_if<Func>(&item);
    if (func == nullptr) continue;
    std::vector<Value> args;
    for (ValType param : func->type().params)
      args.push_back(zeroOf(param));
    (void)store.setFuel(100000);
    (void)func->call(args);
  }
  return 0;
}
