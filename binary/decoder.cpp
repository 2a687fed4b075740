#include "binary/decoder.h"

#include <string>
#include <unordered_set>

#include "binary/code_metadata.h"
#include "binary/function_validator.h"
#include "binary/module_rules.h"
#include "binary/name_section.h"
#include "binary/reader.h"
#include "binary/subtyping.h"
#include "binary/type_reader.h"
#include "binary/type_registry.h"

namespace wasmline::binary {
namespace {

constexpr std::uint32_t kMagic = 0x6D736100; // "\0asm"
constexpr std::uint32_t kVersion = 1;
// Locals per function (parameters included), as the JS embedding limits them.
constexpr std::uint64_t kMaxLocals = 50000;
// Types per module, as the JS embedding limits them.
constexpr std::uint64_t kMaxTypes = 1000000;

enum SectionId : std::uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElement = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
  kTag = 13,
};

// Position of a section in the required order (the data count section precedes the code, the
// tag section follows the memories).
int sectionRank(std::uint8_t id) {
  static constexpr int kRanks[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
  return kRanks[id];
}

class Decoder {
public:
  Decoder(Module& module, const Features& features, BodySinks* bodies)
      : module_(module), features_(features), reader_(module.binary), bodies_(bodies) {}

  // Decodes everything; returns the first malformation, else the first validation error, else
  // what a body sink reported.
  Result<void> run() {
    header();
    sections();
    if (reader_.failed()) return reader_.error();
    if (invalid_) return *invalid_;
    if (sinkError_) return *sinkError_;
    return {};
  }

private:
  void invalid(std::string message, std::size_t offset) {
    if (!invalid_) invalid_.emplace(ErrorKind::Invalid, std::move(message), offset);
  }
  void merge(const ExprErrors& errors) {
    if (errors.malformed) {
      reader_.fail(errors.malformed->message(), errors.malformed->byteOffset());
    }
    if (errors.invalid) invalid(errors.invalid->message(), errors.invalid->byteOffset());
  }
  // A body sink failed: the rest is only decoded and validated, and the sink's error reported if
  // nothing else is wrong.
  void sinkFailed(const Error& error) {
    sinkError_ = error;
    bodies_ = nullptr;
  }
  void check(const RuleResult& rule, std::size_t offset) {
    if (rule) invalid(*rule, offset);
  }

  void header() {
    const std::uint32_t magic = reader_.fixedU32();
    if (!reader_.failed() && magic != kMagic) reader_.fail("magic header not detected", 0);
    const std::uint32_t version = reader_.fixedU32();
    if (!reader_.failed() && version != kVersion) reader_.fail("unknown binary version", 4);
  }

  void sections() {
    int lastRank = 0;
    while (!reader_.failed() && !reader_.atEnd()) {
      reader_.setInsideSection(false);
      const std::size_t idOffset = reader_.offset();
      const std::uint8_t id = reader_.u8();
      if (reader_.failed()) return;
      if (id == kTag) {
        if (!reader_.require(features_, Feature::Exceptions, "the tag section is",
                             "malformed section id", idOffset)) {
          return;
        }
      } else if (id > kDataCount) {
        return reader_.fail("malformed section id", idOffset);
      }
      if (id != kCustom) {
        if (sectionRank(id) <= lastRank) {
          return reader_.fail("unexpected content after last section", idOffset);
        }
        lastRank = sectionRank(id);
      }
      const std::uint32_t size = reader_.length();
      if (reader_.failed()) return;
      const std::size_t start = reader_.offset();
      reader_.setInsideSection(true);
      module_.sections.push_back(
          SectionRange{id, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(size)});
      section(id, start, size);
      if (!reader_.failed() && reader_.offset() != start + size) {
        reader_.fail("section size mismatch", start);
      }
    }
    reader_.setInsideSection(false);
    if (reader_.failed()) return;
    if (!sawCode_ && module_.functions.size() != module_.importedFunctions) {
      reader_.fail("function and code section have inconsistent lengths", reader_.offset());
    }
    if (!sawData_ && module_.dataCount && *module_.dataCount != 0) {
      reader_.fail("data count and data section have inconsistent lengths", reader_.offset());
    }
  }

  void section(std::uint8_t id, std::size_t start, std::uint32_t size) {
    switch (id) {
    case kCustom: return customSection(start, size);
    case kType: return typeSection();
    case kImport: return importSection();
    case kFunction: return functionSection();
    case kTable: return tableSection();
    case kMemory: return memorySection();
    case kGlobal: return globalSection();
    case kTag: return tagSection();
    case kExport: return exportSection();
    case kStart: return startSection();
    case kElement: return elementSection();
    case kDataCount: module_.dataCount = reader_.u32(); return;
    case kCode: return codeSection();
    case kData: return dataSection();
    default: return;
    }
  }

  // --- types -----------------------------------------------------------------------------

  // A value or reference type whose concrete heap type must name one of the first `types` types
  // of the module (all of them when omitted): "unknown type" otherwise.
  ValType valType(std::optional<std::size_t> types = std::nullopt) {
    const std::size_t offset = reader_.offset();
    return checked(readValType(reader_, features_), types, offset);
  }
  ValType refType(std::optional<std::size_t> types = std::nullopt) {
    const std::size_t offset = reader_.offset();
    return checked(readRefType(reader_, features_), types, offset);
  }
  ValType checked(ValType type, std::optional<std::size_t> types, std::size_t offset) {
    if (type.isRef() && type.heapType().isConcrete() &&
        type.heapType().index() >= types.value_or(module_.types.size()) && !reader_.failed()) {
      invalid("unknown type " + std::to_string(type.heapType().index()), offset);
    }
    return type;
  }

  // Limits of a table (tableFlags) or memory: a flags byte, then min and optional max, then the
  // log2 of a custom page size (flag 0x08).
  struct DecodedLimits {
    Limits limits;
    bool shared = false;
    bool is64 = false;
    std::uint8_t pageSizeLog2 = kWasmPageSizeLog2;
  };
  DecodedLimits limits(bool memory) {
    DecodedLimits result;
    const std::size_t offset = reader_.offset();
    const std::uint8_t flags = reader_.u8();
    if (reader_.failed()) return result;
    std::uint8_t allowed = 0x01;
    if (memory && features_.threads) allowed |= 0x02;
    if (features_.memory64) allowed |= 0x04;
    if (memory && features_.customPageSizes) allowed |= 0x08;
    if (flags & 0x80) {
      reader_.fail("integer representation too long", offset);
      return result;
    }
    if (!memory && (flags & 0x04) && (flags & ~allowed) == 0 &&
        !reader_.require(features_, Feature::Memory64, "64-bit tables are", "", offset)) {
      return result;
    }
    if ((flags & 0x08) && (flags & ~allowed) == 0 &&
        !reader_.require(features_, Feature::CustomPageSizes, "custom page sizes are", "",
                         offset)) {
      return result;
    }
    if ((flags & ~allowed) != 0) {
      std::string message =
          features_.threads || features_.memory64 ? "malformed limits flags" : "integer too large";
      // The flag of a proposal that is not enabled: say which.
      if (memory && (flags & ~allowed) == 0x08 && !features_.customPageSizes) {
        message += " (flag 0x08 is a custom page size: enable custom-page-sizes)";
      }
      reader_.fail(std::move(message), offset);
      return result;
    }
    result.shared = (flags & 0x02) != 0;
    result.is64 = (flags & 0x04) != 0;
    // WebAssembly 3.0 (memory64) reads u64 limits for every index type and leaves the range to
    // validation ("memory size", "table size"); 2.0 reads u32 for 32-bit ones.
    const bool wide = result.is64 || features_.memory64;
    result.limits.min = wide ? reader_.u64() : reader_.u32();
    if (flags & 0x01) result.limits.max = wide ? reader_.u64() : reader_.u32();
    if (flags & 0x08) {
      // Validation allows 0 and 16; a page size of 2^64 or more cannot even be represented.
      const std::size_t pageSizeOffset = reader_.offset();
      const std::uint32_t log2 = reader_.u32();
      if (!reader_.failed() && log2 >= 64) {
        reader_.fail("invalid custom page size", pageSizeOffset);
        return result;
      }
      result.pageSizeLog2 = static_cast<std::uint8_t>(log2);
    }
    return result;
  }

  TableType tableType() {
    TableType type;
    type.element = refType();
    const DecodedLimits decoded = limits(false);
    type.limits = decoded.limits;
    type.is64 = decoded.is64;
    return type;
  }

  MemoryType memoryType() {
    const DecodedLimits decoded = limits(true);
    return MemoryType{decoded.limits, decoded.is64, decoded.shared, decoded.pageSizeLog2};
  }

  GlobalType globalType() {
    GlobalType type;
    type.type = valType();
    const std::size_t offset = reader_.offset();
    const std::uint8_t mutability = reader_.u8();
    if (!reader_.failed() && mutability > 1) reader_.fail("malformed mutability", offset);
    type.isMutable = mutability == 1;
    return type;
  }

  // --- sections --------------------------------------------------------------------------

  void typeSection() {
    const std::uint32_t count = reader_.u32();
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      const std::size_t offset = reader_.offset();
      const std::optional<std::uint8_t> form = reader_.peek();
      if (!form) {
        reader_.u8(); // records the end
        return;
      }
      if (*form == 0x4E || *form == 0x50 || *form == 0x4F || *form == 0x5F || *form == 0x5E) {
        // rec, sub, sub final, struct, array
        if (!reader_.require(features_, Feature::Gc, "recursive, struct and array types are",
                             "malformed function type", offset)) {
          return;
        }
      }
      std::uint32_t groupSize = 1;
      if (*form == 0x4E) {
        reader_.u8();
        groupSize = reader_.u32();
      }
      const auto first = static_cast<std::uint32_t>(module_.types.size());
      if (reader_.failed()) return;
      if (std::uint64_t{first} + groupSize > kMaxTypes) {
        return reader_.fail("too many types", offset);
      }
      std::vector<std::size_t> offsets;
      for (std::uint32_t t = 0; t < groupSize && !reader_.failed(); ++t) {
        offsets.push_back(reader_.offset());
        TypeDef type = subType(first + groupSize);
        type.recGroup = first;
        type.recGroupSize = groupSize;
        module_.types.push_back(std::move(type));
      }
      if (reader_.failed()) return;
      for (std::uint32_t id :
           canonicalizeGroup(module_, first, groupSize, module_.canonicalTypeIds))
        module_.canonicalTypeIds.push_back(id);
      for (std::uint32_t t = 0; t < groupSize; ++t)
        checkSupertype(first + t, offsets[t]);
    }
  }

  // A subtype: optional sub/sub final with its supertypes, then a composite type whose concrete
  // heap types must be below `visible`.
  TypeDef subType(std::uint32_t visible) {
    TypeDef type;
    const std::size_t offset = reader_.offset();
    const std::uint8_t form = reader_.peek().value_or(0);
    if (form == 0x50 || form == 0x4F) {
      reader_.u8();
      type.isFinal = form == 0x4F;
      const std::size_t countOffset = reader_.offset();
      const std::uint32_t supers = reader_.u32();
      if (reader_.failed()) return type;
      if (supers > 1) {
        invalid("type " + std::to_string(module_.types.size()) + " has more than one supertype",
                countOffset);
      }
      for (std::uint32_t s = 0; s < supers && !reader_.failed(); ++s) {
        const std::size_t superOffset = reader_.offset();
        const std::uint32_t super = reader_.u32();
        if (reader_.failed()) return type;
        if (super >= module_.types.size()) {
          invalid("unknown type " + std::to_string(super), superOffset);
        } else {
          type.supertype = super;
        }
      }
    }
    compositeType(type, visible, offset);
    return type;
  }

  void compositeType(TypeDef& type, std::uint32_t visible, std::size_t offset) {
    const std::size_t formOffset = reader_.offset();
    const std::uint8_t form = reader_.u8();
    if (reader_.failed()) return;
    switch (form) {
    case 0x60: {
      type.kind = TypeDef::Kind::Func;
      const std::uint32_t params = reader_.u32();
      for (std::uint32_t p = 0; p < params && !reader_.failed(); ++p)
        type.func.params.push_back(valType(visible));
      const std::size_t resultsOffset = reader_.offset();
      const std::uint32_t results = reader_.u32();
      for (std::uint32_t r = 0; r < results && !reader_.failed(); ++r)
        type.func.results.push_back(valType(visible));
      if (results > 1 && !features_.multiValue) invalid("invalid result arity", resultsOffset);
      return;
    }
    case 0x5F: {
      type.kind = TypeDef::Kind::Struct;
      const std::uint32_t fields = reader_.u32();
      for (std::uint32_t f = 0; f < fields && !reader_.failed(); ++f)
        type.fields.push_back(fieldType(visible));
      return;
    }
    case 0x5E:
      type.kind = TypeDef::Kind::Array;
      type.fields.push_back(fieldType(visible));
      return;
    default:
      (void)offset;
      if (form & 0x80) return reader_.fail("integer representation too long", formOffset);
      return reader_.fail(features_.gc ? "malformed composite type" : "malformed function type",
                          formOffset);
    }
  }

  FieldType fieldType(std::uint32_t visible) {
    FieldType field;
    const std::uint8_t first = reader_.peek().value_or(0);
    if (first == 0x78 || first == 0x77) {
      reader_.u8();
      field.packing = first == 0x78 ? FieldType::Packing::I8 : FieldType::Packing::I16;
      field.type = ValType::I32;
    } else {
      field.type = valType(visible);
    }
    const std::size_t offset = reader_.offset();
    const std::uint8_t mutability = reader_.u8();
    if (!reader_.failed() && mutability > 1) reader_.fail("malformed mutability", offset);
    field.isMutable = mutability == 1;
    return field;
  }

  // A declared supertype must not be final, be of the same kind, and the type must match it.
  void checkSupertype(std::uint32_t index, std::size_t offset) {
    const TypeDef& type = module_.types[index];
    if (!type.supertype) return;
    const TypeDef& super = module_.types[*type.supertype];
    const std::string what = "sub type " + std::to_string(index) + " does not match super type " +
                             std::to_string(*type.supertype);
    if (super.isFinal) return invalid(what + " (the super type is final)", offset);
    if (!compositeMatches(type, super)) invalid(what, offset);
  }

  bool compositeMatches(const TypeDef& sub, const TypeDef& super) const {
    if (sub.kind != super.kind) return false;
    switch (sub.kind) {
    case TypeDef::Kind::Func: {
      const FuncType& a = sub.func;
      const FuncType& b = super.func;
      if (a.params.size() != b.params.size() || a.results.size() != b.results.size()) {
        return false;
      }
      for (std::size_t i = 0; i < a.params.size(); ++i) {
        if (!isSubtype(b.params[i], a.params[i], module_)) return false;
      }
      for (std::size_t i = 0; i < a.results.size(); ++i) {
        if (!isSubtype(a.results[i], b.results[i], module_)) return false;
      }
      return true;
    }
    case TypeDef::Kind::Struct:
    case TypeDef::Kind::Array:
      if (sub.fields.size() < super.fields.size()) return false;
      if (sub.kind == TypeDef::Kind::Array && sub.fields.size() != super.fields.size()) {
        return false;
      }
      for (std::size_t i = 0; i < super.fields.size(); ++i) {
        if (!fieldMatches(sub.fields[i], super.fields[i])) return false;
      }
      return true;
    }
    return false;
  }

  bool fieldMatches(const FieldType& sub, const FieldType& super) const {
    if (sub.isMutable != super.isMutable || sub.packing != super.packing) return false;
    if (!isSubtype(sub.type, super.type, module_)) return false;
    return !sub.isMutable || isSubtype(super.type, sub.type, module_);
  }

  std::uint32_t typeIndex() {
    const std::size_t offset = reader_.offset();
    const std::uint32_t index = reader_.u32();
    if (!reader_.failed() && index >= module_.types.size()) {
      invalid("unknown type " + std::to_string(index), offset);
      return 0;
    }
    return index;
  }

  // A type index that must name a function type (a function's or a function import's).
  std::uint32_t funcTypeIndex() {
    const std::size_t offset = reader_.offset();
    const std::uint32_t index = typeIndex();
    if (!reader_.failed() && index < module_.types.size() &&
        module_.types[index].kind != TypeDef::Kind::Func) {
      invalid("type mismatch: type " + std::to_string(index) + " is not a function type", offset);
    }
    return index;
  }

  void importSection() {
    const std::uint32_t count = reader_.u32();
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      Import entry;
      entry.module = reader_.name();
      entry.name = reader_.name();
      const std::size_t kindOffset = reader_.offset();
      const std::uint8_t kind = reader_.u8();
      if (reader_.failed()) return;
      const std::size_t offset = reader_.offset();
      switch (kind) {
      case 0:
        entry.kind = ExternKind::Func;
        entry.funcType = funcTypeIndex();
        module_.functions.push_back(entry.funcType);
        ++module_.importedFunctions;
        break;
      case 1:
        entry.kind = ExternKind::Table;
        entry.table = tableType();
        check(checkTableType(entry.table), offset);
        module_.tables.push_back(entry.table);
        ++module_.importedTables;
        check(checkTableCount(module_, features_), offset);
        break;
      case 2:
        entry.kind = ExternKind::Memory;
        entry.memory = memoryType();
        check(checkMemoryType(entry.memory), offset);
        module_.memories.push_back(entry.memory);
        ++module_.importedMemories;
        check(checkMemoryCount(module_, features_), offset);
        break;
      case 3:
        entry.kind = ExternKind::Global;
        entry.global = globalType();
        module_.globals.push_back(Global{entry.global, {}});
        ++module_.importedGlobals;
        break;
      case 4:
        if (!reader_.require(features_, Feature::Exceptions, "tag imports are",
                             "malformed import kind", kindOffset)) {
          return;
        }
        entry.kind = ExternKind::Tag;
        entry.tagType = tagType();
        module_.tags.push_back(entry.tagType);
        ++module_.importedTags;
        break;
      default: return reader_.fail("malformed import kind", kindOffset);
      }
      module_.imports.push_back(std::move(entry));
    }
  }

  void functionSection() {
    const std::uint32_t count = reader_.u32();
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      module_.functions.push_back(funcTypeIndex());
    }
  }

  void tableSection() {
    const std::uint32_t count = reader_.u32();
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      const std::size_t offset = reader_.offset();
      if (reader_.peek() == 0x40 && // a table with an initializer expression
          !reader_.require(features_, Feature::FunctionReferences, "table initializers are",
                           "malformed reference type", offset)) {
        return;
      }
      const bool initialized = reader_.peek() == 0x40;
      if (initialized) {
        reader_.u8();
        const std::size_t zero = reader_.offset();
        if (reader_.u8() != 0 && !reader_.failed()) return reader_.fail("malformed table", zero);
      }
      module_.tables.push_back(tableType());
      check(checkTableType(module_.tables.back()), offset);
      ConstExpr init;
      const ValType element = module_.tables.back().element;
      if (initialized) {
        constExpr(element, static_cast<std::uint32_t>(module_.globals.size()), init);
      } else if (!element.nullable() && !reader_.failed()) {
        invalid("type mismatch: a table of " + element.toString() + " needs an initializer",
                offset);
      }
      module_.tableInits.resize(module_.tables.size() - module_.importedTables);
      module_.tableInits.back() = std::move(init);
      check(checkTableCount(module_, features_), offset);
    }
  }

  void memorySection() {
    const std::uint32_t count = reader_.u32();
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      const std::size_t offset = reader_.offset();
      module_.memories.push_back(memoryType());
      check(checkMemoryType(module_.memories.back()), offset);
      check(checkMemoryCount(module_, features_), offset);
    }
  }

  // The globals a constant expression may read, when `defined` globals precede it: the imported
  // ones in WebAssembly 2.0; from 3.0 on (typed function references, GC) every global defined
  // before it (the validator checks they are immutable).
  std::uint32_t constGlobalsVisible(std::size_t defined) const {
    if (features_.functionReferences || features_.gc) return static_cast<std::uint32_t>(defined);
    return module_.importedGlobals;
  }

  void constExpr(ValType expected, std::uint32_t globalsVisible, ConstExpr& out) {
    out.offset = static_cast<std::uint32_t>(reader_.offset());
    ExprErrors errors;
    errors.invalid = invalid_; // once the module is invalid, expressions are only decoded
    validateConstExpr(reader_, module_, features_, expected, globalsVisible, out, errors);
    merge(errors);
    for (const ConstInstr& instr : out.instrs) {
      if (instr.op == Opcode::RefFunc) declareFunctionRef(instr.value);
    }
  }

  void declareFunctionRef(std::uint64_t function) {
    if (function < module_.functions.size()) {
      module_.declaredFunctionRefs.resize(module_.functions.size(), false);
      module_.declaredFunctionRefs[function] = true;
    }
  }

  // A tag's attribute (0: an exception) and type, which must be a function type without results.
  std::uint32_t tagType() {
    const std::size_t offset = reader_.offset();
    const std::uint8_t attribute = reader_.u8();
    if (reader_.failed()) return 0;
    if (attribute != 0) {
      reader_.fail("malformed tag attribute", offset);
      return 0;
    }
    const std::size_t typeOffset = reader_.offset();
    const std::uint32_t index = typeIndex();
    if (reader_.failed() || index >= module_.types.size()) return 0;
    if (module_.types[index].kind != TypeDef::Kind::Func) {
      invalid("type mismatch: tag type " + std::to_string(index) + " is not a function type",
              typeOffset);
    } else if (!module_.funcType(index).results.empty()) {
      invalid("non-empty tag result type", typeOffset);
    }
    return index;
  }

  void tagSection() {
    const std::uint32_t count = reader_.u32();
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      module_.tags.push_back(tagType());
    }
  }

  void globalSection() {
    const std::uint32_t count = reader_.u32();
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      Global global;
      global.type = globalType();
      if (reader_.failed()) return;
      constExpr(global.type.type, constGlobalsVisible(module_.globals.size()), global.init);
      module_.globals.push_back(std::move(global));
    }
  }

  void exportSection() {
    const std::uint32_t count = reader_.u32();
    std::unordered_set<std::string> names;
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      const std::size_t offset = reader_.offset();
      Export entry;
      entry.name = reader_.name();
      const std::size_t kindOffset = reader_.offset();
      const std::uint8_t kind = reader_.u8();
      if (reader_.failed()) return;
      if (kind == 4 && !reader_.require(features_, Feature::Exceptions, "tag exports are",
                                        "malformed export kind", kindOffset)) {
        return;
      }
      if (kind > 4) return reader_.fail("malformed export kind", kindOffset);
      entry.kind = static_cast<ExternKind>(kind);
      entry.index = reader_.u32();
      if (reader_.failed()) return;
      check(checkExportIndex(module_, entry), offset);
      if (!names.insert(entry.name).second) {
        invalid("duplicate export name \"" + entry.name + "\"", offset);
      }
      if (entry.kind == ExternKind::Func) declareFunctionRef(entry.index);
      module_.exports.push_back(std::move(entry));
    }
  }

  void startSection() {
    const std::size_t offset = reader_.offset();
    const std::uint32_t function = reader_.u32();
    if (reader_.failed()) return;
    check(checkStart(module_, function), offset);
    module_.start = function;
  }

  // The element kind byte of the legacy segment encodings: only 0x00 (funcref).
  void elementKind() {
    const std::size_t offset = reader_.offset();
    const std::uint8_t kind = reader_.u8();
    if (!reader_.failed() && kind != 0x00) reader_.fail("malformed element kind", offset);
  }

  void elementSection() {
    const std::uint32_t count = reader_.u32();
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      const std::size_t offset = reader_.offset();
      const std::uint32_t flags = reader_.u32();
      if (reader_.failed()) return;
      if (flags > 7) return reader_.fail("malformed elements segment kind", offset);
      ElementSegment segment;
      const bool passiveOrDeclarative = flags & 0x01;
      const bool explicitTable = flags & 0x02;
      const bool expressions = flags & 0x04;
      // Without an explicit type: funcref expressions, or function indices (never null).
      segment.type = expressions ? ValType::FuncRef : ValType::ref(HeapType(HeapKind::Func), false);
      if (passiveOrDeclarative) {
        segment.mode = explicitTable ? SegmentMode::Declarative : SegmentMode::Passive;
      } else {
        segment.mode = SegmentMode::Active;
        if (explicitTable) segment.table = reader_.u32();
        // The offset has the table's index type (i64 for table64); checkElementSegment reports
        // an unknown table.
        const bool is64 =
            segment.table < module_.tables.size() && module_.tables[segment.table].is64;
        constExpr(is64 ? ValType::I64 : ValType::I32, constGlobalsVisible(module_.globals.size()),
                  segment.offset);
      }
      if (passiveOrDeclarative || explicitTable) {
        if (expressions) {
          segment.type = refType();
        } else {
          elementKind();
        }
      }
      const std::uint32_t items = reader_.u32();
      for (std::uint32_t item = 0; item < items && !reader_.failed(); ++item) {
        ConstExpr expr;
        if (expressions) {
          constExpr(segment.type, constGlobalsVisible(module_.globals.size()), expr);
        } else {
          const std::size_t indexOffset = reader_.offset();
          const std::uint32_t function = reader_.u32();
          if (!reader_.failed() && function >= module_.functions.size()) {
            invalid("unknown function " + std::to_string(function), indexOffset);
          }
          expr.offset = static_cast<std::uint32_t>(indexOffset);
          expr.instrs.push_back(ConstInstr{Opcode::RefFunc, function, {}});
          declareFunctionRef(function);
        }
        segment.items.push_back(std::move(expr));
      }
      check(checkElementSegment(module_, segment), offset);
      module_.elements.push_back(std::move(segment));
    }
  }

  void codeSection() {
    sawCode_ = true;
    const std::size_t countOffset = reader_.offset();
    const std::uint32_t count = reader_.u32();
    if (reader_.failed()) return;
    const std::size_t defined = module_.functions.size() - module_.importedFunctions;
    if (count != defined) {
      return reader_.fail("function and code section have inconsistent lengths", countOffset);
    }
    module_.declaredFunctionRefs.resize(module_.functions.size(), false);
    module_.bodies.reserve(count);
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      const std::uint32_t size = reader_.length();
      const std::size_t start = reader_.offset();
      FunctionBody body;
      body.bodyOffset = static_cast<std::uint32_t>(start);
      const std::uint32_t function = module_.importedFunctions + i;
      const bool typeKnown = module_.functions[function] < module_.types.size();
      std::uint64_t locals = typeKnown ? module_.functionType(function).params.size() : 0;
      const std::uint32_t runs = reader_.u32();
      for (std::uint32_t r = 0; r < runs && !reader_.failed(); ++r) {
        const std::size_t runOffset = reader_.offset();
        LocalRun run;
        run.count = reader_.u32();
        run.type = valType();
        locals += run.count;
        if (!reader_.failed() && locals > kMaxLocals) {
          return reader_.fail("too many locals: more than " + std::to_string(kMaxLocals),
                              runOffset);
        }
        body.localCount += run.count;
        body.locals.push_back(run);
      }
      if (reader_.failed()) return;
      body.codeOffset = static_cast<std::uint32_t>(reader_.offset());
      ExprErrors errors;
      errors.invalid = invalid_; // once the module is invalid, bodies are only decoded
      CodeSink* sink =
          bodies_ != nullptr && !invalid_ ? bodies_->begin(module_, function) : nullptr;
      validateFunctionBody(reader_, module_, features_, function, body, errors, sink);
      merge(errors);
      if (reader_.failed()) return;
      if (errors.sink) {
        sinkFailed(*errors.sink);
      } else if (sink != nullptr && !invalid_) {
        if (auto ended = bodies_->end(function); !ended) sinkFailed(ended.error());
      }
      if (reader_.offset() != start + size) return reader_.fail("section size mismatch", start);
      body.code =
          std::span(module_.binary).subspan(body.codeOffset, start + size - body.codeOffset);
      module_.bodies.push_back(std::move(body));
    }
  }

  void dataSection() {
    sawData_ = true;
    const std::size_t countOffset = reader_.offset();
    const std::uint32_t count = reader_.u32();
    if (reader_.failed()) return;
    if (module_.dataCount && *module_.dataCount != count) {
      return reader_.fail("data count and data section have inconsistent lengths", countOffset);
    }
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
      const std::size_t offset = reader_.offset();
      const std::uint32_t flags = reader_.u32();
      if (reader_.failed()) return;
      if (flags > 2) return reader_.fail("malformed data segment kind", offset);
      DataSegment segment;
      if (flags == 1) {
        segment.mode = SegmentMode::Passive;
      } else {
        segment.mode = SegmentMode::Active;
        if (flags == 2) segment.memory = reader_.u32();
        const bool is64 =
            segment.memory < module_.memories.size() && module_.memories[segment.memory].is64;
        check(checkDataSegment(module_, segment), offset);
        constExpr(is64 ? ValType::I64 : ValType::I32, constGlobalsVisible(module_.globals.size()),
                  segment.offset);
      }
      const std::uint32_t size = reader_.u32();
      segment.bytes = reader_.bytes(size);
      module_.data.push_back(segment);
    }
  }

  void customSection(std::size_t start, std::uint32_t size) {
    CustomSection custom;
    custom.offset = static_cast<std::uint32_t>(start);
    custom.name = reader_.name();
    if (reader_.failed()) return;
    const std::size_t end = start + size;
    if (reader_.offset() > end) {
      return reader_.fail("unexpected end of section or function", reader_.offset());
    }
    custom.content = reader_.bytes(end - reader_.offset());
    if (custom.name == "name") module_.names = parseNameSection(custom.content);
    module_.customSections.push_back(std::move(custom));
  }

  Module& module_;
  const Features& features_;
  Reader reader_;
  std::optional<Error> invalid_;
  BodySinks* bodies_;
  std::optional<Error> sinkError_;
  bool sawCode_ = false;
  bool sawData_ = false;
};

} // namespace

Result<std::shared_ptr<const Module>> decodeModule(std::vector<std::uint8_t> binary,
                                                   const Features& features, BodySinks* bodies) {
  auto module = std::make_shared<Module>();
  module->binary = std::move(binary);
  Decoder decoder(*module, features, bodies);
  if (auto result = decoder.run(); !result) return result.error();
  module->declaredFunctionRefs.resize(module->functions.size(), false);
  readCodeMetadata(*module, features);
  return std::shared_ptr<const Module>(std::move(module));
}

} // namespace wasmline::binary
