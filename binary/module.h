// The decoded, validated form of a module binary. Immutable once the decoder returns it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "binary/opcode.h"
#include "wasmline/types.h"

namespace wasmline::binary {

// A field of a struct type, or the element of an array type: a value type or a packed integer.
struct FieldType {
  enum class Packing : std::uint8_t { None, I8, I16 };
  Packing packing = Packing::None;
  ValType type; // the unpacked type (i32 for packed fields)
  bool isMutable = false;

  friend bool operator==(const FieldType&, const FieldType&) = default;
};

// A type of the type section: a function, struct or array type with its place in the subtype
// hierarchy and in its recursion group. WebAssembly 2.0 modules have function types only, each
// final, without supertype, alone in its group.
struct TypeDef {
  enum class Kind : std::uint8_t { Func, Struct, Array };
  Kind kind = Kind::Func;
  FuncType func;                 // Func
  std::vector<FieldType> fields; // Struct: the fields; Array: exactly one, the element
  bool isFinal = true;
  std::optional<std::uint32_t> supertype; // the declared supertype's index
  std::uint32_t recGroup = 0;             // index of the first type of its recursion group
  std::uint32_t recGroupSize = 1;
};

// One instruction of a constant expression (the end is implicit).
struct ConstInstr {
  Opcode op = Opcode::Nop;
  std::uint64_t value = 0;    // i32/i64 constants, f32/f64 bits, global, function or type index
  HeapType heap;              // ref.null
  std::uint8_t v128[16] = {}; // v128.const
  std::uint32_t index2 = 0;   // array.new_fixed: the element count
};

// A constant expression: a global's initializer or a segment's offset or item.
struct ConstExpr {
  std::vector<ConstInstr> instrs;
  std::uint32_t offset = 0; // of its first byte in the binary
};

// What an import brings in; `kind` tells which member applies.
struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  std::uint32_t funcType = 0; // Func: type index
  TableType table;            // Table
  MemoryType memory;          // Memory
  GlobalType global;          // Global
  std::uint32_t tagType = 0;  // Tag: type index (a function type without results)
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  std::uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init; // empty for imported globals
};

enum class SegmentMode : std::uint8_t { Active, Passive, Declarative };

// An element segment; every item is a constant expression (function indices are turned into
// ref.func expressions by the decoder).
struct ElementSegment {
  SegmentMode mode = SegmentMode::Passive;
  std::uint32_t table = 0;
  ConstExpr offset; // Active only
  ValType type = ValType::FuncRef;
  std::vector<ConstExpr> items;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Passive;
  std::uint32_t memory = 0;
  ConstExpr offset;                    // Active only
  std::span<const std::uint8_t> bytes; // into Module::binary
};

// Locals of a function body as runs of one type, as encoded.
struct LocalRun {
  std::uint32_t count = 0;
  ValType type = ValType::I32;
};

struct FunctionBody {
  std::vector<LocalRun> locals;
  std::uint32_t localCount = 0;       // sum of the runs (parameters not included)
  std::span<const std::uint8_t> code; // the instructions including the final end
  std::uint32_t codeOffset = 0;       // offset of `code` in the binary
  std::uint32_t bodyOffset = 0;       // offset of the body (its locals) in the binary
};

// Where a section lies in the binary.
struct SectionRange {
  std::uint8_t id = 0;
  std::uint32_t offset = 0; // of the section's content (after its id and size)
  std::uint32_t size = 0;
};

struct CustomSection {
  std::string name;
  std::span<const std::uint8_t> content;
  std::uint32_t offset = 0;
};

// Names from the "name" custom section, for backtraces and tools.
struct NameSection {
  std::string module;
  std::unordered_map<std::uint32_t, std::string> functions;
  std::unordered_map<std::uint32_t, std::unordered_map<std::uint32_t, std::string>> locals;
  std::unordered_map<std::uint32_t, std::string> tags;
};

// A branch hint of the metadata.code.branch_hint section: an if or br_if at `offset` of its
// function's body (counted from the body's locals) is likely (or unlikely) to branch.
struct BranchHint {
  std::uint32_t offset = 0;
  bool likely = false;
};
struct FunctionBranchHints {
  std::uint32_t function = 0; // in the function index space
  std::vector<BranchHint> hints;
};

// A problem in a custom section wasmline reads (a custom section never makes a module fail).
struct CustomSectionIssue {
  std::string section; // its name
  std::string message;
  std::uint32_t offset = 0; // in the binary
};

struct Module {
  std::vector<std::uint8_t> binary; // owns the bytes every span above points into

  std::vector<TypeDef> types;
  std::vector<std::uint32_t> canonicalTypeIds; // of each type (binary/type_registry.h)
  std::vector<Import> imports;
  std::vector<std::uint32_t> functions; // type index of every function, imported ones first
  std::vector<TableType> tables;        // imported ones first
  std::vector<ConstExpr> tableInits;    // per defined table: its initializer (empty: null)
  std::vector<MemoryType> memories;     // imported ones first
  std::vector<Global> globals;          // imported ones first
  std::uint32_t importedFunctions = 0;
  std::uint32_t importedTables = 0;
  std::uint32_t importedMemories = 0;
  std::uint32_t importedGlobals = 0;
  std::vector<std::uint32_t> tags; // type index of every tag, imported ones first
  std::uint32_t importedTags = 0;
  std::vector<Export> exports;
  std::optional<std::uint32_t> start;
  std::vector<ElementSegment> elements;
  std::vector<DataSegment> data;
  std::optional<std::uint32_t> dataCount;
  std::vector<FunctionBody> bodies; // one per defined function
  std::vector<CustomSection> customSections;
  std::vector<FunctionBranchHints> branchHints; // ascending functions, each's offsets ascending
  std::vector<CustomSectionIssue> customIssues;
  std::vector<SectionRange> sections; // every section, in binary order
  NameSection names;
  // Functions that may be named by ref.func in function bodies (C.refs in the spec): those
  // referenced from element segments, exports, and global initializers.
  std::vector<bool> declaredFunctionRefs;

  // The function type at type index `index` (which validation made sure is a function type).
  const FuncType& funcType(std::uint32_t index) const { return types[index].func; }
  // The type of function `function` of the function index space.
  const FuncType& functionType(std::uint32_t function) const {
    return funcType(functions[function]);
  }
};

} // namespace wasmline::binary
