// Instructions of the module parser: flat and folded forms through one explicit stack of open
// constructs, each instruction encoded as soon as its operands are.
#include <bit>

#include "text/literals.h"
#include "text/module_parser.h"

namespace wasmline::text {
namespace {

bool isBlockKeyword(std::string_view name) {
  return name == "block" || name == "loop" || name == "if" || name == "try_table";
}

// Keywords that belong to the structure of a block, never instructions of their own.
bool isStructureKeyword(std::string_view name) {
  return name == "then" || name == "else" || name == "end" || name == "do" || name == "catch" ||
         name == "catch_all" || name == "delegate";
}

const InstrInfo* rowOf(std::string_view name) {
  const std::span<const InstrInfo> rows = findInstructions(name);
  return rows.empty() ? nullptr : &rows.front();
}

} // namespace

bool ModuleParser::parseConstExpr(ByteWriter& out) {
  if (!parseInstrs(out, constContext_)) return false;
  out.u8(0x0B);
  return true;
}

bool ModuleParser::parseLabel(FuncContext& context, std::uint32_t& depth) {
  const Token token = tokens_->peek();
  if (token.kind == TokenKind::Nat) {
    tokens_->take();
    const auto value = parseUnsigned(tokens_->text(token), UINT32_MAX);
    if (!value) return tokens_->fail(token, "i32 constant out of range");
    depth = static_cast<std::uint32_t>(*value);
    return true;
  }
  if (token.kind != TokenKind::Id) return tokens_->unexpected(token, "a label");
  tokens_->take();
  const std::string_view name = idName(token);
  for (std::size_t i = context.labels.size(); i-- > 0;) {
    if (context.labels[i] == name) {
      depth = static_cast<std::uint32_t>(context.labels.size() - 1 - i);
      return true;
    }
  }
  return tokens_->fail(token, "unknown label $" + std::string(name));
}

bool ModuleParser::parseBlockType(ByteWriter& out) {
  TypeUse use;
  if (!parseTypeUse(use, false)) return false;
  if (use.index) {
    std::uint32_t index = 0;
    if (!resolveTypeUse(use, index)) return false;
    out.s64(index);
  } else if (use.params.empty() && use.results.empty()) {
    out.u8(0x40);
  } else if (use.params.empty() && use.results.size() == 1) {
    encodeValType(out, use.results.front());
  } else {
    out.s64(implicitFuncType(use.params, use.results));
  }
  return true;
}

bool ModuleParser::parseCatches(ByteWriter& out, FuncContext& context) {
  ByteWriter catches;
  std::uint32_t count = 0;
  while (true) {
    std::uint8_t kind = 0;
    if (tokens_->peekParenKeyword("catch")) {
      kind = 0x00;
    } else if (tokens_->peekParenKeyword("catch_ref")) {
      kind = 0x01;
    } else if (tokens_->peekParenKeyword("catch_all")) {
      kind = 0x02;
    } else if (tokens_->peekParenKeyword("catch_all_ref")) {
      kind = 0x03;
    } else {
      break;
    }
    tokens_->take();
    tokens_->take();
    catches.u8(kind);
    std::uint32_t index = 0;
    if (kind < 0x02) {
      if (!parseVar(tags_, "tag", index)) return false;
      catches.u32(index);
    }
    if (!parseLabel(context, index) || !tokens_->expectRParen()) return false;
    catches.u32(index);
    ++count;
  }
  out.u32(count);
  out.raw(catches.bytes());
  return true;
}

bool ModuleParser::parseBlockHeader(const Token& name, ByteWriter& out, FuncContext& context,
                                    std::string_view& label) {
  const InstrInfo* row = rowOf(tokens_->text(name));
  if (!row) return tokens_->fail(name, "unknown operator " + std::string(tokens_->text(name)));
  out.opcode(row->prefix, row->code);
  label = {};
  if (tokens_->peek().kind == TokenKind::Id) label = idName(tokens_->take());
  if (!parseBlockType(out)) return false;
  if (tokens_->text(name) == "try_table") return parseCatches(out, context);
  return true;
}

bool ModuleParser::parseEndLabel(const Control& control) {
  if (tokens_->peek().kind != TokenKind::Id) return true;
  const Token token = tokens_->take();
  if (control.label.empty() || idName(token) != control.label) {
    return tokens_->fail(token, "mismatching label");
  }
  return true;
}

bool ModuleParser::closeControl(ByteWriter& out, FuncContext& context) {
  Control& control = controls_.back();
  const Token close = tokens_->peek();
  const auto finish = [&](bool writeEnd) {
    tokens_->take();
    if (writeEnd) out.u8(0x0B);
    if (control.labeled) context.labels.pop_back();
    controls_.pop_back();
    return true;
  };
  switch (control.kind) {
  case Control::Kind::FlatBlock:
  case Control::Kind::FlatIf:
  case Control::Kind::FlatElse:
  case Control::Kind::FlatTry:
  case Control::Kind::FlatCatch:
  case Control::Kind::FlatCatchAll: return tokens_->unexpected(close, "\"end\"");
  case Control::Kind::Plain:
    tokens_->take();
    noteBranchHint(control.hint, out.size());
    out.appendTail(pending_, control.pending);
    pending_.truncate(control.pending);
    controls_.pop_back();
    return true;
  case Control::Kind::Folded: return finish(true);
  case Control::Kind::FoldedIf:
    switch (control.phase) {
    case 0: return tokens_->unexpected(close, "\"(then\"");
    case 1:
    case 3:
      tokens_->take();
      ++control.phase;
      return true;
    default:
      if (control.phase == 4 && out.size() == control.pending) out.truncate(out.size() - 1);
      return finish(true);
    }
  case Control::Kind::FoldedTry:
    switch (control.phase) {
    case 0: return tokens_->unexpected(close, "\"(do\"");
    case 1:
    case 3:
      tokens_->take();
      control.phase = 2;
      return true;
    case 4:
      tokens_->take();
      control.phase = 5;
      return true;
    case 6: return finish(false); // after (delegate l): no end, the label is gone already
    default: return finish(true);
    }
  }
  return false;
}

bool ModuleParser::openLegacyClause(const Token& name, ByteWriter& out, FuncContext& context,
                                    Control& control) {
  const std::string_view op = tokens_->text(name);
  const InstrInfo* row = rowOf(op);
  if (!row) return tokens_->fail(name, "unknown operator " + std::string(op));
  std::uint32_t index = 0;
  if (op == "delegate") {
    // The label of `delegate` counts from outside the try.
    if (control.labeled) context.labels.pop_back();
    control.labeled = false;
    if (!parseLabel(context, index)) return false;
    out.opcode(row->prefix, row->code);
    out.u32(index);
    return true;
  }
  out.opcode(row->prefix, row->code);
  if (op == "catch") {
    if (!parseVar(tags_, "tag", index)) return false;
    out.u32(index);
  }
  return true;
}

bool ModuleParser::parseFoldedClause(ByteWriter& out, FuncContext& context, Control& control,
                                     bool& handled) {
  handled = false;
  TokenStream& tokens = *tokens_;
  if (control.kind == Control::Kind::FoldedIf) {
    if (control.phase == 0 && tokens.peekParenKeyword("then")) {
      tokens.take();
      tokens.take();
      noteBranchHint(control.hint, out.size());
      out.appendTail(pending_, control.pending);
      pending_.truncate(control.pending);
      context.labels.push_back(control.label);
      control.labeled = true;
      control.phase = 1;
      handled = true;
      return true;
    }
    if (control.phase == 2 && tokens.peekParenKeyword("else")) {
      tokens.take();
      tokens.take();
      out.u8(0x05);
      control.pending = static_cast<std::uint32_t>(out.size()); // an empty else is left out
      control.phase = 3;
      handled = true;
      return true;
    }
    if (control.phase == 2) return tokens.unexpected(tokens.peek2(), "\"else\" or \")\"");
    if (control.phase == 4) return tokens.unexpected(tokens.peek(), "\")\"");
    return true;
  }
  if (control.kind != Control::Kind::FoldedTry) return true;
  if (control.phase == 1 || control.phase == 3 || control.phase == 4) return true; // a body
  handled = true;
  if (control.phase == 0) {
    if (!tokens.peekParenKeyword("do")) return tokens.unexpected(tokens.peek2(), "\"do\"");
    tokens.take();
    tokens.take();
    control.phase = 1;
    return true;
  }
  if (control.phase == 2) {
    const bool isCatch = tokens.peekParenKeyword("catch");
    const bool isCatchAll = tokens.peekParenKeyword("catch_all");
    const bool isDelegate = tokens.peekParenKeyword("delegate");
    if (!isCatch && !isCatchAll && !isDelegate) {
      return tokens.unexpected(tokens.peek2(), "\"catch\", \"catch_all\", \"delegate\" or \")\"");
    }
    if (isDelegate && control.caught) return tokens.unexpected(tokens.peek2(), "\")\"");
    control.caught = true;
    tokens.take();
    const Token name = tokens.take();
    if (!openLegacyClause(name, out, context, control)) return false;
    if (isDelegate) {
      control.phase = 6;
      return tokens.expectRParen();
    }
    control.phase = isCatch ? 3 : 4;
    return true;
  }
  return tokens.unexpected(tokens.peek(), "\")\"");
}

bool ModuleParser::parseInstrs(ByteWriter& out, FuncContext& context, bool single) {
  using Kind = Control::Kind;
  TokenStream& tokens = *tokens_;
  const std::size_t base = controls_.size();
  while (true) {
    const Token next = tokens.peek();
    Control* top = controls_.size() > base ? &controls_.back() : nullptr;
    if (next.kind == TokenKind::RParen) {
      if (!top) return true;
      if (!closeControl(out, context)) return false;
      if (single && controls_.size() == base) return true;
      continue;
    }
    if (next.kind == TokenKind::LParen) {
      if (top) {
        bool handled = false;
        if (!parseFoldedClause(out, context, *top, handled)) return false;
        if (handled) continue;
      }
      std::uint8_t hint = kNoHint;
      if (parsingBody_ && !takeBranchHint(hint)) return false;
      tokens.take();
      const Token name = tokens.take();
      if (name.kind != TokenKind::Keyword) {
        if (name.kind == TokenKind::Reserved) {
          return tokens.fail(name, "unknown operator " + std::string(tokens.text(name)));
        }
        return tokens.unexpected(name, "an instruction");
      }
      const std::string_view op = tokens.text(name);
      Control control{};
      control.open = name;
      control.hint = hint; // noted where the opcode reaches `out`
      if (op == "if") {
        control.kind = Kind::FoldedIf;
        control.pending = static_cast<std::uint32_t>(pending_.size());
        if (!parseBlockHeader(name, pending_, context, control.label)) return false;
      } else if (isBlockKeyword(op) || op == "try") {
        control.kind = op == "try" ? Kind::FoldedTry : Kind::Folded;
        noteBranchHint(hint, out.size());
        if (!parseBlockHeader(name, out, context, control.label)) return false;
        context.labels.push_back(control.label);
        control.labeled = true;
      } else if (isStructureKeyword(op)) {
        return tokens.unexpected(name, "an instruction");
      } else {
        control.kind = Kind::Plain;
        control.pending = static_cast<std::uint32_t>(pending_.size());
        if (!parsePlainInstr(name, pending_, context)) return false;
      }
      controls_.push_back(control);
      continue;
    }
    // Between a folded instruction's immediates and its `)` only folded operands may come.
    const bool foldedOnly =
        single ||
        (top &&
         (top->kind == Kind::Plain ||
          (top->kind == Kind::FoldedIf && top->phase != 1 && top->phase != 3) ||
          (top->kind == Kind::FoldedTry && top->phase != 1 && top->phase != 3 && top->phase != 4)));
    if (next.kind == TokenKind::Keyword && !foldedOnly) {
      if (parsingBody_) {
        std::uint8_t hint = kNoHint;
        if (!takeBranchHint(hint)) return false;
        noteBranchHint(hint, out.size());
      }
      const Token name = tokens.take();
      const std::string_view op = tokens.text(name);
      const bool inTry = top && (top->kind == Kind::FlatTry || top->kind == Kind::FlatCatch);
      if (isBlockKeyword(op) || op == "try") {
        Control control{};
        control.kind = op == "if" ? Kind::FlatIf : op == "try" ? Kind::FlatTry : Kind::FlatBlock;
        control.open = name;
        if (!parseBlockHeader(name, out, context, control.label)) return false;
        context.labels.push_back(control.label);
        control.labeled = true;
        controls_.push_back(control);
      } else if (op == "else") {
        if (!top || top->kind != Kind::FlatIf) return tokens.unexpected(name);
        if (!parseEndLabel(*top)) return false;
        out.u8(0x05);
        top->kind = Kind::FlatElse;
        top->pending = static_cast<std::uint32_t>(out.size()); // an empty else is left out
      } else if (op == "catch" || op == "catch_all") {
        if (!inTry) return tokens.unexpected(name);
        if (!openLegacyClause(name, out, context, *top)) return false;
        top->kind = op == "catch" ? Kind::FlatCatch : Kind::FlatCatchAll;
      } else if (op == "delegate") {
        if (!top || top->kind != Kind::FlatTry) return tokens.unexpected(name);
        if (!openLegacyClause(name, out, context, *top)) return false;
        controls_.pop_back();
      } else if (op == "end") {
        if (!top || !isFlat(top->kind)) return tokens.unexpected(name);
        if (!parseEndLabel(*top)) return false;
        if (top->kind == Kind::FlatElse && out.size() == top->pending) out.truncate(out.size() - 1);
        out.u8(0x0B);
        context.labels.pop_back();
        controls_.pop_back();
      } else if (isStructureKeyword(op)) {
        return tokens.unexpected(name);
      } else if (!parsePlainInstr(name, out, context)) {
        return false;
      }
      continue;
    }
    if (next.kind == TokenKind::Eof) return tokens.unexpected(next, "\")\"");
    if (next.kind == TokenKind::Reserved || (next.kind == TokenKind::Keyword && !foldedOnly)) {
      return tokens.fail(next, "unknown operator " + std::string(tokens.text(next)));
    }
    return tokens.unexpected(next, foldedOnly ? "\"(\" or \")\"" : "an instruction");
  }
}

bool ModuleParser::parsePlainInstr(const Token& name, ByteWriter& out, FuncContext& context) {
  const std::string_view op = tokens_->text(name);
  const std::span<const InstrInfo> rows = findInstructions(op);
  if (rows.empty()) return tokens_->fail(name, "unknown operator " + std::string(op));
  const InstrInfo* row = &rows.front();
  if (rows.size() > 1 && row->imm == ImmKind::HeapType) {
    // ref.test and ref.cast: the row depends on the nullability of the reference type.
    ValType type;
    if (!parseRefType(type)) return false;
    for (const InstrInfo& candidate : rows) {
      if (candidate.id.ends_with("Null") == type.nullable) row = &candidate;
    }
    out.opcode(row->prefix, row->code);
    encodeHeapType(out, type.heap);
    return true;
  }
  if (rows.size() > 1) {
    // `select` has a form with result types and one without.
    const bool typed = tokens_->peekParenKeyword("result");
    for (const InstrInfo& candidate : rows) {
      if ((candidate.imm == ImmKind::SelectTypes) == typed) row = &candidate;
    }
  }
  out.opcode(row->prefix, row->code);
  return parseImmediates(*row, name, out, context);
}

bool ModuleParser::parseMemArg(const InstrInfo& info, ByteWriter& out, bool lane) {
  std::uint32_t memory = 0;
  const Token next = tokens_->peek();
  if (next.kind == TokenKind::Id) {
    if (!parseVar(memories_, "memory", memory)) return false;
  } else if (next.kind == TokenKind::Nat) {
    // With a lane index after it, a lone number is the lane, not the memory.
    const Token after = tokens_->peek2();
    const bool isMemory =
        !lane || after.kind == TokenKind::Nat ||
        (after.kind == TokenKind::Keyword && (tokens_->text(after).starts_with("offset=") ||
                                              tokens_->text(after).starts_with("align=")));
    if (isMemory && !parseVar(memories_, "memory", memory)) return false;
  }
  std::uint64_t offset = 0;
  const Token offsetToken = tokens_->peek();
  if (offsetToken.kind == TokenKind::Keyword && tokens_->text(offsetToken).starts_with("offset=")) {
    tokens_->take();
    const auto value = parseUnsigned(tokens_->text(offsetToken).substr(7), UINT64_MAX);
    if (!value) return tokens_->fail(offsetToken, "i64 constant out of range");
    offset = *value;
  }
  std::uint32_t alignLog2 =
      info.memBytes == 0
          ? 0
          : static_cast<std::uint32_t>(std::countr_zero(static_cast<unsigned>(info.memBytes)));
  const Token alignToken = tokens_->peek();
  if (alignToken.kind == TokenKind::Keyword && tokens_->text(alignToken).starts_with("align=")) {
    tokens_->take();
    const auto value = parseUnsigned(tokens_->text(alignToken).substr(6), UINT64_MAX);
    if (!value) return tokens_->fail(alignToken, "i64 constant out of range");
    if (*value == 0 || (*value & (*value - 1)) != 0) {
      return tokens_->fail(alignToken, "alignment must be a power of two");
    }
    alignLog2 = static_cast<std::uint32_t>(std::countr_zero(*value));
  }
  out.u32(alignLog2 | (memory != 0 ? 0x40u : 0u));
  if (memory != 0) out.u32(memory);
  out.u64(offset);
  return true;
}

bool ModuleParser::parseV128Const(ByteWriter& out) {
  const Token shape = tokens_->peek();
  const std::string_view name =
      shape.kind == TokenKind::Keyword ? tokens_->text(shape) : std::string_view{};
  int lanes = 0, bits = 0;
  bool isFloat = false;
  if (name == "i8x16") {
    lanes = 16, bits = 8;
  } else if (name == "i16x8") {
    lanes = 8, bits = 16;
  } else if (name == "i32x4") {
    lanes = 4, bits = 32;
  } else if (name == "i64x2") {
    lanes = 2, bits = 64;
  } else if (name == "f32x4") {
    lanes = 4, bits = 32, isFloat = true;
  } else if (name == "f64x2") {
    lanes = 2, bits = 64, isFloat = true;
  } else {
    return tokens_->unexpected(shape, "a vector shape");
  }
  tokens_->take();
  for (int i = 0; i < lanes; ++i) {
    const Token lane = tokens_->peek();
    const bool number = lane.kind == TokenKind::Nat || lane.kind == TokenKind::Int ||
                        (isFloat && lane.kind == TokenKind::Float);
    if (!number) {
      if (lane.kind == TokenKind::Float || lane.kind == TokenKind::Keyword ||
          lane.kind == TokenKind::Reserved) {
        return tokens_->unexpected(lane, "a lane literal");
      }
      return tokens_->fail(lane, "wrong number of lane literals");
    }
    tokens_->take();
    const std::string_view text = tokens_->text(lane);
    std::uint64_t value = 0;
    if (!isFloat) {
      const auto parsed = parseInteger(text, bits);
      if (!parsed) return tokens_->fail(lane, "constant out of range");
      value = *parsed;
    } else if (bits == 32) {
      const auto parsed = parseF32(text);
      if (!parsed) return tokens_->fail(lane, "constant out of range");
      value = *parsed;
    } else {
      const auto parsed = parseF64(text);
      if (!parsed) return tokens_->fail(lane, "constant out of range");
      value = *parsed;
    }
    for (int b = 0; b < bits / 8; ++b)
      out.u8(static_cast<std::uint8_t>(value >> (8 * b)));
  }
  return true;
}

bool ModuleParser::parseImmediates(const InstrInfo& info, const Token& name, ByteWriter& out,
                                   FuncContext& context) {
  std::uint32_t index = 0;
  switch (info.imm) {
  case ImmKind::None: return true;
  case ImmKind::BlockType: {
    std::string_view label;
    (void)label;
    return parseBlockType(out);
  }
  case ImmKind::LabelIdx:
    if (!parseLabel(context, index)) return false;
    out.u32(index);
    return true;
  case ImmKind::BrTable: {
    std::vector<std::uint32_t> labels;
    while (peekVar()) {
      if (!parseLabel(context, index)) return false;
      labels.push_back(index);
    }
    if (labels.empty()) return tokens_->unexpected(tokens_->peek(), "a label");
    out.u32(static_cast<std::uint32_t>(labels.size() - 1));
    for (const std::uint32_t label : labels)
      out.u32(label);
    return true;
  }
  case ImmKind::FuncIdx:
    if (!parseVar(funcs_, "function", index)) return false;
    out.u32(index);
    return true;
  case ImmKind::CallIndirect: {
    std::uint32_t table = 0;
    if (!parseOptionalVar(tables_, "table", table)) return false;
    TypeUse use;
    if (!parseTypeUse(use, false) || !resolveTypeUse(use, index)) return false;
    out.u32(index);
    out.u32(table);
    return true;
  }
  case ImmKind::LocalIdx:
    if (!parseVar(context.locals, "local", index)) return false;
    out.u32(index);
    return true;
  case ImmKind::GlobalIdx:
    if (!parseVar(globals_, "global", index)) return false;
    out.u32(index);
    return true;
  case ImmKind::TableIdx:
    if (!parseOptionalVar(tables_, "table", index)) return false;
    out.u32(index);
    return true;
  case ImmKind::ElemIdx:
    if (!parseVar(elems_, "elem segment", index)) return false;
    out.u32(index);
    return true;
  case ImmKind::DataIdx:
    dataReferenced_ = true;
    if (!parseVar(datas_, "data segment", index)) return false;
    out.u32(index);
    return true;
  case ImmKind::MemIdx:
    if (!parseOptionalVar(memories_, "memory", index)) return false;
    out.u32(index);
    return true;
  case ImmKind::MemArg: return parseMemArg(info, out, false);
  case ImmKind::MemArgLane: {
    if (!parseMemArg(info, out, true)) return false;
    const Token lane = tokens_->peek();
    if (lane.kind != TokenKind::Nat) return tokens_->unexpected(lane, "a lane index");
    tokens_->take();
    const auto value = parseUnsigned(tokens_->text(lane), 255);
    if (!value) return tokens_->fail(lane, "i8 constant out of range");
    out.u8(static_cast<std::uint8_t>(*value));
    return true;
  }
  case ImmKind::LaneIdx: {
    const Token lane = tokens_->peek();
    if (lane.kind != TokenKind::Nat) return tokens_->unexpected(lane, "a lane index");
    tokens_->take();
    const auto value = parseUnsigned(tokens_->text(lane), 255);
    if (!value) return tokens_->fail(lane, "i8 constant out of range");
    out.u8(static_cast<std::uint8_t>(*value));
    return true;
  }
  case ImmKind::Shuffle16: {
    int lanes = 0;
    while (lanes < 16) {
      const Token lane = tokens_->peek();
      if (lane.kind != TokenKind::Nat) {
        if (lane.kind == TokenKind::Int || lane.kind == TokenKind::Float) {
          return tokens_->unexpected(lane, "a lane index");
        }
        return tokens_->fail(lane, "invalid lane length");
      }
      tokens_->take();
      const auto value = parseUnsigned(tokens_->text(lane), 255);
      if (!value) return tokens_->fail(lane, "i8 constant out of range");
      out.u8(static_cast<std::uint8_t>(*value));
      ++lanes;
    }
    const TokenKind after = tokens_->peek().kind;
    if (after == TokenKind::Nat || after == TokenKind::Int || after == TokenKind::Float) {
      return tokens_->fail(tokens_->peek(), "invalid lane length");
    }
    return true;
  }
  case ImmKind::I32Const:
  case ImmKind::I64Const: {
    const Token literal = tokens_->peek();
    if (literal.kind != TokenKind::Nat && literal.kind != TokenKind::Int) {
      return tokens_->unexpected(literal, "an integer literal");
    }
    tokens_->take();
    const bool wide = info.imm == ImmKind::I64Const;
    const auto value = parseInteger(tokens_->text(literal), wide ? 64 : 32);
    if (!value) return tokens_->fail(literal, "constant out of range");
    if (wide) {
      out.s64(static_cast<std::int64_t>(*value));
    } else {
      out.s64(static_cast<std::int32_t>(static_cast<std::uint32_t>(*value)));
    }
    return true;
  }
  case ImmKind::F32Const:
  case ImmKind::F64Const: {
    const Token literal = tokens_->peek();
    if (literal.kind != TokenKind::Nat && literal.kind != TokenKind::Int &&
        literal.kind != TokenKind::Float) {
      return tokens_->unexpected(literal, "a float literal");
    }
    tokens_->take();
    if (info.imm == ImmKind::F32Const) {
      const auto bits = parseF32(tokens_->text(literal));
      if (!bits) return tokens_->fail(literal, "constant out of range");
      out.fixed32(*bits);
    } else {
      const auto bits = parseF64(tokens_->text(literal));
      if (!bits) return tokens_->fail(literal, "constant out of range");
      out.fixed64(*bits);
    }
    return true;
  }
  case ImmKind::V128Const: return parseV128Const(out);
  case ImmKind::SelectTypes: {
    std::vector<ValType> types;
    while (tokens_->peekParenKeyword("result")) {
      tokens_->take();
      tokens_->take();
      while (tokens_->peek().kind != TokenKind::RParen) {
        ValType type;
        if (!parseValType(type)) return false;
        types.push_back(type);
      }
      tokens_->take();
    }
    out.u32(static_cast<std::uint32_t>(types.size()));
    for (const ValType& type : types)
      encodeValType(out, type);
    return true;
  }
  case ImmKind::HeapType: {
    HeapType heap;
    if (!parseHeapType(heap)) return false;
    encodeHeapType(out, heap);
    return true;
  }
  case ImmKind::TypeIdx:
    if (!parseVar(types_, "type", index)) return false;
    out.u32(index);
    return true;
  case ImmKind::TagIdx:
    if (!parseVar(tags_, "tag", index)) return false;
    out.u32(index);
    return true;
  case ImmKind::TryTable: return tokens_->unexpected(name, "an instruction");
  case ImmKind::StructField: {
    if (!parseVar(types_, "type", index)) return false;
    out.u32(index);
    const Token field = tokens_->peek();
    if (field.kind == TokenKind::Id) {
      tokens_->take();
      const std::string_view fieldName = idName(field);
      if (index < typeDefs_.size()) {
        for (const auto& [bound, position] : typeDefs_[index].fieldNames) {
          if (bound == fieldName) {
            out.u32(position);
            return true;
          }
        }
      }
      return tokens_->fail(field, "unknown field $" + std::string(fieldName));
    }
    if (field.kind != TokenKind::Nat) return tokens_->unexpected(field, "a field index");
    tokens_->take();
    const auto position = parseUnsigned(tokens_->text(field), UINT32_MAX);
    if (!position) return tokens_->fail(field, "i32 constant out of range");
    out.u32(static_cast<std::uint32_t>(*position));
    return true;
  }
  case ImmKind::ArrayFixed: {
    if (!parseVar(types_, "type", index)) return false;
    out.u32(index);
    const Token count = tokens_->peek();
    if (count.kind != TokenKind::Nat) return tokens_->unexpected(count, "an element count");
    tokens_->take();
    const auto value = parseUnsigned(tokens_->text(count), UINT32_MAX);
    if (!value) return tokens_->fail(count, "i32 constant out of range");
    out.u32(static_cast<std::uint32_t>(*value));
    return true;
  }
  case ImmKind::ArrayData:
  case ImmKind::ArrayElem: {
    if (!parseVar(types_, "type", index)) return false;
    out.u32(index);
    if (info.imm == ImmKind::ArrayData) {
      dataReferenced_ = true;
      if (!parseVar(datas_, "data segment", index)) return false;
    } else if (!parseVar(elems_, "elem segment", index)) {
      return false;
    }
    out.u32(index);
    return true;
  }
  case ImmKind::ArrayCopy: {
    std::uint32_t source = 0;
    if (!parseVar(types_, "type", index) || !parseVar(types_, "type", source)) return false;
    out.u32(index);
    out.u32(source);
    return true;
  }
  case ImmKind::BrOnCast: {
    ValType from, to;
    if (!parseLabel(context, index) || !parseRefType(from) || !parseRefType(to)) return false;
    out.u8(static_cast<std::uint8_t>((from.nullable ? 0x01 : 0x00) | (to.nullable ? 0x02 : 0x00)));
    out.u32(index);
    encodeHeapType(out, from.heap);
    encodeHeapType(out, to.heap);
    return true;
  }
  case ImmKind::TableInit: {
    std::uint32_t table = 0;
    const TokenKind second = tokens_->peek2().kind;
    if (peekVar() && (second == TokenKind::Nat || second == TokenKind::Id)) {
      if (!parseVar(tables_, "table", table)) return false;
    }
    if (!parseVar(elems_, "elem segment", index)) return false;
    out.u32(index);
    out.u32(table);
    return true;
  }
  case ImmKind::TableCopy: {
    std::uint32_t source = 0;
    if (peekVar() && (!parseVar(tables_, "table", index) || !parseVar(tables_, "table", source))) {
      return false;
    }
    out.u32(index);
    out.u32(source);
    return true;
  }
  case ImmKind::MemoryInit: {
    std::uint32_t memory = 0;
    dataReferenced_ = true;
    const TokenKind second = tokens_->peek2().kind;
    if (peekVar() && (second == TokenKind::Nat || second == TokenKind::Id)) {
      if (!parseVar(memories_, "memory", memory)) return false;
    }
    if (!parseVar(datas_, "data segment", index)) return false;
    out.u32(index);
    out.u32(memory);
    return true;
  }
  case ImmKind::MemoryCopy: {
    std::uint32_t source = 0;
    if (peekVar() &&
        (!parseVar(memories_, "memory", index) || !parseVar(memories_, "memory", source))) {
      return false;
    }
    out.u32(index);
    out.u32(source);
    return true;
  }
  case ImmKind::AtomicFence: out.u8(0x00); return true;
  }
  return tokens_->fail(name, "unsupported immediate");
}

} // namespace wasmline::text
