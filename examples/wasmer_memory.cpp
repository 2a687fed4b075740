// Wasmer's memory example (seed 004): an exported memory queried, grown and accessed through
// exported functions. Prints what the example's Go version prints.
#include <iostream>

#include "wasmline/wasmline.h"

int main() try {
  using namespace wasmline;
  std::cout << "Compiling module...\n";
  const Engine engine;
  Store store(engine);
  const Module module = Module::fromText(engine, R"((module
    (memory (export "memory") 1)
    (func (export "mem_size") (result i32) (memory.size))
    (func (export "get_at") (param $addr i32) (result i32) (i32.load (local.get $addr)))
    (func (export "set_at") (param $addr i32) (param $value i32)
      (i32.store (local.get $addr) (local.get $value)))))")
                            .value();
  std::cout << "Instantiating module...\n";
  const Instance instance = Instance::create(store, module, {}).value();
  const auto memSize = instance.typedFunc<std::int32_t()>("mem_size").value();
  const auto getAt = instance.typedFunc<std::int32_t(std::int32_t)>("get_at").value();
  const auto setAt = instance.typedFunc<void(std::int32_t, std::int32_t)>("set_at").value();
  Memory memory = instance.memory("memory").value();

  std::cout << "Querying memory size...\n";
  std::cout << "Memory size (pages): " << memory.pages() << "\n";
  std::cout << "Memory size (pages as bytes): " << memory.pages() * memory.pageSize() << "\n";
  std::cout << "Memory size (bytes): " << memory.byteLength() << "\n";
  const std::int32_t size = memSize().value();
  std::cout << "Memory size (pages): " << size << "\n";

  std::cout << "Growing memory...\n";
  memory.grow(2).value();
  std::cout << "New memory size (pages): " << memory.pages() << "\n";

  // An absolute address, then the last 8 bytes of the second page (as the Go example computes it).
  for (const auto& [address, value] : {std::pair{0x2220, 0xFEFEFFE}, {2 * 0x10000 - 8, 0xFEA09}}) {
    setAt(address, value).value();
    const std::int32_t stored = getAt(address).value();
    std::cout << "Value at 0x" << std::hex << address << std::dec << ": " << stored << "\n";
    if (stored != value) return 1;
  }
  return size == 1 && memory.pages() == 3 ? 0 : 1;
} catch (const std::exception& error) {
  std::cerr << "error: " << error.what() << "\n";
  return 1;
}
