#include "text/instructions.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace wasmline::text {
namespace {

constexpr InstrInfo kRows[] = {
#define WASM_OP(name, prefix, code, text, imm, typing, params, results, memBytes, feature)         \
  {text, #name, prefix, code, ImmKind::imm, memBytes, 0},
#include "binary/opcodes.def"
#undef WASM_OP
};

// FNV-1a: cheap, and good enough for a few hundred short names.
constexpr std::uint32_t hashName(std::string_view name) {
  std::uint32_t hash = 2166136261u;
  for (const char c : name)
    hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash;
}

// The rows sorted by name, and an open-addressing index from name to a run of rows.
struct Table {
  static constexpr std::size_t kSlots = 2048; // a power of two, over twice the rows
  struct Slot {
    std::string_view name;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
  };
  std::vector<InstrInfo> byName; // stable: table order within a name
  std::vector<InstrInfo> inOrder;
  std::array<Slot, kSlots> slots{};

  Table() {
    inOrder.assign(std::begin(kRows), std::end(kRows));
    for (std::size_t i = 0; i < inOrder.size(); ++i)
      inOrder[i].row = static_cast<std::uint16_t>(i);
    byName = inOrder;
    std::stable_sort(byName.begin(), byName.end(),
                     [](const InstrInfo& a, const InstrInfo& b) { return a.name < b.name; });
    for (std::uint32_t i = 0; i < byName.size(); ++i) {
      Slot& slot = find(byName[i].name);
      if (slot.count == 0) {
        slot.name = byName[i].name;
        slot.first = i;
      }
      ++slot.count;
    }
  }

  // The slot of `name`: its own, or the empty one where it would go.
  Slot& find(std::string_view name) {
    std::size_t index = hashName(name) & (kSlots - 1);
    while (slots[index].count != 0 && slots[index].name != name)
      index = (index + 1) & (kSlots - 1);
    return slots[index];
  }
  const Slot& find(std::string_view name) const { return const_cast<Table*>(this)->find(name); }
};
static_assert(std::size(kRows) * 2 < Table::kSlots);

const Table kTable;

} // namespace

std::span<const InstrInfo> findInstructions(std::string_view name) {
  const Table::Slot& slot = kTable.find(name);
  if (slot.count == 0) return {};
  return std::span<const InstrInfo>(kTable.byName).subspan(slot.first, slot.count);
}

std::span<const InstrInfo> allInstructions() {
  return kTable.inOrder;
}

} // namespace wasmline::text
