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

TEST(Strings, Utf8RoundTrip) {
  Memory memory = onePage();
  const std::string text = "gr\xC3\xBC\xC3\x9F dich, \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x98\x80";
  auto written = memory.writeString(32, text);
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, text.size());
  auto back = memory.readUtf8(32, text.size());
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(*back, text);
  EXPECT_EQ(*memory.readUtf8(32, 0), "");
}

TEST(Strings, InvalidUtf8NamesTheOffendingAddress) {
  Memory memory = onePage();
  ASSERT_TRUE(memory.writeString(16, "ab\xC0\xAF")); // an overlong encoding of '/'
  auto bad = memory.readUtf8(16, 4);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), ErrorKind::InvalidEncoding);
  EXPECT_NE(bad.error().message().find("0x12 (18)"), std::string::npos) << bad.error().message();
  ASSERT_TRUE(memory.writeString(16, "\xED\xA0\x80")); // a UTF-16 surrogate
  EXPECT_FALSE(memory.readUtf8(16, 3));
  ASSERT_TRUE(memory.writeString(16, "\xE4\xB8")); // truncated sequence
  EXPECT_FALSE(memory.readUtf8(16, 2));
}

TEST(Strings, WritesOutOfBoundsWriteNothing) {
  Memory memory = onePage();
  auto bad = memory.writeString(kPage - 2, "abc");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), ErrorKind::OutOfBounds);
  EXPECT_EQ(*memory.read<std::uint16_t>(kPage - 2), 0u);
  EXPECT_FALSE(memory.readUtf8(kPage - 2, 3));
  EXPECT_FALSE(memory.writeCString(kPage - 3, "abc"));
  EXPECT_TRUE(memory.writeCString(kPage - 4, "abc"));
}

TEST(Strings, NulTerminated) {
  Memory memory = onePage();
  auto written = memory.writeCString(100, "hello");
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, 6u);
  EXPECT_EQ(*memory.readCString(100), "hello");
  EXPECT_EQ(*memory.readCString(105), "");
  EXPECT_EQ(*memory.readCString(100, 6), "hello");
  auto limited = memory.readCString(100, 5);
  ASSERT_FALSE(limited);
  EXPECT_NE(limited.error().message().find("length limit"), std::string::npos);
}

TEST(Strings, NoNulBeforeTheEndIsAnError) {
  Memory memory = onePage();
  ASSERT_TRUE(memory.fill(kPage - 3, 'x', 3));
  auto bad = memory.readCString(kPage - 3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), ErrorKind::InvalidEncoding);
  EXPECT_NE(bad.error().message().find("end of memory"), std::string::npos);
  auto outside = memory.readCString(kPage);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().kind(), ErrorKind::OutOfBounds);
}

TEST(Strings, Utf16LittleEndian) {
  Memory memory = onePage();
  const std::u16string text = u"h\u00e9 \u4e16\U0001F600";
  auto written = memory.writeUtf16(8, text);
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, text.size() * 2);
  EXPECT_EQ(*memory.read(8, 4), (std::vector<std::uint8_t>{'h', 0, 0xE9, 0}));
  auto back = memory.readUtf16(8, text.size());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, text);
  EXPECT_FALSE(memory.readUtf16(kPage - 3, 2));
  EXPECT_FALSE(memory.readUtf16(0, UINT64_MAX));
  EXPECT_FALSE(memory.writeUtf16(kPage - 1, u"a"));
}

} // namespace
} // namespace wasmline
