#include "text/module_parser.h"

#include <algorithm>
#include <bit>

#include "text/literals.h"

namespace wasmline::text {

ModuleParser::ModuleParser(std::string_view source, std::string_view sourceName,
                           SourcePosition start)
    : source_(source), sourceName_(sourceName), start_(start) {}

bool ModuleParser::parseStandalone() {
  TokenStream tokens(source_, sourceName_, start_);
  tokens.recordAnnotations(&annotationSpans_);
  const bool wrapped = tokens.peekParenKeyword("module");
  std::string_view name;
  annotationsFrom_ = start_.offset;
  if (wrapped) {
    tokens.take();
    tokens.take();
    annotationsFrom_ = tokens.lastEnd();
    if (tokens.peek().kind == TokenKind::Id) {
      name = idName(tokens.take());
      annotationsFrom_ = tokens.lastEnd();
    }
  }
  start_ = tokens.position();
  if (!collectNames(tokens, wrapped)) {
    error_ = tokens.error();
    return false;
  }
  annotationsTo_ = tokens.peek().offset; // the module's `)`, or the end of the source
  annotations_ = selectAnnotations(std::move(annotationSpans_), annotationsFrom_, annotationsTo_);
  tokens.recordAnnotations(nullptr);
  if (wrapped) {
    tokens.take();
    if (tokens.peek().kind != TokenKind::Eof) {
      tokens.unexpected(tokens.peek(), "the end of the file");
      error_ = tokens.error();
      return false;
    }
  }
  end_ = tokens.position();
  moduleName_ = name;
  for (const SourcePosition& field : typeFields_) {
    TokenStream typeTokens(source_, sourceName_, field);
    if (!parseTypeField(typeTokens)) {
      error_ = typeTokens.error();
      return false;
    }
  }
  indexFuncTypes();
  TokenStream fields(source_, sourceName_, start_);
  if (!encodeFields(fields, wrapped)) {
    error_ = fields.error();
    return false;
  }
  writeModule();
  return true;
}

bool ModuleParser::parseFields(std::string_view name) {
  TokenStream tokens(source_, sourceName_, start_);
  tokens.recordAnnotations(&annotationSpans_);
  annotationsFrom_ = start_.offset;
  if (!collectNames(tokens, true)) {
    error_ = tokens.error();
    return false;
  }
  annotationsTo_ = tokens.take().offset; // the module's `)`
  annotations_ = selectAnnotations(std::move(annotationSpans_), annotationsFrom_, annotationsTo_);
  tokens.recordAnnotations(nullptr);
  end_ = tokens.position();
  moduleName_ = name;
  for (const SourcePosition& field : typeFields_) {
    TokenStream typeTokens(source_, sourceName_, field);
    if (!parseTypeField(typeTokens)) {
      error_ = typeTokens.error();
      return false;
    }
  }
  indexFuncTypes();
  TokenStream fields(source_, sourceName_, start_);
  if (!encodeFields(fields, true)) {
    error_ = fields.error();
    return false;
  }
  writeModule();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Pass 1: the names of every module-level index space.

bool ModuleParser::bindId(TokenStream& tokens, NameSpace& space, std::string_view what) {
  std::string_view name;
  Token id;
  if (tokens.peek().kind == TokenKind::Id) {
    id = tokens.take();
    name = idName(id);
  }
  if (!space.bind(name)) {
    return tokens.fail(id, "duplicate " + std::string(what) + " $" + std::string(name));
  }
  return true;
}

bool ModuleParser::collectNames(TokenStream& tokens, bool closed) {
  tokens_ = &tokens;
  // Skips the rest of a field, binding an index in `inlineSpace` for a direct child
  // `(keyword ...)` (the elem of a table, the data of a memory).
  const auto skipField = [&tokens](std::string_view keyword, NameSpace* inlineSpace) {
    std::size_t depth = 1;
    while (true) {
      const Token token = tokens.take();
      switch (token.kind) {
      case TokenKind::LParen:
        ++depth;
        if (inlineSpace && depth == 2 && tokens.isKeyword(tokens.peek(), keyword)) {
          inlineSpace->bind({});
        }
        break;
      case TokenKind::RParen:
        if (--depth == 0) return true;
        break;
      case TokenKind::Eof: return tokens.unexpected(token, "\")\"");
      case TokenKind::Error: return tokens.fail(token, {});
      default: break;
      }
    }
  };
  while (true) {
    const Token next = tokens.peek();
    if (closed ? next.kind == TokenKind::RParen : next.kind == TokenKind::Eof) return true;
    if (next.kind != TokenKind::LParen) {
      return tokens.unexpected(next, closed ? "a module field or \")\"" : "a module field");
    }
    const SourcePosition fieldStart = tokens.position();
    tokens.take();
    const Token keyword = tokens.take();
    const std::string_view field =
        keyword.kind == TokenKind::Keyword ? tokens.text(keyword) : std::string_view{};
    bool ok = true;
    if (field == "type") {
      typeFields_.push_back(fieldStart);
      ok = bindId(tokens, types_, "type") && tokens.skipToClose();
    } else if (field == "rec") {
      typeFields_.push_back(fieldStart);
      while (ok && tokens.peekParenKeyword("type")) {
        tokens.take();
        tokens.take();
        ok = bindId(tokens, types_, "type") && tokens.skipToClose();
      }
      ok = ok && tokens.expectRParen();
    } else if (field == "func") {
      ok = bindId(tokens, funcs_, "func") && tokens.skipToClose();
    } else if (field == "table") {
      ok = bindId(tokens, tables_, "table") && skipField("elem", &elems_);
    } else if (field == "memory") {
      ok = bindId(tokens, memories_, "memory") && skipField("data", &datas_);
    } else if (field == "global") {
      ok = bindId(tokens, globals_, "global") && tokens.skipToClose();
    } else if (field == "tag") {
      ok = bindId(tokens, tags_, "tag") && tokens.skipToClose();
    } else if (field == "elem") {
      ok = bindId(tokens, elems_, "elem") && tokens.skipToClose();
    } else if (field == "data") {
      ok = bindId(tokens, datas_, "data") && tokens.skipToClose();
    } else if (field == "import") {
      for (int i = 0; ok && i < 2; ++i)
        ok = tokens.expect(TokenKind::String, "a name");
      ok = ok && tokens.expectLParen();
      if (ok) {
        const Token kind = tokens.take();
        const std::string_view kindName =
            kind.kind == TokenKind::Keyword ? tokens.text(kind) : std::string_view{};
        NameSpace* space = kindName == "func"     ? &funcs_
                           : kindName == "table"  ? &tables_
                           : kindName == "memory" ? &memories_
                           : kindName == "global" ? &globals_
                           : kindName == "tag"    ? &tags_
                                                  : nullptr;
        if (!space) return tokens.unexpected(kind, "an import kind");
        ok = bindId(tokens, *space, kindName == "func" ? "func" : kindName) &&
             tokens.skipToClose() && tokens.skipToClose();
      }
    } else if (field == "export" || field == "start") {
      ok = tokens.skipToClose();
    } else {
      return tokens.unexpected(keyword, "a module field");
    }
    if (!ok) return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Pass 3: every field but the types, encoded into its section.

bool ModuleParser::encodeFields(TokenStream& tokens, bool closed) {
  tokens_ = &tokens;
  std::uint32_t fieldsEnd = annotationsFrom_; // where the last field ended
  bool afterField = false;
  while (true) {
    const Token next = tokens.peek();
    if (!annotations_.empty() && !takeModuleAnnotations(fieldsEnd, next.offset, afterField)) {
      return false;
    }
    if (closed ? next.kind == TokenKind::RParen : next.kind == TokenKind::Eof) {
      return annotations_.empty() || checkAnnotationsUsed();
    }
    fieldOpen_ = tokens.take(); // '(' (pass 1 checked the shape of every field)
    const Token keyword = tokens.take();
    const std::string_view field = tokens.text(keyword);
    bool ok = false;
    if (field == "type" || field == "rec") {
      ok = tokens.skipToClose();
    } else if (field == "func") {
      ok = parseFunc();
    } else if (field == "table") {
      ok = parseTable();
    } else if (field == "memory") {
      ok = parseMemory();
    } else if (field == "global") {
      ok = parseGlobal();
    } else if (field == "tag") {
      ok = parseTag();
    } else if (field == "import") {
      ok = parseImport();
    } else if (field == "export") {
      ok = parseExport();
    } else if (field == "start") {
      ok = parseStart();
    } else if (field == "elem") {
      ok = parseElem();
    } else if (field == "data") {
      ok = parseData();
    }
    if (!ok) return false;
    fieldsEnd = tokens.lastEnd();
    afterField = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Annotations.

bool ModuleParser::takeModuleAnnotations(std::uint32_t from, std::uint32_t to, bool afterField) {
  for (Annotation& annotation : annotations_) {
    if (annotation.used || annotation.span.start < from || annotation.span.start >= to) continue;
    AnnotationError error;
    switch (annotation.kind) {
    case Annotation::Kind::Custom: {
      CustomSectionText section;
      if (!parseCustomAnnotation(source_, annotation, section, error)) {
        return tokens_->fail(error.at, error.message);
      }
      customSections_.push_back(std::move(section));
      break;
    }
    case Annotation::Kind::Name: {
      // Only the module's first thing, once.
      const Token at = annotationToken(annotation);
      if (afterField) return tokens_->fail(at, "misplaced @name annotation");
      if (moduleNamed_) return tokens_->fail(at, "@name annotation: multiple module");
      std::string name;
      if (!parseNameAnnotation(source_, annotation, name, error)) {
        return tokens_->fail(error.at, error.message);
      }
      moduleName_ = std::move(name);
      moduleNamed_ = true;
      break;
    }
    case Annotation::Kind::BranchHint:
      return tokens_->fail(annotationToken(annotation),
                           "@metadata.code.branch_hint annotation: not in a function");
    }
    annotation.used = true;
  }
  return true;
}

bool ModuleParser::takeNameAnnotation(
    std::uint32_t index, std::vector<std::pair<std::uint32_t, std::string_view>>* names) {
  if (annotations_.empty()) return true;
  const std::uint32_t from = tokens_->lastEnd();
  const std::uint32_t to = tokens_->peek().offset;
  for (Annotation& annotation : annotations_) {
    if (annotation.used || annotation.kind != Annotation::Kind::Name ||
        annotation.span.start < from || annotation.span.start >= to) {
      continue;
    }
    std::string name;
    AnnotationError error;
    if (!parseNameAnnotation(source_, annotation, name, error)) {
      return tokens_->fail(error.at, error.message);
    }
    annotation.used = true;
    if (names == nullptr) continue;
    const std::string_view owned = ownedNames_.emplace_back(std::move(name));
    // The annotation names the item instead of its $id.
    std::erase_if(*names, [&](const auto& entry) { return entry.first == index; });
    names->emplace_back(index, owned);
  }
  return true;
}

bool ModuleParser::takeBranchHint(std::uint8_t& hint) {
  hint = kNoHint;
  const std::uint32_t from = tokens_->lastEnd();
  const std::uint32_t to = tokens_->peek().offset;
  for (Annotation& annotation : annotations_) {
    if (annotation.used || annotation.kind != Annotation::Kind::BranchHint ||
        annotation.span.start < from || annotation.span.start >= to) {
      continue;
    }
    const Token at = annotationToken(annotation);
    if (hint != kNoHint) {
      return tokens_->fail(at, "@metadata.code.branch_hint annotation: duplicate annotation");
    }
    AnnotationError error;
    if (!parseBranchHintAnnotation(source_, annotation, hint, error)) {
      return tokens_->fail(error.at, error.message);
    }
    annotation.used = true;
  }
  return true;
}

bool ModuleParser::checkAnnotationsUsed() {
  for (const Annotation& annotation : annotations_) {
    if (annotation.used) continue;
    const Token at = annotationToken(annotation);
    switch (annotation.kind) {
    case Annotation::Kind::Custom: return tokens_->fail(at, "misplaced @custom annotation");
    case Annotation::Kind::Name: return tokens_->fail(at, "misplaced @name annotation");
    case Annotation::Kind::BranchHint:
      return tokens_->fail(at, "misplaced @metadata.code.branch_hint annotation (not before an "
                               "instruction)");
    }
  }
  return true;
}

bool ModuleParser::parseName(std::string& out) {
  const Token token = tokens_->peek();
  if (token.kind != TokenKind::String) return tokens_->unexpected(token, "a name");
  tokens_->take();
  out = decodeString(tokens_->text(token));
  if (!isValidUtf8(out)) return tokens_->fail(token, "malformed UTF-8 encoding");
  return true;
}

bool ModuleParser::parseStrings(std::string& out) {
  while (tokens_->peek().kind == TokenKind::String)
    appendString(tokens_->text(tokens_->take()), out);
  return true;
}

bool ModuleParser::parseInlineExports(std::uint8_t kind, std::uint32_t index) {
  while (tokens_->peekParenKeyword("export")) {
    tokens_->take();
    tokens_->take();
    std::string name;
    if (!parseName(name) || !tokens_->expectRParen()) return false;
    exportSection_.name(name);
    exportSection_.u8(kind);
    exportSection_.u32(index);
    ++exportCount_;
  }
  return true;
}

bool ModuleParser::noteImport(const Token& at) {
  if (firstDefinition_) return tokens_->fail(at, std::string("import after ") + firstDefinition_);
  ++importCount_;
  return true;
}

void ModuleParser::noteDefinition(const char* kind) {
  if (!firstDefinition_) firstDefinition_ = kind;
}

bool ModuleParser::parseInlineImport(bool& imported) {
  imported = false;
  if (!tokens_->peekParenKeyword("import")) return true;
  const Token open = tokens_->take();
  tokens_->take();
  std::string module, name;
  if (!parseName(module) || !parseName(name) || !tokens_->expectRParen()) return false;
  if (!noteImport(open)) return false;
  importSection_.name(module);
  importSection_.name(name);
  imported = true;
  return true;
}

bool ModuleParser::parseFunc() {
  const Token field = tokens_->peek();
  std::string_view name;
  if (tokens_->peek().kind == TokenKind::Id) name = idName(tokens_->take());
  const std::uint32_t index = funcCount_++;
  if (!name.empty()) funcNames_.emplace_back(index, name);
  if (!takeNameAnnotation(index, &funcNames_)) return false;
  bool imported = false;
  if (!parseInlineExports(0, index) || !parseInlineImport(imported)) return false;
  TypeUse use;
  std::uint32_t typeIndex = 0;
  if (!parseTypeUse(use, true) || !resolveTypeUse(use, typeIndex)) return false;
  if (imported) {
    importSection_.u8(0x00);
    importSection_.u32(typeIndex);
    return tokens_->expectRParen();
  }
  noteDefinition("function");
  functionSection_.u32(typeIndex);
  ++definedFuncs_;

  // Parameters and locals share the local index space.
  func_.locals.clear();
  func_.labels.clear();
  std::vector<std::pair<std::uint32_t, std::string_view>> names;
  if (use.hasInline) {
    for (const std::string_view param : use.paramNames) {
      if (!param.empty()) names.emplace_back(func_.locals.size(), param);
      if (!func_.locals.bind(param)) {
        return tokens_->fail(field, "duplicate local $" + std::string(param));
      }
    }
  } else if (const TypeDef* def = funcTypeDef(typeIndex)) {
    for (std::size_t i = 0; i < def->params.size(); ++i)
      func_.locals.bind({});
  }
  body_.clear();
  std::vector<ValType> locals;
  while (tokens_->peekParenKeyword("local")) {
    tokens_->take();
    tokens_->take();
    if (tokens_->peek().kind == TokenKind::Id) {
      const Token id = tokens_->take();
      const std::string_view local = idName(id);
      ValType type;
      if (!parseValType(type) || !tokens_->expectRParen()) return false;
      names.emplace_back(func_.locals.size(), local);
      if (!func_.locals.bind(local)) {
        return tokens_->fail(id, "duplicate local $" + std::string(local));
      }
      locals.push_back(type);
      continue;
    }
    while (tokens_->peek().kind != TokenKind::RParen) {
      ValType type;
      if (!parseValType(type)) return false;
      func_.locals.bind({});
      locals.push_back(type);
    }
    tokens_->take();
  }
  // Runs of equal types, as the binary format counts locals.
  std::uint32_t runs = 0;
  for (std::size_t i = 0; i < locals.size(); ++i)
    if (i == 0 || !(locals[i] == locals[i - 1])) ++runs;
  body_.u32(runs);
  for (std::size_t i = 0; i < locals.size();) {
    std::size_t j = i;
    while (j < locals.size() && locals[j] == locals[i])
      ++j;
    body_.u32(static_cast<std::uint32_t>(j - i));
    encodeValType(body_, locals[i]);
    i = j;
  }
  if (!names.empty()) localNames_.emplace_back(index, std::move(names));
  func_.labels.emplace_back(); // the function body is a block
  funcHints_.clear();
  parsingBody_ = !annotations_.empty();
  const bool parsed = parseInstrs(body_, func_);
  parsingBody_ = false;
  if (!parsed || !tokens_->expectRParen()) return false;
  if (!funcHints_.empty()) {
    std::sort(funcHints_.begin(), funcHints_.end());
    branchHints_.emplace_back(index, std::move(funcHints_));
    funcHints_.clear();
  }
  body_.u8(0x0B);
  codeSection_.u32(static_cast<std::uint32_t>(body_.size()));
  codeSection_.raw(body_.bytes());
  ++codeCount_;
  return true;
}

bool ModuleParser::parseLimits(bool& hasMax, std::uint64_t& min, std::uint64_t& max) {
  const Token first = tokens_->peek();
  if (first.kind != TokenKind::Nat) return tokens_->unexpected(first, "a size");
  tokens_->take();
  const auto minValue = parseUnsigned(tokens_->text(first), UINT64_MAX);
  if (!minValue) return tokens_->fail(first, "i64 constant out of range");
  min = *minValue;
  hasMax = false;
  if (tokens_->peek().kind == TokenKind::Nat) {
    const Token second = tokens_->take();
    const auto maxValue = parseUnsigned(tokens_->text(second), UINT64_MAX);
    if (!maxValue) return tokens_->fail(second, "i64 constant out of range");
    max = *maxValue;
    hasMax = true;
  }
  return true;
}

namespace {

// `i32` or `i64` before limits: true for i64 (consumed), false otherwise.
bool takeAddressType(TokenStream& tokens) {
  const Token next = tokens.peek();
  if (tokens.isKeyword(next, "i64")) {
    tokens.take();
    return true;
  }
  if (tokens.isKeyword(next, "i32")) tokens.take();
  return false;
}

void writeLimits(ByteWriter& out, std::uint8_t flags, std::uint64_t min, bool hasMax,
                 std::uint64_t max) {
  out.u8(static_cast<std::uint8_t>(flags | (hasMax ? 0x01 : 0x00)));
  out.u64(min);
  if (hasMax) out.u64(max);
}

} // namespace

bool ModuleParser::parseTableType(ByteWriter& out, ValType& element, bool& is64) {
  is64 = takeAddressType(*tokens_);
  bool hasMax = false;
  std::uint64_t min = 0, max = 0;
  if (!parseLimits(hasMax, min, max) || !parseRefType(element)) return false;
  encodeValType(out, element);
  writeLimits(out, is64 ? 0x04 : 0x00, min, hasMax, max);
  return true;
}

bool ModuleParser::parseTable() {
  if (tokens_->peek().kind == TokenKind::Id) tokens_->take();
  const std::uint32_t index = tableCount_++;
  if (!takeNameAnnotation(index, nullptr)) return false; // names of tables are not kept
  bool imported = false;
  if (!parseInlineExports(1, index) || !parseInlineImport(imported)) return false;
  ValType element;
  bool is64 = false;
  if (imported) {
    importSection_.u8(0x01);
    return parseTableType(importSection_, element, is64) && tokens_->expectRParen();
  }
  noteDefinition("table");
  ++definedTables_;
  const Token afterAddress = tokens_->peek2();
  const bool hasLimits =
      tokens_->peek().kind == TokenKind::Nat ||
      ((tokens_->isKeyword(tokens_->peek(), "i32") || tokens_->isKeyword(tokens_->peek(), "i64")) &&
       afterAddress.kind == TokenKind::Nat);
  if (hasLimits) {
    ByteWriter type;
    if (!parseTableType(type, element, is64)) return false;
    if (tokens_->peek().kind == TokenKind::RParen) {
      tableSection_.raw(type.bytes());
      return tokens_->expectRParen();
    }
    ByteWriter init;
    if (!parseConstExpr(init) || !tokens_->expectRParen()) return false;
    // An initializer that is the default (ref.null of the table's heap type) needs no encoding.
    ByteWriter defaultInit;
    defaultInit.u8(0xD0);
    encodeHeapType(defaultInit, element.heap);
    defaultInit.u8(0x0B);
    if (init.bytes() == defaultInit.bytes()) {
      tableSection_.raw(type.bytes());
    } else {
      tableSection_.u8(0x40);
      tableSection_.u8(0x00);
      tableSection_.raw(type.bytes());
      tableSection_.raw(init.bytes());
    }
    return true;
  }
  // addrtype? reftype (elem ...): a table exactly as large as its inline segment.
  is64 = takeAddressType(*tokens_);
  if (!parseRefType(element)) return false;
  if (!tokens_->peekParenKeyword("elem")) return tokens_->unexpected(tokens_->peek(), "\"(elem\"");
  tokens_->take();
  tokens_->take();
  ElemSegment segment;
  segment.mode = ElemSegment::Mode::Active;
  segment.table = index;
  segment.type = element;
  segment.offset.u8(is64 ? 0x42 : 0x41);
  segment.offset.u8(0x00);
  segment.offset.u8(0x0B);
  if (tokens_->peek().kind == TokenKind::LParen) {
    while (tokens_->peek().kind == TokenKind::LParen)
      if (!parseElemItem(segment)) return false;
  } else {
    while (peekVar()) {
      std::uint32_t func = 0;
      if (!parseVar(funcs_, "function", func)) return false;
      segment.funcs.push_back(func);
      ++segment.count;
    }
  }
  if (!tokens_->expectRParen() || !tokens_->expectRParen()) return false;
  // Without reference types, a funcref table's own segment of function references is written
  // with function indices (flags 0/2, the only ones such decoders read): their type (ref func)
  // is a subtype of the table's and the segment is dropped once it initialized the table.
  if (!referenceTypes_ && segment.allFuncs && segment.funcs.size() == segment.count &&
      element == ValType{ValKind::Ref, true, HeapType{HeapKind::Func, 0}}) {
    segment.type = ValType{ValKind::Ref, false, HeapType{HeapKind::Func, 0}};
  }
  encodeValType(tableSection_, element);
  writeLimits(tableSection_, is64 ? 0x04 : 0x00, segment.count, true, segment.count);
  writeElem(segment);
  return true;
}

bool ModuleParser::parseMemoryType(ByteWriter& out, bool& is64) {
  is64 = takeAddressType(*tokens_);
  bool hasMax = false;
  std::uint64_t min = 0, max = 0;
  if (!parseLimits(hasMax, min, max)) return false;
  bool shared = false;
  if (tokens_->isKeyword(tokens_->peek(), "shared")) {
    tokens_->take();
    shared = true;
  }
  std::optional<std::uint32_t> pageSizeLog2;
  if (tokens_->peekParenKeyword("pagesize")) {
    tokens_->take();
    tokens_->take();
    const Token size = tokens_->peek();
    if (size.kind != TokenKind::Nat) return tokens_->unexpected(size, "a page size");
    tokens_->take();
    const auto value = parseUnsigned(tokens_->text(size), UINT64_MAX);
    if (!value || *value == 0 || (*value & (*value - 1)) != 0) {
      return tokens_->fail(size, "invalid custom page size");
    }
    pageSizeLog2 = static_cast<std::uint32_t>(std::countr_zero(*value));
    if (!tokens_->expectRParen()) return false;
  }
  const std::uint8_t flags = static_cast<std::uint8_t>(
      (shared ? 0x02 : 0x00) | (is64 ? 0x04 : 0x00) | (pageSizeLog2 ? 0x08 : 0x00));
  writeLimits(out, flags, min, hasMax, max);
  if (pageSizeLog2) out.u32(*pageSizeLog2);
  return true;
}

bool ModuleParser::parseMemory() {
  if (tokens_->peek().kind == TokenKind::Id) tokens_->take();
  const std::uint32_t index = memoryCount_++;
  if (!takeNameAnnotation(index, nullptr)) return false; // names of memories are not kept
  bool imported = false;
  if (!parseInlineExports(2, index) || !parseInlineImport(imported)) return false;
  bool is64 = false;
  if (imported) {
    importSection_.u8(0x02);
    return parseMemoryType(importSection_, is64) && tokens_->expectRParen();
  }
  noteDefinition("memory");
  ++definedMemories_;
  const Token next = tokens_->peek();
  const bool addressFirst = tokens_->isKeyword(next, "i32") || tokens_->isKeyword(next, "i64");
  const Token afterAddress = addressFirst ? tokens_->peek2() : next;
  if (afterAddress.kind != TokenKind::LParen) {
    return parseMemoryType(memorySection_, is64) && tokens_->expectRParen();
  }
  // addrtype? (pagesize N)? (data ...): a memory exactly as large as its inline segment.
  is64 = takeAddressType(*tokens_);
  std::uint64_t pageSize = 65536;
  std::optional<std::uint32_t> pageSizeLog2;
  if (tokens_->peekParenKeyword("pagesize")) {
    tokens_->take();
    tokens_->take();
    const Token size = tokens_->peek();
    if (size.kind != TokenKind::Nat) return tokens_->unexpected(size, "a page size");
    tokens_->take();
    const auto value = parseUnsigned(tokens_->text(size), UINT64_MAX);
    if (!value || *value == 0 || (*value & (*value - 1)) != 0) {
      return tokens_->fail(size, "invalid custom page size");
    }
    pageSize = *value;
    pageSizeLog2 = static_cast<std::uint32_t>(std::countr_zero(*value));
    if (!tokens_->expectRParen()) return false;
  }
  if (!tokens_->peekParenKeyword("data")) return tokens_->unexpected(tokens_->peek(), "\"(data\"");
  tokens_->take();
  tokens_->take();
  std::string bytes;
  if (!parseStrings(bytes) || !tokens_->expectRParen() || !tokens_->expectRParen()) return false;
  const std::uint64_t pages = (bytes.size() + pageSize - 1) / pageSize;
  const std::uint8_t flags =
      static_cast<std::uint8_t>((is64 ? 0x04 : 0x00) | (pageSizeLog2 ? 0x08 : 0x00));
  writeLimits(memorySection_, flags, pages, true, pages);
  if (pageSizeLog2) memorySection_.u32(*pageSizeLog2);
  if (index == 0) {
    dataSection_.u32(0x00);
  } else {
    dataSection_.u32(0x02);
    dataSection_.u32(index);
  }
  dataSection_.u8(is64 ? 0x42 : 0x41);
  dataSection_.u8(0x00);
  dataSection_.u8(0x0B);
  dataSection_.name(bytes);
  ++dataCount_;
  return true;
}

bool ModuleParser::parseGlobalType(ByteWriter& out) {
  ValType type;
  if (tokens_->peekParenKeyword("mut")) {
    tokens_->take();
    tokens_->take();
    if (!parseValType(type) || !tokens_->expectRParen()) return false;
    encodeValType(out, type);
    out.u8(0x01);
    return true;
  }
  if (!parseValType(type)) return false;
  encodeValType(out, type);
  out.u8(0x00);
  return true;
}

bool ModuleParser::parseGlobal() {
  if (tokens_->peek().kind == TokenKind::Id) tokens_->take();
  const std::uint32_t index = globalCount_++;
  if (!takeNameAnnotation(index, nullptr)) return false; // names of globals are not kept
  bool imported = false;
  if (!parseInlineExports(3, index) || !parseInlineImport(imported)) return false;
  if (imported) {
    importSection_.u8(0x03);
    return parseGlobalType(importSection_) && tokens_->expectRParen();
  }
  noteDefinition("global");
  ++definedGlobals_;
  return parseGlobalType(globalSection_) && parseConstExpr(globalSection_) &&
         tokens_->expectRParen();
}

bool ModuleParser::parseTag() {
  const std::uint32_t index = tagCount_++;
  if (tokens_->peek().kind == TokenKind::Id) tokens_->take();
  if (!takeNameAnnotation(index, &tagNames_)) return false;
  bool imported = false;
  if (!parseInlineExports(4, index) || !parseInlineImport(imported)) return false;
  TypeUse use;
  std::uint32_t typeIndex = 0;
  if (!parseTypeUse(use, true) || !resolveTypeUse(use, typeIndex)) return false;
  ByteWriter& out = imported ? importSection_ : tagSection_;
  if (imported) {
    out.u8(0x04);
  } else {
    noteDefinition("tag");
    ++definedTags_;
  }
  out.u8(0x00);
  out.u32(typeIndex);
  return tokens_->expectRParen();
}

bool ModuleParser::parseImport() {
  const Token field = fieldOpen_;
  std::string module, name;
  if (!parseName(module) || !parseName(name)) return false;
  if (!noteImport(field)) return false;
  importSection_.name(module);
  importSection_.name(name);
  if (!tokens_->expectLParen()) return false;
  const Token kind = tokens_->take();
  const std::string_view kindName = tokens_->text(kind);
  std::string_view id;
  if (tokens_->peek().kind == TokenKind::Id) id = idName(tokens_->take());
  bool ok = false;
  bool is64 = false;
  if (kindName == "func") {
    const std::uint32_t index = funcCount_++;
    if (!id.empty()) funcNames_.emplace_back(index, id);
    if (!takeNameAnnotation(index, &funcNames_)) return false;
    TypeUse use;
    std::uint32_t typeIndex = 0;
    ok = parseTypeUse(use, true) && resolveTypeUse(use, typeIndex);
    importSection_.u8(0x00);
    importSection_.u32(typeIndex);
  } else if (kindName == "table") {
    ++tableCount_;
    ValType element;
    importSection_.u8(0x01);
    ok = parseTableType(importSection_, element, is64);
  } else if (kindName == "memory") {
    ++memoryCount_;
    importSection_.u8(0x02);
    ok = parseMemoryType(importSection_, is64);
  } else if (kindName == "global") {
    ++globalCount_;
    importSection_.u8(0x03);
    ok = parseGlobalType(importSection_);
  } else {
    ++tagCount_;
    TypeUse use;
    std::uint32_t typeIndex = 0;
    ok = parseTypeUse(use, true) && resolveTypeUse(use, typeIndex);
    importSection_.u8(0x04);
    importSection_.u8(0x00);
    importSection_.u32(typeIndex);
  }
  return ok && tokens_->expectRParen() && tokens_->expectRParen();
}

bool ModuleParser::parseExport() {
  std::string name;
  if (!parseName(name) || !tokens_->expectLParen()) return false;
  const Token kind = tokens_->take();
  const std::string_view kindName =
      kind.kind == TokenKind::Keyword ? tokens_->text(kind) : std::string_view{};
  std::uint32_t index = 0;
  std::uint8_t code = 0;
  bool ok = false;
  if (kindName == "func") {
    ok = parseVar(funcs_, "function", index);
    code = 0;
  } else if (kindName == "table") {
    ok = parseVar(tables_, "table", index);
    code = 1;
  } else if (kindName == "memory") {
    ok = parseVar(memories_, "memory", index);
    code = 2;
  } else if (kindName == "global") {
    ok = parseVar(globals_, "global", index);
    code = 3;
  } else if (kindName == "tag") {
    ok = parseVar(tags_, "tag", index);
    code = 4;
  } else {
    return tokens_->unexpected(kind, "an export kind");
  }
  if (!ok || !tokens_->expectRParen() || !tokens_->expectRParen()) return false;
  exportSection_.name(name);
  exportSection_.u8(code);
  exportSection_.u32(index);
  ++exportCount_;
  return true;
}

bool ModuleParser::parseStart() {
  const Token at = tokens_->peek();
  std::uint32_t index = 0;
  if (!parseVar(funcs_, "function", index) || !tokens_->expectRParen()) return false;
  if (startFunc_) return tokens_->fail(at, "multiple start sections");
  startFunc_ = index;
  return true;
}

bool ModuleParser::parseOffsetExpr(ByteWriter& out) {
  if (tokens_->peekParenKeyword("offset")) {
    tokens_->take();
    tokens_->take();
    return parseConstExpr(out) && tokens_->expectRParen();
  }
  if (tokens_->peek().kind != TokenKind::LParen) {
    return tokens_->unexpected(tokens_->peek(), "an offset expression");
  }
  if (!parseInstrs(out, constContext_, true)) return false;
  out.u8(0x0B);
  return true;
}

bool ModuleParser::parseElemItem(ElemSegment& segment) {
  const std::size_t start = segment.items.size();
  if (tokens_->peekParenKeyword("item")) {
    tokens_->take();
    tokens_->take();
    if (!parseConstExpr(segment.items) || !tokens_->expectRParen()) return false;
  } else {
    if (!parseInstrs(segment.items, constContext_, true)) return false;
    segment.items.u8(0x0B);
  }
  ++segment.count;
  // Note a lone `ref.func x`: such lists may be encoded as function indices.
  const auto& bytes = segment.items.bytes();
  if (segment.allFuncs && bytes.size() - start >= 3 && bytes[start] == 0xD2 &&
      bytes.back() == 0x0B) {
    std::uint64_t value = 0;
    std::size_t i = start + 1;
    for (unsigned shift = 0; i < bytes.size() - 1 && shift < 35; shift += 7) {
      const std::uint8_t byte = bytes[i++];
      value |= std::uint64_t{byte & 0x7Fu} << shift;
      if (!(byte & 0x80)) break;
    }
    if (i == bytes.size() - 1) {
      segment.funcs.push_back(static_cast<std::uint32_t>(value));
      return true;
    }
  }
  segment.allFuncs = false;
  return true;
}

bool ModuleParser::parseElemList(ElemSegment& segment, bool allowBareIndices) {
  const Token next = tokens_->peek();
  const bool funcKind = tokens_->isKeyword(next, "func");
  if (funcKind || (allowBareIndices && (next.kind == TokenKind::Nat || next.kind == TokenKind::Id ||
                                        next.kind == TokenKind::RParen))) {
    if (funcKind) tokens_->take();
    segment.type = ValType{ValKind::Ref, false, HeapType{HeapKind::Func, 0}};
    while (peekVar()) {
      std::uint32_t func = 0;
      if (!parseVar(funcs_, "function", func)) return false;
      segment.funcs.push_back(func);
      ++segment.count;
    }
    return true;
  }
  if (!parseRefType(segment.type)) return false;
  while (tokens_->peek().kind == TokenKind::LParen)
    if (!parseElemItem(segment)) return false;
  return true;
}

bool ModuleParser::parseElem() {
  if (tokens_->peek().kind == TokenKind::Id) tokens_->take();
  ElemSegment segment;
  bool ok = false;
  if (tokens_->isKeyword(tokens_->peek(), "declare")) {
    tokens_->take();
    segment.mode = ElemSegment::Mode::Declarative;
    ok = parseElemList(segment, false);
  } else if (tokens_->peekParenKeyword("table")) {
    tokens_->take();
    tokens_->take();
    segment.mode = ElemSegment::Mode::Active;
    ok = parseVar(tables_, "table", segment.table) && tokens_->expectRParen() &&
         parseOffsetExpr(segment.offset) && parseElemList(segment, false);
  } else if (tokens_->peek().kind == TokenKind::LParen && !tokens_->peekParenKeyword("ref")) {
    segment.mode = ElemSegment::Mode::Active;
    ok = parseOffsetExpr(segment.offset) && parseElemList(segment, true);
  } else if (peekVar() && tokens_->peek2().kind == TokenKind::LParen) {
    // The table index without `(table ...)`, as the first text format wrote it.
    segment.mode = ElemSegment::Mode::Active;
    ok = parseVar(tables_, "table", segment.table) && parseOffsetExpr(segment.offset) &&
         parseElemList(segment, true);
  } else {
    ok = parseElemList(segment, false);
  }
  if (!ok || !tokens_->expectRParen()) return false;
  writeElem(segment);
  return true;
}

bool ModuleParser::parseData() {
  if (tokens_->peek().kind == TokenKind::Id) tokens_->take();
  std::uint32_t memory = 0;
  bool active = false;
  ByteWriter offset;
  if (tokens_->peekParenKeyword("memory")) {
    tokens_->take();
    tokens_->take();
    active = true;
    if (!parseVar(memories_, "memory", memory) || !tokens_->expectRParen() ||
        !parseOffsetExpr(offset)) {
      return false;
    }
  } else if (peekVar() && tokens_->peek2().kind == TokenKind::LParen) {
    // The memory index without `(memory ...)`, as the first text format wrote it.
    active = true;
    if (!parseVar(memories_, "memory", memory) || !parseOffsetExpr(offset)) return false;
  } else if (tokens_->peek().kind == TokenKind::LParen) {
    active = true;
    if (!parseOffsetExpr(offset)) return false;
  }
  std::string bytes;
  if (!parseStrings(bytes) || !tokens_->expectRParen()) return false;
  if (!active) {
    dataSection_.u32(0x01);
  } else if (memory == 0) {
    dataSection_.u32(0x00);
    dataSection_.raw(offset.bytes());
  } else {
    dataSection_.u32(0x02);
    dataSection_.u32(memory);
    dataSection_.raw(offset.bytes());
  }
  dataSection_.name(bytes);
  ++dataCount_;
  return true;
}

} // namespace wasmline::text
