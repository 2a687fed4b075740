// wasmtime-dotnet's Memory API (seed 000): sizes, typed reads and writes of every width and of
// structs, strings, pointers and spans over a module's exported memory.
#include <iostream>

#include "wasmline/wasmline.h"

namespace {

struct Particle { // an unmanaged struct, as .NET's Read<T>/Write<T> take
  std::int32_t id;
  float x, y;
  double mass;
};

} // namespace

int main() try {
  using namespace wasmline;
  const Engine engine;
  Store store(engine);
  const Module module = Module::fromText(engine, R"((module
    (memory (export "memory") 1 4)
    (func (export "sum_i64") (param $a i32) (param $b i32) (result i64)
      (i64.add (i64.load (local.get $a)) (i64.load (local.get $b))))))")
                            .value();
  const Instance instance = Instance::create(store, module, {}).value();
  Memory memory = instance.memory("memory").value();

  // PageSize, Minimum, Maximum, Is64Bit, GetSize(), GetLength()
  std::cout << "page size " << memory.pageSize() << ", minimum " << memory.minimumPages()
            << ", maximum " << memory.maximumPages().value() << ", 64-bit "
            << (memory.is64() ? "yes" : "no") << ", size " << memory.pages() << ", length "
            << memory.byteLength() << "\n";

  // Write<T>/Read<T> of every width; C#'s long is long long.
  memory.write<std::uint8_t>(0, 0xAB).value();
  memory.write<short>(2, -2).value();
  memory.write(4, 123456).value();
  memory.write(8, 5LL).value();
  memory.write(16, 1LL << 40).value();
  memory.write(24, 1.5f).value();
  memory.write(32, 2.25).value();
  std::cout << "byte 0x" << std::hex << std::uppercase << +memory.read<std::uint8_t>(0).value()
            << std::dec << ", short " << memory.read<short>(2).value() << ", int "
            << memory.read<int>(4).value() << ", long " << memory.read<long long>(8).value()
            << ", float " << memory.read<float>(24).value() << ", double "
            << memory.read<double>(32).value() << "\n";
  const auto sum = instance.typedFunc<long long(int, int)>("sum_i64").value();
  std::cout << "wasm sum_i64(8, 16) = " << sum(8, 16).value() << "\n";

  // Write<Particle>/Read<Particle>: byte copies in the host's layout.
  memory.write(64, Particle{7, 1.0f, -2.0f, 0.5}).value();
  const Particle particle = memory.read<Particle>(64).value();
  std::cout << "particle " << particle.id << " at (" << particle.x << ", " << particle.y
            << "), mass " << particle.mass << "\n";

  // WriteString, ReadString, ReadNullTerminatedString, Read/WriteIntPtr
  const std::uint64_t length = memory.writeString(128, "héllo").value();
  std::cout << "string of " << length << " bytes: " << memory.readUtf8(128, length).value() << "\n";
  memory.writeCString(160, "terminated").value();
  std::cout << "null-terminated: " << memory.readCString(160).value() << "\n";
  memory.writePointer(192, 128).value();
  std::cout << "pointer at 192 -> " << memory.readPointer(192).value() << "\n";

  // GetSpan<int>(address, count), GetSpan(address), and a misaligned GetSpan<int>
  const std::span<int> ints = memory.span<int>(256, 4).value();
  for (std::size_t i = 0; i < ints.size(); ++i)
    ints[i] = static_cast<int>(i * 10);
  std::cout << "ints[3] read back: " << memory.read<int>(268).value() << "\n";
  std::cout << "span from 65000 to the end: " << memory.span(65000).value().size() << " bytes\n";
  std::cout << "span<int> at 257: " << memory.span<int>(257, 1).error().message() << "\n";

  // Grow(delta); reads past the end fail with the address, length and size.
  const std::uint64_t previous = memory.grow(1).value();
  std::cout << "grew from " << previous << " to " << memory.pages() << " pages\n";
  std::cout << "read past the end: "
            << memory.read<long long>(memory.byteLength() - 4).error().message() << "\n";
  return 0;
} catch (const std::exception& error) {
  std::cerr << "error: " << error.what() << "\n";
  return 1;
}
