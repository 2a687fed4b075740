// Times the text-format printer: modules (.wasm files, and every module of .wast scripts that
// decodes) are decoded once, then printed flat and folded N times each; prints the best round
// as MB/s of binary input and of text output.
//
// Usage: bench_print [--repeat N] FILE...   (.wasm binaries or .wast scripts; default N = 5)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "bench_util.h"
#include "binary/decoder.h"
#include "text/printer/printer.h"
#include "text/script.h"

namespace {

using namespace wasmline;
using bench::readFile;

void collect(std::vector<text::ScriptCommand>& commands,
             std::vector<std::vector<std::uint8_t>>& out) {
  for (text::ScriptCommand& command : commands) {
    if (command.module && !command.module->error) out.push_back(std::move(command.module->binary));
    collect(command.commands, out);
  }
}

struct Timing {
  double wall = 0, cpu = 0;
  std::size_t textBytes = 0;
};

} // namespace

int main(int argc, char** argv) {
  int repeat = 5;
  const int first = bench::parseRepeat(argc, argv, repeat);
  if (first == 0) {
    std::fprintf(stderr, "usage: bench_print [--repeat N] FILE...\n");
    return 2;
  }
  std::vector<std::vector<std::uint8_t>> binaries;
  for (int i = first; i < argc; ++i) {
    std::string source;
    if (!readFile(argv[i], source)) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 1;
    }
    if (source.compare(0, 4, std::string("\0asm", 4)) == 0) {
      binaries.emplace_back(source.begin(), source.end());
      continue;
    }
    auto script = text::parseScript(source, argv[i]);
    if (!script) {
      std::fprintf(stderr, "%s\n", script.error().message().c_str());
      return 1;
    }
    collect(script->commands, binaries);
  }
  const Features features = Features::everything();
  std::vector<std::shared_ptr<const binary::Module>> modules;
  std::size_t bytes = 0;
  for (std::vector<std::uint8_t>& binary : binaries) {
    const std::size_t size = binary.size();
    auto module = binary::decodeModule(std::move(binary), features);
    if (!module) continue;
    modules.push_back(*module);
    bytes += size;
  }
  for (const bool folded : {false, true}) {
    Timing best;
    for (int round = 0; round < repeat; ++round) {
      Timing timing;
      const auto start = std::chrono::steady_clock::now();
      const std::clock_t cpuStart = std::clock();
      for (const auto& module : modules) {
        auto text = text::printModule(*module, features, {.folded = folded, .names = true});
        if (!text) {
          std::fprintf(stderr, "print: %s\n", text.error().message().c_str());
          return 1;
        }
        timing.textBytes += text->size();
      }
      timing.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      timing.cpu = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
      if (round == 0 || timing.cpu < best.cpu) best = timing;
    }
    std::printf("%-6s %zu modules, %.2f MB binary -> %.2f MB text: %.1f ms (%.1f ms CPU, best of "
                "%d): %.1f MB/s of binary, %.1f MB/s of text\n",
                folded ? "folded" : "flat", modules.size(), static_cast<double>(bytes) / 1e6,
                static_cast<double>(best.textBytes) / 1e6, best.wall * 1e3, best.cpu * 1e3, repeat,
                static_cast<double>(bytes) / 1e6 / best.cpu,
                static_cast<double>(best.textBytes) / 1e6 / best.cpu);
  }
  return 0;
}
