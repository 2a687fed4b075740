// Embedding wasmline: compile a module from text, give it a host function and a host-created
// memory, call an export, and read what it wrote. Exits non-zero if anything misbehaves.
#include <cstdio>
#include <cstdlib>

#include "wasmline/store.h"

namespace {

template <class T> T check(wasmline::Result<T> result, const char* what) {
  if (!result) {
    std::fprintf(stderr, "%s failed: %s\n", what, result.error().message().c_str());
    std::exit(1);
  }
  return std::move(*result);
}

} // namespace

int main() {
  using namespace wasmline;
  Engine engine;
  Store store(engine);
  Linker linker;

  // The host provides a logging function and the module's memory.
  linker.define("host", "log",
                Func::wrap(store, FuncType{{ValType::I32}, {}},
                           [](std::span<const Value> args, std::span<Value>) -> Result<void> {
                             std::printf("wasm says %d\n", args[0].asI32());
                             return {};
                           }));
  Memory memory = check(Memory::create(MemoryType::pages(1, 4)), "create memory");
  linker.define("host", "memory", memory);

  const Module module = check(Module::fromText(engine, R"((module
    (import "host" "log" (func $log (param i32)))
    (import "host" "memory" (memory 1 4))
    ;; Writes the squares 1..n as i32 values from address 0 and returns their sum.
    (func (export "squares") (param $n i32) (result i32) (local $i i32) (local $sum i32)
      (block (loop
        (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.store (i32.mul (i32.sub (local.get $i) (i32.const 1)) (i32.const 4))
                   (i32.mul (local.get $i) (local.get $i)))
        (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get $i) (local.get $i))))
        (br 0)))
      (call $log (local.get $sum))
      (local.get $sum))))"),
                              "compile");
  const Instance instance = check(linker.instantiate(store, module), "instantiate");
  const Func squares = *instance.func("squares");
  const Value args[] = {Value::i32(10)};
  const std::vector<Value> results = check(squares.call(args), "call");
  const std::int32_t tenth = check(memory.read<std::int32_t>(36), "read");
  std::printf("sum %d, tenth square %d\n", results[0].asI32(), tenth);
  return results[0].asI32() == 385 && tenth == 100 ? 0 : 1;
}
