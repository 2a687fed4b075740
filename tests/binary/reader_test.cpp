#include "binary/reader.h"

#include <vector>

#include <gtest/gtest.h>

namespace wasmline::binary {
namespace {

struct Bytes {
  std::vector<std::uint8_t> data;
  Bytes(std::initializer_list<int> bytes) {
    for (int byte : bytes)
      data.push_back(static_cast<std::uint8_t>(byte));
  }
};

void expectError(const Reader& reader, std::string_view message, std::size_t offset) {
  ASSERT_TRUE(reader.failed());
  EXPECT_EQ(reader.error().kind(), ErrorKind::Malformed);
  EXPECT_EQ(reader.error().message(), message);
  EXPECT_EQ(reader.error().byteOffset(), offset);
}

TEST(Reader, UnsignedLeb128) {
  Bytes bytes{0x00, 0x7F, 0x80, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader reader(bytes.data);
  EXPECT_EQ(reader.u32(), 0u);
  EXPECT_EQ(reader.u32(), 127u);
  EXPECT_EQ(reader.u32(), 128u);
  EXPECT_EQ(reader.u32(), 0xFFFFFFFFu);
  EXPECT_EQ(reader.u32(), 0u); // overlong but within 5 bytes is allowed
  EXPECT_FALSE(reader.failed());
  EXPECT_TRUE(reader.atEnd());
}

TEST(Reader, UnsignedTooLongAndTooLarge) {
  Bytes tooLong{0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader a(tooLong.data);
  a.u32();
  expectError(a, "integer representation too long", 0);
  Bytes tooLarge{0xFF, 0xFF, 0xFF, 0xFF, 0x1F};
  Reader b(tooLarge.data);
  b.u32();
  expectError(b, "integer too large", 0);
  Bytes tooLarge64{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
  Reader c(tooLarge64.data);
  c.u64();
  expectError(c, "integer too large", 0);
  Bytes max64{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
  Reader d(max64.data);
  EXPECT_EQ(d.u64(), UINT64_MAX);
  EXPECT_FALSE(d.failed());
}

TEST(Reader, SignedLeb128) {
  Bytes bytes{0x7F, 0x3F, 0x40, 0x80, 0x7F, 0xFF, 0xFF, 0xFF,
              0xFF, 0x07, 0x80, 0x80, 0x80, 0x80, 0x78};
  Reader reader(bytes.data);
  EXPECT_EQ(reader.s32(), -1);
  EXPECT_EQ(reader.s32(), 63);
  EXPECT_EQ(reader.s32(), -64);
  EXPECT_EQ(reader.s32(), -128);
  EXPECT_EQ(reader.s32(), INT32_MAX);
  EXPECT_EQ(reader.s32(), INT32_MIN);
  EXPECT_FALSE(reader.failed());
}

TEST(Reader, SignedUnusedBitsMustExtendTheSign) {
  for (std::uint8_t last : {0x70, 0x08, 0x1F, 0x4F}) {
    Bytes bytes{0x80, 0x80, 0x80, 0x80, last};
    Reader reader(bytes.data);
    reader.s32();
    expectError(reader, "integer too large", 0);
  }
  Bytes s64{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E};
  Reader reader(s64.data);
  reader.s64();
  expectError(reader, "integer too large", 0);
  Bytes s64min{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  Reader ok(s64min.data);
  EXPECT_EQ(ok.s64(), INT64_MIN);
  EXPECT_FALSE(ok.failed());
}

TEST(Reader, S33BlockTypes) {
  Bytes bytes{0x40, 0x7F, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  Reader reader(bytes.data);
  EXPECT_EQ(reader.s33(), -64);
  EXPECT_EQ(reader.s33(), -1);
  EXPECT_EQ(reader.s33(), 5);
  EXPECT_EQ(reader.s33(), 0xFFFFFFFF);
  EXPECT_FALSE(reader.failed());
  Bytes bad{0xFF, 0xFF, 0xFF, 0xFF, 0x2F};
  Reader tooLarge(bad.data);
  tooLarge.s33();
  expectError(tooLarge, "integer too large", 0);
}

TEST(Reader, UnexpectedEndDependsOnContext) {
  Bytes bytes{0x80};
  Reader outside(bytes.data);
  outside.u32();
  expectError(outside, "unexpected end", 1);
  Reader inside(bytes.data);
  inside.setInsideSection(true);
  inside.u32();
  expectError(inside, "unexpected end of section or function", 1);
}

TEST(Reader, ErrorsAreSticky) {
  Bytes bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x01};
  Reader reader(bytes.data);
  EXPECT_EQ(reader.u32(), 0u);
  EXPECT_EQ(reader.u8(), 0u); // no progress after an error
  EXPECT_EQ(reader.offset(), 5u);
  expectError(reader, "integer too large", 0);
}

// u8, u32 and s32 read a single byte inline; the fast path must keep the sticky errors and the
// end of the input exactly as the full decoder does.
TEST(Reader, OneByteReadsKeepErrorsSticky) {
  Bytes bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x01, 0x02, 0x7F};
  Reader reader(bytes.data);
  EXPECT_EQ(reader.u32(), 0u); // integer too large
  EXPECT_EQ(reader.u32(), 0u); // 0x01 is not read after the error
  EXPECT_EQ(reader.s32(), 0);
  EXPECT_EQ(reader.u8(), 0u);
  EXPECT_EQ(reader.offset(), 5u);
  expectError(reader, "integer too large", 0);
}

TEST(Reader, OneByteReadsStopAtTheEnd) {
  Bytes bytes{0x05, 0x7F, 0x3F};
  Reader reader(bytes.data);
  reader.setInsideSection(true);
  EXPECT_EQ(reader.u32(), 5u);
  EXPECT_EQ(reader.s32(), -1);
  EXPECT_EQ(reader.u8(), 0x3Fu);
  EXPECT_FALSE(reader.failed());
  EXPECT_EQ(reader.s32(), 0);
  expectError(reader, "unexpected end of section or function", 3);
  EXPECT_EQ(reader.u32(), 0u);
  EXPECT_EQ(reader.offset(), 3u);
}

TEST(Reader, LengthsMustFitTheRemainingBytes) {
  Bytes bytes{0x03, 'a', 'b'};
  Reader reader(bytes.data);
  reader.length();
  expectError(reader, "length out of bounds", 0);
  Bytes fits{0x02, 'a', 'b'};
  Reader ok(fits.data);
  EXPECT_EQ(ok.name(), "ab");
  EXPECT_TRUE(ok.atEnd());
}

TEST(Reader, NamesMustBeUtf8) {
  Bytes overlong{0x02, 0xC0, 0x80};
  Reader a(overlong.data);
  a.name();
  expectError(a, "malformed UTF-8 encoding", 1);
  Bytes surrogate{0x03, 0xED, 0xA0, 0x80};
  Reader b(surrogate.data);
  b.name();
  expectError(b, "malformed UTF-8 encoding", 1);
  Bytes good{0x04, 0xF0, 0x9F, 0x98, 0x80};
  Reader c(good.data);
  EXPECT_EQ(c.name(), "\xF0\x9F\x98\x80");
}

TEST(Reader, FixedWidthWordsAreLittleEndian) {
  Bytes bytes{0x00, 0x61, 0x73, 0x6D, 1, 2, 3, 4, 5, 6, 7, 8};
  Reader reader(bytes.data);
  EXPECT_EQ(reader.fixedU32(), 0x6D736100u);
  EXPECT_EQ(reader.fixedU64(), 0x0807060504030201u);
  EXPECT_EQ(reader.fixedU32(), 0u);
  expectError(reader, "unexpected end", 12);
}

} // namespace
} // namespace wasmline::binary
