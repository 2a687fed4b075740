#include "spec-tests/wast_runner.h"

#include <algorithm>
#include <condition_variable>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "spec-tests/script_values.h"
#include "spec-tests/spectest.h"
#include "wasmline/features.h"
#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline::spec {
namespace {

using text::CommandKind;
using text::ScriptCommand;

enum class Outcome : std::uint8_t { Passed, Failed, Skipped };

std::string oneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

// The instance an action or assertion addresses: the instance, or why there is none to run.
struct Target {
  std::optional<Instance> instance;
  std::optional<std::string> skip; // the module was skipped: the reason
};

// One script context: a store with spectest, the named modules and instances, the threads it
// started. A thread runs a context of its own on its own host thread.
class ScriptRunner {
public:
  ScriptRunner(const Engine& engine, const RunnerOptions& options, FileReport& report)
      : engine_(engine), options_(options), store_(engine), report_(report) {
    refuel();
    if (options_.timeout) (void)store_.setEpochDeadline(1);
    if (auto defined = defineSpectest(store_, linker_); !defined) {
      report_.scriptError = "spectest: " + defined.error().message();
    }
  }

  ~ScriptRunner() { joinAll(); }

  ScriptRunner(const ScriptRunner&) = delete;
  ScriptRunner& operator=(const ScriptRunner&) = delete;

  void run(const std::vector<ScriptCommand>& commands) {
    for (const ScriptCommand& command : commands) {
      const Outcome outcome = runCommand(command);
      Tally& kind = report_.byKind[static_cast<std::size_t>(command.kind)];
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

  // Makes `instance` (of the parent script) visible to this thread's commands as `name`.
  void share(const std::string& name, const Target& target) {
    if (target.instance) instances_.insert_or_assign(name, *target.instance);
    if (target.skip) skippedInstances_.insert_or_assign(name, *target.skip);
  }

  Target instanceNamed(const std::string& name) const {
    if (name.empty()) return Target{current_, currentSkip_};
    if (const auto found = instances_.find(name); found != instances_.end()) {
      return Target{found->second, std::nullopt};
    }
    if (const auto found = skippedInstances_.find(name); found != skippedInstances_.end()) {
      return Target{std::nullopt, found->second};
    }
    return Target{};
  }

  void joinAll() {
    for (auto& [name, thread] : threads_)
      join(name, *thread);
    threads_.clear();
  }

private:
  struct ThreadRun {
    FileReport report;
    std::unique_ptr<ScriptRunner> runner;
    std::thread thread;
  };

  std::string where(const ScriptCommand& command) const {
    return "line " + std::to_string(command.line) + ": " + commandKindName(command.kind) + ": ";
  }

  // Counts a command not run because something its module uses does not run yet; `reason` is
  // the Unsupported error, which starts with the feature's name ("gc: ref.i31 is not ...").
  Outcome skip(const ScriptCommand& command, const std::string& reason) {
    report_.skips.push_back(where(command) + oneLine(reason));
    const std::string prefix = reason.substr(0, reason.find(':'));
    ++report_.skipsByFeature[findFeature(prefix) ? prefix : std::string("unsupported")];
    return Outcome::Skipped;
  }

  Outcome fail(const ScriptCommand& command, const std::string& reason) {
    report_.failures.push_back(where(command) + oneLine(reason));
    return Outcome::Failed;
  }

  // Notes a message that differs from the script's expectation (the assertion still passes).
  void compareMessage(const ScriptCommand& command, const std::string& actual) {
    if (actual.compare(0, command.message.size(), command.message) != 0) {
      report_.mismatches.push_back(where(command) + "expected \"" + command.message + "\", got \"" +
                                   oneLine(actual) + "\"");
    }
  }

  Result<Module> load(const text::ScriptModule& module) {
    if (module.error) return Error(ErrorKind::Malformed, "text format: " + *module.error);
    return Module::fromBinary(engine(), module.binary);
  }

  const Engine& engine() const { return engine_; }
  // Gives the store the fuel one action may use (when the options set it).
  void refuel() {
    if (options_.fuel) (void)store_.setFuel(*options_.fuel);
  }

  // Why instantiating `module` cannot be tried: it imports from a registered module that was
  // skipped.
  std::optional<std::string> importSkip(const Module& module) const {
    for (const ImportType& import : module.imports()) {
      if (const auto found = registeredSkips_.find(import.module); found != registeredSkips_.end())
        return found->second;
    }
    return std::nullopt;
  }

  void forget(const std::string& name) {
    instances_.erase(name);
    skippedInstances_.erase(name);
  }

  // Instantiates `module`, making it the current instance (and `name`'s when given).
  Outcome instantiate(const ScriptCommand& command, const Module& module, const std::string& name) {
    current_.reset();
    currentSkip_.reset();
    if (!name.empty()) forget(name);
    if (auto reason = importSkip(module)) {
      currentSkip_ = *reason;
      if (!name.empty()) skippedInstances_.insert_or_assign(name, *reason);
      return skip(command, *reason);
    }
    auto instance = linker_.instantiate(store_, module);
    if (!instance) {
      if (instance.error().kind() == ErrorKind::Unsupported) {
        currentSkip_ = instance.error().message();
        if (!name.empty()) skippedInstances_.insert_or_assign(name, *currentSkip_);
        return skip(command, instance.error().message());
      }
      return fail(command, "module did not instantiate: " + instance.error().message());
    }
    current_ = *instance;
    if (!name.empty()) instances_.insert_or_assign(name, *instance);
    return Outcome::Passed;
  }

  Outcome defineModule(const ScriptCommand& command) {
    const text::ScriptModule& source = *command.module;
    auto module = load(source);
    if (!module) {
      const bool unsupported = module.error().kind() == ErrorKind::Unsupported;
      if (!source.definition) {
        current_.reset();
        currentSkip_.reset();
        if (unsupported) currentSkip_ = module.error().message();
      }
      lastModule_.reset();
      lastModuleSkip_.reset();
      if (unsupported) lastModuleSkip_ = module.error().message();
      if (!source.name.empty()) {
        modules_.erase(source.name);
        forget(source.name);
        if (unsupported) {
          skippedModules_.insert_or_assign(source.name, module.error().message());
          if (!source.definition)
            skippedInstances_.insert_or_assign(source.name, module.error().message());
        }
      }
      if (unsupported) return skip(command, module.error().message());
      return fail(command, "module did not load: " + module.error().message());
    }
    lastModule_ = *module;
    lastModuleSkip_.reset();
    if (!source.name.empty()) {
      modules_.insert_or_assign(source.name, *module);
      skippedModules_.erase(source.name);
    }
    if (source.definition) return Outcome::Passed;
    return instantiate(command, *module, source.name);
  }

  // The module `(module instance ...)` names: a definition, or the latest module.
  std::optional<Module> definitionNamed(const std::string& name, std::optional<std::string>& skip) {
    if (name.empty()) {
      skip = lastModuleSkip_;
      return lastModule_;
    }
    if (const auto found = modules_.find(name); found != modules_.end()) return found->second;
    if (const auto found = skippedModules_.find(name); found != skippedModules_.end()) {
      skip = found->second;
    }
    return std::nullopt;
  }

  Outcome instanceCommand(const ScriptCommand& command) {
    std::optional<std::string> reason;
    const auto module = definitionNamed(command.moduleName, reason);
    if (!module) {
      current_.reset();
      currentSkip_ = reason;
      if (!command.instance.empty()) {
        forget(command.instance);
        if (reason) skippedInstances_.insert_or_assign(command.instance, *reason);
      }
      if (reason) return skip(command, *reason);
      return fail(command, "no module definition $" + command.moduleName);
    }
    return instantiate(command, *module, command.instance);
  }

  Outcome registerModule(const ScriptCommand& command) {
    const Target target = instanceNamed(command.instance);
    if (target.skip) {
      registeredSkips_.insert_or_assign(command.registerName, *target.skip);
      return skip(command, *target.skip);
    }
    if (!target.instance) return fail(command, "no instance to register");
    registeredSkips_.erase(command.registerName);
    linker_.defineInstance(command.registerName, *target.instance);
    return Outcome::Passed;
  }

  // Runs an action; nullopt (with `outcome` set) when it cannot be run.
  std::optional<Result<std::vector<Value>>> perform(const ScriptCommand& command,
                                                    Outcome& outcome) {
    const text::ScriptAction& action = *command.action;
    const Target target = instanceNamed(action.instance);
    if (target.skip) {
      outcome = skip(command, *target.skip);
      return std::nullopt;
    }
    if (!target.instance) {
      outcome = fail(command, "no module instance for the action");
      return std::nullopt;
    }
    if (action.isGet) {
      auto global = target.instance->global(action.field);
      if (!global) {
        outcome = fail(command, "no global export \"" + action.field + "\"");
        return std::nullopt;
      }
      return Result<std::vector<Value>>(std::vector<Value>{global->get()});
    }
    auto func = target.instance->func(action.field);
    if (!func) {
      outcome = fail(command, "no function export \"" + action.field + "\"");
      return std::nullopt;
    }
    std::vector<Value> args;
    for (const text::ScriptValue& arg : action.args) {
      auto value = toValue(store_, arg);
      if (!value) {
        outcome = fail(command, action.field + ": " + value.error().message());
        return std::nullopt;
      }
      args.push_back(*value);
    }
    refuel();
    auto results = func->call(args);
    if (!results && results.error().kind() == ErrorKind::Unsupported) {
      outcome = skip(command, results.error().message());
      return std::nullopt;
    }
    return results;
  }

  Outcome action(const ScriptCommand& command) {
    Outcome outcome = Outcome::Failed;
    auto results = perform(command, outcome);
    if (!results) return outcome;
    if (!*results) return fail(command, command.action->field + ": " + results->error().message());
    return Outcome::Passed;
  }

  Outcome assertReturn(const ScriptCommand& command) {
    Outcome outcome = Outcome::Failed;
    auto results = perform(command, outcome);
    if (!results) return outcome;
    const std::string& field = command.action->field;
    if (!*results) return fail(command, field + ": " + results->error().message());
    const std::vector<Value>& values = **results;
    if (values.size() != command.expected.size()) {
      return fail(command, field + ": " + std::to_string(values.size()) + " results, expected " +
                               std::to_string(command.expected.size()));
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto& alternatives = command.expected[i].alternatives;
      const bool any =
          std::any_of(alternatives.begin(), alternatives.end(),
                      [&](const auto& pattern) { return matches(values[i], pattern); });
      if (!any) {
        return fail(command,
                    field + ": result " + std::to_string(i) + " is " + describe(values[i]));
      }
    }
    return Outcome::Passed;
  }

  Outcome assertTrap(const ScriptCommand& command) {
    Outcome outcome = Outcome::Failed;
    auto results = perform(command, outcome);
    if (!results) return outcome;
    const std::string& field = command.action->field;
    if (*results) return fail(command, field + ": returned, expected a trap");
    if (results->error().kind() != ErrorKind::Trap) {
      return fail(command, field + ": " + results->error().message());
    }
    compareMessage(command, results->error().message());
    return Outcome::Passed;
  }

  Outcome assertException(const ScriptCommand& command) {
    Outcome outcome = Outcome::Failed;
    auto results = perform(command, outcome);
    if (!results) return outcome;
    const std::string& field = command.action->field;
    if (*results) return fail(command, field + ": returned, expected an exception");
    if (results->error().kind() == ErrorKind::Exception) return Outcome::Passed;
    if (results->error().kind() == ErrorKind::Unsupported) {
      return skip(command, results->error().message());
    }
    return fail(command, field + ": " + results->error().message() + ", expected an exception");
  }

  // assert_malformed / assert_invalid: the module must be rejected with `expected`'s kind. A
  // text module the text front end rejects is malformed.
  Outcome assertRejected(const ScriptCommand& command, ErrorKind expected) {
    const text::ScriptModule& module = *command.module;
    const bool wantMalformed = expected == ErrorKind::Malformed;
    if (module.error) {
      if (wantMalformed && module.source != text::ScriptModule::Source::Binary) {
        return Outcome::Passed;
      }
      return fail(command, "text format error: " + *module.error);
    }
    auto loaded = load(module);
    if (loaded) return fail(command, "module loaded, expected \"" + command.message + "\"");
    if (loaded.error().kind() == ErrorKind::Unsupported) {
      return skip(command, loaded.error().message());
    }
    if (loaded.error().kind() != expected) {
      return fail(command, std::string("expected ") + (wantMalformed ? "malformed" : "invalid") +
                               " \"" + command.message + "\", got: " + loaded.error().message());
    }
    compareMessage(command, loaded.error().message());
    return Outcome::Passed;
  }

  // assert_malformed_custom / assert_invalid_custom: a custom annotation of a text module does not
  // parse (the text front end names the annotation), or a custom section wasmline reads has a
  // problem the module reports (Module::customSectionProblems); the module itself may be fine.
  // The rule must be the asserted one: a text error holds the script's message; a custom section
  // problem holds what follows the message's "... annotation: " (the text form of the section).
  Outcome assertCustom(const ScriptCommand& command, bool malformed) {
    const text::ScriptModule& module = *command.module;
    if (module.error) {
      if (malformed && module.error->find(command.message) != std::string::npos) {
        return Outcome::Passed;
      }
      return fail(command,
                  "text format error: " + *module.error + ", expected \"" + command.message + "\"");
    }
    auto loaded = load(module);
    if (!loaded) {
      if (loaded.error().kind() == ErrorKind::Unsupported) {
        return skip(command, loaded.error().message());
      }
      return fail(command, "module did not load: " + loaded.error().message());
    }
    const std::vector<CustomSectionProblem> problems = loaded->customSectionProblems();
    if (problems.empty()) {
      return fail(command, "no custom section problem, expected \"" + command.message + "\"");
    }
    const std::size_t colon = command.message.find("annotation: ");
    const std::string rule =
        colon == std::string::npos ? command.message : command.message.substr(colon + 12);
    if (problems.front().message.find(rule) == std::string::npos) {
      return fail(command, problems.front().section + ": " + problems.front().message +
                               ", expected \"" + command.message + "\"");
    }
    return Outcome::Passed;
  }

  // assert_unlinkable / assert_trap of a module: it loads, instantiating it fails.
  Outcome assertNotInstantiated(const ScriptCommand& command, ErrorKind expected) {
    std::optional<Module> module;
    if (command.onInstance) {
      std::optional<std::string> reason;
      module = definitionNamed(command.moduleName, reason);
      if (!module) {
        if (reason) return skip(command, *reason);
        return fail(command, "no module definition $" + command.moduleName);
      }
    } else {
      auto loaded = load(*command.module);
      if (!loaded) {
        if (loaded.error().kind() == ErrorKind::Unsupported) {
          return skip(command, loaded.error().message());
        }
        return fail(command, "module did not load: " + loaded.error().message());
      }
      module = *loaded;
    }
    if (auto reason = importSkip(*module)) return skip(command, *reason);
    auto instance = linker_.instantiate(store_, *module);
    if (instance) return fail(command, "module instantiated, expected \"" + command.message + "\"");
    if (instance.error().kind() == ErrorKind::Unsupported) {
      return skip(command, instance.error().message());
    }
    if (instance.error().kind() != expected) {
      return fail(command,
                  "expected \"" + command.message + "\", got: " + instance.error().message());
    }
    compareMessage(command, instance.error().message());
    return Outcome::Passed;
  }

  Outcome startThread(const ScriptCommand& command) {
    if (threads_.count(command.thread))
      return fail(command, "thread $" + command.thread + " exists");
    auto run = std::make_unique<ThreadRun>();
    run->report.path = report_.path;
    run->runner = std::make_unique<ScriptRunner>(engine(), options_, run->report);
    for (const std::string& name : command.shared) {
      const Target target = instanceNamed(name);
      if (!target.instance && !target.skip)
        return fail(command, "no instance $" + name + " to share");
      run->runner->share(name, target);
    }
    ScriptRunner* runner = run->runner.get();
    const std::vector<ScriptCommand>* commands = &command.commands;
    run->thread = std::thread([runner, commands] { runner->run(*commands); });
    threads_.emplace(command.thread, std::move(run));
    return Outcome::Passed;
  }

  // Joins a thread and adds what it found to this script's report.
  void join(const std::string& name, ThreadRun& run) {
    if (run.thread.joinable()) run.thread.join();
    run.runner->joinAll();
    report_.total += run.report.total;
    for (std::size_t i = 0; i < report_.byKind.size(); ++i)
      report_.byKind[i] += run.report.byKind[i];
    const auto prefix = [&name](std::vector<std::string>& into,
                                const std::vector<std::string>& from) {
      for (const std::string& entry : from)
        into.push_back("thread $" + name + ": " + entry);
    };
    prefix(report_.failures, run.report.failures);
    prefix(report_.mismatches, run.report.mismatches);
    prefix(report_.skips, run.report.skips);
    for (const auto& [feature, count] : run.report.skipsByFeature)
      report_.skipsByFeature[feature] += count;
    if (!run.report.scriptError.empty()) {
      report_.failures.push_back("thread $" + name + ": " + run.report.scriptError);
    }
  }

  Outcome waitThread(const ScriptCommand& command) {
    const auto found = threads_.find(command.thread);
    if (found == threads_.end()) return fail(command, "no thread $" + command.thread);
    join(found->first, *found->second);
    threads_.erase(found);
    return Outcome::Passed;
  }

  Outcome runCommand(const ScriptCommand& command) {
    switch (command.kind) {
    case CommandKind::Module: return defineModule(command);
    case CommandKind::Instance: return instanceCommand(command);
    case CommandKind::Register: return registerModule(command);
    case CommandKind::Action: return action(command);
    case CommandKind::AssertReturn: return assertReturn(command);
    case CommandKind::AssertTrap:
    case CommandKind::AssertExhaustion: return assertTrap(command);
    case CommandKind::AssertException: return assertException(command);
    case CommandKind::AssertMalformed: return assertRejected(command, ErrorKind::Malformed);
    case CommandKind::AssertInvalid: return assertRejected(command, ErrorKind::Invalid);
    case CommandKind::AssertUnlinkable:
      return assertNotInstantiated(command, ErrorKind::Unlinkable);
    case CommandKind::AssertUninstantiable: return assertNotInstantiated(command, ErrorKind::Trap);
    case CommandKind::Thread: return startThread(command);
    case CommandKind::Wait: return waitThread(command);
    case CommandKind::AssertMalformedCustom: return assertCustom(command, true);
    case CommandKind::AssertInvalidCustom: return assertCustom(command, false);
    }
    return fail(command, "unknown command");
  }

  const Engine& engine_;
  const RunnerOptions& options_;
  Store store_;
  Linker linker_;
  FileReport& report_;
  std::optional<Instance> current_;
  std::optional<std::string> currentSkip_;
  std::map<std::string, Instance> instances_;
  std::map<std::string, std::string> skippedInstances_;
  std::map<std::string, Module> modules_;
  std::map<std::string, std::string> skippedModules_;
  std::optional<Module> lastModule_;
  std::optional<std::string> lastModuleSkip_;
  std::map<std::string, std::string> registeredSkips_;
  std::map<std::string, std::unique_ptr<ThreadRun>> threads_;
};

} // namespace

FileReport runWastFile(const std::string& path, const RunnerOptions& options) {
  FileReport report;
  report.path = path;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    report.scriptError = "cannot read " + path + ": " + std::strerror(errno);
    report.total.failed = 1;
    return report;
  }
  std::string source;
  char buffer[1 << 16];
  while (file.read(buffer, sizeof buffer) || file.gcount() > 0)
    source.append(buffer, static_cast<std::size_t>(file.gcount()));
  text::ScriptOptions scriptOptions;
  scriptOptions.referenceTypes = options.features.referenceTypes;
  auto script = text::parseScript(source, path, scriptOptions);
  if (!script) {
    report.scriptError = script.error().message();
    report.total.failed = 1;
    return report;
  }
  EngineConfig config;
  config.features = options.features;
  config.eagerCompilation = options.eagerCompilation;
  config.execution.consumeFuel = options.fuel.has_value();
  config.execution.epochInterruption = options.timeout.has_value();
  const Engine engine(config);
  // The timeout: a watchdog advances the engine's epoch once, past every store's deadline.
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  std::thread watchdog;
  if (options.timeout) {
    watchdog = std::thread([&] {
      std::unique_lock lock(mutex);
      if (!finished.wait_for(lock, *options.timeout, [&] { return done; })) {
        engine.incrementEpoch();
      }
    });
  }
  {
    ScriptRunner runner(engine, options, report);
    runner.run(script->commands);
    runner.joinAll();
  }
  if (watchdog.joinable()) {
    {
      std::lock_guard lock(mutex);
      done = true;
    }
    finished.notify_all();
    watchdog.join();
  }
  return report;
}

} // namespace wasmline::spec
