// Module-level validation rules (limits, imports, exports, start, segments), each returning the
// spec's message when broken. The decoder applies them as the pieces become known.
#pragma once

#include <optional>
#include <string>

#include "binary/module.h"
#include "wasmline/features.h"

namespace wasmline::binary {

// A broken rule's message, or nullopt when the rule holds.
using RuleResult = std::optional<std::string>;

// Memory limits and flags: page limits, min <= max, shared needs a maximum.
RuleResult checkMemoryType(const MemoryType& type);
// Table limits: min <= max.
RuleResult checkTableType(const TableType& type);
// At most one memory unless multi-memory is enabled: "multiple memories".
RuleResult checkMemoryCount(const Module& module, const Features& features);
// Without reference types a module has at most one table.
RuleResult checkTableCount(const Module& module, const Features& features);
// An export's index names an existing item: "unknown function 3", ...
RuleResult checkExportIndex(const Module& module, const Export& entry);
// The start function exists and has type [] -> []: "unknown function", "start function".
RuleResult checkStart(const Module& module, std::uint32_t function);
// The table of an active element segment exists and its element type matches: "unknown table",
// "type mismatch".
RuleResult checkElementSegment(const Module& module, const ElementSegment& segment);
// The memory of an active data segment exists: "unknown memory 0".
RuleResult checkDataSegment(const Module& module, const DataSegment& segment);

} // namespace wasmline::binary
