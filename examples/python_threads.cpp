// wasmtime-py's shared memory example (seed 003): one shared memory, a store per thread, each
// thread writing its message and counting through wasm atomics; the main thread reads it back.
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "wasmline/wasmline.h"

int main() try {
  using namespace wasmline;
  EngineConfig config;
  config.features.set(Feature::Threads, true); // wasm_threads(True)
  const Engine engine(config);

  // SharedMemory(engine, MemoryType(Limits(1, 5))): shared memories need a maximum.
  const Memory shared = Memory::create(MemoryType{{1, 5}, false, true}).value();
  const Module module = Module::fromText(engine, R"((module
    (import "env" "memory" (memory 1 5 shared))
    (func (export "count") (drop (i32.atomic.rmw.add (i32.const 1024) (i32.const 1))))))")
                            .value();

  constexpr int kThreads = 3;
  std::vector<std::thread> threads;
  for (int id = 0; id < kThreads; ++id) {
    threads.emplace_back([&engine, &module, memory = shared, id]() mutable {
      Store store(engine); // each thread needs its own store
      const Instance instance = Instance::create(store, module, {memory}).value();
      memory.writeCString(id * 32, "Thread " + std::to_string(id) + " was here!").value();
      const auto count = instance.typedFunc<void()>("count").value();
      for (int i = 0; i < 1000; ++i)
        count().value();
    });
  }
  for (auto& thread : threads)
    thread.join();

  std::cout << "Reading results from shared memory:\n";
  for (int id = 0; id < kThreads; ++id)
    std::cout << "Thread " << id << " data: " << shared.readCString(id * 32, 32).value() << "\n";
  const std::uint32_t counted = shared.atomicLoad<std::uint32_t>(1024).value();
  std::cout << "count: " << counted << "\n";
  return counted == kThreads * 1000 ? 0 : 1;
} catch (const std::exception& error) {
  std::cerr << "error: " << error.what() << "\n";
  return 1;
}
