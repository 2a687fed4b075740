#include "tools/wast_command.h"

#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include "spec-tests/wast_runner.h"
#include "tools/input_file.h"
#include "tools/number_option.h"
#include "wasmline/features.h"

namespace wasmline::tools {
namespace {

// Prints "label: N passed, N failed, N skipped" (no "label: " when the label is empty).
void printTally(const char* label, const spec::Tally& tally) {
  std::printf("%s%s%d passed, %d failed, %d skipped\n", label, *label ? ": " : "", tally.passed,
              tally.failed, tally.skipped);
}

// Why the script at `path` is not read (a device or pipe, whose end may never come, or larger than
// `maxBytes`), or an empty string.
std::string refusedScript(const std::string& path, std::uint64_t maxBytes) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return ""; // the runner reports what it cannot read
  if (!S_ISREG(info.st_mode)) return path + ": a .wast script must be a regular file";
  if (static_cast<std::uint64_t>(info.st_size) > maxBytes) {
    return path + ": the script is larger than " + std::to_string(maxBytes) +
           " bytes (the limit --max-module-size sets)";
  }
  return "";
}

} // namespace

void addWastCommand(CLI::App& app, WastOptions& options, int& exitCode) {
  CLI::App* command = app.add_subcommand("wast", "Run WebAssembly spec scripts (.wast)");
  command->add_option("files", options.files, ".wast scripts to run")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_flag("--by-kind", options.byKind, "Print a line per command kind");
  command->add_flag("--mismatches", options.showMismatches,
                    "List passed assertions whose error message differs from the script's");
  addModuleSizeOption(*command, options.maxModuleSize);
  command->add_option("--fuel", options.fuel,
                      "Trap with \"all fuel consumed\" when an action runs about N instructions");
  command->add_option("--timeout", options.timeout,
                      "Stop a script's code with \"interrupt\" after this long (N seconds, or "
                      "Nms, Ns, Nm); its remaining commands fail");
  command->add_flag("--eager-compilation", options.eager,
                    "Compile each module's functions while it loads, not on their first call");
  addFeatureOptions(*command, options.features);
  command->callback([&options, &exitCode] { exitCode = runWast(options); });
}

int runWast(const WastOptions& options) {
  spec::RunnerOptions runnerOptions;
  const auto features = selectFeatures(options.features);
  if (!features) return 1;
  runnerOptions.features = *features;
  const auto maxBytes = moduleSizeLimit(options.maxModuleSize);
  if (!maxBytes) {
    std::fprintf(stderr, "error: %s\n", maxBytes.error().message().c_str());
    return 1;
  }
  for (const std::string& file : options.files) {
    const std::string refused = refusedScript(file, *maxBytes);
    if (!refused.empty()) {
      std::fprintf(stderr, "error: %s\n", refused.c_str());
      return 1;
    }
  }
  runnerOptions.eagerCompilation = options.eager;
  if (options.fuel) {
    const auto fuel = parseCountOption("--fuel", *options.fuel, 0, ~std::uint64_t{0});
    if (!fuel) {
      std::fprintf(stderr, "error: %s\n", fuel.error().message().c_str());
      return 1;
    }
    runnerOptions.fuel = *fuel;
  }
  if (options.timeout) {
    const auto timeout = parseDurationOption("--timeout", *options.timeout);
    if (!timeout) {
      std::fprintf(stderr, "error: %s\n", timeout.error().message().c_str());
      return 1;
    }
    runnerOptions.timeout = std::chrono::milliseconds(*timeout);
  }
  spec::Tally total;
  std::array<spec::Tally, text::kCommandKindCount> byKind{};
  std::size_t mismatches = 0;
  std::map<std::string, int> skipsByFeature;
  for (const std::string& file : options.files) {
    const spec::FileReport report = spec::runWastFile(file, runnerOptions);
    printTally(file.c_str(), report.total);
    if (!report.scriptError.empty())
      std::printf("  script error: %s\n", report.scriptError.c_str());
    for (const std::string& failure : report.failures) {
      std::printf("  %s: %s\n", file.c_str(), failure.c_str());
    }
    for (const std::string& skipped : report.skips) {
      std::printf("  skipped: %s: %s\n", file.c_str(), skipped.c_str());
    }
    if (!report.skipsByFeature.empty()) {
      std::printf("  skipped by feature:");
      for (const auto& [feature, count] : report.skipsByFeature) {
        std::printf(" %s %d", feature.c_str(), count);
        skipsByFeature[feature] += count;
      }
      std::printf("\n");
    }
    if (options.showMismatches) {
      for (const std::string& mismatch : report.mismatches) {
        std::printf("  message mismatch: %s: %s\n", file.c_str(), mismatch.c_str());
      }
    }
    mismatches += report.mismatches.size();
    total += report.total;
    for (std::size_t kind = 0; kind < byKind.size(); ++kind)
      byKind[kind] += report.byKind[kind];
  }
  if (options.byKind) {
    for (std::size_t kind = 0; kind < byKind.size(); ++kind) {
      const spec::Tally& tally = byKind[kind];
      if (tally.passed + tally.failed + tally.skipped == 0) continue;
      printTally(text::commandKindName(static_cast<text::CommandKind>(kind)), tally);
    }
    std::printf("message mismatches (passed, other wording): %zu\n", mismatches);
    for (const auto& [feature, count] : skipsByFeature)
      std::printf("skipped for %s: %d\n", feature.c_str(), count);
  }
  printTally("", total);
  return total.failed == 0 ? 0 : 1;
}

} // namespace wasmline::tools
