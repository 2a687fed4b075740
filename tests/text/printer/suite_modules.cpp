#include "tests/text/printer/suite_modules.h"

#include <cstdio>
#include <memory>

namespace wasmline::test {
namespace {

void collect(const std::string& file, std::vector<text::ScriptCommand>& commands,
             std::vector<SuiteModule>& out) {
  for (text::ScriptCommand& command : commands) {
    if (command.module) {
      out.push_back(
          SuiteModule{file, command.module->line, command.kind, std::move(*command.module)});
    }
    collect(file, command.commands, out);
  }
}

} // namespace

Result<std::string> readFile(const std::string& path) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"),
                                                           &std::fclose);
  if (!in) return Error(ErrorKind::InvalidArgument, "cannot read " + path);
  std::string text;
  char buffer[1 << 16];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, in.get())) > 0;)
    text.append(buffer, got);
  if (std::ferror(in.get())) return Error(ErrorKind::InvalidArgument, "cannot read " + path);
  return text;
}

Result<std::vector<SuiteModule>> scriptModules(const std::string& path,
                                               const text::ScriptOptions& options) {
  const auto source = readFile(path);
  if (!source) return source.error();
  auto script = text::parseScript(*source, path, options);
  if (!script) return script.error();
  std::vector<SuiteModule> modules;
  collect(path, script->commands, modules);
  return modules;
}

} // namespace wasmline::test
