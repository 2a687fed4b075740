#include <gtest/gtest.h>

#include "wasmline/memory.h"
#include "wasmline/types.h"

namespace wasmline {
namespace {

MemoryType make(std::uint64_t min, std::optional<std::uint64_t> max, bool is64 = false,
                bool shared = false) {
  return MemoryType{Limits{min, max}, is64, shared};
}

void expectInvalid(const MemoryType& type, std::string_view message) {
  auto result = type.validate();
  ASSERT_FALSE(result) << type.toString();
  EXPECT_EQ(result.error().kind(), ErrorKind::InvalidType);
  EXPECT_NE(result.error().message().find(message), std::string::npos) << result.error().message();
  auto created = Memory::create(type);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().kind(), ErrorKind::InvalidType);
}

TEST(MemoryType, ValidTypes) {
  EXPECT_TRUE(make(0, std::nullopt).validate());
  EXPECT_TRUE(make(1, 1).validate());
  EXPECT_TRUE(make(0, 65536).validate());
  EXPECT_TRUE(make(65536, 65536).validate());
  EXPECT_TRUE(make(1, 2, false, true).validate());
  EXPECT_TRUE(make(65537, std::nullopt, true).validate());
  EXPECT_TRUE(make(0, kMaxPages64, true).validate());
}

TEST(MemoryType, MinimumAboveMaximum) {
  expectInvalid(make(2, 1), "size minimum must not be greater than maximum");
  expectInvalid(make(2, 1, true), "size minimum must not be greater than maximum");
}

TEST(MemoryType, TooManyPagesFor32Bit) {
  expectInvalid(make(65537, std::nullopt), "memory size must be at most 65536 pages (4GiB)");
  expectInvalid(make(0, 65537), "memory size must be at most 65536 pages (4GiB)");
  expectInvalid(make(0, UINT64_MAX), "memory size must be at most 65536 pages (4GiB)");
}

TEST(MemoryType, TooManyPagesFor64Bit) {
  expectInvalid(make(kMaxPages64 + 1, std::nullopt, true), "at most 2^48 pages");
  expectInvalid(make(0, kMaxPages64 + 1, true), "at most 2^48 pages");
}

// The custom-page-sizes proposal: pages of 1 byte, counted in the index type's range.
TEST(MemoryType, CustomPageSizes) {
  MemoryType bytes = make(0, 0xFFFFFFFF);
  bytes.pageSizeLog2 = 0;
  EXPECT_TRUE(bytes.validate());
  EXPECT_EQ(bytes.pageSize(), 1u);
  EXPECT_EQ(bytes.pageLimit(), 0xFFFFFFFFu);
  EXPECT_EQ(bytes.toString(), "0 4294967295 (pagesize 1)");
  bytes.limits.max = std::uint64_t{1} << 32;
  expectInvalid(bytes, "memory size must be at most 4294967295 pages of 1 byte");
  MemoryType bytes64 = make(0, UINT64_MAX, true);
  bytes64.pageSizeLog2 = 0;
  EXPECT_TRUE(bytes64.validate());
  for (std::uint8_t log2 : {1, 2, 12, 15, 17, 63}) {
    MemoryType other = make(0, 1);
    other.pageSizeLog2 = log2;
    expectInvalid(other, "invalid custom page size");
  }
  EXPECT_EQ(make(1, 2).pageSize(), kWasmPageSize);
}

TEST(MemoryType, SharedNeedsMaximum) {
  expectInvalid(make(1, std::nullopt, false, true), "shared memory must have maximum");
}

TEST(MemoryType, TextForm) {
  EXPECT_EQ(make(1, std::nullopt).toString(), "1");
  EXPECT_EQ(make(1, 2, true, true).toString(), "i64 1 2 shared");
}

TEST(MemoryType, ReportedByTheMemory) {
  auto memory = Memory::create(make(2, 10, false, true));
  ASSERT_TRUE(memory) << memory.error().message();
  EXPECT_EQ(memory->type(), make(2, 10, false, true));
  EXPECT_FALSE(memory->is64());
  EXPECT_TRUE(memory->isShared());
  EXPECT_EQ(memory->pageSize(), 65536u);
  EXPECT_EQ(memory->pages(), 2u);
  EXPECT_EQ(memory->byteLength(), 2u * 65536);
  EXPECT_EQ(memory->minimumPages(), 2u);
  EXPECT_EQ(memory->maximumPages(), 10u);
  EXPECT_EQ(memory->capacityPages(), 10u);

  auto memory64 = Memory::create(make(1, std::nullopt, true));
  ASSERT_TRUE(memory64) << memory64.error().message();
  EXPECT_TRUE(memory64->is64());
  EXPECT_FALSE(memory64->maximumPages());
  EXPECT_EQ(memory64->capacityPages(), MemoryConfig{}.reservation64 / 65536);
}

} // namespace
} // namespace wasmline
