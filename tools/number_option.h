// Numbers given as option values on the command line, parsed strictly: digits only (no sign, no
// spaces, no trailing junk), within the option's documented range.
#pragma once

#include <cstdint>
#include <string_view>

#include "wasmline/result.h"

namespace wasmline::tools {

// A count such as --fuel N or --max-stack N: decimal digits, from `min` to `max`.
// Errors: InvalidArgument naming `option` and saying what is wrong (not a whole number, below the
// minimum, above the maximum).
Result<std::uint64_t> parseCountOption(std::string_view option, std::string_view text,
                                       std::uint64_t min, std::uint64_t max);

// A size in bytes such as --max-memory 64K: decimal digits with an optional suffix K, M or G
// (KB/KiB, MB/MiB, GB/GiB and B also read; binary multiples), from `min` to `max` bytes.
// Errors: InvalidArgument naming `option` (not a size, below the minimum, above the maximum).
Result<std::uint64_t> parseSizeOption(std::string_view option, std::string_view text,
                                      std::uint64_t min, std::uint64_t max);

// A duration such as --timeout 10 or --timeout 500ms: decimal digits with an optional unit, s
// (the default), ms or m; from 1 millisecond to 7 days. Returns milliseconds.
// Errors: InvalidArgument naming `option` (not a duration, zero, too long).
Result<std::uint64_t> parseDurationOption(std::string_view option, std::string_view text);

} // namespace wasmline::tools
