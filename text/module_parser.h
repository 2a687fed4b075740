// The module parser: text-format module fields to a binary module, in three passes over the
// tokens. Pass 1 binds every symbolic name of the module-level index spaces (so references may
// point forward) and notes where type definitions are; pass 2 parses the type definitions
// (with every type name known); pass 3 parses every other field and encodes it straight into
// its section, function bodies included, so no syntax tree of instructions is ever built.
// Instructions nest through an explicit stack (no recursion), so nesting depth costs heap
// memory only.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/annotations.h"
#include "text/byte_writer.h"
#include "text/instructions.h"
#include "text/token_stream.h"
#include "text/types.h"

namespace wasmline::text {

// Symbolic names of one index space.
class NameSpace {
public:
  // Binds the next index to `name` (or to no name when empty). False when `name` is taken.
  bool bind(std::string_view name) {
    if (!name.empty() && !names_.emplace(name, count_).second) return false;
    ++count_;
    return true;
  }
  // The index bound to `name`, or nullptr.
  const std::uint32_t* find(std::string_view name) const {
    const auto found = names_.find(name);
    return found == names_.end() ? nullptr : &found->second;
  }
  std::uint32_t size() const { return count_; }
  void clear() {
    names_.clear();
    count_ = 0;
  }

private:
  std::unordered_map<std::string_view, std::uint32_t> names_;
  std::uint32_t count_ = 0;
};

class ModuleParser {
public:
  // A parser of the module in `source` starting at `start`; messages name `sourceName`.
  ModuleParser(std::string_view source, std::string_view sourceName, SourcePosition start = {});

  // With `false`, encodings that need reference types are avoided where an older one says the
  // same (the inline element segment of a funcref table).
  void setReferenceTypes(bool enabled) { referenceTypes_ = enabled; }

  // Parses a whole source: `(module $id? field*)` or just `field*`, up to the end.
  bool parseStandalone();
  // Parses the fields of a module whose `(module $id?` was already read, and its closing `)`;
  // `name` is the module's $id (without `$`), empty when it has none.
  bool parseFields(std::string_view name);

  // The error of a failed parse: "name:line:column: message".
  const std::string& error() const { return error_; }
  // The binary of a successful parse.
  std::vector<std::uint8_t> takeBinary() { return std::move(binary_); }
  // Where the source continues after the module.
  SourcePosition end() const { return end_; }

private:
  // One open construct of an instruction sequence.
  struct Control {
    enum class Kind : std::uint8_t {
      FlatBlock, // block, loop or try_table, closed by `end`
      FlatIf,    // if before its else, closed by `else` or `end`
      FlatElse,  // the else part of a flat if, closed by `end`
      Folded,    // (block ...), (loop ...), (try_table ...): `end` at the `)`
      FoldedIf,  // (if ...): see `phase`
      Plain,     // (op imm* folded*): the operator after its operands, at the `)`
      // The legacy exception handling proposal's try blocks.
      FlatTry,      // try before any catch, closed by catch, catch_all, delegate or end
      FlatCatch,    // after catch x
      FlatCatchAll, // after catch_all, closed by end
      FoldedTry,    // (try ...): 0 before (do, 1 do, 2 after a clause, 3 catch, 4 catch_all,
                    // 5 after catch_all, 6 after (delegate l)
    };
    Kind kind;
    std::uint8_t phase = 0;    // FoldedIf: 0 condition, 1 then, 2 after then, 3 else, 4 after else
    bool labeled = false;      // pushed a label
    std::string_view label;    // the label's name ($l without '$'), empty when anonymous
    std::uint32_t pending = 0; // start in pending_ of the bytes to emit later
    Token open;                // for messages
    bool caught = false;       // FoldedTry: a catch clause came (so no delegate may follow)
    std::uint8_t hint = kNoHint; // a branch hint on the instruction emitted later (Plain, FoldedIf)
  };
  static constexpr std::uint8_t kNoHint = 0xFF;

  // What a function body or constant expression resolves names against.
  struct FuncContext {
    NameSpace locals;
    std::vector<std::string_view> labels; // innermost last; empty names for anonymous labels
  };

  // A type use: `(type x)?` with inline `(param ...)* (result ...)*`.
  struct TypeUse {
    std::optional<std::uint32_t> index;
    Token indexToken;
    bool hasInline = false;
    std::vector<ValType> params;
    std::vector<std::string_view> paramNames; // one per param, empty when unnamed
    std::vector<ValType> results;
  };

  // The segments of elem fields, encoded at the end of their field.
  struct ElemSegment {
    enum class Mode : std::uint8_t { Passive, Active, Declarative } mode = Mode::Passive;
    std::uint32_t table = 0;
    ByteWriter offset; // constant expression with its end
    ValType type;
    std::uint32_t count = 0;
    ByteWriter items;                 // expressions, each with its end
    std::vector<std::uint32_t> funcs; // when every item is `ref.func x`
    bool allFuncs = true;
  };

  // Pass 1.
  bool collectNames(TokenStream& tokens, bool closed);
  bool bindId(TokenStream& tokens, NameSpace& space, std::string_view what);
  // Pass 2.
  bool parseTypeField(TokenStream& tokens);
  bool parseTypeDef(TypeDef& def);
  bool parseCompTypeBody(TypeDef& def, const Token& keyword);
  bool parseFieldType(FieldType& field);
  void indexFuncTypes();
  // Pass 3.
  bool encodeFields(TokenStream& tokens, bool closed);
  bool parseFunc();
  bool parseTable();
  bool parseMemory();
  bool parseGlobal();
  bool parseTag();
  bool parseImport();
  bool parseExport();
  bool parseStart();
  bool parseElem();
  bool parseData();
  // Inline `(export "name")*` of a definition of `kind` (0 func .. 4 tag) with index `index`.
  bool parseInlineExports(std::uint8_t kind, std::uint32_t index);
  // Inline `(import "module" "name")`: writes the names to the import section.
  bool parseInlineImport(bool& imported);
  bool noteImport(const Token& at);
  void noteDefinition(const char* kind);
  bool parseMemoryType(ByteWriter& out, bool& is64);
  bool parseTableType(ByteWriter& out, ValType& element, bool& is64);
  bool parseLimits(bool& hasMax, std::uint64_t& min, std::uint64_t& max);
  bool parseGlobalType(ByteWriter& out);
  bool parseName(std::string& out);
  bool parseStrings(std::string& out);
  bool parseOffsetExpr(ByteWriter& out);
  bool parseElemList(ElemSegment& segment, bool allowBareIndices);
  bool parseElemItem(ElemSegment& segment);
  void writeElem(const ElemSegment& segment);
  void writeModule();

  // Types and names (shared by all passes).
  std::string_view idName(const Token& token);
  bool parseValType(ValType& type);
  bool parseRefType(ValType& type);
  bool parseHeapType(HeapType& type);
  bool parseVar(NameSpace& space, std::string_view what, std::uint32_t& index);
  bool parseOptionalVar(NameSpace& space, std::string_view what, std::uint32_t& index);
  bool peekVar();
  bool parseTypeUse(TypeUse& use, bool allowNames);
  // The type index of a type use: its explicit index (checked against any inline types) or the
  // implicit function type (added when new).
  bool resolveTypeUse(TypeUse& use, std::uint32_t& index);
  std::uint32_t implicitFuncType(const std::vector<ValType>& params,
                                 const std::vector<ValType>& results);
  const TypeDef* funcTypeDef(std::uint32_t index) const;

  // Instructions.
  // Parses instructions up to (not including) the `)` that ends the enclosing form, encoding
  // them to `out`. With `single`, parses exactly one folded instruction.
  bool parseInstrs(ByteWriter& out, FuncContext& context, bool single = false);
  bool parseConstExpr(ByteWriter& out);
  bool parsePlainInstr(const Token& name, ByteWriter& out, FuncContext& context);
  bool parseImmediates(const InstrInfo& info, const Token& name, ByteWriter& out,
                       FuncContext& context);
  bool parseBlockHeader(const Token& name, ByteWriter& out, FuncContext& context,
                        std::string_view& label);
  bool parseBlockType(ByteWriter& out);
  bool parseCatches(ByteWriter& out, FuncContext& context);
  bool parseLabel(FuncContext& context, std::uint32_t& depth);
  bool parseMemArg(const InstrInfo& info, ByteWriter& out, bool lane);
  bool parseV128Const(ByteWriter& out);
  bool closeControl(ByteWriter& out, FuncContext& context);
  // The `(then`, `(else`, `(do`, `(catch`... that continue the folded construct `control`;
  // `handled` is false when the next `(` starts an instruction instead.
  bool parseFoldedClause(ByteWriter& out, FuncContext& context, Control& control, bool& handled);
  // catch x, catch_all or delegate l of a legacy try block (the keyword already taken).
  bool openLegacyClause(const Token& name, ByteWriter& out, FuncContext& context, Control& control);
  static bool isFlat(Control::Kind kind) {
    return kind == Control::Kind::FlatBlock || kind == Control::Kind::FlatIf ||
           kind == Control::Kind::FlatElse || kind == Control::Kind::FlatTry ||
           kind == Control::Kind::FlatCatch || kind == Control::Kind::FlatCatchAll;
  }
  bool parseEndLabel(const Control& control);

  // Annotations (text/annotations.h).
  // Module-level annotations whose "(@" lies in [from, to): custom sections, the module's name
  // (before any field: `afterField` false), and branch hints, which need a function.
  bool takeModuleAnnotations(std::uint32_t from, std::uint32_t to, bool afterField);
  // The (@name "...") right after a field's keyword and $id, if any: into `names` for `index`.
  bool takeNameAnnotation(std::uint32_t index,
                          std::vector<std::pair<std::uint32_t, std::string_view>>* names);
  // The branch hint before the instruction at the next token, or kNoHint; "duplicate
  // annotation" for two.
  bool takeBranchHint(std::uint8_t& hint);
  // Notes `hint` on the instruction whose opcode is about to be written at `offset` of body_.
  void noteBranchHint(std::uint8_t hint, std::size_t offset) {
    if (hint != kNoHint) funcHints_.emplace_back(static_cast<std::uint32_t>(offset), hint);
  }
  // After the last field: every annotation left stands where it may not ("misplaced ...").
  bool checkAnnotationsUsed();
  void writeCustomSections(ByteWriter& out, CustomPlacement::Anchor anchor, bool after) const;

  std::string_view source_;
  std::string_view sourceName_;
  bool referenceTypes_ = true;
  SourcePosition start_;
  SourcePosition end_;
  TokenStream* tokens_ = nullptr; // the stream of the running pass
  std::string error_;
  std::vector<std::uint8_t> binary_;
  std::deque<std::string> ownedNames_; // decoded $"..." names the name maps point into

  NameSpace types_, funcs_, tables_, memories_, globals_, tags_, elems_, datas_;
  std::vector<SourcePosition> typeFields_;
  std::vector<TypeDef> typeDefs_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> groups_;  // recursion groups: first, count
  std::unordered_map<std::string, std::uint32_t> funcTypeIndex_; // signature -> type index
  std::uint32_t explicitTypes_ = 0;

  // Pass 3 state.
  Token fieldOpen_; // the `(` of the field being parsed
  std::string moduleName_;
  const char* firstDefinition_ = nullptr;
  std::uint32_t funcCount_ = 0, tableCount_ = 0, memoryCount_ = 0, globalCount_ = 0, tagCount_ = 0,
                elemCount_ = 0, dataCount_ = 0, importCount_ = 0, exportCount_ = 0, codeCount_ = 0;
  std::uint32_t definedFuncs_ = 0, definedTables_ = 0, definedMemories_ = 0, definedGlobals_ = 0,
                definedTags_ = 0;
  std::optional<std::uint32_t> startFunc_;
  bool dataReferenced_ = false;
  ByteWriter importSection_, functionSection_, tableSection_, memorySection_, tagSection_,
      globalSection_, exportSection_, elemSection_, codeSection_, dataSection_, body_, pending_;
  std::vector<Control> controls_;
  FuncContext func_;
  FuncContext constContext_;
  std::vector<std::pair<std::uint32_t, std::string_view>> funcNames_;
  std::vector<std::pair<std::uint32_t, std::string_view>> tagNames_;

  // Annotations: what the lexer skipped in pass 1, those with a meaning, and their results.
  std::vector<AnnotationSpan> annotationSpans_;
  std::vector<Annotation> annotations_;
  std::uint32_t annotationsFrom_ = 0; // the module's contents, after `(module $id?`
  std::uint32_t annotationsTo_ = 0;   // up to its `)` (the end of the source without one)
  bool moduleNamed_ = false;          // by (@name ...)
  bool parsingBody_ = false;          // in a function body, where branch hints belong
  std::vector<CustomSectionText> customSections_;
  std::vector<std::pair<std::uint32_t, std::uint8_t>> funcHints_; // of the function being parsed
  // Per function index (ascending): (body offset, hint) pairs, ascending.
  std::vector<std::pair<std::uint32_t, std::vector<std::pair<std::uint32_t, std::uint8_t>>>>
      branchHints_;
  std::vector<std::pair<std::uint32_t, std::vector<std::pair<std::uint32_t, std::string_view>>>>
      localNames_;
};

} // namespace wasmline::text
