// Host-side use of a linear memory: create, grow, typed access, strings, zero-copy spans and
// atomics from several threads. Exits non-zero if anything does not behave as printed.
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "wasmline/memory.h"

namespace {

template <class T> T check(wasmline::Result<T> result, const char* what) {
  if (!result) {
    std::fprintf(stderr, "%s failed: %s\n", what, result.error().message().c_str());
    std::exit(1);
  }
  return std::move(*result);
}

void check(wasmline::Result<void> result, const char* what) {
  if (!result) {
    std::fprintf(stderr, "%s failed: %s\n", what, result.error().message().c_str());
    std::exit(1);
  }
}

} // namespace

int main() {
  using wasmline::Memory;
  using wasmline::MemoryType;

  // A shared 32-bit memory of 1 page that may grow to 16 pages.
  const MemoryType type{wasmline::Limits{1, 16}, false, true};
  Memory memory = check(Memory::create(type), "create");
  std::printf("memory %s: %llu pages, %llu bytes\n", type.toString().c_str(),
              static_cast<unsigned long long>(memory.pages()),
              static_cast<unsigned long long>(memory.byteLength()));

  // Typed little-endian access and strings.
  check(memory.write<std::uint32_t>(0, 0xC0FFEE), "write u32");
  check(memory.write<double>(8, 3.5), "write f64");
  const std::uint64_t length = check(memory.writeString(64, "hello, wasm"), "write string");
  std::printf("u32 0x%x, f64 %.1f, string \"%s\"\n", check(memory.read<std::uint32_t>(0), "u32"),
              check(memory.read<double>(8), "f64"),
              check(memory.readUtf8(64, length), "read string").c_str());

  // A span taken before growth stays valid after it.
  auto greeting = check(memory.span(64, length), "span");
  const std::uint64_t previous = check(memory.grow(3), "grow");
  std::printf("grew from %llu to %llu pages; span still reads \"%.*s\"\n",
              static_cast<unsigned long long>(previous),
              static_cast<unsigned long long>(memory.pages()), static_cast<int>(greeting.size()),
              reinterpret_cast<const char*>(greeting.data()));

  // Out-of-bounds access is an error naming the address, length and size.
  auto outside = memory.read<std::uint64_t>(memory.byteLength() - 4);
  std::printf("error: %s\n", outside ? "none" : outside.error().message().c_str());

  // Four threads increment one shared counter.
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([handle = memory]() mutable {
      for (int i = 0; i < 1000; ++i) {
        check(handle.atomicRmw<std::uint32_t>(wasmline::AtomicOp::Add, 128, 1), "atomic add");
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  const std::uint32_t counter = check(memory.atomicLoad<std::uint32_t>(128), "atomic load");
  std::printf("counter after 4 threads x 1000 increments: %u\n", counter);

  // A memory of 1-byte pages (the custom-page-sizes proposal): sizes and growth count bytes.
  MemoryType bytesType = MemoryType::pages(3, 100);
  bytesType.pageSizeLog2 = 0;
  Memory bytes = check(Memory::create(bytesType), "create 1-byte pages");
  const std::uint64_t before = check(bytes.grow(5), "grow 1-byte pages");
  auto pastEnd = bytes.write<std::uint8_t>(8, 1);
  std::printf("memory %s: page size %llu, grew from %llu to %llu bytes; byte 8: %s\n",
              bytesType.toString().c_str(), static_cast<unsigned long long>(bytes.pageSize()),
              static_cast<unsigned long long>(before),
              static_cast<unsigned long long>(bytes.byteLength()),
              pastEnd ? "written" : "out of bounds");

  return (outside || counter != 4000 || previous != 1 || pastEnd || bytes.byteLength() != 8) ? 1
                                                                                             : 0;
}
