// Reading a module file given on the command line: binary or text, told apart by content.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasmline/features.h"
#include "wasmline/module.h"
#include "wasmline/result.h"

namespace wasmline::tools {

// The module binary in `path`: the file's bytes when they start with "\0asm", else the file
// converted from the text format. Errors: InvalidArgument when the file cannot be read,
// Malformed with the text parser's messages.
Result<std::vector<std::uint8_t>> readModuleFile(const std::string& path, const Features& features);

// Reads and compiles the module in `path`. On failure prints "error: ..." (with the byte offset
// and whether the module is malformed or invalid) to stderr and returns nullopt.
std::optional<Module> loadModuleFile(const std::string& path, const Engine& engine);

} // namespace wasmline::tools
