// Compiles a function body to IR. The compiler is the validator's sink (binary/code_sink.h): the
// validator decodes and types each instruction once and tells the compiler what it popped, pushed
// and targets; the compiler assigns slots and emits code. The IR names functions, globals,
// tables, memories and segments by index, so it belongs to the module and serves every instance.
#pragma once

#include <cstdint>

#include "binary/module.h"
#include "interp/ir.h"
#include "interp/module_code.h"
#include "wasmline/features.h"
#include "wasmline/result.h"

namespace wasmline::interp {

// Compiles defined function `functionIndex` of `module`, validating its body with `features`
// again as it goes (the module was validated when decoded). With `handlers` (the interpreter's
// handler addresses in IrOp order) every opcode word is its handler's address; without, the
// IrOp number. Errors: Malformed or Invalid when the body does not validate; Unsupported, naming
// the first instruction the interpreter cannot run.
Result<CompiledFunction> compileFunction(const binary::Module& module, const Features& features,
                                         std::uint32_t functionIndex, const CompileOptions& options,
                                         const void* const* handlers);

} // namespace wasmline::interp
