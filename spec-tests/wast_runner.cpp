#include "spec-tests/wast_runner.h"

#include <optional>

#include "wasmline/module.h"

namespace wasmline::spec {
namespace {

enum class Outcome : std::uint8_t { Passed, Failed, Skipped };

class FileRunner {
public:
  FileRunner(const RunnerOptions& options, FileReport& report)
      : engine_(EngineConfig{options.features, {}}), report_(report) {}

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
    return Module::fromBinary(engine_, module.binary);
  }

  Outcome runCommand(const ScriptCommand& command) {
    switch (command.kind) {
    case CommandKind::Module: return defineModule(command);
    case CommandKind::AssertMalformed: return assertRejected(command, ErrorKind::Malformed);
    case CommandKind::AssertInvalid: return assertRejected(command, ErrorKind::Invalid);
    case CommandKind::AssertUnlinkable:
    case CommandKind::AssertUninstantiable: return assertLoadsThenSkip(command);
    case CommandKind::Register:
    case CommandKind::Action:
    case CommandKind::AssertReturn:
    case CommandKind::AssertTrap:
    case CommandKind::AssertExhaustion:
    case CommandKind::AssertException: return Outcome::Skipped; // needs the interpreter
    }
    return Outcome::Skipped;
  }

  // A module must decode and validate; instantiating it needs the interpreter.
  Outcome defineModule(const ScriptCommand& command) {
    const ScriptModule& module = *command.module;
    if (module.textError) return fail(command, "text format error: " + *module.textError);
    auto loaded = load(module);
    if (!loaded) return fail(command, "module did not load: " + loaded.error().message());
    return Outcome::Skipped;
  }

  // assert_malformed / assert_invalid: the module must be rejected with `expected`'s kind. A
  // text module the text parser rejects counts as malformed.
  Outcome assertRejected(const ScriptCommand& command, ErrorKind expected) {
    const ScriptModule& module = *command.module;
    const bool wantMalformed = expected == ErrorKind::Malformed;
    if (module.textError) {
      if (wantMalformed && module.source != ScriptModule::Source::Binary) return Outcome::Passed;
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

  // The module must load; linking and instantiating it needs the interpreter.
  Outcome assertLoadsThenSkip(const ScriptCommand& command) {
    const ScriptModule& module = *command.module;
    if (module.textError) return fail(command, "text format error: " + *module.textError);
    auto loaded = load(module);
    if (!loaded) return fail(command, "module did not load: " + loaded.error().message());
    return Outcome::Skipped;
  }

  Engine engine_;
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
