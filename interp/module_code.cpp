#include "interp/module_code.h"

#include "interp/compiler.h"

namespace wasmline::interp {

ModuleCode::ModuleCode(std::shared_ptr<const binary::Module> module, const Features& features)
    : module_(std::move(module)), features_(features),
      slots_(std::make_unique<CodeSlot[]>(module_->bodies.size() * kVariants)) {}

CodeSlot& ModuleCode::slot(std::uint32_t functionIndex, const CompileOptions& options) {
  const std::size_t defined = functionIndex - module_->importedFunctions;
  return slots_[defined * kVariants + options.variant()];
}

Result<const CompiledFunction*> ModuleCode::compile(std::uint32_t functionIndex,
                                                    const CompileOptions& options,
                                                    const void* const* handlers) {
  CodeSlot& target = slot(functionIndex, options);
  if (const CompiledFunction* ready = target.load(std::memory_order_acquire)) return ready;
  const std::lock_guard lock(mutex_);
  if (const CompiledFunction* ready = target.load(std::memory_order_acquire)) return ready;
  auto compiled = compileFunction(*module_, features_, functionIndex, options, handlers);
  if (!compiled) return compiled.error();
  code_.push_back(std::make_unique<CompiledFunction>(std::move(*compiled)));
  compilations_.fetch_add(1, std::memory_order_relaxed);
  target.store(code_.back().get(), std::memory_order_release);
  return code_.back().get();
}

void ModuleCode::install(std::uint32_t functionIndex, const CompileOptions& options,
                         CompiledFunction function) {
  const std::lock_guard lock(mutex_);
  code_.push_back(std::make_unique<CompiledFunction>(std::move(function)));
  compilations_.fetch_add(1, std::memory_order_relaxed);
  slot(functionIndex, options).store(code_.back().get(), std::memory_order_release);
}

} // namespace wasmline::interp
