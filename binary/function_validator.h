// Validation of function bodies and constant expressions: the spec's algorithm with an operand
// stack and a control stack, run as each instruction is decoded.
#pragma once

#include <cstdint>
#include <optional>

#include "binary/code_sink.h"
#include "binary/module.h"
#include "binary/reader.h"
#include "wasmline/features.h"
#include "wasmline/result.h"

namespace wasmline::binary {

// Errors found in one expression. A decoding error (Malformed) wins over a validation error
// (Invalid): after the first Invalid error decoding goes on to the expression's end, so that a
// later malformation is still reported.
struct ExprErrors {
  std::optional<Error> malformed; // Malformed, or Unsupported for a feature not run yet
  std::optional<Error> invalid;
  std::optional<Error> sink; // what the CodeSink returned
};

// Decodes and validates a function body, reporting each instruction to `sink` when there is one.
// `reader` is at the first instruction (after the locals); on return it is just past the body's
// final `end`. Reads are bounded by the binary, not by the body's declared size, which the caller
// checks afterwards (as the reference interpreter does).
void validateFunctionBody(Reader& reader, const Module& module, const Features& features,
                          std::uint32_t functionIndex, const FunctionBody& body, ExprErrors& errors,
                          CodeSink* sink = nullptr);

// Decodes and validates a constant expression producing `expected`, filling `out.instrs`.
// global.get may name only the first `globalsVisible` globals, and only immutable ones.
void validateConstExpr(Reader& reader, const Module& module, const Features& features,
                       ValType expected, std::uint32_t globalsVisible, ConstExpr& out,
                       ExprErrors& errors);

} // namespace wasmline::binary
