#include "memory/bounds.h"

#include <cstdint>

#include <gtest/gtest.h>

namespace wasmline::detail {
namespace {

constexpr std::uint64_t kPage = 65536;
constexpr std::uint64_t k4G = std::uint64_t{1} << 32;

TEST(Bounds, AccessesWithinTheMemory) {
  EXPECT_TRUE(inBounds(0, 0, 4, kPage));
  EXPECT_TRUE(inBounds(kPage - 4, 0, 4, kPage));
  EXPECT_TRUE(inBounds(kPage - 8, 4, 4, kPage));
  EXPECT_TRUE(inBounds(kPage, 0, 0, kPage)); // an empty access at the end is in bounds
  EXPECT_TRUE(inBounds(0, 0, 0, 0));
}

TEST(Bounds, AccessesStraddlingTheEnd) {
  EXPECT_FALSE(inBounds(kPage - 3, 0, 4, kPage));
  EXPECT_FALSE(inBounds(kPage - 4, 1, 4, kPage));
  EXPECT_FALSE(inBounds(kPage, 0, 1, kPage));
  EXPECT_FALSE(inBounds(kPage + 1, 0, 0, kPage));
  EXPECT_FALSE(inBounds(0, 0, 1, 0));
}

TEST(Bounds, Wasm32EffectiveAddressesPast4GiB) {
  // address and offset are both u32 in wasm32; their sum needs 33 bits.
  EXPECT_FALSE(inBounds(0xFFFFFFFF, 0xFFFFFFFF, 1, k4G));
  EXPECT_FALSE(inBounds(0xFFFFFFFF, 1, 1, k4G));
  EXPECT_TRUE(inBounds(0xFFFFFFFF, 0, 1, k4G));
  EXPECT_TRUE(inBounds(0xFFFFFFF0, 8, 8, k4G));
  EXPECT_FALSE(inBounds(0xFFFFFFF0, 9, 8, k4G));
}

TEST(Bounds, SumsThatOverflow64Bits) {
  EXPECT_FALSE(inBounds(UINT64_MAX, 0, 1, kPage));
  EXPECT_FALSE(inBounds(UINT64_MAX, 1, 0, kPage));
  EXPECT_FALSE(inBounds(1, UINT64_MAX, 1, kPage));
  EXPECT_FALSE(inBounds(0, 0, UINT64_MAX, kPage));
  EXPECT_FALSE(inBounds(UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX));
  EXPECT_FALSE(inBounds(UINT64_MAX - 3, 0, 8, UINT64_MAX));
  EXPECT_TRUE(inBounds(UINT64_MAX - 8, 0, 8, UINT64_MAX));
  EXPECT_TRUE(inBounds(UINT64_MAX - 8, 4, 4, UINT64_MAX));
  EXPECT_FALSE(inBounds(UINT64_MAX - 8, 5, 4, UINT64_MAX));
}

TEST(Bounds, IsUsableInConstantExpressions) {
  static_assert(inBounds(0, 1, 1));
  static_assert(!inBounds(1, 1, 1));
}

} // namespace
} // namespace wasmline::detail
