// Load-time figures of modules: decoding + validation throughput (what `wasmline run` does at
// load, before any function runs), compilation throughput of every function body to IR (what a
// function's first call does, validation included), and the IR's size per byte of wasm code.
// Best CPU time of N rounds each; MB/s are of the whole module (validation) or of the code
// section's bodies (compilation).
//
// Usage: bench_startup_stats [--repeat N] FILE.wasm...   (default N = 5)
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "bench_util.h"
#include "binary/decoder.h"
#include "interp/compiler.h"

namespace {

using namespace wasmline;
using bench::cpuSeconds;
using bench::readFile;

// The heap bytes of a compiled function's IR words.
std::size_t irBytes(const interp::CompiledFunction& function) {
  return function.code.size() * sizeof(std::uint64_t);
}

// The heap bytes of its side tables: the IR-to-wasm offset map and the exception handlers.
std::size_t mapBytes(const interp::CompiledFunction& function) {
  std::size_t bytes = function.offsets.size() * sizeof(function.offsets[0]);
  for (const interp::HandlerGroup& group : function.handlers)
    bytes += sizeof(group) + group.catches.size() * sizeof(group.catches[0]);
  return bytes;
}

} // namespace

int main(int argc, char** argv) {
  int repeat = 5;
  const int first = bench::parseRepeat(argc, argv, repeat);
  if (first == 0) {
    std::fprintf(stderr, "usage: bench_startup_stats [--repeat N] FILE.wasm...\n");
    return 2;
  }
  const Features features; // the engine's defaults, as `wasmline run` uses them
  std::printf("%-22s %7s %8s %14s %13s %8s %7s %8s %8s\n", "module", "kB", "code kB",
              "validate MB/s", "compile MB/s", "IR kB", "map kB", "IR/wasm", "all/wasm");
  for (int i = first; i < argc; ++i) {
    std::vector<std::uint8_t> bytes;
    if (!readFile(argv[i], bytes)) {
      std::fprintf(stderr, "bench_startup_stats: cannot read %s\n", argv[i]);
      return 1;
    }
    double validate = 1e30;
    std::shared_ptr<const binary::Module> module;
    for (int round = 0; round < repeat; ++round) {
      std::vector<std::uint8_t> copy = bytes;
      const double start = cpuSeconds();
      auto decoded = binary::decodeModule(std::move(copy), features);
      validate = std::min(validate, cpuSeconds() - start);
      if (!decoded) {
        std::fprintf(stderr, "%s: %s\n", argv[i], decoded.error().message().c_str());
        return 1;
      }
      module = std::move(*decoded);
    }
    std::size_t codeBytes = 0;
    for (const binary::FunctionBody& body : module->bodies)
      codeBytes += body.code.size() + (body.codeOffset - body.bodyOffset); // with the locals
    double compile = 1e30;
    std::size_t ir = 0, map = 0;
    for (int round = 0; round < repeat; ++round) {
      std::vector<interp::CompiledFunction> compiled;
      compiled.reserve(module->bodies.size());
      const double start = cpuSeconds();
      for (std::uint32_t f = 0; f < module->bodies.size(); ++f) {
        auto function = interp::compileFunction(*module, features, module->importedFunctions + f,
                                                interp::CompileOptions{}, nullptr);
        if (!function) {
          std::fprintf(stderr, "%s: %s\n", argv[i], function.error().message().c_str());
          return 1;
        }
        compiled.push_back(std::move(*function));
      }
      compile = std::min(compile, cpuSeconds() - start);
      ir = map = 0;
      for (const interp::CompiledFunction& function : compiled) {
        ir += irBytes(function);
        map += mapBytes(function);
      }
    }
    std::string name = argv[i];
    if (const std::size_t slash = name.rfind('/'); slash != std::string::npos)
      name = name.substr(slash + 1);
    const auto code = static_cast<double>(codeBytes);
    std::printf("%-22s %7.1f %8.1f %14.1f %13.1f %8.1f %7.1f %8.2f %8.2f\n", name.c_str(),
                static_cast<double>(bytes.size()) / 1e3, code / 1e3,
                static_cast<double>(bytes.size()) / 1e6 / validate, code / 1e6 / compile,
                static_cast<double>(ir) / 1e3, static_cast<double>(map) / 1e3,
                static_cast<double>(ir) / code, static_cast<double>(ir + map) / code);
  }
  return 0;
}
