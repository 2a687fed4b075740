// Test helpers for WASI.
#include "tests/wasi/wasi_harness.h"

#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <type_traits>

#include "runtime/wasi/handlers.h"
#include "wasmline/module.h"

namespace wasmline::testing {
namespace {

// The text-format signature of a WASI handler: "(param i32 i64) (result i32)".
template <class R, class... Params> std::string signatureOf(R (*)(wasi::WasiState&, Params...)) {
  std::string text;
  if constexpr (sizeof...(Params) > 0) {
    text = "(param";
    ((text += std::is_same_v<Params, std::uint32_t> ? " i32" : " i64"), ...);
    text += ")";
  }
  if constexpr (std::is_same_v<R, wasi::Errno>) text += " (result i32)";
  return text;
}

} // namespace

std::string reexportAllWasiModule() {
  std::string text = "(module\n";
#define WASI_FUNCTION(name, params, result)                                                        \
  text += "  (import \"wasi_snapshot_preview1\" \"" #name "\" (func $" #name " " +                 \
          signatureOf(&wasi::handlers::name) + "))\n";                                             \
  text += "  (export \"" #name "\" (func $" #name "))\n";
#include "runtime/wasi/wasi_functions.def"
#undef WASI_FUNCTION
  text += "  (memory (export \"memory\") 1))\n";
  return text;
}

bool selectResolveStrategy(wasi::ResolveStrategy strategy) {
  if (strategy == wasi::ResolveStrategy::Openat2 &&
      wasi::effectiveResolveStrategy() != wasi::ResolveStrategy::Openat2) {
    return false;
  }
  wasi::setResolveStrategy(strategy);
  return true;
}

std::string strategyName(const ::testing::TestParamInfo<wasi::ResolveStrategy>& param) {
  return param.param == wasi::ResolveStrategy::Openat2 ? "openat2" : "walk";
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "wasmline-wasi-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void writeFile(const std::string& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

WasiHarness::WasiHarness(WasiConfig config, bool setMemory) : store_(engine_) {
  auto context = WasiContext::create(std::move(config));
  if (!context) {
    ADD_FAILURE() << "WasiContext::create: " << context.error().message();
    return;
  }
  context_ = std::move(*context);
  Linker linker;
  context_->defineImports(store_, linker);
  auto module = Module::fromText(engine_, reexportAllWasiModule());
  if (!module) {
    ADD_FAILURE() << "harness module: " << module.error().message();
    return;
  }
  auto instance = linker.instantiate(store_, *module);
  if (!instance) {
    ADD_FAILURE() << "harness instance: " << instance.error().message();
    return;
  }
  memory_ = instance->memory("memory");
  if (setMemory) context_->setMemory(memory_);
  instance_ = std::move(*instance);
}

Result<std::vector<Value>> WasiHarness::callRaw(std::string_view name,
                                                std::initializer_list<std::uint64_t> args) {
  auto func = instance_->func(name);
  if (!func) return Error(ErrorKind::InvalidArgument, "no WASI function " + std::string(name));
  const FuncType& type = func->type();
  if (type.params.size() != args.size()) {
    return Error(ErrorKind::InvalidArgument,
                 std::string(name) + " takes " + std::to_string(type.params.size()) + " arguments");
  }
  std::vector<Value> values;
  std::size_t index = 0;
  for (std::uint64_t arg : args) {
    values.push_back(type.params[index++] == ValType::I32
                         ? Value::i32(static_cast<std::int32_t>(arg))
                         : Value::i64(static_cast<std::int64_t>(arg)));
  }
  return func->call(values);
}

std::int32_t WasiHarness::call(std::string_view name, std::initializer_list<std::uint64_t> args) {
  auto results = callRaw(name, args);
  if (!results) {
    ADD_FAILURE() << name << ": " << results.error().message();
    return -1;
  }
  if (results->size() != 1) {
    ADD_FAILURE() << name << " returned " << results->size() << " values";
    return -1;
  }
  return (*results)[0].asI32();
}

void WasiHarness::putBytes(std::uint32_t address, std::string_view bytes) {
  EXPECT_TRUE(memory_->writeString(address, bytes));
}
void WasiHarness::putU32(std::uint32_t address, std::uint32_t value) {
  EXPECT_TRUE(memory_->write<std::uint32_t>(address, value));
}
void WasiHarness::putU64(std::uint32_t address, std::uint64_t value) {
  EXPECT_TRUE(memory_->write<std::uint64_t>(address, value));
}
std::uint32_t WasiHarness::u32(std::uint32_t address) {
  return memory_->read<std::uint32_t>(address).value_or(0u);
}
std::uint64_t WasiHarness::u64(std::uint32_t address) {
  return memory_->read<std::uint64_t>(address).value_or(0ull);
}
std::uint8_t WasiHarness::u8(std::uint32_t address) {
  return memory_->read<std::uint8_t>(address).value_or(std::uint8_t{0});
}
std::string WasiHarness::bytes(std::uint32_t address, std::uint32_t length) {
  auto data = memory_->read(address, length);
  if (!data) return {};
  return std::string(data->begin(), data->end());
}

void WasiHarness::putIovec(std::uint32_t iovs, std::uint32_t buffer, std::uint32_t length) {
  putU32(iovs, buffer);
  putU32(iovs + 4, length);
}

std::optional<std::uint32_t> WasiHarness::open(std::uint32_t dirFd, std::string_view path,
                                               std::uint32_t oflags, std::uint64_t rights,
                                               std::int32_t* error, std::uint32_t lookupFlags) {
  putBytes(512, path);
  const std::int32_t result = call("path_open", {dirFd, lookupFlags, 512, path.size(), oflags,
                                                 rights, wasi::rights::kAll, 0, 0});
  if (error) *error = result;
  if (result != 0) return std::nullopt;
  return u32(0);
}

std::int32_t WasiHarness::write(std::uint32_t fd, std::string_view text) {
  putBytes(2048, text);
  putIovec(1024, 2048, static_cast<std::uint32_t>(text.size()));
  return call("fd_write", {fd, 1024, 1, 8});
}

std::string WasiHarness::read(std::uint32_t fd, std::uint32_t max) {
  putIovec(1024, 8192, max);
  if (call("fd_read", {fd, 1024, 1, 8}) != 0) return {};
  return bytes(8192, u32(8));
}

} // namespace wasmline::testing
