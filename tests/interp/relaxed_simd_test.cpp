// The relaxed SIMD choices of interp/relaxed_simd.h on edge inputs (NaN, out-of-range values and
// lanes, saturation). The expected values are what V8 11.3's optimizing tier returns for the same
// inputs on this project's x86-64 machine, except where relaxed_simd.h says wasmline follows
// another engine; tests/interp/relaxed_simd_v8.sh compares against V8 itself when node is there.
#include "interp/relaxed_simd.h"

#include <bit>
#include <cmath>
#include <initializer_list>

#include <gtest/gtest.h>

namespace wasmline::interp {
namespace {

template <class L> V128 make(std::initializer_list<L> lanes) {
  V128 value;
  int i = 0;
  for (L lane : lanes)
    value.setLane<L>(i++, lane);
  return value;
}

V128 bytes(std::initializer_list<std::uint8_t> values) {
  return make<std::uint8_t>(values);
}

float f32(std::uint32_t bits) {
  return std::bit_cast<float>(bits);
}

TEST(RelaxedSimd, SwizzleIsPshufb) {
  V128 a;
  for (std::uint8_t i = 0; i < 16; ++i)
    a.bytes[i] = static_cast<std::uint8_t>(0x10 + i);
  const V128 indices =
      bytes({0, 15, 16, 17, 31, 32, 0x7f, 0x80, 0x81, 0x8f, 0xff, 0x40, 0x20, 0x0f, 0x1f, 0x90});
  // Indices 16..127 wrap modulo 16 (where i8x16.swizzle gives 0); bit 7 set gives 0.
  EXPECT_EQ(relaxedSwizzle(a, indices), bytes({0x10, 0x1f, 0x10, 0x11, 0x1f, 0x10, 0x1f, 0, 0, 0, 0,
                                               0x10, 0x10, 0x1f, 0x1f, 0}));
}

TEST(RelaxedSimd, SignedTruncationGivesIntMinWhenOutOfRange) {
  EXPECT_EQ(relaxedTruncF32x4S(make<float>({NAN, INFINITY, -INFINITY, 2147483648.0f})),
            make<std::uint32_t>({0x80000000, 0x80000000, 0x80000000, 0x80000000}));
  EXPECT_EQ(relaxedTruncF32x4S(make<float>({-1.5f, 1.5f, 4294967296.0f, -2147483904.0f})),
            make<std::uint32_t>({0xffffffff, 1, 0x80000000, 0x80000000}));
  EXPECT_EQ(relaxedTruncF32x4S(make<float>({f32(0xffc00000), 3e9f, -0.5f, 2147483520.0f})),
            make<std::uint32_t>({0x80000000, 0x80000000, 0, 0x7fffff80}));
  EXPECT_EQ(relaxedTruncF64x2SZero(make<double>({NAN, 2147483648.0})),
            make<std::uint32_t>({0x80000000, 0x80000000, 0, 0}));
  EXPECT_EQ(relaxedTruncF64x2SZero(make<double>({-1.5, -2147483648.9})),
            make<std::uint32_t>({0xffffffff, 0x80000000, 0, 0}));
  EXPECT_EQ(relaxedTruncF64x2SZero(make<double>({2147483647.9, -2147483649.0})),
            make<std::uint32_t>({0x7fffffff, 0x80000000, 0, 0}));
}

TEST(RelaxedSimd, UnsignedTruncationSaturates) {
  // The IR rows use simd.h's saturating conversions for the unsigned forms.
  EXPECT_EQ(truncSatF32x4<std::uint32_t>(make<float>({NAN, INFINITY, -INFINITY, 2147483648.0f})),
            make<std::uint32_t>({0, 0xffffffff, 0, 0x80000000}));
  EXPECT_EQ(truncSatF64x2Zero<std::uint32_t>(make<double>({4294967295.9, -2147483649.0})),
            make<std::uint32_t>({0xffffffff, 0, 0, 0}));
}

TEST(RelaxedSimd, MaddIsFused) {
  // (1 + 2^-12)^2 - (1 + 2^-11) is 2^-24 exactly; an unfused multiply rounds it away.
  const float e = 1.0f + std::ldexp(1.0f, -12);
  const V128 a = make<float>({e, 1, 2, NAN});
  const V128 b = make<float>({e, 1, 3, 1});
  const V128 c = make<float>({-(1.0f + std::ldexp(1.0f, -11)), 1, 1, 1});
  const V128 madd = relaxedMadd<float>(a, b, c);
  EXPECT_EQ(madd.lane<float>(0), std::ldexp(1.0f, -24));
  EXPECT_EQ(madd.lane<float>(1), 2.0f);
  EXPECT_EQ(madd.lane<float>(2), 7.0f);
  EXPECT_TRUE(std::isnan(madd.lane<float>(3)));
  const V128 nmadd = relaxedNmadd<float>(a, b, c);
  EXPECT_EQ(nmadd.lane<std::uint32_t>(0), 0xc0001000u); // -(2 + 2^-10), rounded once
  EXPECT_EQ(nmadd.lane<std::uint32_t>(1), 0u);          // -(1 * 1) + 1 is +0
  EXPECT_EQ(nmadd.lane<float>(2), -5.0f);
  const double d = 1.0 + std::ldexp(1.0, -27);
  const V128 madd64 = relaxedMadd<double>(make<double>({d, 2}), make<double>({d, 3}),
                                          make<double>({-(1.0 + std::ldexp(1.0, -26)), 1}));
  EXPECT_EQ(madd64, make<std::uint64_t>({0x3c90000000000000, 0x401c000000000000}));
  const V128 nmadd64 = relaxedNmadd<double>(make<double>({d, 2}), make<double>({d, 3}),
                                            make<double>({-(1.0 + std::ldexp(1.0, -26)), 1}));
  EXPECT_EQ(nmadd64, make<std::uint64_t>({0xc000000004000000, 0xc014000000000000}));
}

TEST(RelaxedSimd, MaddNaNsFollowVfmadd213) {
  // The first NaN of b, a, c, quieted, sign and payload kept; nmadd does not negate it.
  const V128 a = make<std::uint32_t>({0x7fc0000a, 0x7fc0000a, 0xff80000a, 0x3f800000});
  const V128 b = make<std::uint32_t>({0x7fc0000b, 0x3f800000, 0x3f800000, 0x3f800000});
  const V128 c = make<std::uint32_t>({0x7fc0000c, 0x7fc0000c, 0x7fc0000c, 0xff80000c});
  const V128 expected = make<std::uint32_t>({0x7fc0000b, 0x7fc0000a, 0xffc0000a, 0xffc0000c});
  EXPECT_EQ(relaxedMadd<float>(a, b, c), expected);
  EXPECT_EQ(relaxedNmadd<float>(a, b, c), expected);
  // A NaN the operation makes is x86's default NaN (negative).
  const V128 inf = make<float>({INFINITY, 0.0f, INFINITY, -INFINITY});
  const V128 zero = make<float>({0.0f, -INFINITY, 1.0f, 1.0f});
  const V128 add = make<float>({1.0f, 1.0f, -INFINITY, -INFINITY});
  EXPECT_EQ(relaxedMadd<float>(inf, zero, add),
            make<std::uint32_t>({0xffc00000, 0xffc00000, 0xffc00000, 0xff800000}));
  EXPECT_EQ(relaxedNmadd<float>(inf, zero, add),
            make<std::uint32_t>({0xffc00000, 0xffc00000, 0xff800000, 0xffc00000}));
  EXPECT_EQ(relaxedMadd<double>(make<std::uint64_t>({0x7ff0000000000001, 0}),
                                make<double>({1.0, INFINITY}), make<double>({NAN, 1.0})),
            make<std::uint64_t>({0x7ff8000000000001, 0xfff8000000000000}));
}

TEST(RelaxedSimd, LaneselectLooksAtTopBits) {
  const V128 a = splat<std::uint8_t>(0xaa);
  const V128 b = splat<std::uint8_t>(0x55);
  const V128 mask =
      bytes({0xff, 0, 0x80, 0x7f, 0x01, 0xfe, 0x00, 0x80, 0x80, 0x00, 0x7f, 0xff, 0, 0, 0, 0x80});
  const V128 byByte = bytes({0xaa, 0x55, 0xaa, 0x55, 0x55, 0xaa, 0x55, 0xaa, 0xaa, 0x55, 0x55, 0xaa,
                             0x55, 0x55, 0x55, 0xaa});
  EXPECT_EQ(relaxedLaneselectBytes(a, b, mask), byByte); // i8x16 and i16x8 (pblendvb)
  EXPECT_EQ(relaxedLaneselect<std::uint32_t>(a, b, mask),
            make<std::uint32_t>({0x55555555, 0xaaaaaaaa, 0xaaaaaaaa, 0xaaaaaaaa}));
  EXPECT_EQ(relaxedLaneselect<std::uint64_t>(a, b, mask),
            make<std::uint64_t>({0xaaaaaaaaaaaaaaaa, 0xaaaaaaaaaaaaaaaa}));
  const V128 mask2 = make<std::uint64_t>({0x0000008000000000, 0x7fffffffffffffff});
  EXPECT_EQ(relaxedLaneselectBytes(a, b, mask2).lane<std::uint16_t>(2), 0x55aa);
  EXPECT_EQ(relaxedLaneselect<std::uint32_t>(a, b, mask2),
            make<std::uint32_t>({0x55555555, 0x55555555, 0xaaaaaaaa, 0x55555555}));
  EXPECT_EQ(relaxedLaneselect<std::uint64_t>(a, b, mask2),
            make<std::uint64_t>({0x5555555555555555, 0x5555555555555555}));
}

TEST(RelaxedSimd, MinMaxReturnTheSecondOperandForNaNsAndZeros) {
  const V128 a = make<float>({NAN, 0.0f, -0.0f, 0.0f});
  const V128 b = make<float>({0.0f, NAN, 0.0f, -0.0f});
  const V128 expected = make<std::uint32_t>({0, 0x7fc00000, 0, 0x80000000});
  EXPECT_EQ(relaxedMin<float>(a, b), expected);
  EXPECT_EQ(relaxedMax<float>(a, b), expected);
  // A signalling NaN passes through bit for bit.
  const V128 c = make<float>({f32(0x7fc00001), f32(0xffc00000), 1.0f, -1.0f});
  const V128 d = make<float>({1.0f, 2.0f, f32(0x7f800001), 2.0f});
  EXPECT_EQ(relaxedMin<float>(c, d),
            make<std::uint32_t>({0x3f800000, 0x40000000, 0x7f800001, 0xbf800000}));
  EXPECT_EQ(relaxedMax<float>(c, d),
            make<std::uint32_t>({0x3f800000, 0x40000000, 0x7f800001, 0x40000000}));
  EXPECT_EQ(relaxedMin<double>(make<double>({-0.0, 0.0}), make<double>({0.0, -0.0})),
            make<std::uint64_t>({0, 0x8000000000000000}));
  EXPECT_EQ(relaxedMax<double>(make<double>({NAN, 0.0}), make<double>({0.0, NAN})),
            make<std::uint64_t>({0, 0x7ff8000000000000}));
}

TEST(RelaxedSimd, Q15mulrWraps) {
  const V128 a = make<std::int16_t>({-32768, -32768, 32767, 0x4000, -1, 1, -32767, 0});
  const V128 b = make<std::int16_t>({-32768, 32767, 32767, 0x4000, -1, 0x4000, -32768, -32768});
  EXPECT_EQ(relaxedQ15mulr(a, b),
            make<std::uint16_t>({0x8000, 0x8001, 0x7ffe, 0x2000, 0, 1, 0x7fff, 0}));
}

TEST(RelaxedSimd, DotTakesTheSecondOperandUnsigned) {
  const V128 a = bytes(
      {0x80, 0x80, 0x7f, 0x7f, 0xff, 0x01, 0x80, 0x7f, 3, 4, 0x80, 0x80, 0x7f, 0x80, 0x10, 0x20});
  const V128 b = bytes(
      {0xff, 0xff, 0xff, 0xff, 0x80, 0x80, 0x7f, 0x7f, 5, 6, 0x80, 0x80, 0x80, 0xff, 0x01, 0x02});
  EXPECT_EQ(relaxedDot(a, b),
            make<std::uint16_t>({0x8000, 0x7fff, 0x0000, 0xff81, 0x0027, 0x8000, 0xc000, 0x0050}));
  const V128 c = make<std::int32_t>({1, 0x7fffffff, -1, 100});
  EXPECT_EQ(relaxedDotAdd(a, b, c),
            make<std::uint32_t>({0x00000000, 0x7fffff80, 0xffff8026, 0xffffc0b4}));
}

} // namespace
} // namespace wasmline::interp
