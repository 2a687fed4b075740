// The meaning of the fixed-width SIMD instructions: a 128-bit value and lane-wise operations,
// written once as small inline functions on top of the scalar semantics. Lanes are numbered as
// WebAssembly numbers them (lane 0 in the lowest-addressed bytes), on any host byte order.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "interp/semantics.h"
#include "memory/endian.h"

namespace wasmline::interp {

// A v128 value: 16 bytes in WebAssembly (little-endian) order.
struct V128 {
  std::array<std::uint8_t, 16> bytes{};

  // The number of lanes of type L.
  template <class L> static constexpr int lanes() { return static_cast<int>(16 / sizeof(L)); }

  template <class L> L lane(int index) const {
    return detail::loadLittleEndian<L>(bytes.data() + index * sizeof(L));
  }
  template <class L> void setLane(int index, L value) {
    detail::storeLittleEndian<L>(bytes.data() + index * sizeof(L), value);
  }

  friend bool operator==(const V128&, const V128&) = default;
};

// Applies `op` to every lane of `a`.
template <class L, class Op> inline V128 mapLanes(const V128& a, Op op) {
  V128 result;
  for (int i = 0; i < V128::lanes<L>(); ++i)
    result.setLane<L>(i, static_cast<L>(op(a.lane<L>(i))));
  return result;
}

// Applies `op` to every pair of lanes of `a` and `b`.
template <class L, class Op> inline V128 zipLanes(const V128& a, const V128& b, Op op) {
  V128 result;
  for (int i = 0; i < V128::lanes<L>(); ++i) {
    result.setLane<L>(i, static_cast<L>(op(a.lane<L>(i), b.lane<L>(i))));
  }
  return result;
}

// --- construction and lanes ------------------------------------------------------------------

template <class L> inline V128 splat(L value) {
  V128 result;
  for (int i = 0; i < V128::lanes<L>(); ++i)
    result.setLane<L>(i, value);
  return result;
}

// extract_lane: L is the lane type; signed lanes sign-extend, unsigned ones zero-extend into R.
template <class L, class R> inline R extractLane(const V128& a, int index) {
  return static_cast<R>(a.lane<L>(index));
}

template <class L> inline V128 replaceLane(V128 a, int index, L value) {
  a.setLane<L>(index, value);
  return a;
}

// i8x16.shuffle: lane i of the result is byte lanes[i] of the 32 bytes a:b.
inline V128 shuffleBytes(const V128& a, const V128& b, const std::array<std::uint8_t, 16>& lanes) {
  V128 result;
  for (int i = 0; i < 16; ++i) {
    const std::uint8_t index = lanes[static_cast<std::size_t>(i)];
    result.bytes[static_cast<std::size_t>(i)] = index < 16 ? a.bytes[index] : b.bytes[index - 16u];
  }
  return result;
}

// i8x16.swizzle: out-of-range indices select 0.
inline V128 swizzleBytes(const V128& a, const V128& indices) {
  V128 result;
  for (std::size_t i = 0; i < 16; ++i) {
    const std::uint8_t index = indices.bytes[i];
    result.bytes[i] = index < 16 ? a.bytes[index] : 0;
  }
  return result;
}

// --- bitwise ---------------------------------------------------------------------------------

inline V128 vnot(const V128& a) {
  return mapLanes<std::uint64_t>(a, [](std::uint64_t x) { return ~x; });
}
inline V128 vand(const V128& a, const V128& b) {
  return zipLanes<std::uint64_t>(a, b, [](std::uint64_t x, std::uint64_t y) { return x & y; });
}
inline V128 vandnot(const V128& a, const V128& b) {
  return zipLanes<std::uint64_t>(a, b, [](std::uint64_t x, std::uint64_t y) { return x & ~y; });
}
inline V128 vor(const V128& a, const V128& b) {
  return zipLanes<std::uint64_t>(a, b, [](std::uint64_t x, std::uint64_t y) { return x | y; });
}
inline V128 vxor(const V128& a, const V128& b) {
  return zipLanes<std::uint64_t>(a, b, [](std::uint64_t x, std::uint64_t y) { return x ^ y; });
}
// Bits of `a` where `mask` is 1, of `b` where it is 0.
inline V128 bitselect(const V128& a, const V128& b, const V128& mask) {
  return vor(vand(a, mask), vandnot(b, mask));
}
inline std::uint32_t anyTrue(const V128& a) {
  return (a.lane<std::uint64_t>(0) | a.lane<std::uint64_t>(1)) != 0;
}
template <class L> inline std::uint32_t allTrue(const V128& a) {
  for (int i = 0; i < V128::lanes<L>(); ++i) {
    if (a.lane<L>(i) == 0) return 0;
  }
  return 1;
}
// Bit i of the result is the sign bit of lane i.
template <class L> inline std::uint32_t bitmask(const V128& a) {
  using S = std::make_signed_t<L>;
  std::uint32_t mask = 0;
  for (int i = 0; i < V128::lanes<L>(); ++i) {
    if (static_cast<S>(a.lane<L>(i)) < 0) mask |= 1u << i;
  }
  return mask;
}

// --- comparisons: all ones where true ----------------------------------------------------------

template <class L, class Cmp> inline V128 compareLanes(const V128& a, const V128& b, Cmp cmp) {
  using Mask = std::conditional_t<
      sizeof(L) == 1, std::uint8_t,
      std::conditional_t<sizeof(L) == 2, std::uint16_t,
                         std::conditional_t<sizeof(L) == 4, std::uint32_t, std::uint64_t>>>;
  V128 result;
  for (int i = 0; i < V128::lanes<L>(); ++i) {
    result.setLane<Mask>(i,
                         cmp(a.lane<L>(i), b.lane<L>(i)) ? static_cast<Mask>(~Mask{0}) : Mask{0});
  }
  return result;
}

// --- integer lanes -----------------------------------------------------------------------------

// Shifts take the count modulo the lane width.
template <class L> inline V128 shiftLeft(const V128& a, std::uint32_t count) {
  return mapLanes<L>(a, [count](L x) { return shl<L>(x, static_cast<L>(count)); });
}
template <class L> inline V128 shiftRightS(const V128& a, std::uint32_t count) {
  return mapLanes<L>(a, [count](L x) { return shrS<L>(x, static_cast<L>(count)); });
}
template <class L> inline V128 shiftRightU(const V128& a, std::uint32_t count) {
  return mapLanes<L>(a, [count](L x) { return shrU<L>(x, static_cast<L>(count)); });
}

// Clamps a wide value into the range of the lane type L.
template <class L, class W> constexpr L saturate(W value) {
  const W low = static_cast<W>(std::numeric_limits<L>::min());
  const W high = static_cast<W>(std::numeric_limits<L>::max());
  return static_cast<L>(std::clamp(value, low, high));
}

// Saturating add/sub of 8- or 16-bit lanes of type L (signed or unsigned).
template <class L> inline V128 addSat(const V128& a, const V128& b) {
  return zipLanes<L>(a, b, [](L x, L y) { return saturate<L>(std::int32_t{x} + std::int32_t{y}); });
}
template <class L> inline V128 subSat(const V128& a, const V128& b) {
  return zipLanes<L>(a, b, [](L x, L y) { return saturate<L>(std::int32_t{x} - std::int32_t{y}); });
}

// Rounding average of unsigned lanes.
template <class L> inline V128 avgr(const V128& a, const V128& b) {
  return zipLanes<L>(
      a, b, [](L x, L y) { return static_cast<L>((std::uint32_t{x} + std::uint32_t{y} + 1) / 2); });
}

// i16x8.q15mulr_sat_s.
inline V128 q15mulrSat(const V128& a, const V128& b) {
  return zipLanes<std::int16_t>(a, b, [](std::int16_t x, std::int16_t y) {
    return saturate<std::int16_t>((std::int32_t{x} * std::int32_t{y} + 0x4000) >> 15);
  });
}

// Wrapping abs: the minimum value stays itself.
template <class L> inline V128 iabs(const V128& a) {
  using U = std::make_unsigned_t<L>;
  return mapLanes<L>(a, [](L x) { return x < 0 ? static_cast<L>(U{0} - static_cast<U>(x)) : x; });
}

// narrow: the wide signed lanes of a then b, saturated into N (signed or unsigned).
template <class W, class N> inline V128 narrow(const V128& a, const V128& b) {
  V128 result;
  constexpr int kWide = V128::lanes<W>();
  for (int i = 0; i < kWide; ++i) {
    result.setLane<N>(i, saturate<N>(static_cast<std::int64_t>(a.lane<W>(i))));
    result.setLane<N>(i + kWide, saturate<N>(static_cast<std::int64_t>(b.lane<W>(i))));
  }
  return result;
}

// extend_low/high: lanes of type N from the low or high half, widened to W.
template <class N, class W> inline V128 extend(const V128& a, bool high) {
  V128 result;
  constexpr int kWide = V128::lanes<W>();
  for (int i = 0; i < kWide; ++i) {
    result.setLane<W>(i, static_cast<W>(a.lane<N>(i + (high ? kWide : 0))));
  }
  return result;
}

// extmul_low/high: widened products of the low or high halves.
template <class N, class W> inline V128 extmul(const V128& a, const V128& b, bool high) {
  V128 result;
  constexpr int kWide = V128::lanes<W>();
  for (int i = 0; i < kWide; ++i) {
    const int at = i + (high ? kWide : 0);
    result.setLane<W>(i, mul<W>(static_cast<W>(a.lane<N>(at)), static_cast<W>(b.lane<N>(at))));
  }
  return result;
}

// extadd_pairwise: sums of adjacent lanes of type N, widened to W.
template <class N, class W> inline V128 extaddPairwise(const V128& a) {
  V128 result;
  for (int i = 0; i < V128::lanes<W>(); ++i) {
    result.setLane<W>(
        i, static_cast<W>(static_cast<W>(a.lane<N>(2 * i)) + static_cast<W>(a.lane<N>(2 * i + 1))));
  }
  return result;
}

// i32x4.dot_i16x8_s.
inline V128 dot(const V128& a, const V128& b) {
  V128 result;
  for (int i = 0; i < 4; ++i) {
    const std::int32_t low =
        std::int32_t{a.lane<std::int16_t>(2 * i)} * b.lane<std::int16_t>(2 * i);
    const std::int32_t high =
        std::int32_t{a.lane<std::int16_t>(2 * i + 1)} * b.lane<std::int16_t>(2 * i + 1);
    result.setLane<std::int32_t>(i, add<std::int32_t>(low, high));
  }
  return result;
}

// --- float lanes -------------------------------------------------------------------------------

// pmin/pmax: b < a ? b : a and a < b ? b : a, no NaN special case.
template <class F> inline V128 pmin(const V128& a, const V128& b) {
  return zipLanes<F>(a, b, [](F x, F y) { return y < x ? y : x; });
}
template <class F> inline V128 pmax(const V128& a, const V128& b) {
  return zipLanes<F>(a, b, [](F x, F y) { return x < y ? y : x; });
}

// i32x4.trunc_sat_f32x4_s/u.
template <class I> inline V128 truncSatF32x4(const V128& a) {
  V128 result;
  for (int i = 0; i < 4; ++i)
    result.setLane<I>(i, truncateSaturate<I>(a.lane<float>(i)));
  return result;
}

// i32x4.trunc_sat_f64x2_s/u_zero: two lanes, the upper two zero.
template <class I> inline V128 truncSatF64x2Zero(const V128& a) {
  V128 result;
  for (int i = 0; i < 2; ++i)
    result.setLane<I>(i, truncateSaturate<I>(a.lane<double>(i)));
  return result;
}

// f32x4.convert_i32x4_s/u.
template <class I> inline V128 convertI32x4(const V128& a) {
  V128 result;
  for (int i = 0; i < 4; ++i)
    result.setLane<float>(i, convert<float>(a.lane<I>(i)));
  return result;
}

// f64x2.convert_low_i32x4_s/u.
template <class I> inline V128 convertLowI32x4(const V128& a) {
  V128 result;
  for (int i = 0; i < 2; ++i)
    result.setLane<double>(i, convert<double>(a.lane<I>(i)));
  return result;
}

// f32x4.demote_f64x2_zero and f64x2.promote_low_f32x4.
inline V128 demoteZero(const V128& a) {
  V128 result;
  for (int i = 0; i < 2; ++i)
    result.setLane<float>(i, demote(a.lane<double>(i)));
  return result;
}
inline V128 promoteLow(const V128& a) {
  V128 result;
  for (int i = 0; i < 2; ++i)
    result.setLane<double>(i, promote(a.lane<float>(i)));
  return result;
}

// --- memory shapes -----------------------------------------------------------------------------

// v128.loadNxM_s/u: `lanes` values of type N read from `source`, widened to W.
template <class N, class W> inline V128 loadExtend(const std::uint8_t* source) {
  V128 result;
  for (int i = 0; i < V128::lanes<W>(); ++i) {
    result.setLane<W>(i, static_cast<W>(detail::loadLittleEndian<N>(source + i * sizeof(N))));
  }
  return result;
}

// v128.load.
inline V128 loadV128(const std::uint8_t* source) {
  V128 result;
  std::memcpy(result.bytes.data(), source, 16);
  return result;
}

// v128.load32_zero / load64_zero.
template <class L> inline V128 loadZero(const std::uint8_t* source) {
  V128 result;
  result.setLane<L>(0, detail::loadLittleEndian<L>(source));
  return result;
}

} // namespace wasmline::interp
