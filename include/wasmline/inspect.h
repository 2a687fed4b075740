// Looking inside a module, for tools: its sections, its functions, the features it needs, the
// interpreter's code (IR) for a function, and the module in the text format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasmline/features.h"
#include "wasmline/module.h"
#include "wasmline/result.h"
#include "wasmline/types.h"

namespace wasmline {

// A section of the module binary.
struct SectionInfo {
  std::uint8_t id = 0;      // 0 for custom sections
  std::string name;         // "type", "import", ..., or a custom section's own name
  std::uint64_t offset = 0; // of its content in the binary
  std::uint64_t size = 0;   // of its content, in bytes
};

// A function of the module's function index space.
struct FunctionInfo {
  std::uint32_t index = 0;
  std::string name; // from the name section; empty when it has none
  FuncType type;
  bool imported = false;
  std::uint64_t codeOffset = 0; // defined functions: their body's first instruction
  std::uint64_t codeSize = 0;   // defined functions: bytes of instructions, final end included
};

// Every section, in binary order.
std::vector<SectionInfo> moduleSections(const Module& module);

// Every function, imported ones first.
std::vector<FunctionInfo> moduleFunctions(const Module& module);

// The features of features.def that the module needs: those without which it would not decode
// or validate (among the ones it was loaded with).
std::vector<Feature> moduleFeatures(const Module& module);

// The IR the interpreter runs for defined function `index`, one instruction per line with its
// fields named as in interp/ir.def (slots sN, branch targets @N). The function is compiled anew
// for display. Errors: InvalidArgument (no such defined function), Unsupported (an instruction
// the interpreter cannot run).
Result<std::string> functionIr(const Module& module, std::uint32_t index);

// How moduleText writes a module.
struct PrintOptions {
  // Folded instructions `(i32.add (local.get 0) (i32.const 1))` and blocks `(block ...)`,
  // `(if (then ...) (else ...))`; false (the default): one instruction per line, blocks closed
  // by `end`.
  bool folded = false;
  // Identifiers (`$name`) from the name section; false: every index as a number.
  bool names = true;
};

// The module in the WebAssembly 3.0 text format, as `wasmline print` writes it: every field
// in section order, names from the name section as $identifiers (quoted where they need it),
// custom sections as (@custom ...) annotations. Module::fromText reads it back to the same
// module (the same types, imports, definitions, segments and instructions; the parser writes
// back the module, function and local names only, and skips the annotations). Errors:
// Malformed when a function body does not decode again (never for a module this library
// decoded).
Result<std::string> moduleText(const Module& module, const PrintOptions& options = {});

} // namespace wasmline
