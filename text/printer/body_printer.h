// Function bodies and constant expressions in the text format, flat or folded.
#pragma once

#include <cstdint>
#include <string>

#include "binary/module.h"
#include "text/printer/context.h"
#include "wasmline/result.h"

namespace wasmline::text {

// Prints the instructions of defined function `function` (its final `end` left out), one line
// each at `depth` levels of indentation and deeper inside blocks. The body is decoded and
// validated again, so that folding knows how many operands each instruction takes (the
// validator's CodeSink reports it). Errors: what decoding the body again reports.
Result<void> printBody(const PrintContext& context, std::uint32_t function, std::size_t depth,
                       TextOut& out);

// A constant expression on one line, folded in either mode as wasm2wat writes them:
// `(i32.add (global.get 0) (i32.const 1))`. `single` tells when it is one folded instruction,
// which the text format lets stand for `(offset ...)` and `(item ...)`.
struct ConstExprText {
  std::string text;
  bool single = false;
};
ConstExprText constExprText(const PrintContext& context, const binary::ConstExpr& expr);

} // namespace wasmline::text
