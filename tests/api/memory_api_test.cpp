// The memory API's typed accessors for every integer type, structs, typed spans, spans to the
// end, raw string writes, current limits and message wording.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string_view>

#include "wasmline/memory.h"

namespace wasmline {
namespace {

Memory makeMemory(std::uint64_t pages = 1, std::optional<std::uint64_t> max = 4) {
  return Memory::create(MemoryType::pages(pages, max)).value();
}

TEST(MemoryApi, EveryIntegerType) {
  Memory memory = makeMemory();
  // long long and unsigned long long are distinct from std::int64_t (long) on Linux.
  ASSERT_TRUE(memory.write(0, 5ULL));
  EXPECT_EQ(memory.read<unsigned long long>(0).value(), 5ULL);
  ASSERT_TRUE(memory.write(8, -3LL));
  EXPECT_EQ(memory.read<long long>(8).value(), -3LL);
  EXPECT_EQ(memory.read<long>(8).value(), -3L);
  ASSERT_TRUE(memory.write(16, 'A'));
  EXPECT_EQ(memory.read<char>(16).value(), 'A');
  EXPECT_EQ(memory.read<signed char>(16).value(), 65);
  ASSERT_TRUE(memory.write(20, short{-2}));
  EXPECT_EQ(memory.read<short>(20).value(), -2);
  EXPECT_EQ(memory.read<unsigned short>(20).value(), 0xFFFE);
  ASSERT_TRUE(memory.write(24, 0x12345678u));
  EXPECT_EQ(memory.read<unsigned>(24).value(), 0x12345678u);
  ASSERT_TRUE(memory.write(28, char16_t{0x263A}));
  EXPECT_EQ(memory.read<char16_t>(28).value(), char16_t{0x263A});
  // Little-endian whatever the type.
  ASSERT_TRUE(memory.write(32, 0x0102030405060708LL));
  const auto bytes = memory.read(32, 8).value();
  EXPECT_EQ(bytes, (std::vector<std::uint8_t>{8, 7, 6, 5, 4, 3, 2, 1}));
}

enum class Color : std::uint16_t { Red = 1, Blue = 0x0203 };

TEST(MemoryApi, EnumsAsTheirUnderlyingType) {
  Memory memory = makeMemory();
  ASSERT_TRUE(memory.write(0, Color::Blue));
  EXPECT_EQ(memory.read<std::uint8_t>(0).value(), 3);
  EXPECT_EQ(memory.read<Color>(0).value(), Color::Blue);
}

struct Header {
  std::uint32_t magic;
  std::uint16_t version;
  std::uint16_t flags;
  std::uint32_t dataSize;
};

TEST(MemoryApi, TriviallyCopyableStructs) {
  Memory memory = makeMemory();
  const Header header{0x12345678, 1, 0b1010, 1024};
  ASSERT_TRUE(memory.write(100, header));
  const Header read = memory.read<Header>(100).value();
  EXPECT_EQ(read.magic, 0x12345678u);
  EXPECT_EQ(read.version, 1);
  EXPECT_EQ(read.flags, 0b1010);
  EXPECT_EQ(read.dataSize, 1024u);
  EXPECT_EQ(memory.read<std::uint32_t>(100).value(), 0x12345678u); // little-endian host
  const std::array<std::uint32_t, 2> pair{7, 9};
  ASSERT_TRUE(memory.write(200, pair));
  EXPECT_EQ((memory.read<std::array<std::uint32_t, 2>>(200).value()), pair);
  // Out of bounds: the whole struct is checked and nothing is written.
  const auto outside = memory.write(memory.byteLength() - 4, header);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().kind(), ErrorKind::OutOfBounds);
  EXPECT_EQ(memory.read<std::uint32_t>(memory.byteLength() - 4).value(), 0u);
  EXPECT_FALSE(memory.read<Header>(memory.byteLength() - 8));
}

TEST(MemoryApi, TypedSpans) {
  Memory memory = makeMemory();
  auto ints = memory.span<std::int32_t>(256, 4);
  ASSERT_TRUE(ints) << ints.error().message();
  ASSERT_EQ(ints->size(), 4u);
  for (std::size_t i = 0; i < ints->size(); ++i)
    (*ints)[i] = static_cast<std::int32_t>(i * 10);
  EXPECT_EQ(memory.read<std::int32_t>(268).value(), 30);

  const Memory& view = memory;
  auto constInts = view.span<std::int32_t>(256, 4);
  ASSERT_TRUE(constInts);
  static_assert(std::is_same_v<decltype(constInts), Result<std::span<const std::int32_t>>>,
                "a const memory gives spans of const elements");
  EXPECT_EQ((*constInts)[3], 30);

  auto misaligned = memory.span<std::int32_t>(257, 1);
  ASSERT_FALSE(misaligned);
  EXPECT_EQ(misaligned.error().kind(), ErrorKind::Misaligned);
  EXPECT_NE(misaligned.error().message().find("not a multiple of 4"), std::string::npos)
      << misaligned.error().message();

  auto outside = memory.span<std::uint64_t>(memory.byteLength() - 8, 2);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().kind(), ErrorKind::OutOfBounds);
  EXPECT_FALSE(memory.span<std::uint64_t>(0, UINT64_MAX / 4)); // count * size overflows
  EXPECT_TRUE(memory.span<std::uint64_t>(memory.byteLength() - 8, 1));
  EXPECT_TRUE(memory.span<Header>(0, 3));
}

TEST(MemoryApi, SpanToTheEnd) {
  Memory memory = makeMemory();
  auto tail = memory.span(65000);
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->size(), 536u);
  EXPECT_EQ(tail->data(), memory.data() + 65000);
  EXPECT_TRUE(memory.span(memory.byteLength())->empty());
  auto past = memory.span(memory.byteLength() + 1);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().kind(), ErrorKind::OutOfBounds);
  ASSERT_TRUE(memory.grow(1));
  EXPECT_EQ(memory.span(65000)->size(), 536u + 65536u);
}

TEST(MemoryApi, WriteRawText) {
  Memory memory = makeMemory();
  ASSERT_TRUE(memory.write(10, std::string_view("Hello")));
  ASSERT_TRUE(memory.write(15, "!")); // a literal is text too, not a pointer
  EXPECT_EQ(memory.readUtf8(10, 6).value(), "Hello!");
  EXPECT_EQ(memory.read<std::uint8_t>(16).value(), 0); // no terminator written
  EXPECT_FALSE(memory.write(memory.byteLength() - 2, std::string_view("abc")));
}

TEST(MemoryApi, CurrentTypeFollowsGrowth) {
  Memory memory = makeMemory(1, 5);
  ASSERT_TRUE(memory.grow(2));
  EXPECT_EQ(memory.type().limits.min, 1u); // declared
  EXPECT_EQ(memory.currentType().limits.min, 3u);
  EXPECT_EQ(memory.currentType().limits.max, 5u);
  EXPECT_EQ(memory.currentType().toString(), "3 5");
}

TEST(MemoryApi, MessagesCountPagesProperly) {
  Memory memory = makeMemory(1, 1);
  auto grown = memory.grow(1);
  ASSERT_FALSE(grown);
  EXPECT_EQ(grown.error().message(),
            "cannot grow memory of 1 page by 1 page: the maximum is 1 page");
  Memory bigger = makeMemory(2, 3);
  grown = bigger.grow(2);
  ASSERT_FALSE(grown);
  EXPECT_EQ(grown.error().message(),
            "cannot grow memory of 2 pages by 2 pages: the maximum is 3 pages");
  MemoryConfig config;
  config.limiter.maxBytes = 1024;
  auto refused = Memory::create(MemoryType::pages(1), config);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message(),
            "memory of 1 page (65536 bytes) refused by the resource limiter (limit 1024 bytes)");
}

TEST(MemoryApi, EmptyHandle) {
  Memory memory;
  EXPECT_FALSE(memory);
  EXPECT_EQ(memory.pages(), 0u);
  EXPECT_EQ(memory.byteLength(), 0u);
  EXPECT_EQ(memory.data(), nullptr);
  EXPECT_FALSE(memory.isShared());
  for (const Error& error :
       {memory.read<std::uint32_t>(0).error(), memory.write(0, 1).error(), memory.grow(1).error(),
        memory.span(0, 0).error(), memory.span(0).error(), memory.span<std::uint32_t>(0, 1).error(),
        memory.readUtf8(0, 0).error(), memory.atomicLoad<std::uint32_t>(0).error(),
        memory.fill(0, 0, 0).error(), memory.atomicNotify(0, 1).error()}) {
    EXPECT_EQ(error.kind(), ErrorKind::InvalidArgument);
    EXPECT_NE(error.message().find("empty Memory handle"), std::string::npos);
  }
  memory = makeMemory();
  EXPECT_TRUE(memory);
  EXPECT_TRUE(memory.write(0, 1));
}

} // namespace
} // namespace wasmline
