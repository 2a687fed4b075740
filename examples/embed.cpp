// Embedding wasmline: a host function that reads the calling instance's memory through its
// Caller, a host-created memory, a typed call, and a host-raised trap with the wasm backtrace.
#include <iostream>

#include "wasmline/wasmline.h"

int main() try {
  using namespace wasmline;
  const Engine engine;
  Store store(engine);
  Linker linker;

  // env.log(ptr, len) prints a string from the caller's memory; a bad length traps.
  linker.func("env", "log", [](Caller& caller, std::int32_t ptr, std::int32_t len) {
    if (len < 0) {
      caller.trap("log: negative length " + std::to_string(len));
      return;
    }
    std::cout << "wasm says: " << caller.memory().value().readUtf8(ptr, len).value() << "\n";
  });
  const Memory memory = Memory::create(MemoryType::pages(1, 4)).value();
  linker.define("env", "memory", memory);

  const Module module = Module::fromText(engine, R"((module
    (import "env" "log" (func $log (param i32 i32)))
    (import "env" "memory" (memory 1 4))
    (export "memory" (memory 0))
    (data (i32.const 100) "squares written")
    ;; Writes the squares 1..n as i32 values from address 0, logs, and returns their sum.
    (func (export "squares") (param $n i32) (result i32) (local $i i32) (local $sum i32)
      (block (loop
        (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.store (i32.mul (i32.sub (local.get $i) (i32.const 1)) (i32.const 4))
                   (i32.mul (local.get $i) (local.get $i)))
        (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get $i) (local.get $i))))
        (br 0)))
      (call $log (i32.const 100) (i32.const 15))
      (local.get $sum))
    (func $bad (export "bad") (call $log (i32.const 0) (i32.const -1)))))")
                            .value();
  const Instance instance = linker.instantiate(store, module).value();

  const auto squares = instance.typedFunc<std::int32_t(std::int32_t)>("squares").value();
  const std::int32_t sum = squares(10).value();
  std::cout << "sum " << sum << ", tenth square " << memory.read<std::int32_t>(36).value() << "\n";
  const auto trapped = instance.typedFunc<void()>("bad").value()();
  std::cout << "trap: " << trapped.error().message() << "\n";
  return sum == 385 && !trapped ? 0 : 1;
} catch (const std::exception& error) {
  std::cerr << "error: " << error.what() << "\n";
  return 1;
}
