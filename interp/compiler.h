// Compiles a function body to IR. The compiler is the validator's sink (binary/code_sink.h): the
// validator decodes and types each instruction once and tells the compiler what it popped, pushed
// and targets; the compiler assigns slots and emits code. The IR names functions, globals,
// tables, memories and segments by index, so it belongs to the module and serves every instance.
#pragma once

#include <cstdint>

#include <memory>
#include <utility>
#include <vector>

#include "binary/code_sink.h"
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

// The compiler of one function as a validator sink; finish() after the body's final `end`.
class FunctionCompiler : public binary::CodeSink {
public:
  // The compiled function; see compileFunction() for `handlers`.
  virtual CompiledFunction finish(const void* const* handlers) = 0;
};

// A compiler for defined function `functionIndex` of `module`.
std::unique_ptr<FunctionCompiler> makeFunctionCompiler(const binary::Module& module,
                                                       std::uint32_t functionIndex,
                                                       const CompileOptions& options);

// Compiles every function body as the decoder validates it (EngineConfig::eagerCompilation), so
// each body is decoded once: pass it to binary::decodeModule, then install() into the code.
class EagerCompilation final : public binary::BodySinks {
public:
  EagerCompilation(const CompileOptions& options, const void* const* handlers)
      : options_(options), handlers_(handlers) {}

  binary::CodeSink* begin(const binary::Module& module, std::uint32_t functionIndex) override;
  Result<void> end(std::uint32_t functionIndex) override;
  // Publishes every compiled function in `code`, for the compile options given.
  void install(ModuleCode& code);

private:
  CompileOptions options_;
  const void* const* handlers_;
  std::unique_ptr<FunctionCompiler> current_;
  std::vector<std::pair<std::uint32_t, CompiledFunction>> compiled_;
};

} // namespace wasmline::interp
