// Number literals of the text format: integers with underscores and hex digits, floats in
// decimal and hexadecimal notation (correctly rounded), inf, nan and nan:0x payloads.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace wasmline::text {

// An unsigned integer literal (a Nat token's text) no greater than `max`; nullopt when out of
// range or not a Nat.
std::optional<std::uint64_t> parseUnsigned(std::string_view text, std::uint64_t max);

// An integer literal (Nat or Int text) of `bits` width (8, 16, 32 or 64), accepted in the range
// [-2^(bits-1), 2^bits - 1] as the spec's iN is; the result is its two's complement bits.
// nullopt when out of range.
std::optional<std::uint64_t> parseInteger(std::string_view text, int bits);

// A float literal (Nat, Int or Float text) as the bits of an f32 or f64, rounded to nearest even.
// nullopt when it rounds to infinity (without being inf) or when a NaN payload does not fit.
std::optional<std::uint32_t> parseF32(std::string_view text);
std::optional<std::uint64_t> parseF64(std::string_view text);

} // namespace wasmline::text
