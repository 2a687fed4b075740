// A program outside the project, built against an installed (or add_subdirectory) wasmline: the
// text format, a host function with a natural signature, a typed call, memory and WASI.
#include <cstdio>

#include "wasmline/wasmline.h"

int main() try {
  using namespace wasmline;
  const Engine engine;
  Store store(engine);
  Linker linker;
  linker.func("env", "twice", [](std::int32_t value) { return value * 2; });
  const Module module = Module::fromText(engine, R"((module
    (import "env" "twice" (func $twice (param i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "outside")
    (func (export "run") (param i32) (result i32) (call $twice (local.get 0)))))")
                            .value();
  const Instance instance = linker.instantiate(store, module).value();
  const std::int32_t answer =
      instance.typedFunc<std::int32_t(std::int32_t)>("run")->call(21).value();
  const std::string text = instance.memory("memory")->readUtf8(0, 7).value();
  const bool wasi = static_cast<bool>(WasiContext::create({}));
  std::printf("wasmline %s: %d from %s, wasi %s\n", WASMLINE_VERSION_STRING, answer, text.c_str(),
              wasi ? "ready" : "failed");
  return answer == 42 && wasi ? 0 : 1;
} catch (const wasmline::Error& error) {
  std::fprintf(stderr, "error: %s\n", error.what());
  return 1;
}
