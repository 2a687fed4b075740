#include "interp/simd.h"

#include <cmath>

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

TEST(Simd, LanesAreLittleEndian) {
  const V128 v = make<std::uint32_t>({0x03020100, 0x07060504, 0x0B0A0908, 0x0F0E0D0C});
  for (std::size_t i = 0; i < 16; ++i)
    EXPECT_EQ(v.bytes[i], i);
  EXPECT_EQ(v.lane<std::uint16_t>(1), 0x0302);
  EXPECT_EQ(v.lane<std::uint64_t>(1), 0x0F0E0D0C0B0A0908u);
}

TEST(Simd, SplatExtractReplace) {
  const V128 v = splat<std::uint8_t>(0xFF);
  EXPECT_EQ((extractLane<std::int8_t, std::int32_t>(v, 3)), -1);
  EXPECT_EQ((extractLane<std::uint8_t, std::uint32_t>(v, 3)), 255u);
  const V128 w = replaceLane<float>(splat<float>(1.5f), 2, -2.0f);
  EXPECT_EQ(w.lane<float>(2), -2.0f);
  EXPECT_EQ(w.lane<float>(3), 1.5f);
}

TEST(Simd, ShuffleAndSwizzle) {
  V128 a, b;
  for (std::uint8_t i = 0; i < 16; ++i) {
    a.bytes[i] = i;
    b.bytes[i] = static_cast<std::uint8_t>(100 + i);
  }
  std::array<std::uint8_t, 16> lanes{};
  for (std::uint8_t i = 0; i < 16; ++i)
    lanes[i] = static_cast<std::uint8_t>(31 - i);
  const V128 shuffled = shuffleBytes(a, b, lanes);
  EXPECT_EQ(shuffled.bytes[0], 115);
  EXPECT_EQ(shuffled.bytes[15], 100);
  V128 indices;
  indices.bytes[0] = 3;
  indices.bytes[1] = 16;
  indices.bytes[2] = 255;
  const V128 swizzled = swizzleBytes(a, indices);
  EXPECT_EQ(swizzled.bytes[0], 3);
  EXPECT_EQ(swizzled.bytes[1], 0);
  EXPECT_EQ(swizzled.bytes[2], 0);
}

TEST(Simd, BitwiseAndReductions) {
  const V128 ones = splat<std::uint8_t>(0xFF);
  const V128 zero;
  EXPECT_EQ(vnot(zero), ones);
  EXPECT_EQ(bitselect(ones, zero, make<std::uint32_t>({0xFFFF0000, 0, 0, 0})),
            make<std::uint32_t>({0xFFFF0000, 0, 0, 0}));
  EXPECT_EQ(anyTrue(zero), 0u);
  EXPECT_EQ(anyTrue(make<std::uint8_t>({0, 0, 1})), 1u);
  EXPECT_EQ(allTrue<std::uint32_t>(make<std::uint32_t>({1, 2, 3, 0})), 0u);
  EXPECT_EQ(allTrue<std::uint32_t>(make<std::uint32_t>({1, 2, 3, 4})), 1u);
  EXPECT_EQ(bitmask<std::uint16_t>(make<std::uint16_t>({0x8000, 1, 0xFFFF, 0, 0, 0, 0, 0x8001})),
            0b10000101u);
}

TEST(Simd, Comparisons) {
  const V128 r = compareLanes<std::int16_t>(make<std::int16_t>({-1, 2}), make<std::int16_t>({1, 2}),
                                            [](std::int16_t a, std::int16_t b) { return a < b; });
  EXPECT_EQ(r.lane<std::uint16_t>(0), 0xFFFF);
  EXPECT_EQ(r.lane<std::uint16_t>(1), 0);
  const V128 f = compareLanes<float>(make<float>({NAN, 1.0f}), make<float>({NAN, 1.0f}),
                                     [](float a, float b) { return a == b; });
  EXPECT_EQ(f.lane<std::uint32_t>(0), 0u);
  EXPECT_EQ(f.lane<std::uint32_t>(1), 0xFFFFFFFFu);
}

TEST(Simd, ShiftsUseTheCountModuloTheLaneWidth) {
  EXPECT_EQ(shiftLeft<std::uint8_t>(splat<std::uint8_t>(1), 9).lane<std::uint8_t>(0), 2);
  EXPECT_EQ(shiftRightS<std::int16_t>(splat<std::int16_t>(-32768), 15).lane<std::int16_t>(5), -1);
  EXPECT_EQ(
      shiftRightU<std::uint64_t>(splat<std::uint64_t>(1ull << 63), 127).lane<std::uint64_t>(1), 1u);
}

TEST(Simd, SaturatingAndAveraging) {
  EXPECT_EQ(
      addSat<std::int8_t>(splat<std::int8_t>(100), splat<std::int8_t>(100)).lane<std::int8_t>(0),
      127);
  EXPECT_EQ(
      subSat<std::uint8_t>(splat<std::uint8_t>(1), splat<std::uint8_t>(2)).lane<std::uint8_t>(0),
      0);
  EXPECT_EQ(addSat<std::uint16_t>(splat<std::uint16_t>(65000), splat<std::uint16_t>(1000))
                .lane<std::uint16_t>(7),
            65535);
  EXPECT_EQ(
      avgr<std::uint8_t>(splat<std::uint8_t>(255), splat<std::uint8_t>(254)).lane<std::uint8_t>(0),
      255);
  EXPECT_EQ(
      q15mulrSat(splat<std::int16_t>(-32768), splat<std::int16_t>(-32768)).lane<std::int16_t>(0),
      32767);
  EXPECT_EQ(iabs<std::int8_t>(splat<std::int8_t>(-128)).lane<std::int8_t>(0), -128);
}

TEST(Simd, WideningAndNarrowing) {
  const V128 bytes = make<std::int8_t>({-1, 2, -3, 4, 5, 6, 7, 8, -9, 10, 11, 12, 13, 14, 15, -16});
  EXPECT_EQ((extend<std::int8_t, std::int16_t>(bytes, false).lane<std::int16_t>(0)), -1);
  EXPECT_EQ((extend<std::uint8_t, std::uint16_t>(bytes, false).lane<std::uint16_t>(0)), 255);
  EXPECT_EQ((extend<std::int8_t, std::int16_t>(bytes, true).lane<std::int16_t>(0)), -9);
  EXPECT_EQ((extaddPairwise<std::int8_t, std::int16_t>(bytes).lane<std::int16_t>(0)), 1);
  EXPECT_EQ((extaddPairwise<std::uint8_t, std::uint16_t>(bytes).lane<std::uint16_t>(0)), 257);
  const V128 words = make<std::int16_t>({300, -300, 100, -100, 0, 0, 0, 0});
  const V128 narrowed = narrow<std::int16_t, std::int8_t>(words, words);
  EXPECT_EQ(narrowed.lane<std::int8_t>(0), 127);
  EXPECT_EQ(narrowed.lane<std::int8_t>(1), -128);
  EXPECT_EQ(narrowed.lane<std::int8_t>(10), 100);
  const V128 unsignedNarrow = narrow<std::int16_t, std::uint8_t>(words, words);
  EXPECT_EQ(unsignedNarrow.lane<std::uint8_t>(0), 255);
  EXPECT_EQ(unsignedNarrow.lane<std::uint8_t>(1), 0);
  const V128 ints = make<std::int32_t>({-2, 3, 0x7FFFFFFF, 5});
  EXPECT_EQ((extmul<std::int32_t, std::int64_t>(ints, ints, true).lane<std::int64_t>(0)),
            0x3FFFFFFF00000001);
  EXPECT_EQ((extmul<std::uint32_t, std::uint64_t>(ints, ints, false).lane<std::uint64_t>(0)),
            0xFFFFFFFC00000004u);
  EXPECT_EQ(dot(make<std::int16_t>({-32768, -32768}), make<std::int16_t>({-32768, -32768}))
                .lane<std::int32_t>(0),
            std::numeric_limits<std::int32_t>::min()); // 2^31 wraps
}

TEST(Simd, FloatLanes) {
  const V128 a = make<float>({-0.0f, 1.0f, NAN, 2.0f});
  const V128 b = make<float>({0.0f, NAN, 1.0f, -2.0f});
  const V128 p = pmin<float>(a, b);
  EXPECT_EQ(std::signbit(p.lane<float>(0)), true); // no ordering of zeros
  EXPECT_EQ(p.lane<float>(1), 1.0f);               // NaN compares false: a is kept
  EXPECT_TRUE(std::isnan(p.lane<float>(2)));
  EXPECT_EQ(pmax<float>(a, b).lane<float>(3), 2.0f);
}

TEST(Simd, Conversions) {
  const V128 f = make<float>({NAN, -1.5f, 3e9f, -3e9f});
  const V128 s = truncSatF32x4<std::int32_t>(f);
  EXPECT_EQ(s.lane<std::int32_t>(0), 0);
  EXPECT_EQ(s.lane<std::int32_t>(1), -1);
  EXPECT_EQ(s.lane<std::int32_t>(2), 2147483647);
  EXPECT_EQ(s.lane<std::int32_t>(3), std::numeric_limits<std::int32_t>::min());
  EXPECT_EQ(truncSatF32x4<std::uint32_t>(f).lane<std::uint32_t>(2), 3000000000u);
  const V128 d = truncSatF64x2Zero<std::uint32_t>(make<double>({5e9, 7.9}));
  EXPECT_EQ(d.lane<std::uint32_t>(0), 4294967295u);
  EXPECT_EQ(d.lane<std::uint32_t>(1), 7u);
  EXPECT_EQ(d.lane<std::uint64_t>(1), 0u);
  EXPECT_EQ(convertI32x4<std::uint32_t>(splat<std::uint32_t>(0xFFFFFFFF)).lane<float>(0),
            4294967296.0f);
  EXPECT_EQ(convertLowI32x4<std::int32_t>(make<std::int32_t>({-7, 8, 9, 10})).lane<double>(1), 8.0);
  EXPECT_EQ(demoteZero(make<double>({1.0, 1e300})).lane<float>(0), 1.0f);
  EXPECT_TRUE(std::isinf(demoteZero(make<double>({1.0, 1e300})).lane<float>(1)));
  EXPECT_EQ(demoteZero(make<double>({1.0, 1.0})).lane<std::uint64_t>(1), 0u);
  EXPECT_EQ(promoteLow(make<float>({0.5f, -2.0f, 9.0f, 9.0f})).lane<double>(1), -2.0);
}

TEST(Simd, LoadShapes) {
  const std::uint8_t memory[8] = {0xFF, 1, 0x80, 2, 3, 4, 5, 6};
  EXPECT_EQ((loadExtend<std::int8_t, std::int16_t>(memory).lane<std::int16_t>(0)), -1);
  EXPECT_EQ((loadExtend<std::uint8_t, std::uint16_t>(memory).lane<std::uint16_t>(2)), 0x80);
  EXPECT_EQ((loadExtend<std::int16_t, std::int32_t>(memory).lane<std::int32_t>(1)), 0x0280);
  const V128 zero = loadZero<std::uint32_t>(memory);
  EXPECT_EQ(zero.lane<std::uint32_t>(0), 0x028001FFu);
  EXPECT_EQ(zero.lane<std::uint32_t>(1), 0u);
}

} // namespace
} // namespace wasmline::interp
