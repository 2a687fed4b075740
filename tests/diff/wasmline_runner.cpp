#include "tests/diff/wasmline_runner.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <span>
#include <utility>

#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline::diff {
namespace {

// Fuel per call: far more than binaryen's hang limit lets a generated function run.
constexpr std::uint64_t kFuelPerCall = 50'000'000;

std::optional<Kind> kindOf(ValType type) {
  switch (type.kind()) {
  case ValKind::I32: return Kind::I32;
  case ValKind::I64: return Kind::I64;
  case ValKind::F32: return Kind::F32;
  case ValKind::F64: return Kind::F64;
  case ValKind::V128: return Kind::V128;
  case ValKind::Ref: break;
  }
  if (type == ValType::FuncRef) return Kind::FuncRef;
  if (type == ValType::ExternRef) return Kind::ExternRef;
  return std::nullopt;
}

RawValue rawOf(const Value& value) {
  RawValue raw;
  raw.kind = kindOf(value.type()).value_or(Kind::I32);
  if (raw.kind == Kind::FuncRef || raw.kind == Kind::ExternRef) {
    raw.null = value.isNull();
  } else {
    switch (raw.kind) {
    case Kind::I32: raw.low = static_cast<std::uint32_t>(value.asI32()); break;
    case Kind::I64: raw.low = static_cast<std::uint64_t>(value.asI64()); break;
    case Kind::F32: raw.low = value.f32Bits(); break;
    case Kind::F64: raw.low = value.f64Bits(); break;
    case Kind::V128: {
      const V128 vector = value.asV128();
      std::memcpy(&raw.low, vector.bytes.data(), 8); // lanes are little-endian, as on the host
      std::memcpy(&raw.high, vector.bytes.data() + 8, 8);
      break;
    }
    default: break;
    }
  }
  return raw;
}

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

class WasmlineRunner final : public Runner {
public:
  WasmlineRunner(const Proposals& proposals, std::vector<std::string>* executed)
      : engine_([&] {
          EngineConfig config;
          config.features.tailCall = proposals.tailCall;
          config.features.threads = proposals.threads;
          config.execution.consumeFuel = true;
          config.execution.maxCallDepth = 2000;
          if (executed != nullptr) {
            config.execution.trace = [executed](const TraceEvent& event) {
              executed->emplace_back(event.instruction);
            };
          } else if (std::getenv("DIFFTEST_TRACE") != nullptr) {
            config.execution.trace = [](const TraceEvent& event) {
              std::printf("wasmline: func %u @0x%x %.*s\n", event.functionIndex, event.offset,
                          static_cast<int>(event.instruction.size()), event.instruction.data());
            };
          }
          return config;
        }()),
        store_(engine_) {}

  Instantiation instantiate(ByteView binary) override {
    Instantiation result;
    auto module = Module::fromBinary(engine_, std::span(binary.data, binary.size));
    if (!module) {
      result.message = module.error().message();
      return result;
    }
    result.decoded = true;
    std::vector<Extern> imports;
    for (const ImportType& import : module->imports()) {
      const auto* type = std::get_if<FuncType>(&import.type);
      if (import.module != "fuzzing-support" || !import.name.starts_with("log-") ||
          type == nullptr || type->params.size() != 1 || !type->results.empty()) {
        result.message = "unsupported import " + import.module + "." + import.name;
        return result;
      }
      imports.push_back(Func::wrap(
          store_, *type, [this](std::span<const Value> args, std::span<Value>) -> Result<void> {
            logs_.push_back(rawOf(args[0]));
            return {};
          }));
    }
    (void)store_.setFuel(kFuelPerCall);
    auto instance = Instance::create(store_, *module, imports);
    if (!instance) {
      result.trapped = instance.error().kind() == ErrorKind::Trap;
      result.message = instance.error().message();
      return result;
    }
    module_ = std::move(*module);
    instance_ = std::move(*instance);
    return result;
  }

  std::vector<ExportedFunction> exports() override {
    std::vector<ExportedFunction> functions;
    for (const ExportType& item : module_->exports()) {
      const auto* type = std::get_if<FuncType>(&item.type);
      if (type == nullptr) continue;
      ExportedFunction function{item.name, {}, {}};
      for (ValType param : type->params)
        function.params.push_back(kindOf(param).value_or(Kind::I32));
      for (ValType result : type->results)
        function.results.push_back(kindOf(result).value_or(Kind::I32));
      functions.push_back(std::move(function));
    }
    return functions;
  }

  Outcome call(const std::string& name) override {
    Outcome outcome;
    logs_.clear();
    const auto func = instance_->func(name);
    std::vector<Value> args;
    for (ValType param : func->type().params)
      args.push_back(zeroOf(param));
    (void)store_.setFuel(kFuelPerCall);
    auto results = func->call(args);
    outcome.logs = std::move(logs_);
    logs_.clear();
    if (!results) {
      outcome.trapped = true;
      outcome.trap = results.error().message();
      outcome.exhausted = outcome.trap.starts_with("call stack exhausted") ||
                          outcome.trap.starts_with("all fuel consumed");
      return outcome;
    }
    for (const Value& value : *results)
      outcome.results.push_back(rawOf(value));
    return outcome;
  }

  ByteView memory() override {
    const auto memory = instance_->memory("memory");
    if (!memory) return {};
    const auto bytes = std::as_const(*memory).span(0, memory->byteLength());
    if (!bytes) return {};
    return {bytes->data(), bytes->size()};
  }

private:
  Engine engine_;
  Store store_;
  std::optional<Module> module_;
  std::optional<Instance> instance_;
  std::vector<RawValue> logs_;
};

} // namespace

std::unique_ptr<Runner> makeWasmlineRunner(const Proposals& proposals,
                                           std::vector<std::string>* executed) {
  return std::make_unique<WasmlineRunner>(proposals, executed);
}

} // namespace wasmline::diff
