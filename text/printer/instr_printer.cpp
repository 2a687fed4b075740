// One instruction in the text format: its name and immediates, chosen by the immediate kind of
// its row in binary/opcodes.def (the table the parser reads them back with).
#include <cstdio>

#include "text/instructions.h"
#include "text/printer/context.h"

namespace wasmline::text {
namespace {

using Imm = binary::ImmKind;
using binary::Instr;

// A reference to an index the text format lets an instruction leave out when it is 0: printed
// when it is not 0 or has an identifier.
bool worthPrinting(const PrintContext& context, NameSpaceKind kind, std::uint32_t index) {
  return index != 0 || !context.ids.space(kind).id(0).empty();
}

void memArgText(const PrintContext& context, const Instr& instr, const binary::OpcodeInfo& info,
                std::string& text) {
  if (worthPrinting(context, NameSpaceKind::Memory, instr.mem.memory)) {
    text += " " + context.ref(NameSpaceKind::Memory, instr.mem.memory);
  }
  if (instr.mem.offset != 0) text += " offset=" + std::to_string(instr.mem.offset);
  const std::uint64_t alignment = std::uint64_t{1}
                                  << std::min<std::uint32_t>(instr.mem.alignLog2, 63);
  if (alignment != info.memBytes) text += " align=" + std::to_string(alignment);
}

// The (ref null? ht) of ref.test, ref.cast and br_on_cast.
std::string refTypeText(const PrintContext& context, HeapType heap, bool nullable) {
  return valTypeText(context, ValType::ref(heap, nullable));
}

// ref.test and ref.cast have a row for each nullability, told apart by the row's identifier
// (as the parser tells them apart).
bool nullableRow(binary::Opcode op) {
  return allInstructions()[static_cast<std::size_t>(op)].id.ends_with("Null");
}

std::string v128Text(const std::array<std::uint8_t, 16>& bytes) {
  std::string text = " i32x4";
  for (int lane = 0; lane < 4; ++lane) {
    std::uint32_t value = 0;
    for (int b = 0; b < 4; ++b)
      value |= std::uint32_t{bytes[static_cast<std::size_t>(4 * lane + b)]} << (8 * b);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, " 0x%08x", value);
    text += buffer;
  }
  return text;
}

} // namespace

std::string blockTypeText(const PrintContext& context, const binary::BlockType& type) {
  switch (type.kind) {
  case binary::BlockType::Kind::Empty: return {};
  case binary::BlockType::Kind::Value: return " (result " + valTypeText(context, type.value) + ")";
  case binary::BlockType::Kind::TypeIndex: return " " + typeUseText(context, type.typeIndex);
  }
  return {};
}

std::string catchesText(const PrintContext& context, const Instr& instr, const LabelNames& labels) {
  std::string text;
  for (const binary::CatchClause& clause : instr.catches) {
    using Kind = binary::CatchClause::Kind;
    switch (clause.kind) {
    case Kind::Catch: text += " (catch "; break;
    case Kind::CatchRef: text += " (catch_ref "; break;
    case Kind::CatchAll: text += " (catch_all "; break;
    case Kind::CatchAllRef: text += " (catch_all_ref "; break;
    }
    if (clause.kind == Kind::Catch || clause.kind == Kind::CatchRef) {
      text += context.ref(NameSpaceKind::Tag, clause.tag) + " ";
    }
    text += labels.label(clause.label) + ")";
  }
  return text;
}

std::string instrText(const PrintContext& context, const Instr& instr, const LabelNames& labels,
                      std::uint32_t function) {
  const binary::OpcodeInfo& info = binary::opcodeInfo(instr.op);
  std::string text(info.text);
  const auto ref = [&](NameSpaceKind kind, std::uint32_t index) {
    text += " " + context.ref(kind, index);
  };
  const auto optional = [&](NameSpaceKind kind, std::uint32_t index) {
    if (worthPrinting(context, kind, index)) ref(kind, index);
  };
  switch (info.imm) {
  case Imm::None:
  case Imm::AtomicFence: break;
  case Imm::BlockType: text += blockTypeText(context, instr.block); break;
  case Imm::TryTable:
    text += blockTypeText(context, instr.block) + catchesText(context, instr, labels);
    break;
  case Imm::LabelIdx: text += " " + labels.label(instr.index); break;
  case Imm::BrTable:
    for (const std::uint32_t target : instr.targets)
      text += " " + labels.label(target);
    text += " " + labels.label(instr.index);
    break;
  case Imm::FuncIdx: ref(NameSpaceKind::Function, instr.index); break;
  case Imm::CallIndirect:
    optional(NameSpaceKind::Table, instr.index2);
    text += " (type " + context.ref(NameSpaceKind::Type, instr.index) + ")";
    break;
  case Imm::LocalIdx: text += " " + context.ids.localsOf(function).ref(instr.index); break;
  case Imm::GlobalIdx: ref(NameSpaceKind::Global, instr.index); break;
  case Imm::TableIdx: optional(NameSpaceKind::Table, instr.index); break;
  case Imm::ElemIdx: ref(NameSpaceKind::Elem, instr.index); break;
  case Imm::DataIdx: ref(NameSpaceKind::Data, instr.index); break;
  case Imm::MemIdx: optional(NameSpaceKind::Memory, instr.index); break;
  case Imm::MemArg: memArgText(context, instr, info, text); break;
  case Imm::MemArgLane:
    memArgText(context, instr, info, text);
    text += " " + std::to_string(instr.lane);
    break;
  case Imm::LaneIdx: text += " " + std::to_string(instr.lane); break;
  case Imm::Shuffle16:
    for (const std::uint8_t lane : instr.v128)
      text += " " + std::to_string(lane);
    break;
  case Imm::I32Const:
    text +=
        " " + std::to_string(static_cast<std::int32_t>(static_cast<std::uint32_t>(instr.value)));
    break;
  case Imm::I64Const: text += " " + std::to_string(static_cast<std::int64_t>(instr.value)); break;
  case Imm::F32Const: text += " " + f32Literal(static_cast<std::uint32_t>(instr.value)); break;
  case Imm::F64Const: text += " " + f64Literal(instr.value); break;
  case Imm::V128Const: text += v128Text(instr.v128); break;
  case Imm::SelectTypes:
    if (instr.selectArity > 0) text += " (result " + valTypeText(context, instr.type) + ")";
    break;
  case Imm::HeapType:
    if (findInstructions(info.text).size() > 1) {
      text += " " + refTypeText(context, instr.heap, nullableRow(instr.op));
    } else {
      text += " " + heapTypeText(context, instr.heap);
    }
    break;
  case Imm::TypeIdx: ref(NameSpaceKind::Type, instr.index); break;
  case Imm::TagIdx: ref(NameSpaceKind::Tag, instr.index); break;
  case Imm::StructField:
    ref(NameSpaceKind::Type, instr.index);
    text += " " + context.ids.fieldsOf(instr.index).ref(instr.index2);
    break;
  case Imm::ArrayFixed:
    ref(NameSpaceKind::Type, instr.index);
    text += " " + std::to_string(instr.index2);
    break;
  case Imm::ArrayData:
    ref(NameSpaceKind::Type, instr.index);
    ref(NameSpaceKind::Data, instr.index2);
    break;
  case Imm::ArrayElem:
    ref(NameSpaceKind::Type, instr.index);
    ref(NameSpaceKind::Elem, instr.index2);
    break;
  case Imm::ArrayCopy:
    ref(NameSpaceKind::Type, instr.index);
    ref(NameSpaceKind::Type, instr.index2);
    break;
  case Imm::BrOnCast:
    text += " " + labels.label(instr.index);
    text += " " + refTypeText(context, instr.heap, (instr.castFlags & 0x01) != 0);
    text += " " + refTypeText(context, instr.heap2, (instr.castFlags & 0x02) != 0);
    break;
  case Imm::TableInit:
    optional(NameSpaceKind::Table, instr.index2);
    ref(NameSpaceKind::Elem, instr.index);
    break;
  case Imm::MemoryInit:
    optional(NameSpaceKind::Memory, instr.index2);
    ref(NameSpaceKind::Data, instr.index);
    break;
  case Imm::TableCopy:
    if (worthPrinting(context, NameSpaceKind::Table, instr.index) ||
        worthPrinting(context, NameSpaceKind::Table, instr.index2)) {
      ref(NameSpaceKind::Table, instr.index);
      ref(NameSpaceKind::Table, instr.index2);
    }
    break;
  case Imm::MemoryCopy:
    if (worthPrinting(context, NameSpaceKind::Memory, instr.index) ||
        worthPrinting(context, NameSpaceKind::Memory, instr.index2)) {
      ref(NameSpaceKind::Memory, instr.index);
      ref(NameSpaceKind::Memory, instr.index2);
    }
    break;
  }
  return text;
}

} // namespace wasmline::text
