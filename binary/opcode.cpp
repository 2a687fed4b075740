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

// The Feature column: Mvp, or a features.def Id.
namespace featureOf {
constexpr std::optional<Feature> Mvp = std::nullopt;
#define WASM_FEATURE(Id, member, name, byDefault, runs, help, folders)                             \
  constexpr std::optional<Feature> Id = Feature::Id;
#include "wasmline/features.def"
#undef WASM_FEATURE
} // namespace featureOf

} // namespace

constexpr OpcodeInfo detail::kOpcodeInfos[kOpcodeCount] = {
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
   featureOf::feature},
#include "binary/opcodes.def"
#undef WASM_OP
};

namespace {
constexpr const OpcodeInfo (&kInfos)[kOpcodeCount] = detail::kOpcodeInfos;

// Per-prefix lookup tables from code to opcode; kNone marks unused codes. Vector codes reach
// past 255 (relaxed SIMD).
constexpr std::uint16_t kNone = detail::kNoOpcode;
constexpr std::size_t kPrefixTableSize = 256;
constexpr std::size_t kVectorTableSize = 512;

struct LookupTables {
  std::array<std::uint16_t, kPrefixTableSize> single{};
  std::array<std::uint16_t, kPrefixTableSize> fb{};
  std::array<std::uint16_t, kPrefixTableSize> fc{};
  std::array<std::uint16_t, kVectorTableSize> fd{};
  std::array<std::uint16_t, kPrefixTableSize> fe{};
};

constexpr LookupTables makeLookupTables() {
  LookupTables tables;
  tables.single.fill(kNone);
  tables.fb.fill(kNone);
  tables.fc.fill(kNone);
  tables.fd.fill(kNone);
  tables.fe.fill(kNone);
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const OpcodeInfo& info = kInfos[i];
    const auto index = static_cast<std::uint16_t>(i);
    switch (info.prefix) {
    case 0x00: tables.single[info.code] = index; break;
    case 0xFB: tables.fb[info.code] = index; break;
    case 0xFC: tables.fc[info.code] = index; break;
    case 0xFD: tables.fd[info.code] = index; break;
    default: tables.fe[info.code] = index; break;
    }
  }
  return tables;
}

constexpr LookupTables kLookup = makeLookupTables();

template <std::size_t N>
std::optional<Opcode> lookup(const std::array<std::uint16_t, N>& table, std::uint32_t code) {
  if (code >= N || table[code] == kNone) return std::nullopt;
  return static_cast<Opcode>(table[code]);
}

} // namespace

constexpr std::array<std::uint16_t, 256> detail::kSingleByteOpcodes = kLookup.single;

std::optional<Opcode> detail::findPrefixedOpcode(std::uint8_t prefix, std::uint32_t code) {
  switch (prefix) {
  case 0xFB: return lookup(kLookup.fb, code);
  case 0xFC: return lookup(kLookup.fc, code);
  case 0xFD: return lookup(kLookup.fd, code);
  case 0xFE: return lookup(kLookup.fe, code);
  default: return std::nullopt;
  }
}

} // namespace wasmline::binary
