#include "binary/instr.h"

#include "binary/type_reader.h"

namespace wasmline::binary {

// A memory index: a u32 with multi-memory, else a single zero byte.
std::uint32_t InstrDecoder::memoryIndex() {
  if (features_.multiMemory) return reader_.u32();
  const std::size_t offset = reader_.offset();
  if (reader_.u8() != 0 && !reader_.failed()) reader_.fail("zero byte expected", offset);
  return 0;
}

void InstrDecoder::memArg(Instr& instr) {
  const std::size_t flagsOffset = reader_.offset();
  std::uint32_t flags = reader_.u32();
  // WebAssembly 3.0 (multi-memory, memory64): flags below 64 are the alignment, 64..127 the
  // alignment plus a memory index; anything else is malformed. The offset is a u64 for every
  // memory, its range checked by validation ("offset out of range").
  const bool modern = features_.multiMemory || features_.memory64;
  if (modern && flags >= 0x80 && !reader_.failed()) {
    reader_.fail("malformed memop flags", flagsOffset);
    return;
  }
  instr.mem.memory = 0;
  if (features_.multiMemory && (flags & 0x40)) {
    flags &= ~0x40u;
    instr.mem.memory = reader_.u32();
  }
  instr.mem.alignLog2 = flags;
  const bool is64 =
      instr.mem.memory < module_.memories.size() && module_.memories[instr.mem.memory].is64;
  instr.mem.offset = is64 || features_.memory64 ? reader_.u64() : reader_.u32();
}

ValType InstrDecoder::valType() {
  return readValType(reader_, features_);
}

BlockType InstrDecoder::blockType() {
  BlockType type;
  const std::optional<std::uint8_t> first = reader_.peek();
  if (first == 0x40) {
    reader_.u8();
    return type;
  }
  if (first && (*first & 0xC0) == 0x40) { // a negative single-byte s33: a value type
    type.kind = BlockType::Kind::Value;
    type.value = valType();
    return type;
  }
  const std::size_t offset = reader_.offset();
  const std::int64_t index = reader_.s33();
  if (reader_.failed()) return type;
  if (index < 0) {
    reader_.fail("malformed value type", offset);
    return type;
  }
  type.kind = BlockType::Kind::TypeIndex;
  type.typeIndex = static_cast<std::uint32_t>(std::min<std::int64_t>(index, UINT32_MAX));
  return type;
}

void InstrDecoder::tryTable(Instr& instr) {
  instr.block = blockType();
  const std::uint32_t count = reader_.u32();
  catches_.clear();
  for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i) {
    const std::size_t offset = reader_.offset();
    const std::uint8_t kind = reader_.u8();
    if (reader_.failed()) break;
    if (kind > 3) {
      reader_.fail("malformed catch clause", offset);
      break;
    }
    CatchClause clause;
    clause.kind = static_cast<CatchClause::Kind>(kind);
    if (clause.kind == CatchClause::Kind::Catch || clause.kind == CatchClause::Kind::CatchRef) {
      clause.tag = reader_.u32();
    }
    clause.label = reader_.u32();
    catches_.push_back(clause);
  }
  instr.catches = catches_;
}

bool InstrDecoder::next(Instr& instr) {
  instr.offset = reader_.offset();
  const std::uint8_t first = reader_.u8();
  if (reader_.failed()) return false;
  std::uint8_t prefix = 0;
  std::uint32_t code = first;
  if (first == 0xFB || first == 0xFC || first == 0xFD || first == 0xFE) {
    prefix = first;
    code = reader_.u32();
    if (reader_.failed()) return false;
  }
  const std::optional<Opcode> op = findOpcode(prefix, code);
  if (!op) {
    reader_.fail("illegal opcode", instr.offset);
    return false;
  }
  const OpcodeInfo& info = opcodeInfo(*op);
  if (const std::optional<Feature> feature = info.feature;
      feature &&
      !(features_.has(*feature) && allFeatures()[static_cast<std::size_t>(*feature)].runs)) {
    const std::string what(opcodeName(*op)); // require() records the error
    if (!reader_.require(features_, *feature, what + " is", "illegal opcode", instr.offset)) {
      return false;
    }
  }
  instr.op = *op;
  switch (info.imm) {
  case ImmKind::None: break;
  case ImmKind::BlockType: instr.block = blockType(); break;
  case ImmKind::LabelIdx:
  case ImmKind::TypeIdx:
  case ImmKind::TagIdx:
  case ImmKind::FuncIdx:
  case ImmKind::LocalIdx:
  case ImmKind::GlobalIdx:
  case ImmKind::TableIdx:
  case ImmKind::ElemIdx:
  case ImmKind::DataIdx: instr.index = reader_.u32(); break;
  case ImmKind::BrTable: {
    const std::uint32_t count = reader_.u32();
    targets_.clear();
    for (std::uint32_t i = 0; i < count && !reader_.failed(); ++i)
      targets_.push_back(reader_.u32());
    instr.index = reader_.u32();
    instr.targets = targets_;
    break;
  }
  case ImmKind::CallIndirect:
    instr.index = reader_.u32();
    if (features_.referenceTypes) {
      instr.index2 = reader_.u32();
    } else {
      instr.index2 = memoryIndex(); // a zero byte before reference types
    }
    break;
  case ImmKind::MemIdx: instr.index = memoryIndex(); break;
  case ImmKind::MemArg: memArg(instr); break;
  case ImmKind::MemArgLane:
    memArg(instr);
    instr.lane = reader_.u8();
    break;
  case ImmKind::LaneIdx: instr.lane = reader_.u8(); break;
  case ImmKind::Shuffle16:
  case ImmKind::V128Const: {
    const auto bytes = reader_.bytes(16);
    for (std::size_t i = 0; i < bytes.size(); ++i)
      instr.v128[i] = bytes[i];
    break;
  }
  case ImmKind::I32Const: instr.value = static_cast<std::uint32_t>(reader_.s32()); break;
  case ImmKind::I64Const: instr.value = static_cast<std::uint64_t>(reader_.s64()); break;
  case ImmKind::F32Const: instr.value = reader_.fixedU32(); break;
  case ImmKind::F64Const: instr.value = reader_.fixedU64(); break;
  case ImmKind::SelectTypes: {
    instr.selectArity = reader_.u32();
    for (std::uint32_t i = 0; i < instr.selectArity && !reader_.failed(); ++i) {
      instr.type = valType();
    }
    break;
  }
  case ImmKind::HeapType: instr.heap = readHeapType(reader_, features_); break;
  case ImmKind::TryTable: tryTable(instr); break;
  case ImmKind::StructField:
  case ImmKind::ArrayFixed:
  case ImmKind::ArrayData:
  case ImmKind::ArrayElem:
  case ImmKind::ArrayCopy:
    instr.index = reader_.u32();
    instr.index2 = reader_.u32();
    break;
  case ImmKind::BrOnCast: {
    const std::size_t offset = reader_.offset();
    instr.castFlags = reader_.u8();
    if (!reader_.failed() && instr.castFlags > 3) reader_.fail("malformed cast flags", offset);
    instr.index = reader_.u32();
    instr.heap = readHeapType(reader_, features_);
    instr.heap2 = readHeapType(reader_, features_);
    break;
  }
  case ImmKind::TableInit:
  case ImmKind::TableCopy:
    instr.index = reader_.u32();
    instr.index2 = reader_.u32();
    break;
  case ImmKind::MemoryInit:
    instr.index = reader_.u32();
    instr.index2 = memoryIndex();
    break;
  case ImmKind::MemoryCopy:
    instr.index = memoryIndex();
    instr.index2 = memoryIndex();
    break;
  case ImmKind::AtomicFence: {
    const std::size_t offset = reader_.offset();
    if (reader_.u8() != 0 && !reader_.failed()) reader_.fail("zero byte expected", offset);
    break;
  }
  }
  if ((instr.op == Opcode::MemoryInit || instr.op == Opcode::DataDrop) && !module_.dataCount &&
      !reader_.failed()) {
    reader_.fail("data count section required", instr.offset);
  }
  return !reader_.failed();
}

} // namespace wasmline::binary
