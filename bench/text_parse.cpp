// Parses and encodes .wast scripts with the text front end and reports how long it took: every
// module of every script (text and quoted) becomes a binary, as `wasmline wast` needs them.
//
// Usage: bench_text_parse [--repeat N] FILE...   in-process: reads the files, then parses all of
//                                                 them N times (default 5) and prints the best
//        bench_text_parse --once FILE...         parses each file once (for per-process timing)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "bench_util.h"
#include "text/script.h"

namespace {

using wasmline::bench::readFile;

// Counts the modules of `commands` (threads included); false when a text module failed outside
// an assert_malformed.
std::size_t countModules(const std::vector<wasmline::text::ScriptCommand>& commands) {
  std::size_t modules = 0;
  for (const auto& command : commands) {
    if (command.module) ++modules;
    modules += countModules(command.commands);
  }
  return modules;
}

} // namespace

int main(int argc, char** argv) {
  int repeat = 5;
  bool once = false;
  int first = 1;
  while (first < argc && argv[first][0] == '-') {
    if (std::strcmp(argv[first], "--once") == 0) {
      once = true;
      ++first;
    } else if (std::strcmp(argv[first], "--repeat") == 0 && first + 1 < argc) {
      repeat = std::atoi(argv[first + 1]);
      first += 2;
    } else {
      std::fprintf(stderr, "usage: bench_text_parse [--repeat N | --once] FILE...\n");
      return 2;
    }
  }
  std::vector<std::string> names(argv + first, argv + argc);
  std::vector<std::string> sources(names.size());
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!readFile(names[i].c_str(), sources[i])) {
      std::fprintf(stderr, "cannot read %s\n", names[i].c_str());
      return 1;
    }
    bytes += sources[i].size();
  }
  double best = 0, bestCpu = 0;
  std::size_t modules = 0;
  for (int round = 0; round < (once ? 1 : repeat); ++round) {
    modules = 0;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    for (std::size_t i = 0; i < sources.size(); ++i) {
      auto script = wasmline::text::parseScript(sources[i], names[i]);
      if (!script) {
        std::fprintf(stderr, "%s\n", script.error().message().c_str());
        return 1;
      }
      modules += countModules(script->commands);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    if (round == 0 || seconds < best) best = seconds;
    if (round == 0 || cpu < bestCpu) bestCpu = cpu;
  }
  if (!once) {
    std::printf("%zu files, %.1f MB, %zu modules: %.1f ms, %.1f ms CPU (best of %d), "
                "%.1f MB/s CPU\n",
                names.size(), static_cast<double>(bytes) / 1e6, modules, best * 1e3, bestCpu * 1e3,
                repeat, static_cast<double>(bytes) / 1e6 / bestCpu);
  }
  return 0;
}
