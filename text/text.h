// The text format front end: a WebAssembly module in the text format (.wat) to its binary
// encoding, which binary/'s decoder reads and validates. Nothing here validates beyond what the
// text format itself defines (syntax, names, literals, abbreviations).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "wasmline/result.h"

namespace wasmline::text {

// The largest text input accepted (1 GiB). Memory used while parsing stays proportional to the
// input: no syntax tree of instructions is built and nesting lives on the heap.
inline constexpr std::size_t kMaxSourceBytes = std::size_t{1} << 30;

struct TextOptions {
  std::string_view sourceName = "module.wat"; // names the input in messages
  std::size_t maxSourceBytes = kMaxSourceBytes;
  // False for decoders without reference types: the inline element segment of a funcref table
  // `(table funcref (elem ...))` is then written with function indices (flags 0) rather than as
  // expressions of type funcref (flags 4, as the spec's reference encoder writes it).
  bool referenceTypes = true;
};

// Parses a module, `(module $id? field*)` or just `field*` (an empty text is an empty module),
// and encodes it as a binary module with a name section for its symbolic names. Errors:
// Malformed, "name:line:column: message" naming the offending token ("unexpected token",
// "unknown operator", "unknown label $l", "constant out of range", ...); InvalidArgument when
// the text is larger than options.maxSourceBytes.
Result<std::vector<std::uint8_t>> watToBinary(std::string_view text,
                                              const TextOptions& options = {});

} // namespace wasmline::text
