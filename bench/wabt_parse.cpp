// The libwabt counterpart of bench/text_parse.cpp, for bench/text_speed.sh: parses .wast
// scripts with wabt's script parser (names resolved) and writes every text module as a binary
// to memory, in process, timing the best of N rounds. Files wabt cannot parse are reported and
// left out of the timing.
//
// Usage: bench_wabt_parse [--repeat N] FILE...
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "bench_util.h"

#include <wabt/binary-writer.h>
#include <wabt/cast.h>
#include <wabt/feature.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

namespace {

using wasmline::bench::readFile;

// Writes `module` as a binary; false when wabt cannot.
bool write(const wabt::Module& module, const wabt::Features& features) {
  wabt::MemoryStream stream;
  wabt::WriteBinaryOptions options(features, true, false, false);
  return wabt::Succeeded(wabt::WriteBinaryModule(&stream, &module, options));
}

// Parses one script and writes its text modules; the number of modules, or -1 on a parse error.
long parseAndWrite(const std::string& name, const std::string& source,
                   const wabt::Features& features) {
  wabt::Errors errors;
  auto lexer = wabt::WastLexer::CreateBufferLexer(name, source.data(), source.size(), &errors);
  wabt::WastParseOptions options(features);
  std::unique_ptr<wabt::Script> script;
  if (wabt::Failed(wabt::ParseWastScript(lexer.get(), &script, &errors, &options))) return -1;
  long modules = 0;
  for (const auto& command : script->commands) {
    const wabt::ScriptModule* scriptModule = nullptr;
    if (auto* plain = wabt::dyn_cast<wabt::ModuleCommand>(command.get())) {
      write(plain->module, features);
      ++modules;
      continue;
    }
    if (auto* c = wabt::dyn_cast<wabt::ScriptModuleCommand>(command.get()))
      scriptModule = c->script_module.get();
    if (auto* c = wabt::dyn_cast<wabt::AssertInvalidCommand>(command.get()))
      scriptModule = c->module.get();
    if (auto* c = wabt::dyn_cast<wabt::AssertUnlinkableCommand>(command.get()))
      scriptModule = c->module.get();
    if (auto* c = wabt::dyn_cast<wabt::AssertUninstantiableCommand>(command.get()))
      scriptModule = c->module.get();
    const auto* text =
        scriptModule ? wabt::dyn_cast<wabt::TextScriptModule>(scriptModule) : nullptr;
    if (text) {
      write(text->module, features);
      ++modules;
    }
  }
  return modules;
}

} // namespace

int main(int argc, char** argv) {
  int repeat = 5;
  const int first = wasmline::bench::parseRepeat(argc, argv, repeat);
  if (first == 0) {
    std::fprintf(stderr, "usage: bench_wabt_parse [--repeat N] FILE...\n");
    return 2;
  }
  wabt::Features features;
  features.EnableAll();
  std::vector<std::string> names, sources;
  std::size_t bytes = 0;
  for (int i = first; i < argc; ++i) {
    std::string source;
    if (!readFile(argv[i], source)) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 1;
    }
    if (parseAndWrite(argv[i], source, features) < 0) {
      std::fprintf(stderr, "wabt cannot parse %s\n", argv[i]);
      continue;
    }
    bytes += source.size();
    names.push_back(argv[i]);
    sources.push_back(std::move(source));
  }
  double best = 0, bestCpu = 0;
  long modules = 0;
  for (int round = 0; round < repeat; ++round) {
    modules = 0;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    for (std::size_t i = 0; i < sources.size(); ++i)
      modules += parseAndWrite(names[i], sources[i], features);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    if (round == 0 || seconds < best) best = seconds;
    if (round == 0 || cpu < bestCpu) bestCpu = cpu;
  }
  std::printf(
      "%zu files, %.1f MB, %ld text modules: %.1f ms, %.1f ms CPU (best of %d), %.1f MB/s CPU\n",
      names.size(), static_cast<double>(bytes) / 1e6, modules, best * 1e3, bestCpu * 1e3, repeat,
      static_cast<double>(bytes) / 1e6 / bestCpu);
  return 0;
}
