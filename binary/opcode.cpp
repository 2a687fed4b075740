#include "binary/opcode.h"

#include <array>

namespace wasmline::binary {
namespace {

using enum OperandType;

// Operand lists of every row, as static arrays the OpcodeInfo spans point into.
namespace paramLists {
#define WASM_OP(name, prefix, code, text, imm, typing, params, results, memBytes, feature)         \
  constexpr OperandType name##List[] = {I32 /* placeholder */, WASMLINE_EXPAND params};
#define WASMLINE_EXPAND(...) __VA_ARGS__
#include "binary/opcodes.def"
#undef WASM_OP
} // namespace paramLists

namespace resultLists {
#define WASM_OP(name, prefix, code, text, imm, typing, params, results, memBytes, feature)         \
  constexpr OperandType name##List[] = {I32 /* placeholder */, WASMLINE_EXPAND results};
#include "binary/opcodes.def"
#undef WASM_OP
#undef WASMLINE_EXPAND
} // namespace resultLists

// A list without its leading placeholder (which keeps empty lists legal arrays).
template <std::size_t N>
constexpr std::span<const OperandType> listOf(const OperandType (&list)[N]) {
  return std::span<const OperandType>(list + 1, N - 1);
}

constexpr OpcodeInfo kInfos[] = {
#define WASM_OP(name, prefix, code, text, imm, typing, params, results, memBytes, feature)         \
  {Opcode::name,                                                                                   \
   prefix,                                                                                         \
   code,                                                                                           \
   text,                                                                                           \
   ImmKind::imm,                                                                                   \
   Typing::typing,                                                                                 \
   listOf(paramLists::name##List),                                                                 \
   listOf(resultLists::name##List),                                                                \
   memBytes,                                                                                       \
   Feature::feature},
#include "binary/opcodes.def"
#undef WASM_OP
};
static_assert(std::size(kInfos) == kOpcodeCount);

// Per-prefix lookup tables from code to opcode; kNone marks unused codes.
constexpr std::uint16_t kNone = 0xFFFF;
constexpr std::size_t kPrefixTableSize = 256;

struct LookupTables {
  std::array<std::uint16_t, kPrefixTableSize> single{};
  std::array<std::uint16_t, kPrefixTableSize> fc{};
  std::array<std::uint16_t, kPrefixTableSize> fd{};
  std::array<std::uint16_t, kPrefixTableSize> fe{};
};

constexpr LookupTables makeLookupTables() {
  LookupTables tables;
  tables.single.fill(kNone);
  tables.fc.fill(kNone);
  tables.fd.fill(kNone);
  tables.fe.fill(kNone);
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& info = kInfos[i];
    auto& table = info.prefix == 0x00   ? tables.single
                  : info.prefix == 0xFC ? tables.fc
                  : info.prefix == 0xFD ? tables.fd
                                        : tables.fe;
    table[info.code] = static_cast<std::uint16_t>(i);
  }
  return tables;
}

constexpr LookupTables kLookup = makeLookupTables();

} // namespace

const OpcodeInfo& opcodeInfo(Opcode op) {
  return kInfos[static_cast<std::size_t>(op)];
}

std::optional<Opcode> findOpcode(std::uint8_t prefix, std::uint32_t code) {
  if (code >= kPrefixTableSize) return std::nullopt;
  const std::array<std::uint16_t, kPrefixTableSize>* table = nullptr;
  switch (prefix) {
  case 0x00: table = &kLookup.single; break;
  case 0xFC: table = &kLookup.fc; break;
  case 0xFD: table = &kLookup.fd; break;
  case 0xFE: table = &kLookup.fe; break;
  default: return std::nullopt;
  }
  const std::uint16_t index = (*table)[code];
  if (index == kNone) return std::nullopt;
  return static_cast<Opcode>(index);
}

} // namespace wasmline::binary
