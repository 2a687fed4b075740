#include <array>
#include <numeric>

#include <gtest/gtest.h>

#include "wasmline/memory.h"

namespace wasmline {
namespace {

constexpr std::uint64_t kPage = 65536;

Memory onePage() {
  auto memory = Memory::create(MemoryType::pages(1, 1));
  EXPECT_TRUE(memory) << memory.error().message();
  return std::move(*memory);
}

std::vector<std::uint8_t> bytes(const Memory& memory, std::uint64_t at, std::uint64_t length) {
  return *memory.read(at, length);
}

TEST(Bulk, Fill) {
  Memory memory = onePage();
  ASSERT_TRUE(memory.fill(10, 0xAA, 4));
  EXPECT_EQ(bytes(memory, 9, 6), (std::vector<std::uint8_t>{0, 0xAA, 0xAA, 0xAA, 0xAA, 0}));
  ASSERT_TRUE(memory.fill(kPage, 1, 0)); // empty fill at the end is fine
  auto bad = memory.fill(kPage - 2, 0xFF, 3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), ErrorKind::OutOfBounds);
  EXPECT_EQ(bytes(memory, kPage - 2, 2), (std::vector<std::uint8_t>{0, 0})); // nothing written
  EXPECT_FALSE(memory.fill(kPage + 1, 0, 0));
  EXPECT_FALSE(memory.fill(1, 0, UINT64_MAX));
}

TEST(Bulk, CopyHandlesOverlapInBothDirections) {
  Memory memory = onePage();
  const std::array<std::uint8_t, 6> data{1, 2, 3, 4, 5, 6};
  ASSERT_TRUE(memory.write(0, data));
  ASSERT_TRUE(memory.copy(2, 0, 6)); // forward overlap
  EXPECT_EQ(bytes(memory, 0, 8), (std::vector<std::uint8_t>{1, 2, 1, 2, 3, 4, 5, 6}));
  ASSERT_TRUE(memory.copy(0, 2, 6)); // backward overlap
  EXPECT_EQ(bytes(memory, 0, 8), (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 5, 6}));
}

TEST(Bulk, CopyOutOfBoundsWritesNothing) {
  Memory memory = onePage();
  ASSERT_TRUE(memory.fill(kPage - 4, 7, 4));
  auto sourceBad = memory.copy(0, kPage - 2, 4);
  ASSERT_FALSE(sourceBad);
  EXPECT_NE(sourceBad.error().message().find("0xfffe"), std::string::npos);
  EXPECT_EQ(bytes(memory, 0, 4), (std::vector<std::uint8_t>{0, 0, 0, 0}));
  auto destinationBad = memory.copy(kPage - 2, 0, 4);
  ASSERT_FALSE(destinationBad);
  EXPECT_EQ(bytes(memory, kPage - 2, 2), (std::vector<std::uint8_t>{7, 7}));
  EXPECT_TRUE(memory.copy(kPage, kPage, 0));
  EXPECT_FALSE(memory.copy(kPage + 1, 0, 0));
  EXPECT_FALSE(memory.copy(0, UINT64_MAX, 1));
}

TEST(Bulk, InitChecksBothTheSegmentAndTheMemory) {
  Memory memory = onePage();
  std::array<std::uint8_t, 8> segment{};
  std::iota(segment.begin(), segment.end(), 1);
  ASSERT_TRUE(memory.init(100, segment, 2, 3));
  EXPECT_EQ(bytes(memory, 99, 5), (std::vector<std::uint8_t>{0, 3, 4, 5, 0}));
  ASSERT_TRUE(memory.init(kPage, segment, 8, 0));

  auto segmentBad = memory.init(0, segment, 6, 3);
  ASSERT_FALSE(segmentBad);
  EXPECT_EQ(segmentBad.error().kind(), ErrorKind::OutOfBounds);
  EXPECT_NE(segmentBad.error().message().find("segment size 8"), std::string::npos);
  EXPECT_EQ(bytes(memory, 0, 3), (std::vector<std::uint8_t>{0, 0, 0}));

  auto memoryBad = memory.init(kPage - 1, segment, 0, 2);
  ASSERT_FALSE(memoryBad);
  EXPECT_EQ(bytes(memory, kPage - 1, 1), (std::vector<std::uint8_t>{0}));
  EXPECT_FALSE(memory.init(0, segment, 9, 0));
  EXPECT_FALSE(memory.init(0, segment, UINT64_MAX, 2));
}

} // namespace
} // namespace wasmline
