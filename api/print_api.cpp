// moduleText of wasmline/inspect.h: the text-format printer (text/printer/) on a loaded module.
#include "api/access.h"
#include "text/printer/printer.h"
#include "wasmline/inspect.h"

namespace wasmline {

Result<std::string> moduleText(const Module& module, const PrintOptions& options) {
  const interp::ModuleCode& code = *api::Access::code(module);
  text::PrintOptions print;
  print.folded = options.folded;
  print.names = options.names;
  return text::printModule(code.module(), code.features(), print);
}

} // namespace wasmline
