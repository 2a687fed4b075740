#include "binary/module_rules.h"

#include "binary/subtyping.h"

namespace wasmline::binary {

RuleResult checkMemoryType(const MemoryType& type) {
  if (auto valid = type.validate(); !valid) return valid.error().message();
  return std::nullopt;
}

RuleResult checkTableType(const TableType& type) {
  if (auto valid = type.validate(); !valid) return valid.error().message();
  return std::nullopt;
}

RuleResult checkMemoryCount(const Module& module, const Features& features) {
  if (!features.multiMemory && module.memories.size() > 1) return "multiple memories";
  return std::nullopt;
}

RuleResult checkTableCount(const Module& module, const Features& features) {
  if (!features.referenceTypes && module.tables.size() > 1) return "multiple tables";
  return std::nullopt;
}

RuleResult checkExportIndex(const Module& module, const Export& entry) {
  std::size_t count = 0;
  switch (entry.kind) {
  case ExternKind::Func: count = module.functions.size(); break;
  case ExternKind::Table: count = module.tables.size(); break;
  case ExternKind::Memory: count = module.memories.size(); break;
  case ExternKind::Global: count = module.globals.size(); break;
  case ExternKind::Tag: count = module.tags.size(); break;
  }
  if (entry.index >= count) {
    const char* what =
        entry.kind == ExternKind::Func ? "function" : externKindName(entry.kind).data();
    return "unknown " + std::string(what) + " " + std::to_string(entry.index);
  }
  return std::nullopt;
}

RuleResult checkStart(const Module& module, std::uint32_t function) {
  if (function >= module.functions.size()) {
    return "unknown function " + std::to_string(function);
  }
  if (module.functions[function] >= module.types.size()) return std::nullopt; // reported already
  const FuncType& type = module.functionType(function);
  if (!type.params.empty() || !type.results.empty()) {
    return "start function: must have type [] -> [], has " + type.toString();
  }
  return std::nullopt;
}

RuleResult checkElementSegment(const Module& module, const ElementSegment& segment) {
  if (segment.mode != SegmentMode::Active) return std::nullopt;
  if (segment.table >= module.tables.size()) {
    return "unknown table " + std::to_string(segment.table);
  }
  if (!isSubtype(segment.type, module.tables[segment.table].element, module)) {
    return "type mismatch: element segment of " + std::string(valTypeName(segment.type)) +
           " for a table of " + std::string(valTypeName(module.tables[segment.table].element));
  }
  return std::nullopt;
}

RuleResult checkDataSegment(const Module& module, const DataSegment& segment) {
  if (segment.mode == SegmentMode::Active && segment.memory >= module.memories.size()) {
    return "unknown memory " + std::to_string(segment.memory);
  }
  return std::nullopt;
}

} // namespace wasmline::binary
