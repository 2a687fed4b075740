// Code metadata custom sections (the branch-hinting proposal's "metadata.code.*" format): wasmline
// reads metadata.code.branch_hint, hints that an if or br_if is likely or unlikely to branch.
#pragma once

#include "binary/module.h"
#include "wasmline/features.h"

namespace wasmline::binary {

// Decodes every metadata.code.branch_hint section of `module` (whose bodies are decoded) into
// module.branchHints and checks it: functions defined and ascending, offsets ascending, each
// the start of an if or br_if ("invalid target"), hints of one byte 0 or 1. A custom section
// never makes a module fail: a section with a problem is recorded in module.customIssues
// (message and offset) and its hints are dropped.
void readCodeMetadata(Module& module, const Features& features);

} // namespace wasmline::binary
