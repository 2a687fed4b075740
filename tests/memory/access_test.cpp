#include <array>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "wasmline/memory.h"

namespace wasmline {
namespace {

constexpr std::uint64_t kPage = 65536;

Memory onePage(bool is64 = false) {
  auto memory = Memory::create(MemoryType{Limits{1, 2}, is64, false});
  EXPECT_TRUE(memory) << memory.error().message();
  return std::move(*memory);
}

void expectOutOfBounds(const Error& error, std::string_view address) {
  EXPECT_EQ(error.kind(), ErrorKind::OutOfBounds);
  EXPECT_NE(error.message().find(address), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("memory size 65536 bytes"), std::string::npos) << error.message();
}

TEST(Access, BytesRoundTrip) {
  Memory memory = onePage();
  const std::array<std::uint8_t, 5> bytes{1, 2, 3, 4, 5};
  ASSERT_TRUE(memory.write(kPage - 5, bytes));
  auto back = memory.read(kPage - 5, 5);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  std::array<std::uint8_t, 3> out{};
  ASSERT_TRUE(memory.read(kPage - 3, out));
  EXPECT_EQ(out, (std::array<std::uint8_t, 3>{3, 4, 5}));
  EXPECT_TRUE(memory.read(kPage, 0));
}

TEST(Access, StraddlingTheEndWritesNothing) {
  Memory memory = onePage();
  const std::array<std::uint8_t, 4> bytes{9, 9, 9, 9};
  auto result = memory.write(kPage - 3, bytes);
  ASSERT_FALSE(result);
  expectOutOfBounds(result.error(), "0xfffd (65533)");
  EXPECT_NE(result.error().message().find("length 4"), std::string::npos);
  EXPECT_EQ(*memory.read<std::uint32_t>(kPage - 4), 0u);
  EXPECT_FALSE(memory.read(kPage - 3, 4));
  EXPECT_FALSE(memory.read<std::uint64_t>(kPage - 7));
  EXPECT_TRUE(memory.read<std::uint64_t>(kPage - 8));
}

TEST(Access, AddressesPast32And64Bits) {
  Memory memory = onePage();
  const std::uint64_t k4G = std::uint64_t{1} << 32;
  expectOutOfBounds(memory.read<std::uint8_t>(k4G).error(), "0x100000000");
  expectOutOfBounds(memory.read<std::uint32_t>(UINT64_MAX).error(), "0xffffffffffffffff");
  expectOutOfBounds(memory.read(UINT64_MAX - 1, 4).error(), "0xfffffffffffffffe");
  expectOutOfBounds(memory.read(1, UINT64_MAX).error(), "0x1 (1)");
  EXPECT_FALSE(memory.span(k4G - 1, 2));
  EXPECT_FALSE(memory.span(0, k4G));
}

TEST(Access, TypedValuesAreLittleEndian) {
  Memory memory = onePage();
  ASSERT_TRUE(memory.write<std::uint32_t>(16, 0x01020304));
  EXPECT_EQ(*memory.read(16, 4), (std::vector<std::uint8_t>{4, 3, 2, 1}));
  ASSERT_TRUE(memory.write<std::uint16_t>(33, 0xA1B2)); // unaligned
  EXPECT_EQ(*memory.read(33, 2), (std::vector<std::uint8_t>{0xB2, 0xA1}));
  ASSERT_TRUE(memory.write<std::uint64_t>(41, 0x0102030405060708));
  EXPECT_EQ(*memory.read(41, 8), (std::vector<std::uint8_t>{8, 7, 6, 5, 4, 3, 2, 1}));
  ASSERT_TRUE(memory.write<float>(64, 1.0f));
  EXPECT_EQ(*memory.read(64, 4), (std::vector<std::uint8_t>{0, 0, 0x80, 0x3F}));
  ASSERT_TRUE(memory.write<double>(72, -2.0));
  EXPECT_EQ(*memory.read(72, 8), (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, 0, 0xC0}));
}

template <class T> void roundTrip(Memory& memory, T value) {
  ASSERT_TRUE(memory.write<T>(kPage - sizeof(T), value));
  auto back = memory.read<T>(kPage - sizeof(T));
  ASSERT_TRUE(back);
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(value)) {
      EXPECT_TRUE(std::isnan(*back));
      return;
    }
  }
  EXPECT_EQ(*back, value);
  EXPECT_FALSE(memory.write<T>(kPage - sizeof(T) + 1, value));
}

TEST(Access, EveryScalarTypeRoundTrips) {
  Memory memory = onePage();
  roundTrip<std::int8_t>(memory, -5);
  roundTrip<std::uint8_t>(memory, 250);
  roundTrip<std::int16_t>(memory, -12345);
  roundTrip<std::uint16_t>(memory, 54321);
  roundTrip<std::int32_t>(memory, std::numeric_limits<std::int32_t>::min());
  roundTrip<std::uint32_t>(memory, 0xFFFFFFFE);
  roundTrip<std::int64_t>(memory, std::numeric_limits<std::int64_t>::min() + 7);
  roundTrip<std::uint64_t>(memory, 0xFEDCBA9876543210);
  roundTrip<float>(memory, -3.25f);
  roundTrip<float>(memory, std::numeric_limits<float>::quiet_NaN());
  roundTrip<double>(memory, 6.02214076e23);
  roundTrip<double>(memory, -std::numeric_limits<double>::infinity());
}

TEST(Access, NaNPayloadsArePreservedBitForBit) {
  Memory memory = onePage();
  ASSERT_TRUE(memory.write<std::uint32_t>(0, 0x7FA00001)); // a signalling NaN with a payload
  float value = *memory.read<float>(0);
  ASSERT_TRUE(memory.write<float>(4, value));
  EXPECT_EQ(*memory.read<std::uint32_t>(4), 0x7FA00001u);
}

TEST(Access, PointersFollowTheIndexType) {
  Memory memory32 = onePage();
  ASSERT_TRUE(memory32.writePointer(8, 0xCAFEBABE));
  EXPECT_EQ(*memory32.readPointer(8), 0xCAFEBABEu);
  EXPECT_EQ(*memory32.read(8, 4), (std::vector<std::uint8_t>{0xBE, 0xBA, 0xFE, 0xCA}));
  auto tooWide = memory32.writePointer(8, std::uint64_t{1} << 32);
  ASSERT_FALSE(tooWide);
  EXPECT_EQ(tooWide.error().kind(), ErrorKind::InvalidArgument);
  EXPECT_FALSE(memory32.readPointer(kPage - 3));

  Memory memory64 = onePage(true);
  ASSERT_TRUE(memory64.writePointer(8, 0x123456789A));
  EXPECT_EQ(*memory64.readPointer(8), 0x123456789Au);
  EXPECT_FALSE(memory64.readPointer(kPage - 7));
}

TEST(Access, SpansAreZeroCopy) {
  Memory memory = onePage();
  auto span = memory.span(10, 4);
  ASSERT_TRUE(span);
  EXPECT_EQ(span->data(), memory.data() + 10);
  EXPECT_EQ(span->size(), 4u);
  (*span)[3] = 0x7F;
  EXPECT_EQ(*memory.read<std::uint8_t>(13), 0x7Fu);
  const Memory& view = memory;
  auto constSpan = view.span(13, 1);
  ASSERT_TRUE(constSpan);
  EXPECT_EQ((*constSpan)[0], 0x7F);
  EXPECT_TRUE(memory.span(kPage, 0));
  auto bad = memory.span(kPage - 1, 2);
  ASSERT_FALSE(bad);
  expectOutOfBounds(bad.error(), "0xffff (65535)");
}

} // namespace
} // namespace wasmline
