#include "tests/text/printer/wabt_modules.h"

#include "wabt/binary-writer.h"
#include "wabt/error-formatter.h"
#include "wabt/feature.h"
#include "wabt/ir.h"
#include "wabt/resolve-names.h"
#include "wabt/stream.h"
#include "wabt/wast-lexer.h"
#include "wabt/wast-parser.h"

namespace wasmline::test {
namespace {

// Turns wabt's feature `name` on or off; false for a name wabt does not know.
bool setFeature(wabt::Features& features, const std::string& name, bool value) {
#define WABT_FEATURE(variable, flag, default_, help)                                               \
  if (name == flag) {                                                                              \
    features.set_##variable##_enabled(value);                                                      \
    return true;                                                                                   \
  }
#include "wabt/feature.def"
#undef WABT_FEATURE
  return false;
}

std::string messages(const wabt::Errors& errors) {
  return wabt::FormatErrorsToString(errors, wabt::Location::Type::Text);
}

// Resolves the names of `module` and writes it; the module is changed (names resolved).
WabtModule encode(wabt::Module& module, const wabt::Features& features) {
  WabtModule out;
  out.line = static_cast<std::uint32_t>(module.loc.line);
  wabt::Errors errors;
  if (wabt::Failed(wabt::ResolveNamesModule(&module, &errors))) {
    out.error = "resolving names: " + messages(errors);
    return out;
  }
  wabt::MemoryStream stream;
  const wabt::WriteBinaryOptions options(features, true, false, false);
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, &module, options))) {
    out.error = "writing the binary failed";
    return out;
  }
  out.binary = stream.output_buffer().data;
  return out;
}

} // namespace

bool wabtTextModules(const std::string& path, const std::string& source,
                     const std::vector<std::string>& enable,
                     const std::vector<std::string>& disable, std::vector<WabtModule>& out,
                     std::string& error) {
  wabt::Features features;
  for (const std::string& name : enable) {
    if (!setFeature(features, name, true)) {
      error = "wabt knows no feature " + name;
      return false;
    }
  }
  for (const std::string& name : disable) {
    if (!setFeature(features, name, false)) {
      error = "wabt knows no feature " + name;
      return false;
    }
  }
  wabt::Errors errors;
  std::unique_ptr<wabt::WastLexer> lexer =
      wabt::WastLexer::CreateBufferLexer(path, source.data(), source.size(), &errors);
  std::unique_ptr<wabt::Script> script;
  wabt::WastParseOptions options(features);
  if (wabt::Failed(wabt::ParseWastScript(lexer.get(), &script, &errors, &options))) {
    error = messages(errors);
    return false;
  }
  for (const std::unique_ptr<wabt::Command>& command : script->commands) {
    wabt::ScriptModule* scriptModule = nullptr;
    switch (command->type) {
    case wabt::CommandType::Module:
      out.push_back(encode(static_cast<wabt::ModuleCommand&>(*command).module, features));
      continue;
    case wabt::CommandType::AssertMalformed:
      scriptModule = static_cast<wabt::AssertMalformedCommand&>(*command).module.get();
      break;
    case wabt::CommandType::AssertInvalid:
      scriptModule = static_cast<wabt::AssertInvalidCommand&>(*command).module.get();
      break;
    case wabt::CommandType::AssertUnlinkable:
      scriptModule = static_cast<wabt::AssertUnlinkableCommand&>(*command).module.get();
      break;
    case wabt::CommandType::AssertUninstantiable:
      scriptModule = static_cast<wabt::AssertUninstantiableCommand&>(*command).module.get();
      break;
    default: continue;
    }
    if (scriptModule != nullptr && scriptModule->type() == wabt::ScriptModuleType::Text) {
      out.push_back(encode(static_cast<wabt::TextScriptModule*>(scriptModule)->module, features));
    }
  }
  return true;
}

} // namespace wasmline::test
