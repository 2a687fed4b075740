// Types, type uses and symbolic indices of the module parser.
#include "text/literals.h"
#include "text/module_parser.h"

namespace wasmline::text {
namespace {

// A key for a function signature (its encoding), to find equal implicit types.
std::string signatureKey(const std::vector<ValType>& params, const std::vector<ValType>& results) {
  ByteWriter out;
  out.u32(static_cast<std::uint32_t>(params.size()));
  for (const ValType& type : params)
    encodeValType(out, type);
  out.u32(static_cast<std::uint32_t>(results.size()));
  for (const ValType& type : results)
    encodeValType(out, type);
  return std::string(out.bytes().begin(), out.bytes().end());
}

} // namespace

std::string_view ModuleParser::idName(const Token& token) {
  const std::string_view text =
      tokens_ ? tokens_->text(token) : source_.substr(token.offset, token.length);
  if (text.size() > 1 && text[1] == '"') {
    ownedNames_.push_back(decodeString(text.substr(1)));
    return ownedNames_.back();
  }
  return text.substr(1);
}

bool ModuleParser::peekVar() {
  const TokenKind kind = tokens_->peek().kind;
  return kind == TokenKind::Nat || kind == TokenKind::Id;
}

bool ModuleParser::parseVar(NameSpace& space, std::string_view what, std::uint32_t& index) {
  const Token token = tokens_->peek();
  if (token.kind == TokenKind::Nat) {
    tokens_->take();
    const auto value = parseUnsigned(tokens_->text(token), UINT32_MAX);
    if (!value) return tokens_->fail(token, "i32 constant out of range");
    index = static_cast<std::uint32_t>(*value);
    return true;
  }
  if (token.kind == TokenKind::Id) {
    tokens_->take();
    const std::string_view name = idName(token);
    const std::uint32_t* found = space.find(name);
    if (!found) {
      return tokens_->fail(token, "unknown " + std::string(what) + " $" + std::string(name));
    }
    index = *found;
    return true;
  }
  return tokens_->unexpected(token, std::string("a ") + std::string(what) + " index");
}

bool ModuleParser::parseOptionalVar(NameSpace& space, std::string_view what, std::uint32_t& index) {
  index = 0;
  return !peekVar() || parseVar(space, what, index);
}

bool ModuleParser::parseHeapType(HeapType& type) {
  const Token token = tokens_->peek();
  if (token.kind == TokenKind::Keyword) {
    HeapKind kind;
    if (!heapKindFromKeyword(tokens_->text(token), kind)) {
      return tokens_->unexpected(token, "a heap type");
    }
    tokens_->take();
    type = HeapType{kind, 0};
    return true;
  }
  if (token.kind == TokenKind::Nat || token.kind == TokenKind::Id) {
    type.kind = HeapKind::Concrete;
    return parseVar(types_, "type", type.index);
  }
  return tokens_->unexpected(token, "a heap type");
}

bool ModuleParser::parseRefType(ValType& type) {
  const Token token = tokens_->peek();
  if (token.kind == TokenKind::Keyword) {
    if (!valTypeFromKeyword(tokens_->text(token), type) || type.kind != ValKind::Ref) {
      return tokens_->unexpected(token, "a reference type");
    }
    tokens_->take();
    return true;
  }
  if (!tokens_->peekParenKeyword("ref")) return tokens_->unexpected(token, "a reference type");
  tokens_->take();
  tokens_->take();
  type = ValType{ValKind::Ref, false, HeapType{}};
  if (tokens_->isKeyword(tokens_->peek(), "null")) {
    tokens_->take();
    type.nullable = true;
  }
  return parseHeapType(type.heap) && tokens_->expectRParen();
}

bool ModuleParser::parseValType(ValType& type) {
  const Token token = tokens_->peek();
  if (token.kind == TokenKind::Keyword) {
    if (!valTypeFromKeyword(tokens_->text(token), type)) {
      return tokens_->unexpected(token, "a value type");
    }
    tokens_->take();
    return true;
  }
  if (tokens_->peekParenKeyword("ref")) return parseRefType(type);
  return tokens_->unexpected(token, "a value type");
}

bool ModuleParser::parseTypeUse(TypeUse& use, bool allowNames) {
  if (tokens_->peekParenKeyword("type")) {
    tokens_->take();
    tokens_->take();
    use.indexToken = tokens_->peek();
    std::uint32_t index = 0;
    if (!parseVar(types_, "type", index) || !tokens_->expectRParen()) return false;
    use.index = index;
  }
  while (tokens_->peekParenKeyword("param")) {
    tokens_->take();
    tokens_->take();
    if (tokens_->peek().kind == TokenKind::Id) {
      if (!allowNames) return tokens_->unexpected(tokens_->peek(), "a value type");
      const std::string_view name = idName(tokens_->take());
      ValType type;
      if (!parseValType(type) || !tokens_->expectRParen()) return false;
      use.params.push_back(type);
      use.paramNames.push_back(name);
      continue;
    }
    while (tokens_->peek().kind != TokenKind::RParen) {
      ValType type;
      if (!parseValType(type)) return false;
      use.params.push_back(type);
      use.paramNames.emplace_back();
    }
    tokens_->take();
  }
  while (tokens_->peekParenKeyword("result")) {
    tokens_->take();
    tokens_->take();
    while (tokens_->peek().kind != TokenKind::RParen) {
      ValType type;
      if (!parseValType(type)) return false;
      use.results.push_back(type);
    }
    tokens_->take();
  }
  use.hasInline = !use.params.empty() || !use.results.empty();
  return true;
}

const TypeDef* ModuleParser::funcTypeDef(std::uint32_t index) const {
  if (index >= typeDefs_.size() || typeDefs_[index].comp != CompKind::Func) return nullptr;
  return &typeDefs_[index];
}

bool ModuleParser::resolveTypeUse(TypeUse& use, std::uint32_t& index) {
  if (!use.index) {
    index = implicitFuncType(use.params, use.results);
    return true;
  }
  index = *use.index;
  if (!use.hasInline) return true;
  const TypeDef* def = funcTypeDef(index);
  if (!def) {
    return tokens_->fail(use.indexToken, index < typeDefs_.size()
                                             ? "non-function type " + std::to_string(index)
                                             : "unknown type " + std::to_string(index));
  }
  if (def->params != use.params || def->results != use.results) {
    return tokens_->fail(use.indexToken, "inline function type does not match explicit type");
  }
  return true;
}

std::uint32_t ModuleParser::implicitFuncType(const std::vector<ValType>& params,
                                             const std::vector<ValType>& results) {
  std::string key = signatureKey(params, results);
  const auto found = funcTypeIndex_.find(key);
  if (found != funcTypeIndex_.end()) return found->second;
  const auto index = static_cast<std::uint32_t>(typeDefs_.size());
  TypeDef def;
  def.params = params;
  def.results = results;
  typeDefs_.push_back(std::move(def));
  groups_.emplace_back(index, 1);
  funcTypeIndex_.emplace(std::move(key), index);
  return index;
}

void ModuleParser::indexFuncTypes() {
  explicitTypes_ = static_cast<std::uint32_t>(typeDefs_.size());
  for (std::uint32_t i = 0; i < typeDefs_.size(); ++i) {
    const TypeDef& def = typeDefs_[i];
    // Only a lone, final function type without supertypes is what an inline type use means.
    if (def.groupSize != 1 || !def.final || !def.supers.empty() || def.comp != CompKind::Func) {
      continue;
    }
    funcTypeIndex_.emplace(signatureKey(def.params, def.results), i);
  }
}

// ---------------------------------------------------------------------------------------------
// Pass 2: type definitions.

bool ModuleParser::parseTypeField(TokenStream& tokens) {
  tokens_ = &tokens;
  tokens.take(); // '('
  const Token keyword = tokens.take();
  if (tokens.text(keyword) == "rec") {
    const auto first = static_cast<std::uint32_t>(typeDefs_.size());
    std::uint32_t count = 0;
    while (tokens.peekParenKeyword("type")) {
      tokens.take();
      tokens.take();
      TypeDef def;
      if (!parseTypeDef(def)) return false;
      typeDefs_.push_back(std::move(def));
      ++count;
    }
    for (std::uint32_t i = first; i < first + count; ++i)
      typeDefs_[i].groupSize = count;
    groups_.emplace_back(first, count);
    return tokens.expectRParen();
  }
  TypeDef def;
  if (!parseTypeDef(def)) return false;
  groups_.emplace_back(static_cast<std::uint32_t>(typeDefs_.size()), 1);
  typeDefs_.push_back(std::move(def));
  return true;
}

bool ModuleParser::parseTypeDef(TypeDef& def) {
  if (tokens_->peek().kind == TokenKind::Id) tokens_->take();
  if (!tokens_->expectLParen()) return false;
  Token keyword = tokens_->take();
  if (tokens_->isKeyword(keyword, "sub")) {
    def.final = false;
    if (tokens_->isKeyword(tokens_->peek(), "final")) {
      tokens_->take();
      def.final = true;
    }
    while (peekVar()) {
      std::uint32_t super = 0;
      if (!parseVar(types_, "type", super)) return false;
      def.supers.push_back(super);
    }
    if (!tokens_->expectLParen()) return false;
    keyword = tokens_->take();
    if (!parseCompTypeBody(def, keyword) || !tokens_->expectRParen()) return false;
  } else if (!parseCompTypeBody(def, keyword)) {
    return false;
  }
  return tokens_->expectRParen();
}

bool ModuleParser::parseFieldType(FieldType& field) {
  const auto storage = [this](ValType& type) {
    const Token token = tokens_->peek();
    if (tokens_->isKeyword(token, "i8") || tokens_->isKeyword(token, "i16")) {
      type = ValType{tokens_->text(token) == "i8" ? ValKind::I8 : ValKind::I16, false, {}};
      tokens_->take();
      return true;
    }
    return parseValType(type);
  };
  if (tokens_->peekParenKeyword("mut")) {
    tokens_->take();
    tokens_->take();
    field.isMutable = true;
    return storage(field.type) && tokens_->expectRParen();
  }
  field.isMutable = false;
  return storage(field.type);
}

bool ModuleParser::parseCompTypeBody(TypeDef& def, const Token& keyword) {
  const std::string_view kind =
      keyword.kind == TokenKind::Keyword ? tokens_->text(keyword) : std::string_view{};
  if (kind == "func") {
    def.comp = CompKind::Func;
    TypeUse use;
    if (tokens_->peekParenKeyword("type")) return tokens_->unexpected(tokens_->peek());
    if (!parseTypeUse(use, true)) return false;
    def.params = std::move(use.params);
    def.results = std::move(use.results);
    return tokens_->expectRParen();
  }
  if (kind == "struct") {
    def.comp = CompKind::Struct;
    while (tokens_->peekParenKeyword("field")) {
      tokens_->take();
      tokens_->take();
      if (tokens_->peek().kind == TokenKind::Id) {
        const Token id = tokens_->take();
        const std::string_view name = idName(id);
        for (const auto& [bound, unused] : def.fieldNames) {
          if (bound == name) return tokens_->fail(id, "duplicate field $" + std::string(name));
        }
        def.fieldNames.emplace_back(name, static_cast<std::uint32_t>(def.fields.size()));
        FieldType field;
        if (!parseFieldType(field) || !tokens_->expectRParen()) return false;
        def.fields.push_back(field);
        continue;
      }
      while (tokens_->peek().kind != TokenKind::RParen) {
        FieldType field;
        if (!parseFieldType(field)) return false;
        def.fields.push_back(field);
      }
      tokens_->take();
    }
    return tokens_->expectRParen();
  }
  if (kind == "array") {
    def.comp = CompKind::Array;
    FieldType field;
    if (!parseFieldType(field)) return false;
    def.fields.push_back(field);
    return tokens_->expectRParen();
  }
  return tokens_->unexpected(keyword, "\"func\", \"struct\" or \"array\"");
}

} // namespace wasmline::text
