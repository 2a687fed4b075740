#include "spec-tests/wast_runner.h"

#include <algorithm>

#include <array>
#include <cstdio>
#include <map>
#include <optional>

#include "spec-tests/spectest.h"
#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline::spec {
namespace {

enum class Outcome : std::uint8_t { Passed, Failed, Skipped };

bool nanMatches(std::uint64_t bits, int width, NanKind kind) {
  const std::uint64_t exponent = width == 32 ? 0x7F800000u : 0x7FF0000000000000u;
  const std::uint64_t quiet = width == 32 ? 0x00400000u : 0x0008000000000000u;
  const std::uint64_t magnitude = bits & (width == 32 ? 0x7FFFFFFFu : 0x7FFFFFFFFFFFFFFFu);
  if (kind == NanKind::Canonical) return magnitude == (exponent | quiet);
  return (magnitude & exponent) == exponent && (magnitude & quiet) != 0; // arithmetic
}

std::uint64_t lane(const std::array<std::uint8_t, 16>& bytes, int index, int bits) {
  std::uint64_t value = 0;
  const int size = bits / 8;
  for (int i = size - 1; i >= 0; --i)
    value = (value << 8) | bytes[static_cast<std::size_t>(index * size + i)];
  return value;
}

std::string hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// The bits of a number or vector value, little-endian.
std::array<std::uint8_t, 16> bitsOf(const Value& value) {
  if (value.type() == ValType::V128) return value.asV128().bytes;
  std::array<std::uint8_t, 16> bytes{};
  const auto low = static_cast<std::uint64_t>(value.asI64());
  for (int i = 0; i < 8; ++i)
    bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(low >> (8 * i));
  return bytes;
}

std::string describe(const Value& value) {
  switch (value.type().kind()) {
  case ValKind::I32: return "i32:" + hex(static_cast<std::uint32_t>(value.asI32()));
  case ValKind::I64: return "i64:" + hex(static_cast<std::uint64_t>(value.asI64()));
  case ValKind::F32: return "f32:" + hex(value.f32Bits());
  case ValKind::F64: return "f64:" + hex(value.f64Bits());
  case ValKind::V128: {
    const auto bytes = bitsOf(value);
    return "v128:" + hex(lane(bytes, 1, 64)) + ":" + hex(lane(bytes, 0, 64));
  }
  case ValKind::Ref: break;
  }
  if (value.type() == ValType::FuncRef) return value.isNull() ? "ref.null func" : "ref.func";
  if (value.type() == ValType::ExternRef) {
    return value.isNull() ? "ref.null extern"
                          : "ref.extern " + std::to_string(value.externPayload());
  }
  return value.type().toString();
}

bool matches(const Value& actual, const ScriptValue& expected) {
  if (actual.type() != expected.type) return false;
  const std::array<std::uint8_t, 16> bytes = bitsOf(actual);
  switch (expected.type.kind()) {
  case ValKind::I32: return lane(bytes, 0, 32) == lane(expected.bytes, 0, 32);
  case ValKind::I64: return lane(bytes, 0, 64) == lane(expected.bytes, 0, 64);
  case ValKind::F32:
    if (expected.nan[0] != NanKind::None)
      return nanMatches(lane(bytes, 0, 32), 32, expected.nan[0]);
    return lane(bytes, 0, 32) == lane(expected.bytes, 0, 32);
  case ValKind::F64:
    if (expected.nan[0] != NanKind::None)
      return nanMatches(lane(bytes, 0, 64), 64, expected.nan[0]);
    return lane(bytes, 0, 64) == lane(expected.bytes, 0, 64);
  case ValKind::V128: {
    const bool isFloat = expected.laneType == ValType::F32 || expected.laneType == ValType::F64;
    const int lanes = 128 / expected.laneBits;
    for (int i = 0; i < lanes; ++i) {
      const std::uint64_t got = lane(bytes, i, expected.laneBits);
      if (isFloat && i < 4 && expected.nan[static_cast<std::size_t>(i)] != NanKind::None) {
        if (!nanMatches(got, expected.laneBits, expected.nan[static_cast<std::size_t>(i)]))
          return false;
      } else if (got != lane(expected.bytes, i, expected.laneBits)) {
        return false;
      }
    }
    return true;
  }
  case ValKind::Ref: break;
  }
  if (expected.type == ValType::ExternRef && !expected.isNull) {
    return !actual.isNull() && actual.externPayload() == expected.externIndex;
  }
  return expected.isNull ? actual.isNull() : !actual.isNull();
}

EngineConfig engineConfig(const RunnerOptions& options) {
  EngineConfig config;
  config.features = options.features;
  config.eagerCompilation = options.eagerCompilation;
  return config;
}

class FileRunner {
public:
  FileRunner(const RunnerOptions& options, FileReport& report)
      : engine_(engineConfig(options)), store_(engine_), report_(report) {
    if (auto defined = defineSpectest(store_, linker_); !defined) {
      report_.scriptError = "spectest: " + defined.error().message();
    }
  }

  void run(const std::vector<ScriptCommand>& commands) {
    for (const ScriptCommand& command : commands) {
      const Outcome outcome = runCommand(command);
      Tally& kind = report_.byKind[static_cast<int>(command.kind)];
      switch (outcome) {
      case Outcome::Passed:
        ++kind.passed;
        ++report_.total.passed;
        break;
      case Outcome::Failed:
        ++kind.failed;
        ++report_.total.failed;
        break;
      case Outcome::Skipped:
        ++kind.skipped;
        ++report_.total.skipped;
        break;
      }
    }
  }

private:
  Outcome skip(const ScriptCommand& command, const std::string& reason) {
    report_.skips.push_back("line " + std::to_string(command.line) + ": " +
                            commandKindName(command.kind) + ": " + reason);
    return Outcome::Skipped;
  }

  Outcome fail(const ScriptCommand& command, const std::string& reason) {
    report_.failures.push_back("line " + std::to_string(command.line) + ": " +
                               commandKindName(command.kind) + ": " + reason);
    return Outcome::Failed;
  }

  // Notes a message that differs from the script's expectation (the assertion still passes).
  void compareMessage(const ScriptCommand& command, const std::string& actual) {
    if (actual.compare(0, command.text.size(), command.text) != 0) {
      report_.mismatches.push_back("line " + std::to_string(command.line) + ": " +
                                   commandKindName(command.kind) + ": expected \"" + command.text +
                                   "\", got \"" + actual + "\"");
    }
  }

  Result<Module> load(const ScriptModule& module) {
    if (module.textError)
      return Error(ErrorKind::Malformed, "text format error: " + *module.textError);
    return Module::fromBinary(engine_, module.binary);
  }

  Outcome runCommand(const ScriptCommand& command) {
    switch (command.kind) {
    case CommandKind::Module: return defineModule(command);
    case CommandKind::Register: return registerModule(command);
    case CommandKind::Action: {
      auto results = perform(*command.action);
      if (!results) return fail(command, results.error().message());
      return Outcome::Passed;
    }
    case CommandKind::AssertReturn: return assertReturn(command);
    case CommandKind::AssertTrap:
    case CommandKind::AssertExhaustion: return assertTrap(command);
    case CommandKind::AssertMalformed: return assertRejected(command, ErrorKind::Malformed);
    case CommandKind::AssertInvalid: return assertRejected(command, ErrorKind::Invalid);
    case CommandKind::AssertUnlinkable:
      return assertNotInstantiated(command, ErrorKind::Unlinkable);
    case CommandKind::AssertUninstantiable: return assertNotInstantiated(command, ErrorKind::Trap);
    case CommandKind::AssertException: return Outcome::Skipped; // exception handling: later
    }
    return Outcome::Skipped;
  }

  Outcome defineModule(const ScriptCommand& command) {
    current_.reset();
    auto module = load(*command.module);
    if (!module) return fail(command, "module did not load: " + module.error().message());
    auto instance = linker_.instantiate(store_, *module);
    if (!instance)
      return fail(command, "module did not instantiate: " + instance.error().message());
    current_ = *instance;
    if (!command.module->name.empty()) named_.insert_or_assign(command.module->name, *instance);
    return Outcome::Passed;
  }

  std::optional<Instance> instanceNamed(const std::string& name) {
    if (name.empty()) return current_;
    const auto found = named_.find(name);
    if (found == named_.end()) return std::nullopt;
    return found->second;
  }

  Outcome registerModule(const ScriptCommand& command) {
    auto instance = instanceNamed(command.registerModule);
    if (!instance) return fail(command, "no module to register");
    linker_.defineInstance(command.registerName, *instance);
    return Outcome::Passed;
  }

  Value toValue(const ScriptValue& value) {
    std::uint64_t low = 0, high = 0;
    for (int i = 7; i >= 0; --i)
      low = (low << 8) | value.bytes[static_cast<std::size_t>(i)];
    for (int i = 15; i >= 8; --i)
      high = (high << 8) | value.bytes[static_cast<std::size_t>(i)];
    if (value.type == ValType::FuncRef) return Value::nullRef(ValType::FuncRef);
    if (value.type == ValType::ExternRef) {
      return value.isNull ? Value::nullRef(ValType::ExternRef)
                          : Value::externRef(store_, value.externIndex);
    }
    switch (value.type.kind()) {
    case ValKind::I32: return Value::i32(static_cast<std::int32_t>(low));
    case ValKind::I64: return Value::i64(static_cast<std::int64_t>(low));
    case ValKind::F32: return Value::f32Bits(static_cast<std::uint32_t>(low));
    case ValKind::F64: return Value::f64Bits(low);
    default: break;
    }
    V128 vector;
    vector.bytes = value.bytes;
    static_cast<void>(high);
    return Value::v128(vector);
  }

  Result<std::vector<Value>> perform(const ScriptAction& action) {
    auto instance = instanceNamed(action.module);
    if (!instance) return Error(ErrorKind::InvalidArgument, "no module instance for the action");
    if (action.isGet) {
      auto global = instance->global(action.field);
      if (!global)
        return Error(ErrorKind::InvalidArgument, "no global export \"" + action.field + "\"");
      return std::vector<Value>{global->get()};
    }
    auto func = instance->func(action.field);
    if (!func)
      return Error(ErrorKind::InvalidArgument, "no function export \"" + action.field + "\"");
    std::vector<Value> args;
    for (const ScriptValue& arg : action.args)
      args.push_back(toValue(arg));
    return func->call(args);
  }

  Outcome assertReturn(const ScriptCommand& command) {
    auto results = perform(*command.action);
    if (!results) return fail(command, command.action->field + ": " + results.error().message());
    if (!command.alternatives.empty()) {
      for (const auto& alternative : command.alternatives) {
        if (results->size() == 1 && matches((*results)[0], alternative[0])) return Outcome::Passed;
      }
      return fail(command, command.action->field + ": no alternative matched " +
                               (results->empty() ? "" : describe((*results)[0])));
    }
    if (results->size() != command.expected.size()) {
      return fail(command, command.action->field + ": " + std::to_string(results->size()) +
                               " results, expected " + std::to_string(command.expected.size()));
    }
    for (std::size_t i = 0; i < results->size(); ++i) {
      if (!matches((*results)[i], command.expected[i])) {
        return fail(command, command.action->field + ": result " + std::to_string(i) + " is " +
                                 describe((*results)[i]));
      }
    }
    return Outcome::Passed;
  }

  Outcome assertTrap(const ScriptCommand& command) {
    auto results = perform(*command.action);
    if (results) return fail(command, command.action->field + ": returned, expected a trap");
    if (results.error().kind() != ErrorKind::Trap) {
      return fail(command, command.action->field + ": " + results.error().message());
    }
    compareMessage(command, results.error().message());
    return Outcome::Passed;
  }

  // assert_malformed / assert_invalid: the module must be rejected with `expected`'s kind. A
  // text module the text parser rejects counts as malformed.
  Outcome assertRejected(const ScriptCommand& command, ErrorKind expected) {
    const ScriptModule& module = *command.module;
    const bool wantMalformed = expected == ErrorKind::Malformed;
    if (module.textError) {
      if (wantMalformed && module.source != ScriptModule::Source::Binary) return Outcome::Passed;
      // An invalid (not malformed) quoted module the text front end cannot turn into a binary
      // (libwabt checks some limits while parsing): nothing reaches the validator to judge.
      if (module.source == ScriptModule::Source::Quoted) {
        std::string reason = *module.textError;
        std::replace(reason.begin(), reason.end(), '\n', ' ');
        return skip(command, "the text front end rejects the quoted module, so the validator "
                             "cannot be asked: " +
                                 reason);
      }
      return fail(command, "text format error: " + *module.textError);
    }
    auto loaded = load(module);
    if (loaded) return fail(command, "module loaded, expected \"" + command.text + "\"");
    if (loaded.error().kind() != expected) {
      return fail(command, std::string("expected ") + (wantMalformed ? "malformed" : "invalid") +
                               " \"" + command.text + "\", got: " + loaded.error().message());
    }
    compareMessage(command, loaded.error().message());
    return Outcome::Passed;
  }

  // assert_unlinkable / assert_uninstantiable: the module loads, instantiating it fails.
  Outcome assertNotInstantiated(const ScriptCommand& command, ErrorKind expected) {
    auto module = load(*command.module);
    if (!module) return fail(command, "module did not load: " + module.error().message());
    auto instance = linker_.instantiate(store_, *module);
    if (instance) return fail(command, "module instantiated, expected \"" + command.text + "\"");
    if (instance.error().kind() != expected) {
      return fail(command, "expected \"" + command.text + "\", got: " + instance.error().message());
    }
    compareMessage(command, instance.error().message());
    return Outcome::Passed;
  }

  Engine engine_;
  Store store_;
  Linker linker_;
  std::optional<Instance> current_;
  std::map<std::string, Instance> named_;
  FileReport& report_;
};

} // namespace

FileReport runWastFile(const std::string& path, const RunnerOptions& options) {
  FileReport report;
  report.path = path;
  auto commands = parseWastFile(path, options.features);
  if (!commands) {
    report.scriptError = commands.error().message();
    report.total.failed = 1;
    return report;
  }
  FileRunner runner(options, report);
  runner.run(*commands);
  return report;
}

} // namespace wasmline::spec
