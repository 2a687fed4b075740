#include "tools/wast_command.h"

#include <array>
#include <cstdio>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "spec-tests/wast_runner.h"
#include "wasmline/features.h"

namespace wasmline::tools {
namespace {

// The proposals `--enable` accepts, by the names the testsuite's proposals/ directory uses.
struct Proposal {
  std::string_view name;
  bool Features::*flag;
};
constexpr Proposal kProposals[] = {
    {"threads", &Features::threads},
    {"memory64", &Features::memory64},
    {"multi-memory", &Features::multiMemory},
    {"tail-call", &Features::tailCall},
    {"extended-const", &Features::extendedConst},
};

// "threads, memory64, ...": the names `--enable` accepts, for help and error text.
std::string proposalNames() {
  std::string names;
  for (const Proposal& proposal : kProposals) {
    if (!names.empty()) names += ", ";
    names += proposal.name;
  }
  return names;
}

// Turns on the proposal called `name` in `features`; false when no proposal has that name.
bool enableProposal(Features& features, std::string_view name) {
  for (const Proposal& proposal : kProposals) {
    if (proposal.name == name) return features.*proposal.flag = true;
  }
  return false;
}

// Prints "label: N passed, N failed, N skipped" (no "label: " when the label is empty).
void printTally(const char* label, const spec::Tally& tally) {
  std::printf("%s%s%d passed, %d failed, %d skipped\n", label, *label ? ": " : "", tally.passed,
              tally.failed, tally.skipped);
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
  command->add_flag("--all-features", options.allFeatures,
                    "Enable every proposal wasmline implements");
  command
      ->add_option("--enable", options.enable,
                   "Enable one proposal (repeatable): " + proposalNames())
      ->allow_extra_args(false);
  command
      ->add_option("--disable", options.disable,
                   "Disable a feature, e.g. reference-types for scripts written before it "
                   "(repeatable)")
      ->allow_extra_args(false);
  command->callback([&options, &exitCode] { exitCode = runWast(options); });
}

int runWast(const WastOptions& options) {
  spec::RunnerOptions runnerOptions;
  if (options.allFeatures) runnerOptions.features = Features::all();
  for (const std::string& name : options.enable) {
    if (!enableProposal(runnerOptions.features, name)) {
      std::fprintf(stderr, "error: --enable: unknown proposal \"%s\" (known: %s)\n", name.c_str(),
                   proposalNames().c_str());
      return 1;
    }
  }
  for (const std::string& name : options.disable) {
    if (!runnerOptions.features.disable(name)) {
      std::fprintf(stderr, "error: --disable: unknown feature \"%s\"\n", name.c_str());
      return 1;
    }
  }
  spec::Tally total;
  std::array<spec::Tally, spec::kCommandKindCount> byKind{};
  std::size_t mismatches = 0;
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
    if (options.showMismatches) {
      for (const std::string& mismatch : report.mismatches) {
        std::printf("  message mismatch: %s: %s\n", file.c_str(), mismatch.c_str());
      }
    }
    mismatches += report.mismatches.size();
    total += report.total;
    for (int kind = 0; kind < spec::kCommandKindCount; ++kind)
      byKind[kind] += report.byKind[kind];
  }
  if (options.byKind) {
    for (int kind = 0; kind < spec::kCommandKindCount; ++kind) {
      const spec::Tally& tally = byKind[kind];
      if (tally.passed + tally.failed + tally.skipped == 0) continue;
      printTally(spec::commandKindName(static_cast<spec::CommandKind>(kind)), tally);
    }
    std::printf("message mismatches (passed, other wording): %zu\n", mismatches);
  }
  printTally("", total);
  return total.failed == 0 ? 0 : 1;
}

} // namespace wasmline::tools
