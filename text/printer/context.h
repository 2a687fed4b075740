// What every part of the printer reads: the module, its features, its identifiers, the options.
#pragma once

#include <string>

#include "binary/instr.h"
#include "binary/module.h"
#include "text/printer/names.h"
#include "text/printer/printer.h"
#include "text/printer/text_out.h"
#include "wasmline/features.h"

namespace wasmline::text {

struct PrintContext {
  const binary::Module& module;
  const Features& features;
  const ModuleIds& ids;
  const PrintOptions& options;

  // A reference to `index` of an index space: its identifier or its number.
  std::string ref(NameSpaceKind kind, std::uint32_t index) const {
    return ids.space(kind).ref(index);
  }
};

// Types (types_printer.cpp).
std::string heapTypeText(const PrintContext& context, HeapType type);
std::string valTypeText(const PrintContext& context, ValType type);
// ` (param t*) (result t*)` of a function type (nothing for an empty list).
std::string signatureText(const PrintContext& context, const FuncType& type);
// `(type x)` followed by the signature: the type use of a function, tag or block.
std::string typeUseText(const PrintContext& context, std::uint32_t typeIndex);
// The limits of a table or memory: `min` or `min max`.
std::string limitsText(const Limits& limits);
// `i64? limits reftype` and `i64? limits shared?`.
std::string tableTypeText(const PrintContext& context, const TableType& type);
std::string memoryTypeText(const MemoryType& type);
// `t` or `(mut t)`.
std::string globalTypeText(const PrintContext& context, const GlobalType& type);
// Every type definition: `(type ...)` fields and `(rec ...)` groups, each on its own line.
void printTypes(const PrintContext& context, TextOut& out);

// Instructions (instr_printer.cpp).
// The instruction's name and immediates, e.g. "i32.load offset=4" or "br_table 0 1 $done".
// `labels` gives the identifier of a branch target by depth (or its number).
class LabelNames {
public:
  virtual ~LabelNames() = default;
  virtual std::string label(std::uint32_t depth) const = 0;
};
std::string instrText(const PrintContext& context, const binary::Instr& instr,
                      const LabelNames& labels, std::uint32_t function);
// The block type of block, loop, if, try_table and try: "", " (result t)" or
// " (type x) (param t*) (result t*)".
std::string blockTypeText(const PrintContext& context, const binary::BlockType& type);
// The catch clauses of a try_table, each " (catch $tag $label)" and so on.
std::string catchesText(const PrintContext& context, const binary::Instr& instr,
                        const LabelNames& labels);

} // namespace wasmline::text
