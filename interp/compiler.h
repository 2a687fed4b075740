// Compiles a validated function body to IR. Every operand stack position has a home slot in the
// frame (after the parameters and locals), so block results, call arguments and call results are
// where they need to be without moves.
#pragma once

#include <cstdint>

#include "interp/ir.h"
#include "runtime/store.h"
#include "wasmline/features.h"
#include "wasmline/result.h"

namespace wasmline::interp {

// Compiles function `functionIndex` of `instance`'s module. The IR refers to the instance's
// functions, globals and tables by address. With `handlers` (the interpreter's handler addresses
// in IrOp order) every opcode word is its handler's address; without, the IrOp number. Errors:
// Unsupported, naming the first instruction the interpreter cannot run yet.
Result<CompiledFunction> compileFunction(runtime::StoreData& store,
                                         const runtime::Instance& instance,
                                         std::uint32_t functionIndex, const Features& features,
                                         const void* const* handlers);

} // namespace wasmline::interp
