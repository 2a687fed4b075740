// Comparing two decoded modules for the printer's and encoder's oracle tests: the same module
// means the same definitions and the same instructions, up to how the binary format spelled
// them (LEB128 widths, how local runs are grouped, whether a data count section is present,
// element segments written as function indices or as ref.func expressions, an empty `else`).
#pragma once

#include <optional>
#include <string>

#include "binary/module.h"
#include "wasmline/features.h"

namespace wasmline::test {

// What two modules may differ in and still count as the same.
struct CompareOptions {
  // Compare the names the text encoder writes (module, function and local names, as the
  // printer turns them into identifiers). Off when one module was never given names.
  bool names = true;
  // A segment of funcref whose items are all ref.func equals the same segment of type
  // (ref func): encoders for WebAssembly 2.0 (wabt) write such segments with function indices,
  // which WebAssembly 3.0 types (ref func).
  bool indexSegmentsAsFuncref = false;
  // Block types compare by the signature they stand for: `(type $t)` of a [] -> [] or [] -> [t]
  // type equals the short forms (wabt writes the short form, the reference interpreter and
  // wasmline's parser the type index).
  bool blockTypesBySignature = false;
};

// The first difference between `a` and `b` ("function 3, instruction 7 (offset 0x2a / 0x31):
// i32.add vs i32.sub"), or nullopt when they are the same module. Both must have decoded with
// `features`.
std::optional<std::string> firstDifference(const binary::Module& a, const binary::Module& b,
                                           const Features& features,
                                           const CompareOptions& options = {});

// True when `module` has names the text encoder does not write (types, tables, memories,
// globals, segments, fields, tags, labels) or custom sections other than "name": those do not
// survive printing and parsing again (the parser skips annotations such as (@custom)).
bool hasNamesOrSectionsTextDrops(const binary::Module& module);

} // namespace wasmline::test
