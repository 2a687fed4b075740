// The meaning of WebAssembly's numeric instructions, written once as small inline functions.
// The interpreter's handlers only move operands and call these; they are unit-tested directly.
//
// Integer arithmetic wraps (computed on the unsigned type). Operations that can trap return a
// TrapKind (None on success) and write their result through `out`. Float results follow IEEE
// 754 with round-to-nearest-even; a NaN result is a quiet NaN, which is what the spec's
// "arithmetic NaN" allows. abs, neg and copysign only touch the sign bit.
#pragma once

#include <bit>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "interp/trap.h"

namespace wasmline::interp {

using interp::TrapKind;

template <class T> using Unsigned = std::make_unsigned_t<T>;
template <class T> using Signed = std::make_signed_t<T>;

// The unsigned integer with the bits of a float type.
template <class F>
using FloatBits = std::conditional_t<sizeof(F) == 4, std::uint32_t, std::uint64_t>;

// --- integers --------------------------------------------------------------------------------

template <std::integral T> constexpr T add(T a, T b) {
  return static_cast<T>(static_cast<Unsigned<T>>(a) + static_cast<Unsigned<T>>(b));
}
template <std::integral T> constexpr T sub(T a, T b) {
  return static_cast<T>(static_cast<Unsigned<T>>(a) - static_cast<Unsigned<T>>(b));
}
template <std::integral T> constexpr T mul(T a, T b) {
  // Lanes narrower than int would be promoted to (signed) int, whose product can overflow.
  using Wide = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, Unsigned<T>>;
  return static_cast<T>(static_cast<Wide>(static_cast<Unsigned<T>>(a)) *
                        static_cast<Wide>(static_cast<Unsigned<T>>(b)));
}

// Signed division: traps on a zero divisor and on MIN / -1.
template <std::integral T> constexpr TrapKind divS(T a, T b, T* out) {
  using S = Signed<T>;
  const S x = static_cast<S>(a), y = static_cast<S>(b);
  if (y == 0) return TrapKind::IntegerDivideByZero;
  if (x == std::numeric_limits<S>::min() && y == -1) return TrapKind::IntegerOverflow;
  *out = static_cast<T>(x / y);
  return TrapKind::None;
}

template <std::integral T> constexpr TrapKind divU(T a, T b, T* out) {
  using U = Unsigned<T>;
  if (b == 0) return TrapKind::IntegerDivideByZero;
  *out = static_cast<T>(static_cast<U>(a) / static_cast<U>(b));
  return TrapKind::None;
}

// Signed remainder: traps on a zero divisor; MIN % -1 is 0.
template <std::integral T> constexpr TrapKind remS(T a, T b, T* out) {
  using S = Signed<T>;
  const S x = static_cast<S>(a), y = static_cast<S>(b);
  if (y == 0) return TrapKind::IntegerDivideByZero;
  *out = y == -1 ? T{0} : static_cast<T>(x % y);
  return TrapKind::None;
}

template <std::integral T> constexpr TrapKind remU(T a, T b, T* out) {
  using U = Unsigned<T>;
  if (b == 0) return TrapKind::IntegerDivideByZero;
  *out = static_cast<T>(static_cast<U>(a) % static_cast<U>(b));
  return TrapKind::None;
}

// Shift counts are taken modulo the bit width.
template <std::integral T> constexpr T shl(T a, T b) {
  constexpr unsigned kBits = sizeof(T) * 8;
  return static_cast<T>(static_cast<Unsigned<T>>(a) << (static_cast<Unsigned<T>>(b) % kBits));
}
template <std::integral T> constexpr T shrS(T a, T b) {
  constexpr unsigned kBits = sizeof(T) * 8;
  return static_cast<T>(static_cast<Signed<T>>(a) >> (static_cast<Unsigned<T>>(b) % kBits));
}
template <std::integral T> constexpr T shrU(T a, T b) {
  constexpr unsigned kBits = sizeof(T) * 8;
  return static_cast<T>(static_cast<Unsigned<T>>(a) >> (static_cast<Unsigned<T>>(b) % kBits));
}
template <std::integral T> constexpr T rotl(T a, T b) {
  return static_cast<T>(std::rotl(static_cast<Unsigned<T>>(a),
                                  static_cast<int>(static_cast<Unsigned<T>>(b) % (sizeof(T) * 8))));
}
template <std::integral T> constexpr T rotr(T a, T b) {
  return static_cast<T>(std::rotr(static_cast<Unsigned<T>>(a),
                                  static_cast<int>(static_cast<Unsigned<T>>(b) % (sizeof(T) * 8))));
}

template <std::integral T> constexpr T clz(T a) {
  return static_cast<T>(std::countl_zero(static_cast<Unsigned<T>>(a)));
}
template <std::integral T> constexpr T ctz(T a) {
  return static_cast<T>(std::countr_zero(static_cast<Unsigned<T>>(a)));
}
template <std::integral T> constexpr T popcnt(T a) {
  return static_cast<T>(std::popcount(static_cast<Unsigned<T>>(a)));
}

// Comparisons produce an i32 0 or 1.
template <std::integral T> constexpr std::uint32_t ltS(T a, T b) {
  return static_cast<Signed<T>>(a) < static_cast<Signed<T>>(b);
}
template <std::integral T> constexpr std::uint32_t ltU(T a, T b) {
  return static_cast<Unsigned<T>>(a) < static_cast<Unsigned<T>>(b);
}
template <std::integral T> constexpr std::uint32_t leS(T a, T b) {
  return static_cast<Signed<T>>(a) <= static_cast<Signed<T>>(b);
}
template <std::integral T> constexpr std::uint32_t leU(T a, T b) {
  return static_cast<Unsigned<T>>(a) <= static_cast<Unsigned<T>>(b);
}

// Sign-extends the low `Bits` bits of `a` (the extendN_s instructions).
template <unsigned Bits, std::integral T> constexpr T extendS(T a) {
  constexpr unsigned kShift = sizeof(T) * 8 - Bits;
  return static_cast<T>(static_cast<Signed<T>>(static_cast<Unsigned<T>>(a) << kShift) >> kShift);
}

// --- wide arithmetic (128-bit integers as two i64 halves) --------------------------------------

struct Wide128 {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  friend constexpr bool operator==(const Wide128&, const Wide128&) = default;
};

// i64.add128: (aLow, aHigh) + (bLow, bHigh), wrapping at 2^128.
constexpr Wide128 add128(std::uint64_t aLow, std::uint64_t aHigh, std::uint64_t bLow,
                         std::uint64_t bHigh) {
  const std::uint64_t low = aLow + bLow;
  return {low, aHigh + bHigh + (low < aLow ? 1u : 0u)};
}
// i64.sub128: (aLow, aHigh) - (bLow, bHigh), wrapping at 2^128.
constexpr Wide128 sub128(std::uint64_t aLow, std::uint64_t aHigh, std::uint64_t bLow,
                         std::uint64_t bHigh) {
  return {aLow - bLow, aHigh - bHigh - (aLow < bLow ? 1u : 0u)};
}
// i64.mul_wide_u: the full 128-bit product of two unsigned i64.
constexpr Wide128 mulWideU(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t aLow = a & 0xFFFFFFFF, aHigh = a >> 32;
  const std::uint64_t bLow = b & 0xFFFFFFFF, bHigh = b >> 32;
  const std::uint64_t lowLow = aLow * bLow;
  const std::uint64_t highLow = aHigh * bLow;
  const std::uint64_t lowHigh = aLow * bHigh;
  const std::uint64_t highHigh = aHigh * bHigh;
  // The middle column: three 32-bit quantities, at most 3 * (2^32 - 1), no overflow.
  const std::uint64_t middle = (lowLow >> 32) + (highLow & 0xFFFFFFFF) + (lowHigh & 0xFFFFFFFF);
  return {(middle << 32) | (lowLow & 0xFFFFFFFF),
          highHigh + (highLow >> 32) + (lowHigh >> 32) + (middle >> 32)};
}
// i64.mul_wide_s: the full 128-bit product of two signed i64 (two's complement halves).
constexpr Wide128 mulWideS(std::uint64_t a, std::uint64_t b) {
  Wide128 product = mulWideU(a, b);
  // As signed values a = a_u - 2^64 [a < 0]: subtract the cross terms from the high half.
  if (static_cast<std::int64_t>(a) < 0) product.high -= b;
  if (static_cast<std::int64_t>(b) < 0) product.high -= a;
  return product;
}

// --- floats ----------------------------------------------------------------------------------

template <std::floating_point F> constexpr F fromBits(FloatBits<F> bits) {
  return std::bit_cast<F>(bits);
}
template <std::floating_point F> constexpr FloatBits<F> toBits(F value) {
  return std::bit_cast<FloatBits<F>>(value);
}
template <std::floating_point F> constexpr FloatBits<F> signBit() {
  return FloatBits<F>{1} << (sizeof(F) * 8 - 1);
}

template <std::floating_point F> constexpr F fabs(F a) {
  return fromBits<F>(toBits(a) & ~signBit<F>());
}
template <std::floating_point F> constexpr F fneg(F a) {
  return fromBits<F>(toBits(a) ^ signBit<F>());
}
template <std::floating_point F> constexpr F copysign(F a, F b) {
  return fromBits<F>((toBits(a) & ~signBit<F>()) | (toBits(b) & signBit<F>()));
}

// min/max: NaN when either operand is NaN; -0 is less than +0.
template <std::floating_point F> inline F fmin(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;      // a quiet NaN carrying an input's payload
  if (a == b) return fromBits<F>(toBits(a) | toBits(b)); // picks -0 over +0
  return a < b ? a : b;
}
template <std::floating_point F> inline F fmax(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return fromBits<F>(toBits(a) & toBits(b)); // picks +0 over -0
  return a > b ? a : b;
}

// Rounding quiets a NaN operand (the library may pass a signalling NaN through unchanged).
template <std::floating_point F> inline F fceil(F a) {
  return std::isnan(a) ? a + a : std::ceil(a);
}
template <std::floating_point F> inline F ffloor(F a) {
  return std::isnan(a) ? a + a : std::floor(a);
}
template <std::floating_point F> inline F ftrunc(F a) {
  return std::isnan(a) ? a + a : std::trunc(a);
}
// Rounds to the nearest integer, ties to even (the default rounding mode is never changed).
template <std::floating_point F> inline F fnearest(F a) {
  return std::isnan(a) ? a + a : std::nearbyint(a);
}
template <std::floating_point F> inline F fsqrt(F a) {
  return std::sqrt(a);
}

// --- conversions -----------------------------------------------------------------------------

// Float to integer, truncating: traps on NaN ("invalid conversion to integer") and when the
// truncated value does not fit ("integer overflow").
template <std::integral I, std::floating_point F> inline TrapKind truncate(F value, I* out) {
  if (std::isnan(value)) return TrapKind::InvalidConversionToInteger;
  const F truncated = std::trunc(value);
  // -2^(N-1) (or 0) and 2^N (or 2^(N-1)) are powers of two, exact in every float type.
  const F lower = std::is_signed_v<I> ? -std::ldexp(F{1}, sizeof(I) * 8 - 1) : F{0};
  const F upper = std::ldexp(F{1}, std::is_signed_v<I> ? sizeof(I) * 8 - 1 : sizeof(I) * 8);
  if (!(truncated >= lower && truncated < upper)) return TrapKind::IntegerOverflow;
  *out = static_cast<I>(truncated);
  return TrapKind::None;
}

// Float to integer, saturating: NaN gives 0, out-of-range values the nearest bound.
template <std::integral I, std::floating_point F> inline I truncateSaturate(F value) {
  if (std::isnan(value)) return 0;
  const F truncated = std::trunc(value);
  const F lower = std::is_signed_v<I> ? -std::ldexp(F{1}, sizeof(I) * 8 - 1) : F{0};
  const F upper = std::ldexp(F{1}, std::is_signed_v<I> ? sizeof(I) * 8 - 1 : sizeof(I) * 8);
  if (truncated < lower) return std::numeric_limits<I>::min();
  if (truncated >= upper) return std::numeric_limits<I>::max();
  return static_cast<I>(truncated);
}

// Integer to float, rounding to nearest even.
template <std::floating_point F, std::integral I> constexpr F convert(I value) {
  return static_cast<F>(value);
}

// f64 to f32 and back; NaNs stay NaNs (quieted).
inline float demote(double value) {
  return static_cast<float>(value);
}
inline double promote(float value) {
  return static_cast<double>(value);
}

} // namespace wasmline::interp
