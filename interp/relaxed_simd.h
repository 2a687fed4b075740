// The meaning of the relaxed SIMD instructions (WebAssembly 3.0). The spec lets each of them
// give one of several results where common hardware differs; wasmline makes one choice, the same
// on every host: what the x86-64 instruction an optimizing engine emits gives (SSE4.1, AVX2 and
// FMA3, the project's machine). The choices were compared with V8 11.3 (Node 20, `node
// --experimental-wasm-relaxed-simd`, optimizing tier TurboFan and baseline tier Liftoff) on this
// machine by tests/interp/relaxed_simd_v8.sh, and with wasmtime's x86-64 lowering as its source
// and disassembly tests show it (Cranelift, relaxed SIMD not deterministic, the default):
//
//   instruction                       choice (x86-64 instruction)            V8 TF  wasmtime
//   i8x16.relaxed_swizzle             pshufb: index bit 7 set gives 0, else    =      =
//                                     lane (index & 15)
//   i32x4.relaxed_trunc_f32x4_s       cvttps2dq / cvttpd2dq: NaN and out of     =      =
//   i32x4.relaxed_trunc_f64x2_s_zero  range give 0x80000000
//   i32x4.relaxed_trunc_f32x4_u       saturating, as trunc_sat (x86-64 has     (1)     =
//   i32x4.relaxed_trunc_f64x2_u_zero  no unsigned conversion before AVX-512)
//   f32x4/f64x2.relaxed_madd          vfmadd213: a * b + c rounded once        =     (2)
//   f32x4/f64x2.relaxed_nmadd         vfnmadd213: -(a * b) + c rounded once    =     (2)
//   i8x16.relaxed_laneselect          pblendvb: per byte, mask bit 7           =      =
//   i16x8.relaxed_laneselect          pblendvb: per byte, mask bit 7           =     (3)
//   i32x4.relaxed_laneselect          blendvps: per lane, mask bit 31          =      =
//   i64x2.relaxed_laneselect          blendvpd: per lane, mask bit 63          =      =
//   f32x4/f64x2.relaxed_min           minps/minpd a, b: a < b ? a : b          =     (4)
//   f32x4/f64x2.relaxed_max           maxps/maxpd a, b: a > b ? a : b          =     (4)
//   i16x8.relaxed_q15mulr_s           pmulhrsw: (a * b + 0x4000) >> 15,        =      =
//                                     wrapping (-32768 * -32768 gives -32768)
//   i16x8.relaxed_dot_i8x16_i7x16_s   pmaddubsw b, a: a's bytes signed, b's    =      =
//                                     unsigned, pair sums saturated to i16
//   i32x4.relaxed_dot_i8x16_i7x16_add_s  pmaddubsw, then pmaddwd by ones      =      =
//                                     (two saturated i16 sums added), plus c
//
// Where the engines differ:
//   (1) V8's TurboFan gives values outside what the spec allows for NaN and out-of-range lanes
//       (0xc0000000 for NaN, 0x80000000 for +infinity, 0xffffffff for -1.0); its Liftoff tier and
//       wasmtime saturate, as wasmline does.
//   (2) NaN operands: the result is the first NaN of b, a, c, quieted, sign and payload kept
//       (nmadd does not negate it); a NaN made by the operation (infinity times zero) is x86's
//       default NaN, 0xffc00000 / 0xfff8000000000000. Which operand's NaN x86 returns depends on
//       the register the engine reuses for the result: V8 puts `b` there unless `a` must live on
//       (then a comes first); wasmtime as its register allocator decides, and its nmadd negates
//       `a` first (a NaN in a comes out with its sign flipped). Non-NaN results are the same.
//   (3) wasmtime uses a bitwise select (v128.bitselect) for i16x8: the results differ only where
//       a mask byte is neither 0x00 nor 0xff. V8's Liftoff tier uses pblendvb for every width.
//   (4) wasmtime swaps the operands (minps b, a: b < a ? b : a): the results differ only for a
//       NaN or zeros of different signs, where x86-64 returns its second operand unchanged.
// Every choice is one the spec allows (the relaxed-simd tests accept all of them).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "interp/semantics.h"
#include "interp/simd.h"

namespace wasmline::interp {

// i8x16.relaxed_swizzle: pshufb.
inline V128 relaxedSwizzle(const V128& a, const V128& indices) {
  V128 result;
  for (std::size_t i = 0; i < 16; ++i) {
    const std::uint8_t index = indices.bytes[i];
    result.bytes[i] = (index & 0x80) != 0 ? 0 : a.bytes[index & 0x0F];
  }
  return result;
}

// cvttps2dq / cvttpd2dq on one lane: the truncated value, or INT32_MIN ("integer indefinite")
// for NaN and values outside the i32 range.
template <std::floating_point F> inline std::int32_t truncateIndefinite(F value) {
  if (std::isnan(value)) return std::numeric_limits<std::int32_t>::min();
  const F truncated = std::trunc(value);
  if (!(truncated >= F{-2147483648.0} && truncated < F{2147483648.0})) {
    return std::numeric_limits<std::int32_t>::min();
  }
  return static_cast<std::int32_t>(truncated);
}

// i32x4.relaxed_trunc_f32x4_s.
inline V128 relaxedTruncF32x4S(const V128& a) {
  V128 result;
  for (int i = 0; i < 4; ++i)
    result.setLane<std::int32_t>(i, truncateIndefinite(a.lane<float>(i)));
  return result;
}
// i32x4.relaxed_trunc_f64x2_s_zero: two lanes, the upper two zero.
inline V128 relaxedTruncF64x2SZero(const V128& a) {
  V128 result;
  for (int i = 0; i < 2; ++i)
    result.setLane<std::int32_t>(i, truncateIndefinite(a.lane<double>(i)));
  return result;
}
// i32x4.relaxed_trunc_f32x4_u and i32x4.relaxed_trunc_f64x2_u_zero are the saturating
// truncSatF32x4<std::uint32_t> and truncSatF64x2Zero<std::uint32_t> of simd.h.

// vfmadd213ps/pd and vfnmadd213ps/pd on one lane, `b` in the destination register: a NaN
// operand gives the first NaN of b, a, c, quieted, with its sign and payload (nmadd does not
// negate it); a NaN the operation itself makes (infinity times zero, infinities of opposite
// signs) is x86's default NaN, negative. Otherwise the exact result rounded once.
template <std::floating_point F> inline F fusedMultiplyAdd(F a, F b, F c, bool negate) {
  using Bits = FloatBits<F>;
  constexpr Bits kQuiet = Bits{1} << (std::numeric_limits<F>::digits - 2);
  for (F operand : {b, a, c}) {
    if (std::isnan(operand)) return fromBits<F>(toBits(operand) | kQuiet);
  }
  const F result = std::fma(negate ? fneg(a) : a, b, c);
  if (std::isnan(result))
    return fromBits<F>(signBit<F>() | toBits(std::numeric_limits<F>::quiet_NaN()));
  return result;
}

// f32x4/f64x2.relaxed_madd: a * b + c with one rounding.
template <std::floating_point F>
inline V128 relaxedMadd(const V128& a, const V128& b, const V128& c) {
  V128 result;
  for (int i = 0; i < V128::lanes<F>(); ++i)
    result.setLane<F>(i, fusedMultiplyAdd(a.lane<F>(i), b.lane<F>(i), c.lane<F>(i), false));
  return result;
}
// f32x4/f64x2.relaxed_nmadd: -(a * b) + c with one rounding.
template <std::floating_point F>
inline V128 relaxedNmadd(const V128& a, const V128& b, const V128& c) {
  V128 result;
  for (int i = 0; i < V128::lanes<F>(); ++i)
    result.setLane<F>(i, fusedMultiplyAdd(a.lane<F>(i), b.lane<F>(i), c.lane<F>(i), true));
  return result;
}

// i8x16/i16x8.relaxed_laneselect (pblendvb): each byte from `a` where the mask byte's top bit is
// set, else from `b`.
inline V128 relaxedLaneselectBytes(const V128& a, const V128& b, const V128& mask) {
  V128 result;
  for (std::size_t i = 0; i < 16; ++i)
    result.bytes[i] = (mask.bytes[i] & 0x80) != 0 ? a.bytes[i] : b.bytes[i];
  return result;
}
// i32x4/i64x2.relaxed_laneselect (blendvps/blendvpd): each lane of type L from `a` where the mask
// lane's top bit is set, else from `b`.
template <class L> inline V128 relaxedLaneselect(const V128& a, const V128& b, const V128& mask) {
  using S = std::make_signed_t<L>;
  V128 result;
  for (int i = 0; i < V128::lanes<L>(); ++i) {
    result.setLane<L>(i, static_cast<S>(mask.lane<L>(i)) < 0 ? a.lane<L>(i) : b.lane<L>(i));
  }
  return result;
}

// f32x4/f64x2.relaxed_min (minps/minpd): a < b ? a : b, so a NaN in either operand or two zeros
// give b, bit for bit.
template <std::floating_point F> inline V128 relaxedMin(const V128& a, const V128& b) {
  using Bits = FloatBits<F>;
  V128 result;
  for (int i = 0; i < V128::lanes<F>(); ++i) {
    const bool first = a.lane<F>(i) < b.lane<F>(i);
    result.setLane<Bits>(i, first ? a.lane<Bits>(i) : b.lane<Bits>(i));
  }
  return result;
}
// f32x4/f64x2.relaxed_max (maxps/maxpd): a > b ? a : b, else b, bit for bit.
template <std::floating_point F> inline V128 relaxedMax(const V128& a, const V128& b) {
  using Bits = FloatBits<F>;
  V128 result;
  for (int i = 0; i < V128::lanes<F>(); ++i) {
    const bool first = a.lane<F>(i) > b.lane<F>(i);
    result.setLane<Bits>(i, first ? a.lane<Bits>(i) : b.lane<Bits>(i));
  }
  return result;
}

// i16x8.relaxed_q15mulr_s (pmulhrsw): the rounded high half of the product, wrapping.
inline V128 relaxedQ15mulr(const V128& a, const V128& b) {
  return zipLanes<std::int16_t>(a, b, [](std::int16_t x, std::int16_t y) {
    return static_cast<std::int16_t>(
        static_cast<std::uint16_t>((std::int32_t{x} * std::int32_t{y} + 0x4000) >> 15));
  });
}

// i16x8.relaxed_dot_i8x16_i7x16_s (pmaddubsw b, a): a's bytes signed times b's bytes unsigned,
// adjacent products added and saturated to i16.
inline V128 relaxedDot(const V128& a, const V128& b) {
  V128 result;
  for (int i = 0; i < 8; ++i) {
    std::int32_t sum = 0;
    for (int j = 2 * i; j < 2 * i + 2; ++j)
      sum += std::int32_t{a.lane<std::int8_t>(j)} * std::int32_t{b.lane<std::uint8_t>(j)};
    result.setLane<std::int16_t>(i, saturate<std::int16_t>(sum));
  }
  return result;
}

// i32x4.relaxed_dot_i8x16_i7x16_add_s: relaxedDot's adjacent i16 sums added (pmaddwd by ones),
// plus c, wrapping.
inline V128 relaxedDotAdd(const V128& a, const V128& b, const V128& c) {
  const V128 pairs = relaxedDot(a, b);
  V128 result;
  for (int i = 0; i < 4; ++i) {
    const std::int32_t sum = std::int32_t{pairs.lane<std::int16_t>(2 * i)} +
                             std::int32_t{pairs.lane<std::int16_t>(2 * i + 1)};
    result.setLane<std::int32_t>(i, add<std::int32_t>(sum, c.lane<std::int32_t>(i)));
  }
  return result;
}

} // namespace wasmline::interp
