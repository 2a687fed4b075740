#include "tools/run_command.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>

#include "tools/input_file.h"
#include "tools/interrupter.h"
#include "tools/number_option.h"
#include "tools/profiler.h"
#include "tools/value_text.h"
#include "wasmline/module.h"
#include "wasmline/store.h"
#include "wasmline/wasi.h"

namespace wasmline::tools {
namespace {

constexpr int kTrapExitCode = 134;

// Prints "error: ..." for a failed load, link or call and returns the exit code it means.
// The interrupter watching the running program (signals, --timeout), while it runs.
const Interrupter* gInterrupter = nullptr;

int report(const Error& error) {
  if (error.kind() == ErrorKind::Exit) return static_cast<int>(error.exitCode());
  const std::string_view interrupt = "interrupt";
  if (gInterrupter != nullptr && error.kind() == ErrorKind::Trap &&
      error.message().starts_with(interrupt) && !gInterrupter->reason().empty()) {
    // "interrupt\nwasm backtrace:..." becomes "interrupted by SIGINT\nwasm backtrace:...".
    std::fprintf(stderr, "error: wasm trap: interrupted by %s%s\n", gInterrupter->reason().c_str(),
                 error.message().c_str() + interrupt.size());
    return gInterrupter->exitCode();
  }
  // An uncaught exception ends the program like a trap; its message names the tag and payload.
  const bool trapped = error.kind() == ErrorKind::Trap || error.kind() == ErrorKind::Exception;
  const char* prefix = error.kind() == ErrorKind::Trap ? "wasm trap: " : "";
  std::fprintf(stderr, "error: %s%s\n", prefix, error.message().c_str());
  return trapped ? kTrapExitCode : 1;
}

// The engine configuration the options ask for; nullopt (after printing why) when an option's
// value is not acceptable.
std::optional<EngineConfig> engineConfig(const RunOptions& options, Profiler* profiler) {
  EngineConfig config;
  const auto features = selectFeatures(options.features);
  if (!features) return std::nullopt;
  config.features = *features;
  // Each option's error names it; printed and refused with exit status 1 by the caller.
  const auto refuse = [](const Error& error) {
    std::fprintf(stderr, "error: %s\n", error.message().c_str());
    return std::nullopt;
  };
  if (options.maxMemory) {
    const auto bytes = parseSizeOption("--max-memory", *options.maxMemory, 0, ~std::uint64_t{0});
    if (!bytes) return refuse(bytes.error());
    config.limits.memoryBytes = *bytes; // all of the store's memories together
  }
  if (options.maxTableElements) {
    const auto elements = parseCountOption("--max-table-elements", *options.maxTableElements, 0,
                                           std::uint64_t{0xFFFFFFFF});
    if (!elements) return refuse(elements.error());
    config.limits.tableElements = *elements;
  }
  if (options.gcHeap) {
    const auto bytes = parseSizeOption("--gc-heap", *options.gcHeap, 0, ~std::uint64_t{0});
    if (!bytes) return refuse(bytes.error());
    config.limits.gcHeapBytes = *bytes;
  }
  // With --timeout or --interruptible every function entry and loop checks the epoch, so the
  // timeout, SIGINT and SIGTERM stop code with a backtrace (it costs 2-13% of the run time of the
  // bench kernels, so it is not the default).
  config.execution.epochInterruption = options.timeout.has_value() || options.interruptible;
  if (options.maxStack) {
    const auto depth = parseCountOption("--max-stack", *options.maxStack, 1, kMaxCallDepthLimit);
    if (!depth) return refuse(depth.error());
    config.execution.maxCallDepth = static_cast<std::size_t>(*depth);
  }
  if (options.maxStackBytes) {
    const auto bytes =
        parseSizeOption("--max-stack-bytes", *options.maxStackBytes, 1024, kMaxStackBytesLimit);
    if (!bytes) return refuse(bytes.error());
    config.execution.valueStackBytes = static_cast<std::size_t>(*bytes);
  }
  config.execution.consumeFuel = options.fuel.has_value();
  config.eagerCompilation = options.eager;
  if (options.trace || profiler != nullptr) {
    config.execution.trace = [trace = options.trace, profiler](const TraceEvent& event) {
      if (profiler != nullptr) profiler->record(event);
      if (!trace) return;
      std::fprintf(stderr, "trace: func %u", event.functionIndex);
      if (!event.functionName.empty()) {
        std::fprintf(stderr, " \"%.*s\"", static_cast<int>(event.functionName.size()),
                     event.functionName.data());
      }
      std::fprintf(stderr, " @0x%x %.*s\n", event.offset,
                   static_cast<int>(event.instruction.size()), event.instruction.data());
    };
  }
  return config;
}

// The WASI configuration: argv is FILE then ARGS; --env and --dir.
std::optional<WasiConfig> wasiConfig(const RunOptions& options) {
  WasiConfig config;
  config.args.push_back(options.file);
  if (options.invoke.empty())
    config.args.insert(config.args.end(), options.args.begin(), options.args.end());
  for (const std::string& entry : options.env) {
    if (entry.find('=') != std::string::npos) {
      config.env.push_back(entry);
    } else if (const char* value = std::getenv(entry.c_str())) {
      config.env.push_back(entry + "=" + value);
    }
  }
  for (const std::string& dir : options.dirs) {
    const std::size_t separator = dir.find("::");
    WasiConfig::Preopen preopen;
    preopen.hostPath = dir.substr(0, separator);
    preopen.guestPath = separator == std::string::npos ? dir : dir.substr(separator + 2);
    if (preopen.hostPath.empty() || preopen.guestPath.empty()) {
      std::fprintf(stderr, "error: --dir \"%s\": write HOST or HOST::GUEST\n", dir.c_str());
      return std::nullopt;
    }
    config.preopens.push_back(std::move(preopen));
  }
  return config;
}

// Instantiates each --preload NAME=FILE and registers it under NAME. False after printing why.
bool preload(const RunOptions& options, const Engine& engine, std::uint64_t maxModuleBytes,
             Store& store, Linker& linker) {
  for (const std::string& entry : options.preloads) {
    const std::size_t equals = entry.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == entry.size()) {
      std::fprintf(stderr, "error: --preload \"%s\": write NAME=FILE\n", entry.c_str());
      return false;
    }
    const std::string name = entry.substr(0, equals), file = entry.substr(equals + 1);
    auto module = loadModuleFile(file, engine, maxModuleBytes);
    if (!module) return false;
    auto instance = linker.instantiate(store, *module);
    if (!instance) {
      std::fprintf(stderr, "error: %s: %s\n", file.c_str(), instance.error().message().c_str());
      return false;
    }
    linker.defineInstance(name, *instance);
  }
  return true;
}

// Calls export `name` with the arguments in text; prints its results one per line.
int invokeExport(const RunOptions& options, Store& store, const Instance& instance) {
  auto func = instance.func(options.invoke);
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
    auto value = parseValue(options.args[i], type.params[i], store);
    if (!value) {
      std::fprintf(stderr, "error: argument %zu of %s: %s\n", i, options.invoke.c_str(),
                   value.error().message().c_str());
      return 1;
    }
    args.push_back(*value);
  }
  auto results = func->call(args);
  if (options.gcStats) {
    const GcHeapStats stats = store.gcStats();
    std::fprintf(stderr,
                 "gc: %llu objects, %llu bytes allocated; %llu collections, pauses %.3f ms in "
                 "all, %.3f ms at most; peak %llu bytes in use, %llu live after the last\n",
                 static_cast<unsigned long long>(stats.objectsAllocated),
                 static_cast<unsigned long long>(stats.bytesAllocated),
                 static_cast<unsigned long long>(stats.collections),
                 static_cast<double>(stats.totalPauseNanos) / 1e6,
                 static_cast<double>(stats.maxPauseNanos) / 1e6,
                 static_cast<unsigned long long>(stats.peakBytesInUse),
                 static_cast<unsigned long long>(stats.liveAfterLast));
  }
  if (!results) return report(results.error());
  for (const Value& value : *results)
    std::printf("%s\n", formatValue(value).c_str());
  return 0;
}

} // namespace

void addRunCommand(CLI::App& app, RunOptions& options, int& exitCode) {
  CLI::App* command =
      app.add_subcommand("run", "Run a WASI command (_start) or call an export (--invoke)");
  command->footer(
      "Usage: wasmline run [OPTIONS] FILE [ARGS...]   (or: wasmline FILE [ARGS...])\n"
      "FILE is a .wasm binary or .wat text (told apart by content). Without --invoke, ARGS are\n"
      "the program's argv[1..] and the exit status is the program's. Options go before FILE.\n"
      "Exit status: the program's, 1 for a load, link or argument error, 134 for a trap or an "
      "uncaught exception.\n");
  command->prefix_command(); // FILE and everything after it are positional
  command->add_option("--invoke", options.invoke,
                      "Call this export with ARGS (parsed by its parameter types) and print its "
                      "results, one per line");
  command
      ->add_option("--dir", options.dirs,
                   "Preopen host directory HOST for WASI, seen by the guest as GUEST "
                   "(HOST[::GUEST]; repeatable)")
      ->allow_extra_args(false);
  command
      ->add_option("--env", options.env,
                   "Set NAME=VALUE in the WASI environment, or pass the host's NAME "
                   "(repeatable)")
      ->allow_extra_args(false);
  command
      ->add_option("--preload", options.preloads,
                   "Instantiate FILE first and register it as NAME for imports "
                   "(NAME=FILE; repeatable)")
      ->allow_extra_args(false);
  command->add_option("--fuel", options.fuel,
                      "Trap with \"all fuel consumed\" after about N instructions");
  command->add_option("--max-memory", options.maxMemory,
                      "Refuse to create or grow memories past this many bytes in all (K, M, G "
                      "suffixes); memory.grow returns -1");
  command->add_option("--max-table-elements", options.maxTableElements,
                      "Refuse to create or grow a table past N elements (default 10000000)");
  command->add_flag("--gc-stats", options.gcStats,
                    "After --invoke, print the GC heap's allocation and collection counters to "
                    "stderr");
  command->add_option("--gc-heap", options.gcHeap,
                      "Trap with \"GC heap limit exceeded\" when live structs and arrays would "
                      "pass this many bytes (K, M, G suffixes; default 1G)");
  command->add_option("--timeout", options.timeout,
                      "Stop the program with \"interrupt\" after this long (N seconds, or Nms, "
                      "Ns, Nm)");
  command->add_flag("--interruptible", options.interruptible,
                    "Check for SIGINT/SIGTERM at every call and loop, to stop with a wasm "
                    "backtrace (slower; without it a signal ends the program at once)");
  command->add_option("--max-stack", options.maxStack,
                      "Trap with \"call stack exhausted\" past N nested calls (default 10000, "
                      "at most 1000000)");
  command->add_option("--max-stack-bytes", options.maxStackBytes,
                      "Value stack size for locals and operands (default 8M, 1K to 1G)");
  addModuleSizeOption(*command, options.maxModuleSize);
  command->add_flag("--trace", options.trace, "Print each executed instruction to stderr");
  command->add_flag("--profile", options.profile,
                    "When the program ends, print to stderr the functions that executed the most "
                    "instructions and the most frequent pairs of consecutive instructions (slow, "
                    "like --trace)");
  command->add_flag("--eager-compilation", options.eager,
                    "Compile the module's functions while it loads, not on their first call");
  addFeatureOptions(*command, options.features);
  command->callback([command, &options, &exitCode] {
    std::vector<std::string> rest = command->remaining();
    if (rest.empty()) {
      std::fprintf(stderr, "error: run: a module FILE is required (see wasmline run --help)\n");
      exitCode = 1;
      return;
    }
    options.file = rest.front();
    rest.erase(rest.begin());
    if (!rest.empty() && rest.front() == "--") rest.erase(rest.begin());
    options.args = std::move(rest);
    exitCode = runModule(options);
  });
}

namespace {
// Instantiates `module` in `store` with WASI and the preloads, then runs _start or --invoke.
int runInstance(const RunOptions& options, const Module& module, const Engine& engine,
                std::uint64_t maxModuleBytes, Store& store);
} // namespace

int runModule(const RunOptions& options) {
  Profiler profiler;
  const auto config = engineConfig(options, options.profile ? &profiler : nullptr);
  if (!config) return 1;
  std::optional<std::uint64_t> fuel;
  if (options.fuel) {
    const auto parsed = parseCountOption("--fuel", *options.fuel, 0, ~std::uint64_t{0});
    if (!parsed) {
      std::fprintf(stderr, "error: %s\n", parsed.error().message().c_str());
      return 1;
    }
    fuel = *parsed;
  }
  const auto maxModuleBytes = moduleSizeLimit(options.maxModuleSize);
  if (!maxModuleBytes) {
    std::fprintf(stderr, "error: %s\n", maxModuleBytes.error().message().c_str());
    return 1;
  }
  std::optional<std::chrono::milliseconds> timeout;
  if (options.timeout) {
    const auto parsed = parseDurationOption("--timeout", *options.timeout);
    if (!parsed) {
      std::fprintf(stderr, "error: %s\n", parsed.error().message().c_str());
      return 1;
    }
    timeout = std::chrono::milliseconds(*parsed);
  }
  const Engine engine(*config);
  auto module = loadModuleFile(options.file, engine, *maxModuleBytes);
  if (!module) return 1;
  Store store(engine);
  if (fuel) (void)store.setFuel(*fuel);
  if (config->execution.epochInterruption) (void)store.setEpochDeadline(1);
  const Interrupter interrupter(engine, timeout);
  gInterrupter = &interrupter;
  const int status = runInstance(options, *module, engine, *maxModuleBytes, store);
  gInterrupter = nullptr;
  if (options.profile) {
    std::fflush(stdout);
    profiler.print(stderr);
  }
  return status;
}

namespace {

int runInstance(const RunOptions& options, const Module& module, const Engine& engine,
                std::uint64_t maxModuleBytes, Store& store) {
  const auto wasiSettings = wasiConfig(options);
  if (!wasiSettings) return 1;
  auto wasi = WasiContext::create(*wasiSettings);
  if (!wasi) {
    std::fprintf(stderr, "error: %s\n", wasi.error().message().c_str());
    return 1;
  }
  Linker linker;
  (*wasi)->defineImports(store, linker);
  if (!preload(options, engine, maxModuleBytes, store, linker)) return 1;

  auto instance = linker.instantiate(store, module);
  if (!instance) {
    const ErrorKind kind = instance.error().kind();
    if (kind != ErrorKind::Trap && kind != ErrorKind::Exit && kind != ErrorKind::Exception) {
      std::fprintf(stderr, "error: %s: %s\n", options.file.c_str(),
                   instance.error().message().c_str());
      return 1;
    }
    return report(instance.error());
  }
  (*wasi)->setMemory(instance->memory("memory"));
  if (!options.invoke.empty()) return invokeExport(options, store, *instance);

  const auto start = instance->func("_start");
  if (!start) {
    if (module.hasStartFunction()) return 0; // instantiation ran it
    std::fprintf(stderr,
                 "error: %s has no _start function to run; call an export with --invoke NAME\n",
                 options.file.c_str());
    return 1;
  }
  if (!start->type().params.empty() || !start->type().results.empty()) {
    std::fprintf(stderr, "error: %s: _start has type %s, expected [] -> []\n", options.file.c_str(),
                 start->type().toString().c_str());
    return 1;
  }
  // A module without a "memory" export still runs; WASI calls needing memory get errno FAULT.
  auto status = start->call({});
  if (!status) return report(status.error());
  return 0;
}

} // namespace

} // namespace wasmline::tools
