#include "text/instructions.h"

#include <algorithm>
#include <array>
#include <unordered_map>
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

struct Table {
  std::vector<InstrInfo> byName; // the rows sorted by name (stable: table order within a name)
  std::vector<InstrInfo> inOrder;
  std::unordered_map<std::string_view, std::pair<std::uint32_t, std::uint32_t>> index;

  Table() {
    inOrder.assign(std::begin(kRows), std::end(kRows));
    for (std::size_t i = 0; i < inOrder.size(); ++i)
      inOrder[i].row = static_cast<std::uint16_t>(i);
    byName = inOrder;
    std::stable_sort(byName.begin(), byName.end(),
                     [](const InstrInfo& a, const InstrInfo& b) { return a.name < b.name; });
    index.reserve(byName.size());
    for (std::uint32_t i = 0; i < byName.size(); ++i) {
      auto [entry, added] = index.try_emplace(byName[i].name, i, 0);
      ++entry->second.second;
    }
  }
};

const Table& table() {
  static const Table instance;
  return instance;
}

} // namespace

std::span<const InstrInfo> findInstructions(std::string_view name) {
  const Table& rows = table();
  const auto found = rows.index.find(name);
  if (found == rows.index.end()) return {};
  return std::span<const InstrInfo>(rows.byName).subspan(found->second.first, found->second.second);
}

std::span<const InstrInfo> allInstructions() {
  return table().inOrder;
}

} // namespace wasmline::text
