// MDN's WebAssembly.Memory examples (seed 002): a memory made by the host, imported by a module
// that sums it; a memory a module exports; a shared memory.
#include <iostream>

#include "wasmline/wasmline.h"

int main() try {
  using namespace wasmline;
  const Engine engine;
  Store store(engine);

  // new WebAssembly.Memory({initial: 10, maximum: 100})
  Memory memory = Memory::create(MemoryType::pages(10, 100)).value();
  std::cout << "memory: " << memory.pages() << " pages, " << memory.byteLength() << " bytes\n";

  // accumulate(ptr, len) sums len i32 values at ptr; instantiated with {js: {mem: memory}}.
  const Module module = Module::fromText(engine, R"((module
    (memory (import "js" "mem") 1)
    (func (export "accumulate") (param $ptr i32) (param $len i32) (result i32)
      (local $end i32) (local $sum i32)
      (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 2))))
      (block (loop
        (br_if 1 (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
        (br 0)))
      (local.get $sum))))")
                            .value();
  const Instance instance = Linker().define("js", "mem", memory).instantiate(store, module).value();

  // const summands = new Uint32Array(memory.buffer); summands[i] = i
  const std::span<std::uint32_t> summands = memory.span<std::uint32_t>(0, 10).value();
  for (std::uint32_t i = 0; i < summands.size(); ++i)
    summands[i] = i;
  const auto accumulate = instance.typedFunc<int(int, int)>("accumulate").value();
  const int sum = accumulate(0, 10).value();
  std::cout << "accumulate(0, 10) = " << sum << "\n";

  // Growing keeps the old view valid (JS detaches the old buffer).
  const std::uint64_t before = memory.grow(1).value();
  std::cout << "grew from " << before << " to " << memory.pages() << " pages; summands[9] still "
            << summands[9] << "\n";

  // A memory the module exports: new Uint32Array(exports.memory.buffer)[0]
  const Module exporter = Module::fromText(engine, R"((module
    (memory (export "memory") 1)
    (data (i32.const 0) "\2a\00\00\00")))")
                              .value();
  const Memory exported = Instance::create(store, exporter, {}).value().memory("memory").value();
  const std::uint32_t first = exported.read<std::uint32_t>(0).value();
  std::cout << "exported memory, first u32: " << first << "\n";

  // new WebAssembly.Memory({initial: 10, maximum: 100, shared: true})
  const Memory shared = Memory::create(MemoryType{{10, 100}, false, true}).value();
  std::cout << "shared memory: shared=" << (shared.isShared() ? "true" : "false") << ", "
            << shared.pages() << " pages\n";
  return sum == 45 && first == 42 ? 0 : 1;
} catch (const std::exception& error) {
  std::cerr << "error: " << error.what() << "\n";
  return 1;
}
