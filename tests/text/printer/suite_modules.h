// The modules of .wast scripts, for the tests that run the printer and the encoder over whole
// suites: every module a script defines or asserts about, in script order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "text/script.h"
#include "wasmline/result.h"

namespace wasmline::test {

// One module of a script, where it is and what it became.
struct SuiteModule {
  std::string file;
  std::uint32_t line = 0;
  text::CommandKind command = text::CommandKind::Module; // the command holding it
  text::ScriptModule module;
};

// Reads a whole file. Errors: InvalidArgument "cannot read FILE".
Result<std::string> readFile(const std::string& path);

// Every module of the script in `path` (those of `thread` commands included), in order, with the
// text ones encoded by wasmline's parser (or carrying their parse error). Errors: the file cannot
// be read, or the script does not parse.
Result<std::vector<SuiteModule>> scriptModules(const std::string& path,
                                               const text::ScriptOptions& options = {});

} // namespace wasmline::test
