// Comparing two engines' outcomes, with the differences the spec allows (NaN bits) and the ones
// known to come from an engine other than wasmline tolerated and counted.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tests/diff/outcome.h"

namespace wasmline::diff {

// The spec's name for a trap, from either engine's message ("integer divide by zero",
// "out of bounds memory access", ...), or "" when the message is not one of them.
std::string trapCategory(const std::string& message);

// Why two outcomes of the same call differ, or "" when they agree. NaNs compare equal to NaNs of
// the same width whatever their bits (the spec lets arithmetic NaNs differ), also inside v128
// lanes; traps compare by category when both messages have one, else by having trapped.
std::string compareOutcomes(const Outcome& wasmline, const Outcome& other);

// When two outcomes of a call differ for a reason that is not wasmline's: the name of that known
// difference, else "". Known: wabt 1.0.32's interpreter traps with "not implemented" on
// memory.atomic.notify and memory.atomic.wait32/64 (binaryen's interpreter runs them).
std::string knownDifference(const Outcome& wasmline, const Outcome& wabt);

// Why two memories differ ("size 65536 vs 131072", "byte 0x1234: 0x01 vs 0x02"), or "".
// Differing 4- or 8-byte words that are NaNs on both sides are not a difference, but set
// `nanBits` (the engines' states have diverged legitimately: later calls may read those bits).
std::string compareMemories(std::span<const std::uint8_t> wasmline,
                            std::span<const std::uint8_t> other, bool& nanBits);

// True for the instructions whose NaN results the spec leaves to the engine (any arithmetic NaN:
// payload and sign may differ): the float SIMD arithmetic binaryen 108's --denan does not cover.
// Integer code reading those bits afterwards (i16x8.gt_u on an f64x2.sqrt result) may then
// legitimately differ between engines.
bool makesNondeterministicNan(std::string_view instruction);

// The text of a value, e.g. "i32:0x0000002a", "f64:0x7ff8000000000000", "funcref:null".
std::string formatRaw(const RawValue& value);

} // namespace wasmline::diff
