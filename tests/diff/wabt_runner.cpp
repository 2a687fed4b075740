#include "tests/diff/wabt_runner.h"

#include <cstdlib>
#include <cstring>
#include <optional>

#include "wabt/binary-reader.h"
#include "wabt/error.h"
#include "wabt/feature.h"
#include "wabt/interp/binary-reader-interp.h"
#include "wabt/interp/interp.h"
#include "wabt/stream.h"

namespace wasmline::diff {
namespace {

namespace wi = wabt::interp;

std::optional<Kind> kindOf(wabt::Type type) {
  switch (type) {
  case wabt::Type::I32: return Kind::I32;
  case wabt::Type::I64: return Kind::I64;
  case wabt::Type::F32: return Kind::F32;
  case wabt::Type::F64: return Kind::F64;
  case wabt::Type::V128: return Kind::V128;
  case wabt::Type::FuncRef: return Kind::FuncRef;
  case wabt::Type::ExternRef: return Kind::ExternRef;
  default: return std::nullopt;
  }
}

RawValue rawOf(wabt::Type type, const wi::Value& value) {
  RawValue raw;
  raw.kind = kindOf(type).value_or(Kind::I32);
  switch (raw.kind) {
  case Kind::I32: raw.low = value.Get<wi::u32>(); break;
  case Kind::I64: raw.low = value.Get<wi::u64>(); break;
  case Kind::F32: {
    const float f = value.Get<wi::f32>();
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    raw.low = bits;
    break;
  }
  case Kind::F64: {
    const double d = value.Get<wi::f64>();
    std::memcpy(&raw.low, &d, 8);
    break;
  }
  case Kind::V128: {
    const ::v128 v = value.Get<::v128>();
    raw.low = v.u64(0);
    raw.high = v.u64(1);
    break;
  }
  case Kind::FuncRef:
  case Kind::ExternRef: raw.null = value.Get<wi::Ref>() == wi::Ref::Null; break;
  }
  return raw;
}

wi::Value zeroOf(wabt::Type type) {
  switch (type) {
  case wabt::Type::I32: return wi::Value::Make(wi::u32{0});
  case wabt::Type::I64: return wi::Value::Make(wi::u64{0});
  case wabt::Type::F32: return wi::Value::Make(wi::f32{0});
  case wabt::Type::F64: return wi::Value::Make(wi::f64{0});
  case wabt::Type::V128: return wi::Value::Make(::v128(0, 0, 0, 0));
  default: return wi::Value::Make(wi::Ref::Null);
  }
}

wabt::Features featuresOf(const Proposals& proposals) {
  wabt::Features features; // wabt's defaults are WebAssembly 2.0
  features.enable_sign_extension();
  features.enable_sat_float_to_int();
  features.enable_multi_value();
  features.enable_bulk_memory();
  features.enable_reference_types();
  features.enable_simd();
  if (proposals.tailCall) features.enable_tail_call();
  if (proposals.threads) features.enable_threads();
  return features;
}

class WabtRunner final : public Runner {
public:
  explicit WabtRunner(const Proposals& proposals)
      : features_(featuresOf(proposals)), store_(features_) {
    if (std::getenv("DIFFTEST_TRACE") != nullptr) trace_ = wabt::FileStream::CreateStdout();
  }

  Instantiation instantiate(ByteView binary) override {
    Instantiation result;
    wi::ModuleDesc desc;
    wabt::Errors errors;
    const wabt::ReadBinaryOptions options(features_, nullptr, /*read_debug_names=*/false,
                                          /*stop_on_first_error=*/true,
                                          /*fail_on_custom_section_error=*/false);
    if (wabt::Failed(wi::ReadBinaryInterp("module.wasm", binary.data, binary.size, options, &errors,
                                          &desc))) {
      result.message = errors.empty() ? "wabt could not read the module" : errors[0].message;
      return result;
    }
    result.decoded = true;
    module_ = wi::Module::New(store_, desc);
    wi::RefVec imports;
    for (const wi::ImportDesc& import : module_->desc().imports) {
      const auto* type = wabt::dyn_cast<wi::FuncType>(import.type.type.get());
      if (import.type.module != "fuzzing-support" || import.type.name.rfind("log-", 0) != 0 ||
          type == nullptr || type->params.size() != 1 || !type->results.empty()) {
        result.message = "unsupported import " + import.type.module + "." + import.type.name;
        return result;
      }
      const wabt::Type param = type->params[0];
      auto host = wi::HostFunc::New(store_, *type,
                                    [this, param](wi::Thread&, const wi::Values& params,
                                                  wi::Values&, wi::Trap::Ptr*) -> wabt::Result {
                                      logs_.push_back(rawOf(param, params[0]));
                                      return wabt::Result::Ok;
                                    });
      imports.push_back(host.ref());
    }
    wi::Trap::Ptr trap;
    instance_ = wi::Instance::Instantiate(store_, module_.ref(), imports, &trap);
    if (!instance_) {
      result.trapped = true;
      result.message = trap ? trap->message() : "instantiation failed";
    }
    return result;
  }

  std::vector<ExportedFunction> exports() override {
    std::vector<ExportedFunction> functions;
    for (const wi::ExportDesc& item : module_->desc().exports) {
      const auto* type = wabt::dyn_cast<wi::FuncType>(item.type.type.get());
      if (type == nullptr) continue;
      ExportedFunction function{item.type.name, {}, {}};
      for (wabt::Type param : type->params)
        function.params.push_back(kindOf(param).value_or(Kind::I32));
      for (wabt::Type result : type->results)
        function.results.push_back(kindOf(result).value_or(Kind::I32));
      functions.push_back(std::move(function));
    }
    return functions;
  }

  Outcome call(const std::string& name) override {
    Outcome outcome;
    logs_.clear();
    const auto& exports = module_->desc().exports;
    for (std::size_t i = 0; i < exports.size(); ++i) {
      if (exports[i].type.name != name) continue;
      auto func = store_.UnsafeGet<wi::Func>(instance_->exports()[i]);
      const wi::FuncType& type = func->type();
      wi::Values params, results;
      for (wabt::Type param : type.params)
        params.push_back(zeroOf(param));
      wi::Trap::Ptr trap;
      const wabt::Result called = func->Call(store_, params, results, &trap, trace_.get());
      outcome.logs = std::move(logs_);
      logs_.clear();
      if (wabt::Failed(called)) {
        outcome.trapped = true;
        outcome.trap = trap ? trap->message() : "call failed";
        outcome.exhausted = outcome.trap.find("call stack exhausted") != std::string::npos ||
                            outcome.trap.find("value stack exhausted") != std::string::npos;
        return outcome;
      }
      for (std::size_t r = 0; r < results.size(); ++r)
        outcome.results.push_back(rawOf(type.results[r], results[r]));
      return outcome;
    }
    outcome.trapped = true;
    outcome.trap = "no export " + name;
    return outcome;
  }

  ByteView memory() override {
    const auto& exports = module_->desc().exports;
    for (std::size_t i = 0; i < exports.size(); ++i) {
      if (exports[i].type.name != "memory" || exports[i].type.type->kind != wi::ExternKind::Memory)
        continue;
      auto memory = store_.UnsafeGet<wi::Memory>(instance_->exports()[i]);
      return {memory->UnsafeData(), static_cast<std::size_t>(memory->ByteSize())};
    }
    return {};
  }

private:
  wabt::Features features_;
  wi::Store store_;
  wi::Module::Ptr module_;
  wi::Instance::Ptr instance_;
  std::vector<RawValue> logs_;
  std::unique_ptr<wabt::FileStream> trace_; // DIFFTEST_TRACE set: every instruction to stdout
};

} // namespace

std::unique_ptr<Runner> makeWabtRunner(const Proposals& proposals) {
  return std::make_unique<WabtRunner>(proposals);
}

} // namespace wasmline::diff
