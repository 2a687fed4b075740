// Reading a module file given on the command line: binary or text, told apart by content, never
// more than a size limit, and refused early when it is neither.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasmline/features.h"
#include "wasmline/module.h"
#include "wasmline/result.h"

namespace CLI {
class App;
}

namespace wasmline::tools {

// The default of --max-module-size: the most bytes a module file (binary or text) may have.
inline constexpr std::uint64_t kDefaultMaxModuleBytes = std::uint64_t{256} << 20;

// How much of its input looks binary or textual before reading further.
inline constexpr std::size_t kSniffBytes = 4096;

// The module binary in `path`: the file's bytes when they start with "\0asm", else the file
// converted from the text format. Reads at most `maxBytes` (+1 to notice more) from files, pipes
// and devices alike. Input whose first bytes hold a NUL but no "\0asm" header is returned as far
// as it was read (4 KiB), so decoding reports the bad header without reading the rest.
// Errors: InvalidArgument when the file cannot be read, is larger than `maxBytes`, or starts like
// neither a binary nor text (not UTF-8, or something other than '(' after spaces and comments);
// Malformed with the text parser's messages.
Result<std::vector<std::uint8_t>> readModuleFile(const std::string& path, const Features& features,
                                                 std::uint64_t maxBytes = kDefaultMaxModuleBytes);

// Reads and compiles the module in `path` (at most `maxBytes`). On failure prints "error: ..."
// (with the byte offset and whether the module is malformed or invalid) to stderr and returns
// nullopt.
std::optional<Module> loadModuleFile(const std::string& path, const Engine& engine,
                                     std::uint64_t maxBytes = kDefaultMaxModuleBytes);

// Adds --max-module-size SIZE (the limit on a module file's bytes) to `command`.
void addModuleSizeOption(CLI::App& command, std::optional<std::string>& value);

// The limit --max-module-size asks for: `value` parsed (K, M, G suffixes; at least 8 bytes), or
// kDefaultMaxModuleBytes when it was not given. Errors: InvalidArgument naming the option.
Result<std::uint64_t> moduleSizeLimit(const std::optional<std::string>& value);

} // namespace wasmline::tools
