#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "wasmline/memory.h"

namespace wasmline {
namespace {

constexpr std::uint64_t kPage = 65536;

Memory create(std::uint64_t min, std::optional<std::uint64_t> max, const MemoryConfig& config = {},
              bool is64 = false) {
  auto memory = Memory::create(MemoryType{Limits{min, max}, is64, false}, config);
  EXPECT_TRUE(memory) << memory.error().message();
  return std::move(*memory);
}

TEST(Grow, ReturnsThePreviousSizeAndZeroFillsNewPages) {
  Memory memory = create(1, 4);
  ASSERT_TRUE(memory.write<std::uint32_t>(kPage - 4, 0xDEADBEEF));
  auto previous = memory.grow(2);
  ASSERT_TRUE(previous) << previous.error().message();
  EXPECT_EQ(*previous, 1u);
  EXPECT_EQ(memory.pages(), 3u);
  EXPECT_EQ(memory.byteLength(), 3 * kPage);
  EXPECT_EQ(*memory.read<std::uint32_t>(kPage - 4), 0xDEADBEEFu);
  auto fresh = memory.read(kPage, 2 * kPage);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(std::count(fresh->begin(), fresh->end(), 0), static_cast<long>(2 * kPage));
}

TEST(Grow, ZeroAlwaysSucceeds) {
  Memory full = create(2, 2);
  EXPECT_EQ(*full.grow(0), 2u);
  MemoryConfig refuseAll;
  refuseAll.limiter.allowGrowth = [](const GrowRequest& request) {
    return request.currentBytes == 0; // allow creation only
  };
  Memory limited = create(1, std::nullopt, refuseAll);
  EXPECT_EQ(*limited.grow(0), 1u);
  EXPECT_FALSE(limited.grow(1));
}

TEST(Grow, ToExactlyTheMaximumThenPastIt) {
  Memory memory = create(0, 3);
  EXPECT_EQ(memory.byteLength(), 0u);
  EXPECT_EQ(*memory.grow(3), 0u);
  EXPECT_EQ(memory.pages(), 3u);
  auto past = memory.grow(1);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().kind(), ErrorKind::GrowFailed);
  EXPECT_NE(past.error().message().find("maximum is 3 pages"), std::string::npos)
      << past.error().message();
  EXPECT_EQ(memory.pages(), 3u); // a failed growth changes nothing
}

TEST(Grow, DeltasThatOverflow) {
  Memory memory = create(1, std::nullopt);
  EXPECT_FALSE(memory.grow(UINT64_MAX));
  EXPECT_FALSE(memory.grow(UINT64_MAX / kPage + 1));
  EXPECT_FALSE(memory.grow(65536)); // 1 + 65536 pages passes the 32-bit limit
  EXPECT_EQ(memory.pages(), 1u);
  Memory memory64 = create(1, std::nullopt, {}, true);
  EXPECT_FALSE(memory64.grow(UINT64_MAX));
  EXPECT_FALSE(memory64.grow(std::uint64_t{1} << 48));
  EXPECT_EQ(memory64.pages(), 1u);
}

TEST(Grow, UnboundedMemoryTo4GiBThenTouchTheLastByte) {
  Memory memory = create(0, std::nullopt);
  EXPECT_EQ(memory.capacityPages(), 65536u);
  std::uint8_t* base = memory.data();
  EXPECT_EQ(*memory.grow(65535), 0u);
  EXPECT_EQ(*memory.grow(1), 65535u);
  EXPECT_EQ(memory.byteLength(), std::uint64_t{1} << 32);
  EXPECT_EQ(memory.data(), base); // the base never moved
  const std::uint64_t last = (std::uint64_t{1} << 32) - 1;
  EXPECT_EQ(*memory.read<std::uint8_t>(last), 0u);
  ASSERT_TRUE(memory.write<std::uint8_t>(last, 0xAB));
  EXPECT_EQ(*memory.read<std::uint8_t>(last), 0xABu);
  EXPECT_FALSE(memory.write<std::uint16_t>(last, 1));
  EXPECT_FALSE(memory.grow(1));
}

TEST(Grow, SixtyFourBitMemoryStopsAtItsReservation) {
  MemoryConfig config;
  config.reservation64 = 4 * kPage;
  Memory memory = create(1, std::nullopt, config, true);
  EXPECT_EQ(memory.capacityPages(), 4u);
  EXPECT_EQ(*memory.grow(3), 1u);
  auto past = memory.grow(1);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().kind(), ErrorKind::GrowFailed);
  EXPECT_NE(past.error().message().find("reservation"), std::string::npos);

  auto tooBig = Memory::create(MemoryType{Limits{5, std::nullopt}, true, false}, config);
  ASSERT_FALSE(tooBig);
  EXPECT_EQ(tooBig.error().kind(), ErrorKind::ResourceExhausted);
}

TEST(Grow, AReservationTheSystemCannotGiveIsAnError) {
  // 2^46 pages of 64 KiB are 2^62 bytes: more address space than any host has.
  MemoryConfig config;
  config.reservation64 = UINT64_MAX;
  auto memory = Memory::create(MemoryType{Limits{1, std::uint64_t{1} << 46}, true, false}, config);
  ASSERT_FALSE(memory);
  EXPECT_EQ(memory.error().kind(), ErrorKind::ResourceExhausted);
  EXPECT_NE(memory.error().message().find("cannot reserve 4611686018427387904 bytes"),
            std::string::npos)
      << memory.error().message();
}

TEST(Grow, LimiterByteCapRefuses) {
  MemoryConfig config;
  config.limiter.maxBytes = 3 * kPage;
  Memory memory = create(1, std::nullopt, config);
  EXPECT_EQ(*memory.grow(2), 1u);
  auto refused = memory.grow(1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind(), ErrorKind::LimitExceeded);
  EXPECT_NE(refused.error().message().find("resource limiter"), std::string::npos);
  EXPECT_EQ(memory.pages(), 3u);

  auto tooLarge = Memory::create(MemoryType::pages(4), config);
  ASSERT_FALSE(tooLarge);
  EXPECT_EQ(tooLarge.error().kind(), ErrorKind::LimitExceeded);
}

TEST(Grow, LimiterCallbackSeesTheRequest) {
  std::vector<GrowRequest> seen;
  MemoryConfig config;
  config.limiter.allowGrowth = [&](const GrowRequest& request) {
    seen.push_back(request);
    return request.desiredBytes <= 2 * kPage;
  };
  Memory memory = create(1, 10, config);
  EXPECT_EQ(*memory.grow(1), 1u);
  EXPECT_FALSE(memory.grow(1));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].currentBytes, 0u); // creation
  EXPECT_EQ(seen[0].desiredBytes, kPage);
  EXPECT_EQ(seen[1].currentBytes, kPage);
  EXPECT_EQ(seen[1].desiredBytes, 2 * kPage);
  EXPECT_EQ(seen[2].desiredBytes, 3 * kPage);
  EXPECT_EQ(seen[2].maximumBytes, 10 * kPage);
}

TEST(Grow, SpansAndPointersStayValidAfterGrowth) {
  Memory memory = create(1, std::nullopt);
  auto span = memory.span(100, 8);
  ASSERT_TRUE(span);
  std::uint8_t* base = memory.data();
  std::memcpy(span->data(), "wasmline", 8);
  for (int i = 0; i < 64; ++i)
    ASSERT_TRUE(memory.grow(16));
  EXPECT_EQ(memory.data(), base);
  EXPECT_EQ(std::memcmp(span->data(), "wasmline", 8), 0);
  (*span)[0] = 'W';
  EXPECT_EQ(*memory.read<std::uint8_t>(100), 'W');
  auto tail = memory.span(memory.byteLength() - 8, 8);
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->data(), base + memory.byteLength() - 8);
}

TEST(Grow, HandlesShareOneMemory) {
  Memory first = create(1, 4);
  Memory second = first;
  EXPECT_EQ(first, second);
  ASSERT_TRUE(second.grow(1));
  EXPECT_EQ(first.pages(), 2u);
  Memory other = create(1, 4);
  EXPECT_FALSE(first == other);
}

} // namespace
} // namespace wasmline
