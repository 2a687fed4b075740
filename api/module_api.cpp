// The public Module: decoding, validation and the import/export listing.
#include <cstring>

#include "api/access.h"
#include "binary/decoder.h"
#include "binary/module.h"
#include "interp/compiler.h"
#include "interp/interpreter.h"
#include "interp/module_code.h"
#include "text/text.h"
#include "wasmline/module.h"

namespace wasmline {

ExternKind externKindOf(const ExternType& type) {
  return static_cast<ExternKind>(type.index());
}

Result<Module> Module::fromBinary(const Engine& engine, std::span<const std::uint8_t> binary) {
  std::vector<std::uint8_t> bytes(binary.begin(), binary.end());
  if (!engine.config().eagerCompilation) {
    auto decoded = binary::decodeModule(std::move(bytes), engine.features());
    if (!decoded) return decoded.error();
    return Module(std::make_shared<interp::ModuleCode>(std::move(*decoded), engine.features()));
  }
  const ExecutionConfig& execution = engine.config().execution;
  const interp::CompileOptions options{execution.consumeFuel, static_cast<bool>(execution.trace),
                                       execution.epochInterruption};
  interp::EagerCompilation compilation(options, interp::dispatchTable());
  auto decoded = binary::decodeModule(std::move(bytes), engine.features(), &compilation);
  if (!decoded) return decoded.error();
  auto code = std::make_shared<interp::ModuleCode>(std::move(*decoded), engine.features());
  compilation.install(*code);
  return Module(std::move(code));
}

Result<Module> Module::fromText(const Engine& engine, std::string_view text) {
  auto binary = textToBinary(text, engine.features());
  if (!binary) return binary.error();
  return fromBinary(engine, *binary);
}

Result<std::vector<std::uint8_t>>
Module::textToBinary(std::string_view text, const Features& features, std::string_view sourceName) {
  text::TextOptions options;
  options.sourceName = sourceName;
  options.referenceTypes = features.referenceTypes;
  return text::watToBinary(text, options);
}

bool Module::looksBinary(std::span<const std::uint8_t> bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "\0asm", 4) == 0;
}

namespace {

ExternType externTypeOf(const binary::Module& module, ExternKind kind, std::uint32_t index) {
  switch (kind) {
  case ExternKind::Func: return module.functionType(index);
  case ExternKind::Table: return module.tables[index];
  case ExternKind::Memory: return module.memories[index];
  case ExternKind::Global: return module.globals[index].type;
  case ExternKind::Tag: return TagType{module.funcType(module.tags[index])};
  }
  return module.functionType(index);
}

} // namespace

std::vector<ImportType> Module::imports() const {
  std::vector<ImportType> result;
  if (!code_) return result;
  result.reserve(code_->module().imports.size());
  for (const binary::Import& entry : code_->module().imports) {
    ImportType import{entry.module, entry.name, FuncType{}};
    switch (entry.kind) {
    case ExternKind::Func: import.type = code_->module().funcType(entry.funcType); break;
    case ExternKind::Table: import.type = entry.table; break;
    case ExternKind::Memory: import.type = entry.memory; break;
    case ExternKind::Global: import.type = entry.global; break;
    case ExternKind::Tag: import.type = TagType{code_->module().funcType(entry.tagType)}; break;
    }
    result.push_back(std::move(import));
  }
  return result;
}

std::vector<ExportType> Module::exports() const {
  std::vector<ExportType> result;
  if (!code_) return result;
  result.reserve(code_->module().exports.size());
  for (const binary::Export& entry : code_->module().exports) {
    result.push_back(
        ExportType{entry.name, externTypeOf(code_->module(), entry.kind, entry.index)});
  }
  return result;
}

bool Module::hasStartFunction() const {
  return code_ && code_->module().start.has_value();
}

const std::string& Module::name() const {
  static const std::string kNoName;
  return code_ ? code_->module().names.module : kNoName;
}

std::string Module::functionName(std::uint32_t index) const {
  const auto& names = code_->module().names.functions;
  const auto found = names.find(index);
  return found == names.end() ? std::string() : found->second;
}

std::vector<CustomSectionView> Module::customSections() const {
  std::vector<CustomSectionView> sections;
  for (const binary::CustomSection& section : code_->module().customSections)
    sections.push_back({section.name, section.content});
  return sections;
}

std::vector<BranchHintInfo> Module::branchHints() const {
  std::vector<BranchHintInfo> hints;
  for (const binary::FunctionBranchHints& function : code_->module().branchHints) {
    for (const binary::BranchHint& hint : function.hints)
      hints.push_back({function.function, hint.offset, hint.likely});
  }
  return hints;
}

std::vector<CustomSectionProblem> Module::customSectionProblems() const {
  std::vector<CustomSectionProblem> problems;
  for (const binary::CustomSectionIssue& issue : code_->module().customIssues)
    problems.push_back({issue.section, issue.message, issue.offset});
  return problems;
}

} // namespace wasmline
