#include "interp/ir.h"

#include <algorithm>

namespace wasmline::interp {
namespace {

// Field kinds and names of every layout, each list ending in a placeholder so that empty layouts
// are legal arrays.
namespace kinds {
#define IR_FIELD(kind, name) FieldKind::kind,
#define IR_LAYOUT(Name, fields) constexpr FieldKind Name[] = {fields FieldKind::Word};
#define IR_OP(Name, fields) constexpr FieldKind Name[] = {fields FieldKind::Word};
#define IR_OP_TRAILING(Name, fields, kind, extra)                                                  \
  constexpr FieldKind Name[] = {fields FieldKind::Word};
#include "interp/ir.def"
} // namespace kinds

namespace names {
#define IR_FIELD(kind, name) #name,
#define IR_LAYOUT(Name, fields) constexpr std::string_view Name[] = {fields ""};
#define IR_OP(Name, fields) constexpr std::string_view Name[] = {fields ""};
#define IR_OP_TRAILING(Name, fields, kind, extra) constexpr std::string_view Name[] = {fields ""};
#include "interp/ir.def"
} // namespace names

// The index of the field called "count" in a layout's names.
template <std::size_t N> constexpr unsigned countIndex(const std::string_view (&fieldNames)[N]) {
  for (unsigned i = 0; i + 1 < N; ++i) {
    if (fieldNames[i] == "count") return i;
  }
  return 0;
}

// Trailing words of the IR_OP_TRAILING rows: kind and extra, by instruction.
struct Trailing {
  bool present = false;
  FieldKind kind = FieldKind::Word;
  unsigned extra = 0;
};
constexpr Trailing trailingOf(IrOp op) {
  switch (op) {
#define IR_OP_TRAILING(Name, fields, kindOfWords, extraWords)                                      \
  case IrOp::Name:                                                                                 \
    return Trailing{true, FieldKind::kindOfWords, extraWords};
#include "interp/ir.def"
  default: return {};
  }
}

constexpr IrOpInfo makeInfo(std::string_view name, std::span<const FieldKind> fieldKinds,
                            std::span<const std::string_view> fieldNames, unsigned count,
                            const Trailing& words) {
  return IrOpInfo{name, fieldKinds, fieldNames, words.present, words.kind, words.extra, count};
}

const IrOpInfo kInfos[] = {
#define IR_ANY(name, layout)                                                                       \
  makeInfo(#name, std::span(kinds::layout, std::size(kinds::layout) - 1),                          \
           std::span(names::layout, std::size(names::layout) - 1), countIndex(names::layout),      \
           trailingOf(IrOp::name)),
#include "interp/ir.def"
};
static_assert(std::size(kInfos) == kIrOpCount);

} // namespace

const IrOpInfo& irOpInfo(IrOp op) {
  return kInfos[static_cast<std::size_t>(op)];
}

std::size_t operandWords(IrOp op, const std::uint64_t* operands) {
  const IrOpInfo& info = irOpInfo(op);
  std::size_t words = info.kinds.size();
  if (info.trailing) words += operands[info.countField] + info.trailingExtra;
  return words;
}

std::uint32_t CompiledFunction::offsetAt(std::size_t codeIndex) const {
  auto after =
      std::upper_bound(offsets.begin(), offsets.end(), codeIndex,
                       [](std::size_t index, const auto& entry) { return index < entry.first; });
  return after == offsets.begin() ? 0 : std::prev(after)->second;
}

} // namespace wasmline::interp
