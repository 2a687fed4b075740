#include "text/script.h"

#include <memory>

#include "text/literals.h"
#include "text/module_parser.h"
#include "text/token_stream.h"

namespace wasmline::text {

const char* commandKindName(CommandKind kind) {
  switch (kind) {
  case CommandKind::Module: return "module";
  case CommandKind::Instance: return "module instance";
  case CommandKind::Register: return "register";
  case CommandKind::Action: return "action";
  case CommandKind::AssertReturn: return "assert_return";
  case CommandKind::AssertTrap: return "assert_trap";
  case CommandKind::AssertExhaustion: return "assert_exhaustion";
  case CommandKind::AssertException: return "assert_exception";
  case CommandKind::AssertMalformed: return "assert_malformed";
  case CommandKind::AssertInvalid: return "assert_invalid";
  case CommandKind::AssertUnlinkable: return "assert_unlinkable";
  case CommandKind::AssertUninstantiable: return "assert_uninstantiable";
  case CommandKind::Thread: return "thread";
  case CommandKind::Wait: return "wait";
  case CommandKind::AssertMalformedCustom: return "assert_malformed_custom";
  case CommandKind::AssertInvalidCustom: return "assert_invalid_custom";
  }
  return "unknown";
}

namespace {

// Threads may nest threads; this bounds the recursion of the script reader.
constexpr int kMaxThreadNesting = 64;

// Keywords that start a module field: a script made of them is one inline module.
bool isModuleField(std::string_view keyword) {
  return keyword == "type" || keyword == "rec" || keyword == "func" || keyword == "table" ||
         keyword == "memory" || keyword == "global" || keyword == "tag" || keyword == "import" ||
         keyword == "export" || keyword == "start" || keyword == "elem" || keyword == "data";
}

class ScriptParser {
public:
  ScriptParser(std::string_view source, std::string_view sourceName, bool referenceTypes)
      : source_(source), sourceName_(sourceName), referenceTypes_(referenceTypes),
        tokens_(source, sourceName) {}

  bool parse(Script& script) {
    if (tokens_.peek().kind == TokenKind::LParen && tokens_.peek2().kind == TokenKind::Keyword &&
        isModuleField(tokens_.text(tokens_.peek2()))) {
      // An inline module: the whole script is the fields of one module.
      ScriptCommand command;
      command.kind = CommandKind::Module;
      command.line = tokens_.peek().line;
      ScriptModule& module = command.module.emplace();
      module.line = command.line;
      ModuleParser parser(source_, sourceName_);
      parser.setReferenceTypes(referenceTypes_);
      if (parser.parseStandalone()) {
        module.binary = parser.takeBinary();
      } else {
        module.error = parser.error();
      }
      script.commands.push_back(std::move(command));
      return true;
    }
    return parseCommands(script.commands, 0, false);
  }

  const std::string& error() const { return tokens_.error(); }

private:
  // Commands up to the end of the source, or (inside a thread) up to a `)`.
  bool parseCommands(std::vector<ScriptCommand>& commands, int depth, bool closed) {
    while (true) {
      const Token next = tokens_.peek();
      if (closed ? next.kind == TokenKind::RParen : next.kind == TokenKind::Eof) return true;
      ScriptCommand command;
      if (!parseCommand(command, depth)) return false;
      commands.push_back(std::move(command));
    }
  }

  bool parseString(std::string& out) {
    const Token token = tokens_.peek();
    if (token.kind != TokenKind::String) return tokens_.unexpected(token, "a string");
    tokens_.take();
    out = decodeString(tokens_.text(token));
    return true;
  }

  std::string optionalId() {
    if (tokens_.peek().kind != TokenKind::Id) return {};
    const std::string_view text = tokens_.text(tokens_.take());
    if (text.size() > 1 && text[1] == '"') return decodeString(text.substr(1));
    return std::string(text.substr(1));
  }

  bool parseCommand(ScriptCommand& command, int depth) {
    const Token open = tokens_.peek();
    if (!tokens_.expectLParen()) return false;
    const Token keyword = tokens_.take();
    command.line = open.line;
    if (keyword.kind != TokenKind::Keyword) return tokens_.unexpected(keyword, "a command");
    const std::string_view name = tokens_.text(keyword);
    if (name == "module") return parseModuleCommand(command, open);
    if (name == "register") {
      command.kind = CommandKind::Register;
      if (!parseString(command.registerName)) return false;
      command.instance = optionalId();
      return tokens_.expectRParen();
    }
    if (name == "invoke" || name == "get") {
      command.kind = CommandKind::Action;
      command.action.emplace();
      return parseActionBody(*command.action, name == "get", open);
    }
    if (name == "assert_return") {
      command.kind = CommandKind::AssertReturn;
      if (!parseAction(command.action)) return false;
      while (tokens_.peek().kind == TokenKind::LParen) {
        ScriptResult result;
        if (!parseResult(result)) return false;
        command.expected.push_back(std::move(result));
      }
      return tokens_.expectRParen();
    }
    if (name == "assert_trap") {
      if (tokens_.peekParenKeyword("module")) {
        command.kind = CommandKind::AssertUninstantiable;
        if (!parseAssertedModule(command, true)) return false;
      } else {
        command.kind = CommandKind::AssertTrap;
        if (!parseAction(command.action)) return false;
      }
      return parseString(command.message) && tokens_.expectRParen();
    }
    if (name == "assert_exhaustion") {
      command.kind = CommandKind::AssertExhaustion;
      return parseAction(command.action) && parseString(command.message) && tokens_.expectRParen();
    }
    if (name == "assert_exception") {
      command.kind = CommandKind::AssertException;
      return parseAction(command.action) && tokens_.expectRParen();
    }
    if (name == "assert_malformed" || name == "assert_invalid" || name == "assert_unlinkable") {
      command.kind = name == "assert_malformed" ? CommandKind::AssertMalformed
                     : name == "assert_invalid" ? CommandKind::AssertInvalid
                                                : CommandKind::AssertUnlinkable;
      return parseAssertedModule(command, command.kind == CommandKind::AssertUnlinkable) &&
             parseString(command.message) && tokens_.expectRParen();
    }
    if (name == "assert_malformed_custom" || name == "assert_invalid_custom") {
      command.kind = name == "assert_malformed_custom" ? CommandKind::AssertMalformedCustom
                                                       : CommandKind::AssertInvalidCustom;
      return parseAssertedModule(command, false) && parseString(command.message) &&
             tokens_.expectRParen();
    }
    if (name == "thread") {
      if (depth >= kMaxThreadNesting) return tokens_.fail(keyword, "threads nested too deeply");
      command.kind = CommandKind::Thread;
      if (tokens_.peek().kind != TokenKind::Id)
        return tokens_.unexpected(tokens_.peek(), "a thread name");
      command.thread = optionalId();
      while (tokens_.peekParenKeyword("shared")) {
        tokens_.take();
        tokens_.take();
        if (!tokens_.expectLParen() || !tokens_.expectKeyword("module")) return false;
        if (tokens_.peek().kind != TokenKind::Id)
          return tokens_.unexpected(tokens_.peek(), "a module name");
        command.shared.push_back(optionalId());
        if (!tokens_.expectRParen() || !tokens_.expectRParen()) return false;
      }
      return parseCommands(command.commands, depth + 1, true) && tokens_.expectRParen();
    }
    if (name == "wait") {
      command.kind = CommandKind::Wait;
      if (tokens_.peek().kind != TokenKind::Id)
        return tokens_.unexpected(tokens_.peek(), "a thread name");
      command.thread = optionalId();
      return tokens_.expectRParen();
    }
    return tokens_.unexpected(keyword, "a command");
  }

  // The module of assert_malformed, assert_invalid (a module), assert_unlinkable and
  // assert_trap (a module or `(module instance ...)`).
  bool parseAssertedModule(ScriptCommand& command, bool allowInstance) {
    const Token open = tokens_.peek();
    if (!tokens_.expectLParen() || !tokens_.expectKeyword("module")) return false;
    if (tokens_.isKeyword(tokens_.peek(), "instance")) {
      if (!allowInstance) return tokens_.unexpected(tokens_.peek(), "a module");
      command.onInstance = true;
      return parseInstanceBody(command);
    }
    command.module.emplace();
    return parseModuleBody(*command.module, open);
  }

  bool parseModuleCommand(ScriptCommand& command, const Token& open) {
    if (tokens_.isKeyword(tokens_.peek(), "instance")) {
      command.kind = CommandKind::Instance;
      return parseInstanceBody(command);
    }
    command.kind = CommandKind::Module;
    command.module.emplace();
    return parseModuleBody(*command.module, open);
  }

  // After `(module`: `instance $I? $M? )`.
  bool parseInstanceBody(ScriptCommand& command) {
    tokens_.take();
    std::string first = optionalId();
    std::string second = optionalId();
    if (second.empty()) {
      command.moduleName = std::move(first);
    } else {
      command.instance = std::move(first);
      command.moduleName = std::move(second);
    }
    return tokens_.expectRParen();
  }

  // After `(module`: `definition? $id? (binary string* | quote string* | field*) )`.
  bool parseModuleBody(ScriptModule& module, const Token& open) {
    module.line = open.line;
    if (tokens_.isKeyword(tokens_.peek(), "definition")) {
      tokens_.take();
      module.definition = true;
    }
    module.name = optionalId();
    if (tokens_.isKeyword(tokens_.peek(), "binary")) {
      tokens_.take();
      module.source = ScriptModule::Source::Binary;
      std::string bytes;
      while (tokens_.peek().kind == TokenKind::String)
        appendString(tokens_.text(tokens_.take()), bytes);
      module.binary.assign(bytes.begin(), bytes.end());
      return tokens_.expectRParen();
    }
    if (tokens_.isKeyword(tokens_.peek(), "quote")) {
      tokens_.take();
      module.source = ScriptModule::Source::Quote;
      std::string text;
      while (tokens_.peek().kind == TokenKind::String)
        appendString(tokens_.text(tokens_.take()), text);
      if (!tokens_.expectRParen()) return false;
      const std::string quoteName =
          std::string(sourceName_) + ":" + std::to_string(open.line) + ": quoted module";
      ModuleParser parser(text, quoteName);
      parser.setReferenceTypes(referenceTypes_);
      if (parser.parseStandalone()) {
        module.binary = parser.takeBinary();
      } else {
        module.error = parser.error();
      }
      return true;
    }
    module.source = ScriptModule::Source::Text;
    // From the end of `(module $id?`, so the module parser sees an annotation before the
    // first field.
    const SourcePosition fields = tokens_.positionAfterLast();
    if (tokens_.peek().kind == TokenKind::Error) return tokens_.fail(tokens_.peek(), {});
    ModuleParser parser(source_, sourceName_, fields);
    parser.setReferenceTypes(referenceTypes_);
    if (parser.parseFields(module.name)) {
      module.binary = parser.takeBinary();
      tokens_.reset(parser.end());
      return true;
    }
    module.error = parser.error();
    return tokens_.skipToClose();
  }

  bool parseAction(std::optional<ScriptAction>& action) {
    const Token open = tokens_.peek();
    if (!tokens_.expectLParen()) return false;
    const Token keyword = tokens_.take();
    const bool isGet = tokens_.isKeyword(keyword, "get");
    if (!isGet && !tokens_.isKeyword(keyword, "invoke")) {
      return tokens_.unexpected(keyword, "\"invoke\" or \"get\"");
    }
    action.emplace();
    return parseActionBody(*action, isGet, open);
  }

  // After `(invoke` or `(get`.
  bool parseActionBody(ScriptAction& action, bool isGet, const Token& open) {
    action.isGet = isGet;
    action.line = open.line;
    action.instance = optionalId();
    if (!parseString(action.field)) return false;
    while (!isGet && tokens_.peek().kind == TokenKind::LParen) {
      ScriptValue value;
      if (!parseValue(value, false)) return false;
      action.args.push_back(value);
    }
    return tokens_.expectRParen();
  }

  bool parseResult(ScriptResult& result) {
    if (tokens_.peekParenKeyword("either")) {
      tokens_.take();
      tokens_.take();
      while (tokens_.peek().kind == TokenKind::LParen) {
        ScriptValue value;
        if (!parseValue(value, true)) return false;
        result.alternatives.push_back(value);
      }
      if (result.alternatives.empty()) return tokens_.unexpected(tokens_.peek(), "a result");
      return tokens_.expectRParen();
    }
    ScriptValue value;
    if (!parseValue(value, true)) return false;
    result.alternatives.push_back(value);
    return true;
  }

  // A NaN pattern keyword when `pattern`: nan:canonical or nan:arithmetic.
  bool nanPattern(const Token& token, bool pattern, NanPattern& nan) {
    if (!pattern || token.kind != TokenKind::Keyword) return false;
    const std::string_view text = tokens_.text(token);
    if (text == "nan:canonical") {
      nan = NanPattern::Canonical;
      return true;
    }
    if (text == "nan:arithmetic") {
      nan = NanPattern::Arithmetic;
      return true;
    }
    return false;
  }

  static void storeBits(ScriptValue& value, std::uint64_t bits, int bytes, int at = 0) {
    for (int i = 0; i < bytes; ++i)
      value.bytes[static_cast<std::size_t>(at + i)] = static_cast<std::uint8_t>(bits >> (8 * i));
  }

  // A literal, or (when `pattern`) a result pattern: `(i32.const 1)`, `(ref.null func)`, ...
  bool parseValue(ScriptValue& value, bool pattern) {
    if (!tokens_.expectLParen()) return false;
    const Token keyword = tokens_.take();
    const std::string_view name =
        keyword.kind == TokenKind::Keyword ? tokens_.text(keyword) : std::string_view{};
    using Kind = ScriptValue::Kind;
    if (name == "i32.const" || name == "i64.const") {
      const bool wide = name == "i64.const";
      value.kind = wide ? Kind::I64 : Kind::I32;
      const Token literal = tokens_.peek();
      if (literal.kind != TokenKind::Nat && literal.kind != TokenKind::Int) {
        return tokens_.unexpected(literal, "an integer literal");
      }
      tokens_.take();
      const auto bits = parseInteger(tokens_.text(literal), wide ? 64 : 32);
      if (!bits) return tokens_.fail(literal, "constant out of range");
      storeBits(value, *bits, wide ? 8 : 4);
    } else if (name == "f32.const" || name == "f64.const") {
      const bool wide = name == "f64.const";
      value.kind = wide ? Kind::F64 : Kind::F32;
      const Token literal = tokens_.take();
      if (!nanPattern(literal, pattern, value.nan[0]) && !floatLiteral(literal, wide, value, 0)) {
        return false;
      }
    } else if (name == "v128.const") {
      value.kind = Kind::V128;
      if (!parseVectorLanes(value, pattern)) return false;
    } else if (name == "ref.null") {
      value.kind = Kind::RefNull;
      const Token next = tokens_.peek();
      if (next.kind == TokenKind::Keyword) {
        if (!heapKindFromKeyword(tokens_.text(next), value.heap)) {
          return tokens_.unexpected(next, "a heap type");
        }
        tokens_.take();
        value.hasHeapType = true;
      } else if (next.kind == TokenKind::Nat) {
        const auto index = parseUnsigned(tokens_.text(next), UINT32_MAX);
        if (!index) return tokens_.fail(next, "i32 constant out of range");
        tokens_.take();
        value.heap = HeapKind::Concrete;
        value.index = static_cast<std::uint32_t>(*index);
        value.hasHeapType = true;
      } else if (!pattern) {
        return tokens_.unexpected(next, "a heap type");
      }
    } else if (name == "ref.extern" || name == "ref.host") {
      value.kind = name == "ref.extern" ? Kind::RefExtern : Kind::RefHost;
      const Token next = tokens_.peek();
      if (next.kind == TokenKind::Nat) {
        const auto payload = parseUnsigned(tokens_.text(next), UINT32_MAX);
        if (!payload) return tokens_.fail(next, "i32 constant out of range");
        tokens_.take();
        value.payload = static_cast<std::uint32_t>(*payload);
        value.hasPayload = true;
      } else if (!pattern || value.kind == Kind::RefHost) {
        return tokens_.unexpected(next, "a number");
      }
    } else if (pattern &&
               (name == "ref" || name == "ref.func" || name == "ref.eq" || name == "ref.i31" ||
                name == "ref.struct" || name == "ref.array" || name == "ref.exn")) {
      value.kind = name == "ref"          ? Kind::RefAny
                   : name == "ref.func"   ? Kind::RefFunc
                   : name == "ref.eq"     ? Kind::RefEq
                   : name == "ref.i31"    ? Kind::RefI31
                   : name == "ref.struct" ? Kind::RefStruct
                   : name == "ref.array"  ? Kind::RefArray
                                          : Kind::RefExn;
    } else {
      return tokens_.unexpected(keyword, pattern ? "a result" : "a constant");
    }
    return tokens_.expectRParen();
  }

  bool floatLiteral(const Token& literal, bool wide, ScriptValue& value, int at) {
    if (literal.kind != TokenKind::Nat && literal.kind != TokenKind::Int &&
        literal.kind != TokenKind::Float) {
      return tokens_.unexpected(literal, "a float literal");
    }
    if (wide) {
      const auto bits = parseF64(tokens_.text(literal));
      if (!bits) return tokens_.fail(literal, "constant out of range");
      storeBits(value, *bits, 8, at);
    } else {
      const auto bits = parseF32(tokens_.text(literal));
      if (!bits) return tokens_.fail(literal, "constant out of range");
      storeBits(value, *bits, 4, at);
    }
    return true;
  }

  bool parseVectorLanes(ScriptValue& value, bool pattern) {
    const Token shape = tokens_.take();
    const std::string_view name =
        shape.kind == TokenKind::Keyword ? tokens_.text(shape) : std::string_view{};
    int lanes = 0;
    if (name == "i8x16") {
      lanes = 16, value.laneBits = 8;
    } else if (name == "i16x8") {
      lanes = 8, value.laneBits = 16;
    } else if (name == "i32x4") {
      lanes = 4, value.laneBits = 32;
    } else if (name == "i64x2") {
      lanes = 2, value.laneBits = 64;
    } else if (name == "f32x4") {
      lanes = 4, value.laneBits = 32, value.floatLanes = true;
    } else if (name == "f64x2") {
      lanes = 2, value.laneBits = 64, value.floatLanes = true;
    } else {
      return tokens_.unexpected(shape, "a vector shape");
    }
    const int bytes = value.laneBits / 8;
    for (int i = 0; i < lanes; ++i) {
      const Token lane = tokens_.peek();
      if (lane.kind == TokenKind::RParen)
        return tokens_.fail(lane, "wrong number of lane literals");
      tokens_.take();
      if (value.floatLanes) {
        if (nanPattern(lane, pattern, value.nan[static_cast<std::size_t>(i)])) continue;
        if (!floatLiteral(lane, bytes == 8, value, i * bytes)) return false;
        continue;
      }
      if (lane.kind != TokenKind::Nat && lane.kind != TokenKind::Int) {
        return tokens_.unexpected(lane, "an integer literal");
      }
      const auto bits = parseInteger(tokens_.text(lane), value.laneBits);
      if (!bits) return tokens_.fail(lane, "constant out of range");
      storeBits(value, *bits, bytes, i * bytes);
    }
    return true;
  }

  std::string_view source_;
  std::string_view sourceName_;
  bool referenceTypes_;
  TokenStream tokens_;
};

} // namespace

Result<Script> parseScript(std::string_view source, std::string_view sourceName,
                           const ScriptOptions& options) {
  const std::size_t maxBytes = options.maxBytes;
  if (source.size() > maxBytes || source.size() > UINT32_MAX) {
    return Error(ErrorKind::InvalidArgument,
                 std::string(sourceName) + ": script of " + std::to_string(source.size()) +
                     " bytes is larger than the limit of " + std::to_string(maxBytes) + " bytes");
  }
  Script script;
  ScriptParser parser(source, sourceName, options.referenceTypes);
  if (!parser.parse(script)) return Error(ErrorKind::Malformed, parser.error());
  return script;
}

} // namespace wasmline::text
