// The module inspection functions of wasmline/inspect.h.
#include "wasmline/inspect.h"

#include "api/access.h"
#include "binary/decoder.h"
#include "interp/compiler.h"
#include "interp/disassembler.h"

namespace wasmline {
namespace {

constexpr const char* kSectionNames[] = {"custom", "type",   "import",    "function", "table",
                                         "memory", "global", "export",    "start",    "element",
                                         "code",   "data",   "datacount", "tag"};

const binary::Module& moduleOf(const Module& module) {
  return api::Access::code(module)->module();
}

} // namespace

std::vector<SectionInfo> moduleSections(const Module& module) {
  if (!module) return {};
  const binary::Module& m = moduleOf(module);
  std::vector<SectionInfo> sections;
  std::size_t custom = 0;
  for (const binary::SectionRange& range : m.sections) {
    SectionInfo info;
    info.id = range.id;
    info.name = range.id < std::size(kSectionNames) ? kSectionNames[range.id] : "unknown";
    if (range.id == 0 && custom < m.customSections.size()) {
      info.name = m.customSections[custom++].name;
    }
    info.offset = range.offset;
    info.size = range.size;
    sections.push_back(std::move(info));
  }
  return sections;
}

std::vector<FunctionInfo> moduleFunctions(const Module& module) {
  if (!module) return {};
  const binary::Module& m = moduleOf(module);
  std::vector<FunctionInfo> functions;
  for (std::uint32_t index = 0; index < m.functions.size(); ++index) {
    FunctionInfo info;
    info.index = index;
    if (const auto name = m.names.functions.find(index); name != m.names.functions.end()) {
      info.name = name->second;
    }
    info.type = m.functionType(index);
    info.imported = index < m.importedFunctions;
    if (!info.imported) {
      const binary::FunctionBody& body = m.bodies[index - m.importedFunctions];
      info.codeOffset = body.codeOffset;
      info.codeSize = body.code.size();
    }
    functions.push_back(std::move(info));
  }
  return functions;
}

std::vector<Feature> moduleFeatures(const Module& module) {
  if (!module) return {};
  const interp::ModuleCode& code = *api::Access::code(module);
  std::vector<Feature> needed;
  for (const FeatureInfo& info : allFeatures()) {
    if (!code.features().has(info.feature)) continue;
    Features without = code.features();
    without.set(info.feature, false);
    if (!binary::decodeModule(code.module().binary, without)) needed.push_back(info.feature);
  }
  return needed;
}

Result<std::string> functionIr(const Module& module, std::uint32_t index) {
  if (!module) {
    return Error(ErrorKind::InvalidArgument,
                 "empty Module handle (default-constructed, refers to nothing)");
  }
  const interp::ModuleCode& code = *api::Access::code(module);
  const binary::Module& m = code.module();
  if (index < m.importedFunctions || index >= m.functions.size()) {
    return Error(ErrorKind::InvalidArgument,
                 "function " + std::to_string(index) + " is not a function the module defines");
  }
  auto compiled = interp::compileFunction(m, code.features(), index, {}, nullptr);
  if (!compiled) return compiled.error();
  return interp::disassemble(*compiled);
}

} // namespace wasmline
