// Values written on the command line and printed as results: the text forms of --invoke.
#pragma once

#include <string>
#include <string_view>

#include "wasmline/result.h"
#include "wasmline/store.h"
#include "wasmline/types.h"

namespace wasmline::tools {

// Parses `text` as a value of `type`:
//   i32, i64  decimal in the signed range (i32: -2147483648 .. 2147483647), or 0x-hex for the bits
//             (i32: 0x0 .. 0xffffffff; with '-' a negative value, down to -0x80000000)
//   f32, f64  decimal or hex floats (0x1.8p3), inf, -inf, nan, nan:0xPAYLOAD
//   v128      lanes as SHAPE:a,b,... with SHAPE one of i8x16 i16x8 i32x4 i64x2 f32x4 f64x2
//   funcref, externref: only "null"; externref also a number (a host reference to it)
// Errors: InvalidArgument saying what is wrong with the text.
Result<Value> parseValue(std::string_view text, ValType type, Store& store);

// The text of a result: integers in signed decimal, floats in the shortest form that reads back
// exactly (nan:0x... for NaNs other than the canonical one), v128 as i32x4 hex lanes, references
// as ref.null / ref.func / ref.extern N.
std::string formatValue(const Value& value);

} // namespace wasmline::tools
