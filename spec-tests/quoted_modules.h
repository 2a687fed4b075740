// Top-level `(module quote "...")` commands of a .wast script, rewritten as plain modules before
// libwabt parses the script (its parser accepts quoted modules only inside assertions).
#pragma once

#include <string>
#include <string_view>

namespace wasmline::spec {

// Returns `script` with each top-level `(module [$id] quote "..."*)` replaced by
// `(module [$id] <the strings' decoded text>)`. Strings, line and block comments are skipped
// while scanning; anything malformed is left unchanged for the parser to report.
std::string unquoteTopLevelModules(std::string_view script);

} // namespace wasmline::spec
