// The text format front end: .wat source to module binary, through libwabt's parser and writer.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "wasmline/features.h"
#include "wasmline/result.h"

namespace wabt {
class Features;
struct Module;
} // namespace wabt

namespace wasmline::runtime {

// wabt's feature set matching ours.
wabt::Features toWabtFeatures(const Features& features);

// Writes a module parsed by wabt as a binary (no validation). Errors: Malformed with wabt's
// messages when it cannot be written.
Result<std::vector<std::uint8_t>> writeWabtModule(const wabt::Module& module,
                                                  const Features& features);

// Parses text-format source into a binary module without validating it. Errors: Malformed, with
// the parser's "line:column: message" lines.
Result<std::vector<std::uint8_t>> watToBinary(std::string_view text, const Features& features,
                                              std::string_view fileName = "module.wat");

} // namespace wasmline::runtime
