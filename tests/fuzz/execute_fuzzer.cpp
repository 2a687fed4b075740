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
  switch (type.kind()) {
  case ValKind::I32: return Value::i32(0);
  case ValKind::I64: return Value::i64(0);
  case ValKind::F32: return Value::f32Bits(0);
  case ValKind::F64: return Value::f64Bits(0);
  case ValKind::V128: return Value::v128(V128{});
  case ValKind::Ref: break;
  }
  return Value::nullRef(type);
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

// An import of `type`: functions return zeros, the rest (tables, memories, tags, globals) are
// fresh objects of the type.
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
  if (const auto* tag = std::get_if<TagType>(&type)) {
    auto created = Tag::create(store, *tag);
    if (created) return *created;
    return std::nullopt;
  }
  const auto& global = std::get<GlobalType>(type);
  auto created = Global::create(store, global, zeroOf(global.type));
  if (created) return *created;
  return std::nullopt;
}

// A LEB128 number at `bytes[at]` (advancing `at`); 0 past the end.
std::uint64_t readLeb(std::span<const std::uint8_t> bytes, std::size_t& at) {
  std::uint64_t value = 0;
  for (int shift = 0; at < bytes.size() && shift < 64; shift += 7) {
    const std::uint8_t byte = bytes[at++];
    value |= std::uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) break;
  }
  return value;
}

// The sum of the minimum sizes of the tables a (valid) module's table section declares.
std::uint64_t declaredTableElements(std::span<const std::uint8_t> bytes) {
  std::uint64_t total = 0;
  std::size_t at = 8;
  while (at < bytes.size()) {
    const std::uint8_t id = bytes[at++];
    const std::uint64_t size = readLeb(bytes, at);
    if (id != 4) {
      at += static_cast<std::size_t>(size);
      continue;
    }
    for (std::uint64_t count = readLeb(bytes, at); count > 0 && at < bytes.size(); --count) {
      if (bytes[at] == 0x40) at += 2; // a table with an initializer: 0x40 0x00 then the type
      ++at;                           // the reference type
      const std::uint8_t flags = at < bytes.size() ? bytes[at++] : 0;
      total += readLeb(bytes, at);
      if ((flags & 1) != 0) (void)readLeb(bytes, at);
      // An initializer expression would follow; wasmline does not accept those tables yet.
    }
    break;
  }
  return total;
}

// Tables are not limited at creation yet (issue 16: a module declaring 2^32-1 elements exhausts
// the host, the lead's table limits will refuse it); until then such modules are not run.
constexpr std::uint64_t kMaxTableElements = 1u << 20;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Engine& engine = fuzzEngine();
  auto module = Module::fromBinary(engine, std::span<const std::uint8_t>(data, size));
  if (!module) return 0;
  std::uint64_t tableElements = declaredTableElements(std::span<const std::uint8_t>(data, size));
  for (const ImportType& import : module->imports()) {
    if (const auto* table = std::get_if<TableType>(&import.type))
      tableElements += table->limits.min;
  }
  if (tableElements > kMaxTableElements) return 0;
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
