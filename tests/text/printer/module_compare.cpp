#include "tests/text/printer/module_compare.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "binary/instr.h"
#include "binary/opcode.h"
#include "binary/reader.h"
#include "text/printer/names.h"

namespace wasmline::test {
namespace {

using binary::Module;

std::string hex(std::size_t value) {
  std::ostringstream out;
  out << "0x" << std::hex << value;
  return out.str();
}

bool sameConstExpr(const binary::ConstExpr& a, const binary::ConstExpr& b) {
  if (a.instrs.size() != b.instrs.size()) return false;
  for (std::size_t i = 0; i < a.instrs.size(); ++i) {
    const binary::ConstInstr& x = a.instrs[i];
    const binary::ConstInstr& y = b.instrs[i];
    if (x.op != y.op || x.value != y.value || !(x.heap == y.heap) ||
        !std::equal(std::begin(x.v128), std::end(x.v128), std::begin(y.v128))) {
      return false;
    }
  }
  return true;
}

bool sameType(const binary::TypeDef& a, const binary::TypeDef& b) {
  return a.kind == b.kind && a.func == b.func && a.fields == b.fields && a.isFinal == b.isFinal &&
         a.supertype == b.supertype && a.recGroup == b.recGroup && a.recGroupSize == b.recGroupSize;
}

bool sameImport(const binary::Import& a, const binary::Import& b) {
  if (a.module != b.module || a.name != b.name || a.kind != b.kind) return false;
  switch (a.kind) {
  case ExternKind::Func: return a.funcType == b.funcType;
  case ExternKind::Table: return a.table == b.table;
  case ExternKind::Memory: return a.memory == b.memory;
  case ExternKind::Global: return a.global == b.global;
  case ExternKind::Tag: return a.tagType == b.tagType;
  }
  return false;
}

// The signature a block type stands for in `module`.
FuncType blockSignature(const Module& module, const binary::BlockType& type) {
  switch (type.kind) {
  case binary::BlockType::Kind::Empty: return {};
  case binary::BlockType::Kind::Value: return FuncType{{}, {type.value}};
  case binary::BlockType::Kind::TypeIndex: break;
  }
  if (type.typeIndex < module.types.size()) return module.types[type.typeIndex].func;
  return {};
}

bool sameBlockType(const Module& ma, const binary::BlockType& a, const Module& mb,
                   const binary::BlockType& b, bool bySignature) {
  if (bySignature) return blockSignature(ma, a) == blockSignature(mb, b);
  return a.kind == b.kind && a.value == b.value && a.typeIndex == b.typeIndex;
}

bool sameInstr(const Module& ma, const binary::Instr& a, const Module& mb, const binary::Instr& b,
               bool blockTypesBySignature) {
  const auto sameCatches = [&] {
    if (a.catches.size() != b.catches.size()) return false;
    for (std::size_t i = 0; i < a.catches.size(); ++i) {
      const binary::CatchClause& x = a.catches[i];
      const binary::CatchClause& y = b.catches[i];
      if (x.kind != y.kind || x.tag != y.tag || x.label != y.label) return false;
    }
    return true;
  };
  return a.op == b.op && sameBlockType(ma, a.block, mb, b.block, blockTypesBySignature) &&
         a.index == b.index && a.index2 == b.index2 && a.mem.alignLog2 == b.mem.alignLog2 &&
         a.mem.memory == b.mem.memory && a.mem.offset == b.mem.offset && a.lane == b.lane &&
         a.value == b.value && a.v128 == b.v128 && a.type == b.type && a.heap == b.heap &&
         a.heap2 == b.heap2 && a.castFlags == b.castFlags && a.selectArity == b.selectArity &&
         std::equal(a.targets.begin(), a.targets.end(), b.targets.begin(), b.targets.end()) &&
         sameCatches();
}

// The types of a body's locals, one per local (the runs may be grouped differently).
std::vector<ValType> localTypes(const binary::FunctionBody& body) {
  std::vector<ValType> types;
  types.reserve(body.localCount);
  for (const binary::LocalRun& run : body.locals)
    types.insert(types.end(), run.count, run.type);
  return types;
}

// The instructions of a body, with an empty `else` (directly followed by `end`) left out: the
// text parser, like wabt, does not encode one, and it means nothing.
class Instructions {
public:
  Instructions(const Module& module, const Features& features, const binary::FunctionBody& body)
      : reader_(module.binary), decoder_(reader_, module, features),
        end_(body.codeOffset + body.code.size()) {
    reader_.seek(body.codeOffset);
    reader_.setInsideSection(true);
  }

  bool atEnd() const { return !pending_ && reader_.offset() >= end_; }

  // The next instruction; false when it does not decode.
  bool next(binary::Instr& instr) {
    if (pending_) {
      instr = *pending_;
      pending_.reset();
      return true;
    }
    instr = binary::Instr{};
    if (!decoder_.next(instr)) return false;
    if (instr.op != binary::Opcode::Else || reader_.offset() >= end_) return true;
    binary::Instr after;
    if (!decoder_.next(after)) return false;
    if (after.op == binary::Opcode::End) {
      instr = after;
    } else {
      pending_ = after;
    }
    return true;
  }

private:
  binary::Reader reader_;
  binary::InstrDecoder decoder_;
  std::size_t end_;
  std::optional<binary::Instr> pending_;
};

// The first difference between the instructions of two bodies of function `function`.
std::optional<std::string> bodyDifference(const Module& a, const Module& b,
                                          const Features& features, std::uint32_t function,
                                          const CompareOptions& options) {
  const std::uint32_t defined = function - a.importedFunctions;
  const binary::FunctionBody& x = a.bodies[defined];
  const binary::FunctionBody& y = b.bodies[defined];
  const std::string where = "function " + std::to_string(function);
  if (localTypes(x) != localTypes(y)) return where + ": different locals";
  Instructions instructionsA(a, features, x);
  Instructions instructionsB(b, features, y);
  for (std::size_t count = 0;; ++count) {
    const bool moreA = !instructionsA.atEnd();
    const bool moreB = !instructionsB.atEnd();
    if (!moreA || !moreB) {
      if (moreA != moreB) return where + ": " + std::to_string(count) + " instructions vs more";
      return std::nullopt;
    }
    binary::Instr instrA;
    binary::Instr instrB;
    if (!instructionsA.next(instrA) || !instructionsB.next(instrB)) {
      return where + ": instruction " + std::to_string(count) + " does not decode again";
    }
    if (!sameInstr(a, instrA, b, instrB, options.blockTypesBySignature)) {
      return where + ", instruction " + std::to_string(count) + " (offset " + hex(instrA.offset) +
             " / " + hex(instrB.offset) + "): " + std::string(binary::opcodeName(instrA.op)) +
             " vs " + std::string(binary::opcodeName(instrB.op));
    }
  }
}

// The first difference between the names the text encoder writes.
std::optional<std::string> namesDifference(const Module& a, const Module& b) {
  const text::ModuleIds idsA = text::makeIds(text::readNameMaps(a), true);
  const text::ModuleIds idsB = text::makeIds(text::readNameMaps(b), true);
  if (idsA.module != idsB.module) return "module name " + idsA.module + " vs " + idsB.module;
  if (!(idsA.space(text::NameSpaceKind::Function) == idsB.space(text::NameSpaceKind::Function))) {
    return std::string("function names");
  }
  for (std::uint32_t function = 0; function < a.functions.size(); ++function) {
    if (!(idsA.localsOf(function) == idsB.localsOf(function))) {
      return "local names of function " + std::to_string(function);
    }
  }
  return std::nullopt;
}

// A segment of type funcref or (ref func) whose items are all `ref.func x`.
bool onlyFunctions(const binary::ElementSegment& segment) {
  if (segment.type != ValType::FuncRef &&
      segment.type != ValType::ref(HeapType(HeapKind::Func), false)) {
    return false;
  }
  return std::all_of(segment.items.begin(), segment.items.end(), [](const binary::ConstExpr& item) {
    return item.instrs.size() == 1 && item.instrs.front().op == binary::Opcode::RefFunc;
  });
}

} // namespace

std::optional<std::string> firstDifference(const Module& a, const Module& b,
                                           const Features& features,
                                           const CompareOptions& options) {
  const auto counted = [](const char* what, std::size_t x, std::size_t y) {
    return std::string(what) + ": " + std::to_string(x) + " vs " + std::to_string(y);
  };
  if (a.types.size() != b.types.size()) return counted("types", a.types.size(), b.types.size());
  for (std::size_t i = 0; i < a.types.size(); ++i) {
    if (!sameType(a.types[i], b.types[i])) return "type " + std::to_string(i);
  }
  if (a.imports.size() != b.imports.size()) {
    return counted("imports", a.imports.size(), b.imports.size());
  }
  for (std::size_t i = 0; i < a.imports.size(); ++i) {
    if (!sameImport(a.imports[i], b.imports[i])) return "import " + std::to_string(i);
  }
  if (a.functions != b.functions) return std::string("function types");
  if (a.tables != b.tables) return std::string("tables");
  if (a.tableInits.size() != b.tableInits.size()) return std::string("table initializers");
  for (std::size_t i = 0; i < a.tableInits.size(); ++i) {
    if (!sameConstExpr(a.tableInits[i], b.tableInits[i])) {
      return "initializer of table " + std::to_string(i + a.importedTables);
    }
  }
  if (a.memories != b.memories) return std::string("memories");
  if (a.tags != b.tags) return std::string("tags");
  if (a.globals.size() != b.globals.size()) {
    return counted("globals", a.globals.size(), b.globals.size());
  }
  for (std::size_t i = 0; i < a.globals.size(); ++i) {
    if (!(a.globals[i].type == b.globals[i].type) ||
        !sameConstExpr(a.globals[i].init, b.globals[i].init)) {
      return "global " + std::to_string(i);
    }
  }
  if (a.exports.size() != b.exports.size()) {
    return counted("exports", a.exports.size(), b.exports.size());
  }
  for (std::size_t i = 0; i < a.exports.size(); ++i) {
    const binary::Export& x = a.exports[i];
    const binary::Export& y = b.exports[i];
    if (x.name != y.name || x.kind != y.kind || x.index != y.index) {
      return "export " + std::to_string(i);
    }
  }
  if (a.start != b.start) return std::string("start function");
  if (a.elements.size() != b.elements.size()) {
    return counted("element segments", a.elements.size(), b.elements.size());
  }
  for (std::size_t i = 0; i < a.elements.size(); ++i) {
    const binary::ElementSegment& x = a.elements[i];
    const binary::ElementSegment& y = b.elements[i];
    bool same = x.mode == y.mode && x.items.size() == y.items.size() &&
                (x.type == y.type ||
                 (options.indexSegmentsAsFuncref && onlyFunctions(x) && onlyFunctions(y)));
    if (same && x.mode == binary::SegmentMode::Active) {
      same = x.table == y.table && sameConstExpr(x.offset, y.offset);
    }
    for (std::size_t item = 0; same && item < x.items.size(); ++item)
      same = sameConstExpr(x.items[item], y.items[item]);
    if (!same) return "element segment " + std::to_string(i);
  }
  if (a.data.size() != b.data.size()) {
    return counted("data segments", a.data.size(), b.data.size());
  }
  for (std::size_t i = 0; i < a.data.size(); ++i) {
    const binary::DataSegment& x = a.data[i];
    const binary::DataSegment& y = b.data[i];
    bool same = x.mode == y.mode &&
                std::equal(x.bytes.begin(), x.bytes.end(), y.bytes.begin(), y.bytes.end());
    if (same && x.mode == binary::SegmentMode::Active) {
      same = x.memory == y.memory && sameConstExpr(x.offset, y.offset);
    }
    if (!same) return "data segment " + std::to_string(i);
  }
  for (std::uint32_t function = a.importedFunctions; function < a.functions.size(); ++function) {
    if (auto difference = bodyDifference(a, b, features, function, options)) return difference;
  }
  if (options.names) return namesDifference(a, b);
  return std::nullopt;
}

bool hasNamesOrSectionsTextDrops(const Module& module) {
  const text::NameMaps maps = text::readNameMaps(module);
  for (std::size_t i = 0; i < text::kNameSpaceKinds; ++i) {
    if (i != static_cast<std::size_t>(text::NameSpaceKind::Function) && !maps.spaces[i].empty()) {
      return true;
    }
  }
  if (!maps.labels.empty() || !maps.fields.empty()) return true;
  for (const binary::CustomSection& section : module.customSections) {
    if (section.name != "name") return true;
  }
  return false;
}

} // namespace wasmline::test
