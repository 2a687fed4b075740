#include "text/literals.h"

#include <gtest/gtest.h>

namespace wasmline::text {
namespace {

TEST(Literals, IntegersInTheirRanges) {
  EXPECT_EQ(parseInteger("4294967295", 32), 0xFFFFFFFFu);
  EXPECT_EQ(parseInteger("-2147483648", 32), 0x80000000u);
  EXPECT_EQ(parseInteger("-1", 32), 0xFFFFFFFFu);
  EXPECT_EQ(parseInteger("+0x7fff_ffff", 32), 0x7FFFFFFFu);
  EXPECT_FALSE(parseInteger("4294967296", 32));
  EXPECT_FALSE(parseInteger("-2147483649", 32));
  EXPECT_EQ(parseInteger("18446744073709551615", 64), UINT64_MAX);
  EXPECT_EQ(parseInteger("-9223372036854775808", 64), 0x8000000000000000u);
  EXPECT_FALSE(parseInteger("18446744073709551616", 64));
  EXPECT_FALSE(parseInteger("-9223372036854775809", 64));
  EXPECT_EQ(parseInteger("255", 8), 0xFFu);
  EXPECT_EQ(parseInteger("-128", 8), 0x80u);
  EXPECT_FALSE(parseInteger("256", 8));
  EXPECT_FALSE(parseInteger("-129", 8));
  EXPECT_EQ(parseInteger("-32768", 16), 0x8000u);
}

TEST(Literals, UnsignedIndices) {
  EXPECT_EQ(parseUnsigned("0x1_0000_0000", UINT64_MAX), 0x100000000u);
  EXPECT_FALSE(parseUnsigned("0x1_0000_0000", UINT32_MAX));
  EXPECT_FALSE(parseUnsigned("-1", UINT32_MAX));
  EXPECT_FALSE(parseUnsigned("+1", UINT32_MAX));
}

TEST(Literals, FloatsRoundToNearestEven) {
  EXPECT_EQ(parseF32("1.5"), 0x3FC00000u);
  EXPECT_EQ(parseF32("-0"), 0x80000000u);
  EXPECT_EQ(parseF32("1_000.5"), 0x447A2000u);
  EXPECT_EQ(parseF32("0x1p-149"), 0x00000001u);   // the least denormal
  EXPECT_EQ(parseF32("0x1p-150"), 0x00000000u);   // half of it: ties to even, zero
  EXPECT_EQ(parseF32("0x1.8p-149"), 0x00000002u); // 1.5 of it: ties to even, two
  EXPECT_EQ(parseF32("1e-50"), 0x00000000u);      // underflow is zero, not an error
  EXPECT_EQ(parseF32("-1e-50"), 0x80000000u);
  EXPECT_EQ(parseF32("0x1.fffffep127"), 0x7F7FFFFFu);
  EXPECT_EQ(parseF32("0x1.fffffefffffffffffffp127"), 0x7F7FFFFFu);
  EXPECT_FALSE(parseF32("0x1.ffffffp127")); // rounds to infinity
  EXPECT_EQ(parseF32("3.4028234e38"), 0x7F7FFFFFu);
  EXPECT_FALSE(parseF32("3.4028236e38"));
  EXPECT_FALSE(parseF32("1e39"));
  // f32 from the decimal text directly, not through f64 (which would round twice).
  EXPECT_EQ(parseF32("1.00000005960464477539062499"), 0x3F800000u);
  EXPECT_EQ(parseF32("1.00000005960464477539062501"), 0x3F800001u);
  EXPECT_EQ(parseF64("0x1.fffffffffffffp1023"), 0x7FEFFFFFFFFFFFFFu);
  EXPECT_FALSE(parseF64("0x1.fffffffffffff8p1023"));
  EXPECT_EQ(parseF64("0x1p-1074"), 1u);
  EXPECT_EQ(parseF64("4.9e-324"), 1u);
  EXPECT_EQ(parseF64("12"), 0x4028000000000000u);
  EXPECT_EQ(parseF64("-0x1.8p1"), 0xC008000000000000u);
}

TEST(Literals, InfinityAndNaN) {
  EXPECT_EQ(parseF32("inf"), 0x7F800000u);
  EXPECT_EQ(parseF32("-inf"), 0xFF800000u);
  EXPECT_EQ(parseF32("nan"), 0x7FC00000u);
  EXPECT_EQ(parseF32("-nan"), 0xFFC00000u);
  EXPECT_EQ(parseF32("nan:0x1"), 0x7F800001u);
  EXPECT_EQ(parseF32("+nan:0x7f_ffff"), 0x7FFFFFFFu);
  EXPECT_FALSE(parseF32("nan:0x0"));
  EXPECT_FALSE(parseF32("nan:0x80_0000"));
  EXPECT_EQ(parseF64("nan:0xf_ffff_ffff_ffff"), 0x7FFFFFFFFFFFFFFFu);
  EXPECT_EQ(parseF64("-nan"), 0xFFF8000000000000u);
  EXPECT_FALSE(parseF64("nan:0x10_0000_0000_0000"));
}

} // namespace
} // namespace wasmline::text
