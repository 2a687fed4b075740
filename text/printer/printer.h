// The text-format printer: a decoded module (binary/) written as a WebAssembly 3.0 text module
// that the text parser (text/) encodes back to the same module: the same types, imports,
// definitions, segments and instructions (tests/text/printer/print_roundtrip checks it over both
// suites). What does not come back: names other than the module's, functions' and locals' (the
// parser writes no others), custom sections (printed as (@custom) annotations, which the parser
// skips), and how the binary spelled things (LEB128 widths, local runs, element segments as
// indices or expressions, the data count section).
#pragma once

#include <string>

#include "binary/module.h"
#include "wasmline/features.h"
#include "wasmline/result.h"

namespace wasmline::text {

struct PrintOptions {
  // Folded instructions `(i32.add (local.get 0) (i32.const 1))` and blocks `(block ... )`,
  // `(if (then ...) (else ...))`; false: one plain instruction per line, blocks closed by `end`.
  bool folded = false;
  // Identifiers from the name section (`$name`); false: every index printed as a number.
  bool names = true;
};

// Writes `module` (decoded with `features`) in the text format: one field per definition in
// section order (types, imports, functions, tables, memories, globals, exports, start, element
// and data segments), identifiers from the name section, the index of every unnamed definition
// in a `(;N;)` comment, custom sections other than "name" as `(@custom ...)` annotations.
// Errors: Malformed when a function body does not decode again (the module did not come from the
// decoder with these features).
Result<std::string> printModule(const binary::Module& module, const Features& features,
                                const PrintOptions& options = {});

} // namespace wasmline::text
