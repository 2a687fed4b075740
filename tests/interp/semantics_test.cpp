#include "interp/semantics.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace wasmline::interp {
namespace {

constexpr std::int32_t kMin32 = std::numeric_limits<std::int32_t>::min();
constexpr std::int64_t kMin64 = std::numeric_limits<std::int64_t>::min();

TEST(Semantics, WrappingArithmetic) {
  EXPECT_EQ(add<std::int32_t>(0x7FFFFFFF, 1), kMin32);
  EXPECT_EQ(sub<std::int32_t>(kMin32, 1), 0x7FFFFFFF);
  EXPECT_EQ(mul<std::int32_t>(0x10000, 0x10000), 0);
  // 16-bit lanes: no promotion to int, whose product would overflow (found by fuzzing).
  EXPECT_EQ(mul<std::uint16_t>(65408, 65535), 128);
  EXPECT_EQ(mul<std::uint8_t>(255, 255), 1);
  EXPECT_EQ(mul<std::int64_t>(0x0123456789ABCDEF, 0xFEDCBA9876543210),
            static_cast<std::int64_t>(0x2236D88FE5618CF0));
}

TEST(Semantics, DivisionAndRemainderTraps) {
  std::int32_t out = 0;
  EXPECT_EQ(divS<std::int32_t>(1, 0, &out), TrapKind::IntegerDivideByZero);
  EXPECT_EQ(divS<std::int32_t>(kMin32, -1, &out), TrapKind::IntegerOverflow);
  EXPECT_EQ(divS<std::int32_t>(-7, 2, &out), TrapKind::None);
  EXPECT_EQ(out, -3); // truncates toward zero
  EXPECT_EQ(divU<std::int32_t>(-1, 2, &out), TrapKind::None);
  EXPECT_EQ(out, 0x7FFFFFFF);
  EXPECT_EQ(remS<std::int32_t>(kMin32, -1, &out), TrapKind::None);
  EXPECT_EQ(out, 0);
  EXPECT_EQ(remS<std::int32_t>(-7, 2, &out), TrapKind::None);
  EXPECT_EQ(out, -1); // sign of the dividend
  EXPECT_EQ(remU<std::int32_t>(5, 0, &out), TrapKind::IntegerDivideByZero);
  std::int64_t wide = 0;
  EXPECT_EQ(divS<std::int64_t>(kMin64, -1, &wide), TrapKind::IntegerOverflow);
  EXPECT_EQ(remU<std::int64_t>(-1, 10, &wide), TrapKind::None);
  EXPECT_EQ(wide, 5); // 18446744073709551615 % 10
}

TEST(Semantics, TrapMessagesAreTheSpecs) {
  EXPECT_EQ(interp::trapMessage(TrapKind::IntegerDivideByZero), "integer divide by zero");
  EXPECT_EQ(interp::trapMessage(TrapKind::InvalidConversionToInteger),
            "invalid conversion to integer");
  EXPECT_EQ(interp::trapMessage(TrapKind::CallStackExhausted), "call stack exhausted");
}

TEST(Semantics, ShiftsAndRotatesUseTheCountModuloTheWidth) {
  EXPECT_EQ(shl<std::int32_t>(1, 33), 2);
  EXPECT_EQ(shrS<std::int32_t>(kMin32, 31), -1);
  EXPECT_EQ(shrU<std::int32_t>(kMin32, 31), 1);
  EXPECT_EQ(shrU<std::int32_t>(kMin32, 32), kMin32);
  EXPECT_EQ(rotl<std::int32_t>(static_cast<std::int32_t>(0xFE00DC00), 4),
            static_cast<std::int32_t>(0xE00DC00F));
  EXPECT_EQ(rotr<std::int64_t>(1, 65), kMin64);
  EXPECT_EQ(shl<std::int64_t>(1, -1), kMin64);
}

TEST(Semantics, BitCounts) {
  EXPECT_EQ(clz<std::int32_t>(0), 32);
  EXPECT_EQ(clz<std::int32_t>(1), 31);
  EXPECT_EQ(ctz<std::int64_t>(0), 64);
  EXPECT_EQ(ctz<std::int64_t>(0x8000), 15);
  EXPECT_EQ(popcnt<std::int32_t>(-1), 32);
  EXPECT_EQ(popcnt<std::int64_t>(0x00FF00FF00FF00FF), 32);
}

TEST(Semantics, ComparisonsAndSignExtension) {
  EXPECT_EQ(ltS<std::int32_t>(-1, 0), 1u);
  EXPECT_EQ(ltU<std::int32_t>(-1, 0), 0u);
  EXPECT_EQ(leU<std::int64_t>(5, 5), 1u);
  EXPECT_EQ((extendS<8, std::int32_t>(0x80)), -128);
  EXPECT_EQ((extendS<8, std::int32_t>(0x17F)), 127);
  EXPECT_EQ((extendS<16, std::int64_t>(0x8000)), -32768);
  EXPECT_EQ((extendS<32, std::int64_t>(0xFFFFFFFF)), -1);
}

TEST(Semantics, SignBitOperationsKeepNaNPayloads) {
  const float nan = fromBits<float>(0x7FA00001); // signalling NaN with a payload
  EXPECT_EQ(toBits(fneg(nan)), 0xFFA00001u);
  EXPECT_EQ(toBits(fabs(fromBits<float>(0xFFA00001))), 0x7FA00001u);
  EXPECT_EQ(toBits(copysign(nan, -1.0f)), 0xFFA00001u);
  EXPECT_EQ(toBits(fneg(0.0)), 0x8000000000000000u);
}

TEST(Semantics, MinMaxOrderZerosAndPropagateNaN) {
  EXPECT_EQ(toBits(fmin(0.0f, -0.0f)), 0x80000000u);
  EXPECT_EQ(toBits(fmin(-0.0f, 0.0f)), 0x80000000u);
  EXPECT_EQ(toBits(fmax(-0.0f, 0.0f)), 0u);
  EXPECT_EQ(toBits(fmax(-0.0, 0.0)), 0u);
  EXPECT_TRUE(std::isnan(fmin(1.0f, std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(fmax(std::numeric_limits<double>::quiet_NaN(), 1.0)));
  // an arithmetic NaN result: the quiet bit is set
  EXPECT_NE(toBits(fmin(fromBits<float>(0x7FA00000), 1.0f)) & 0x00400000u, 0u);
  EXPECT_EQ(fmin(-1.0, 2.0), -1.0);
  EXPECT_EQ(fmax(-1.0f, 2.0f), 2.0f);
}

TEST(Semantics, RoundingFunctions) {
  EXPECT_EQ(fnearest(2.5f), 2.0f);
  EXPECT_EQ(fnearest(3.5f), 4.0f);
  EXPECT_EQ(toBits(fnearest(-0.5)), toBits(-0.0));
  EXPECT_EQ(fnearest(4503599627370497.0), 4503599627370497.0);
  EXPECT_EQ(toBits(fceil(-0.5f)), toBits(-0.0f));
  EXPECT_EQ(toBits(ffloor(0.5)), toBits(0.0));
  EXPECT_EQ(ftrunc(-1.9f), -1.0f);
  EXPECT_EQ(fsqrt(4.0), 2.0);
  EXPECT_TRUE(std::isnan(fsqrt(-1.0f)));
}

TEST(Semantics, TruncatingConversionsTrap) {
  std::int32_t i32 = 0;
  EXPECT_EQ(truncate<std::int32_t>(std::numeric_limits<float>::quiet_NaN(), &i32),
            TrapKind::InvalidConversionToInteger);
  EXPECT_EQ(truncate<std::int32_t>(2147483648.0f, &i32), TrapKind::IntegerOverflow);
  EXPECT_EQ(truncate<std::int32_t>(-2147483648.0f, &i32), TrapKind::None);
  EXPECT_EQ(i32, kMin32);
  EXPECT_EQ(truncate<std::int32_t>(-2147483648.9, &i32), TrapKind::None);
  EXPECT_EQ(truncate<std::int32_t>(-2147483649.0, &i32), TrapKind::IntegerOverflow);
  EXPECT_EQ(truncate<std::int32_t>(2147483647.9, &i32), TrapKind::None);
  EXPECT_EQ(i32, 2147483647);
  std::uint32_t u32 = 0;
  EXPECT_EQ(truncate<std::uint32_t>(-0.9f, &u32), TrapKind::None);
  EXPECT_EQ(u32, 0u);
  EXPECT_EQ(truncate<std::uint32_t>(-1.0f, &u32), TrapKind::IntegerOverflow);
  EXPECT_EQ(truncate<std::uint32_t>(4294967295.9, &u32), TrapKind::None);
  EXPECT_EQ(u32, 4294967295u);
  EXPECT_EQ(truncate<std::uint32_t>(4294967296.0, &u32), TrapKind::IntegerOverflow);
  std::int64_t i64 = 0;
  EXPECT_EQ(truncate<std::int64_t>(9223372036854775808.0, &i64), TrapKind::IntegerOverflow);
  EXPECT_EQ(truncate<std::int64_t>(-9223372036854775808.0f, &i64), TrapKind::None);
  EXPECT_EQ(i64, kMin64);
  std::uint64_t u64 = 0;
  EXPECT_EQ(truncate<std::uint64_t>(18446744073709551616.0, &u64), TrapKind::IntegerOverflow);
  EXPECT_EQ(truncate<std::uint64_t>(18446742974197923840.0f, &u64), TrapKind::None);
  EXPECT_EQ(u64, 18446742974197923840u);
  EXPECT_EQ(truncate<std::int64_t>(-std::numeric_limits<double>::infinity(), &i64),
            TrapKind::IntegerOverflow);
}

TEST(Semantics, SaturatingConversions) {
  EXPECT_EQ(truncateSaturate<std::int32_t>(std::numeric_limits<float>::quiet_NaN()), 0);
  EXPECT_EQ(truncateSaturate<std::int32_t>(3e9f), 2147483647);
  EXPECT_EQ(truncateSaturate<std::int32_t>(-3e9), kMin32);
  EXPECT_EQ(truncateSaturate<std::uint32_t>(-5.0f), 0u);
  EXPECT_EQ(truncateSaturate<std::uint64_t>(1e30), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(truncateSaturate<std::int64_t>(-1.5), -1);
}

TEST(Semantics, IntegerToFloatRoundsToNearestEven) {
  EXPECT_EQ(convert<float>(std::int32_t{16777217}), 16777216.0f);
  EXPECT_EQ(convert<float>(std::uint64_t{0xFFFFFFFFFFFFFFFF}), 18446744073709551616.0f);
  EXPECT_EQ(convert<double>(std::uint64_t{9007199254740993}), 9007199254740992.0);
  EXPECT_EQ(convert<float>(std::int64_t{-9007199791611905}), -9007200328482816.0f);
  EXPECT_EQ(convert<double>(std::uint32_t{0xFFFFFFFF}), 4294967295.0);
}

TEST(Semantics, DemoteAndPromote) {
  EXPECT_EQ(demote(1.0000000596046448), 1.0f); // ties to even
  EXPECT_TRUE(std::isinf(demote(1e300)));
  EXPECT_TRUE(std::isnan(promote(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_EQ(promote(0.5f), 0.5);
}

TEST(Semantics, WideArithmetic) {
  constexpr std::uint64_t kMax = ~std::uint64_t{0};
  EXPECT_EQ(add128(kMax, 0, 1, 0), (Wide128{0, 1}));    // carry into the high half
  EXPECT_EQ(add128(kMax, kMax, 1, 0), (Wide128{0, 0})); // wraps at 2^128
  EXPECT_EQ(add128(5, 7, 10, 20), (Wide128{15, 27}));
  EXPECT_EQ(sub128(0, 1, 1, 0), (Wide128{kMax, 0}));       // borrow from the high half
  EXPECT_EQ(sub128(0, 0, 1, 0), (Wide128{kMax, kMax}));    // -1
  EXPECT_EQ(mulWideU(kMax, kMax), (Wide128{1, kMax - 1})); // (2^64-1)^2
  EXPECT_EQ(mulWideU(1ull << 32, 1ull << 32), (Wide128{0, 1}));
  EXPECT_EQ(mulWideU(0x123456789abcdef0, 0x0fedcba987654321),
            (Wide128{0x2236d88fe5618cf0, 0x0121fa00ad77d742}));
  EXPECT_EQ(mulWideS(kMax, kMax), (Wide128{1, 0}));        // -1 * -1
  EXPECT_EQ(mulWideS(kMax, 2), (Wide128{kMax - 1, kMax})); // -1 * 2 = -2
  constexpr std::uint64_t kMinS = 1ull << 63;
  EXPECT_EQ(mulWideS(kMinS, kMinS), (Wide128{0, 1ull << 62})); // 2^126
  EXPECT_EQ(mulWideS(kMinS, 1), (Wide128{kMinS, kMax}));
}

} // namespace
} // namespace wasmline::interp
