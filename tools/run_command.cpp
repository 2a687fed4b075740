#include "tools/run_command.h"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>

#include "tools/input_file.h"
#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline::tools {
namespace {

constexpr int kTrapExitCode = 134;

// Parses `text` as a value of `type`; nullopt when it is not one.
std::optional<Value> parseValue(const std::string& text, ValType type) {
  errno = 0;
  char* end = nullptr;
  switch (type) {
  case ValType::I32: {
    const long long value = std::strtoll(text.c_str(), &end, 0);
    if (*end != '\0' || errno != 0 || value < INT32_MIN || value > UINT32_MAX) return std::nullopt;
    return Value::i32(static_cast<std::int32_t>(static_cast<std::uint32_t>(value)));
  }
  case ValType::I64: {
    if (!text.empty() && text[0] == '-') {
      const long long value = std::strtoll(text.c_str(), &end, 0);
      if (*end != '\0' || errno != 0) return std::nullopt;
      return Value::i64(value);
    }
    const unsigned long long value = std::strtoull(text.c_str(), &end, 0);
    if (*end != '\0' || errno != 0) return std::nullopt;
    return Value::i64(static_cast<std::int64_t>(value));
  }
  case ValType::F32: {
    const float value = std::strtof(text.c_str(), &end);
    if (*end != '\0') return std::nullopt;
    return Value::f32(value);
  }
  case ValType::F64: {
    const double value = std::strtod(text.c_str(), &end);
    if (*end != '\0') return std::nullopt;
    return Value::f64(value);
  }
  default: return std::nullopt;
  }
}

void printValue(const Value& value) {
  switch (value.type()) {
  case ValType::I32: std::printf("%" PRId32 "\n", value.asI32()); break;
  case ValType::I64: std::printf("%" PRId64 "\n", value.asI64()); break;
  case ValType::F32: std::printf("%.9g\n", static_cast<double>(value.asF32())); break;
  case ValType::F64: std::printf("%.17g\n", value.asF64()); break;
  case ValType::V128: {
    const V128 bytes = value.asV128();
    std::printf("v128:");
    for (std::uint8_t byte : bytes.bytes)
      std::printf(" %02x", byte);
    std::printf("\n");
    break;
  }
  case ValType::FuncRef: std::printf(value.isNull() ? "ref.null func\n" : "ref.func\n"); break;
  case ValType::ExternRef:
    if (value.isNull()) {
      std::printf("ref.null extern\n");
    } else {
      std::printf("ref.extern %" PRIu64 "\n", value.externPayload());
    }
    break;
  }
}

} // namespace

void addRunCommand(CLI::App& app, RunOptions& options, int& exitCode) {
  CLI::App* command = app.add_subcommand("run", "Run a module (.wasm or .wat)");
  command->add_option("file", options.file, "The module file")->required();
  command->add_option("args", options.args, "Arguments of the invoked export");
  command->add_option("--invoke", options.invoke, "Call this export and print its results")
      ->required();
  command->add_flag("--all-features", options.allFeatures,
                    "Enable every proposal wasmline implements");
  command->callback([&options, &exitCode] { exitCode = runModule(options); });
}

int runModule(const RunOptions& options) {
  EngineConfig config;
  if (options.allFeatures) config.features = Features::all();
  const Engine engine(config);
  auto module = loadModuleFile(options.file, engine);
  if (!module) return 1;
  Store store(engine);
  Linker linker;
  auto instance = linker.instantiate(store, *module);
  if (!instance) {
    std::fprintf(stderr, "error: %s\n", instance.error().message().c_str());
    return instance.error().kind() == ErrorKind::Trap ? kTrapExitCode : 1;
  }
  auto func = instance->func(options.invoke);
  if (!func) {
    std::fprintf(stderr, "error: %s has no exported function \"%s\"\n", options.file.c_str(),
                 options.invoke.c_str());
    return 1;
  }
  const FuncType& type = func->type();
  if (options.args.size() != type.params.size()) {
    std::fprintf(stderr, "error: %s expects %zu arguments %s, got %zu\n", options.invoke.c_str(),
                 type.params.size(), type.toString().c_str(), options.args.size());
    return 1;
  }
  std::vector<Value> args;
  for (std::size_t i = 0; i < type.params.size(); ++i) {
    auto value = parseValue(options.args[i], type.params[i]);
    if (!value) {
      std::fprintf(stderr, "error: argument %zu of %s: \"%s\" is not a valid %s\n", i,
                   options.invoke.c_str(), options.args[i].c_str(),
                   std::string(valTypeName(type.params[i])).c_str());
      return 1;
    }
    args.push_back(*value);
  }
  auto results = func->call(args);
  if (!results) {
    const bool trapped = results.error().kind() == ErrorKind::Trap;
    std::fprintf(stderr, "error: %s%s\n", trapped ? "wasm trap: " : "",
                 results.error().message().c_str());
    return trapped ? kTrapExitCode : 1;
  }
  for (const Value& value : *results)
    printValue(value);
  return 0;
}

} // namespace wasmline::tools
