// wasmtime's Memory docs for Rust (seed 001): a host memory imported by a module, an exported
// memory's type, reading and writing its bytes and strings, growth up to the maximum.
#include <iostream>

#include "wasmline/wasmline.h"

int main() try {
  using namespace wasmline;
  const Engine engine;
  Store store(engine);

  // Memory::new(&store, MemoryType::new(Limits::new(1, None))), then Instance::new(.., &[memory])
  Memory memory = Memory::create(MemoryType::pages(1)).value();
  const Module importer = Module::fromText(engine, R"((module
    (memory (import "" "") 1)
    (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))))")
                              .value();
  const Instance instance = Instance::create(store, importer, {memory}).value();

  // data_mut()[0x123] = 3, seen by wasm; a string copied out of memory.
  memory.data()[0x123] = 3;
  const auto load8 = instance.typedFunc<std::int32_t(std::int32_t)>("load8").value();
  std::cout << "byte at 0x123 seen by wasm: " << load8(0x123).value() << "\n";
  memory.write(0xdead, std::string_view("hello from the host")).value();
  std::cout << "string at 0xdead: " << memory.readUtf8(0xdead, 19).value() << "\n";
  memory.write<std::uint8_t>(0x124, 0xff).value();
  std::cout << "invalid UTF-8: " << memory.readUtf8(0x123, 2).error().message() << "\n";

  // ty().limits().min(), size(), data_size(), grow() up to the maximum.
  const Module exporter =
      Module::fromText(engine, R"((module (memory (export "mem") 1 2)))").value();
  Memory mem = Instance::create(store, exporter, {}).value().memory("mem").value();
  std::cout << "min " << mem.type().limits.min << ", max " << mem.type().limits.max.value()
            << ", size " << mem.pages() << ", data_size " << mem.byteLength() << "\n";
  const std::span<std::uint8_t> view = mem.span(0, 16).value(); // stays valid across growth
  const std::uint64_t previous = mem.grow(1).value();
  std::cout << "grow(1) -> " << previous << ", size " << mem.pages() << "\n";
  std::cout << "grow(0) -> " << mem.grow(0).value() << "\n";
  const auto refused = mem.grow(1);
  std::cout << "grow(1) again: " << (refused ? "grew" : refused.error().message()) << "\n";
  view[0] = 7;
  std::cout << "view written after growth, read back: " << +mem.read<std::uint8_t>(0).value()
            << "\n";
  return refused ? 1 : 0;
} catch (const std::exception& error) {
  std::cerr << "error: " << error.what() << "\n";
  return 1;
}
