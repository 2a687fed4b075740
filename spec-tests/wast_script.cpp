#include "spec-tests/wast_script.h"

#include <cstring>
#include <fstream>
#include <iterator>

#include <wabt/cast.h>
#include <wabt/error-formatter.h>
#include <wabt/ir.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include "runtime/text_format.h"
#include "spec-tests/quoted_modules.h"

namespace wasmline::spec {

const char* commandKindName(CommandKind kind) {
  switch (kind) {
  case CommandKind::Module: return "module";
  case CommandKind::Register: return "register";
  case CommandKind::Action: return "action";
  case CommandKind::AssertReturn: return "assert_return";
  case CommandKind::AssertTrap: return "assert_trap";
  case CommandKind::AssertExhaustion: return "assert_exhaustion";
  case CommandKind::AssertMalformed: return "assert_malformed";
  case CommandKind::AssertInvalid: return "assert_invalid";
  case CommandKind::AssertUnlinkable: return "assert_unlinkable";
  case CommandKind::AssertUninstantiable: return "assert_uninstantiable";
  case CommandKind::AssertException: return "assert_exception";
  }
  return "unknown";
}

namespace {

std::string varName(const wabt::Var& var) {
  if (var.is_name()) return var.name();
  return {}; // an index var names no module: the latest one
}

ScriptModule fromWabtModule(const wabt::Module& module, const Features& features) {
  ScriptModule result;
  result.source = ScriptModule::Source::Text;
  result.name = module.name;
  auto binary = runtime::writeWabtModule(module, features);
  if (binary) {
    result.binary = std::move(*binary);
  } else {
    result.textError = binary.error().message();
  }
  return result;
}

ScriptModule fromScriptModule(const wabt::ScriptModule& module, const Features& features) {
  if (auto* text = wabt::dyn_cast<wabt::TextScriptModule>(&module)) {
    return fromWabtModule(text->module, features);
  }
  ScriptModule result;
  if (auto* binary = wabt::dyn_cast<wabt::BinaryScriptModule>(&module)) {
    result.source = ScriptModule::Source::Binary;
    result.name = binary->name;
    result.binary = binary->data;
    return result;
  }
  auto* quoted = wabt::cast<wabt::QuotedScriptModule>(&module);
  result.source = ScriptModule::Source::Quoted;
  result.name = quoted->name;
  const std::string_view text(reinterpret_cast<const char*>(quoted->data.data()),
                              quoted->data.size());
  auto binary = runtime::watToBinary(text, features, "quoted module");
  if (binary) {
    result.binary = std::move(*binary);
  } else {
    result.textError = binary.error().message();
  }
  return result;
}

ValType valTypeOf(wabt::Type type) {
  switch (type) {
  case wabt::Type::I32: return ValType::I32;
  case wabt::Type::I64: return ValType::I64;
  case wabt::Type::F32: return ValType::F32;
  case wabt::Type::F64: return ValType::F64;
  case wabt::Type::V128: return ValType::V128;
  case wabt::Type::FuncRef: return ValType::FuncRef;
  default: return ValType::ExternRef;
  }
}

NanKind nanKindOf(wabt::ExpectedNan nan) {
  switch (nan) {
  case wabt::ExpectedNan::Canonical: return NanKind::Canonical;
  case wabt::ExpectedNan::Arithmetic: return NanKind::Arithmetic;
  default: return NanKind::None;
  }
}

ScriptValue fromConst(const wabt::Const& value) {
  ScriptValue result;
  result.type = valTypeOf(value.type());
  switch (value.type()) {
  case wabt::Type::I32:
  case wabt::Type::F32: {
    const std::uint32_t bits = value.type() == wabt::Type::I32 ? value.u32() : value.f32_bits();
    for (int i = 0; i < 4; ++i)
      result.bytes[i] = static_cast<std::uint8_t>(bits >> (8 * i));
    result.nan[0] = nanKindOf(value.expected_nan(0));
    break;
  }
  case wabt::Type::I64:
  case wabt::Type::F64: {
    const std::uint64_t bits = value.type() == wabt::Type::I64 ? value.u64() : value.f64_bits();
    for (int i = 0; i < 8; ++i)
      result.bytes[i] = static_cast<std::uint8_t>(bits >> (8 * i));
    result.nan[0] = nanKindOf(value.expected_nan(0));
    break;
  }
  case wabt::Type::V128: {
    const auto bits = value.vec128();
    for (int lane = 0; lane < 4; ++lane) {
      const std::uint32_t word = bits.u32(lane);
      for (int i = 0; i < 4; ++i) {
        result.bytes[4 * lane + i] = static_cast<std::uint8_t>(word >> (8 * i));
      }
    }
    switch (value.lane_type()) {
    case wabt::Type::I8: result.laneBits = 8; break;
    case wabt::Type::I16: result.laneBits = 16; break;
    case wabt::Type::I32: result.laneBits = 32; break;
    case wabt::Type::I64:
      result.laneBits = 64;
      result.laneType = ValType::I64;
      break;
    case wabt::Type::F32:
      result.laneBits = 32;
      result.laneType = ValType::F32;
      break;
    case wabt::Type::F64:
      result.laneBits = 64;
      result.laneType = ValType::F64;
      break;
    default: break;
    }
    for (int lane = 0; lane < 4; ++lane)
      result.nan[lane] = nanKindOf(value.expected_nan(lane));
    break;
  }
  case wabt::Type::FuncRef:
  case wabt::Type::ExternRef: {
    const std::uintptr_t bits = value.ref_bits();
    result.isNull = bits == wabt::Const::kRefNullBits;
    result.anyFunc = value.type() == wabt::Type::FuncRef && !result.isNull;
    result.externIndex = result.isNull ? 0 : bits;
    break;
  }
  default: break;
  }
  return result;
}

std::vector<ScriptValue> fromConsts(const wabt::ConstVector& values) {
  std::vector<ScriptValue> result;
  result.reserve(values.size());
  for (const wabt::Const& value : values)
    result.push_back(fromConst(value));
  return result;
}

ScriptAction fromAction(const wabt::Action& action) {
  ScriptAction result;
  result.isGet = action.type() == wabt::ActionType::Get;
  result.module = varName(action.module_var);
  result.field = action.name;
  if (auto* invoke = wabt::dyn_cast<wabt::InvokeAction>(&action)) {
    result.args = fromConsts(invoke->args);
  }
  return result;
}

template <class AssertModule>
void fillAssertModule(ScriptCommand& command, const AssertModule& assertion,
                      const Features& features) {
  command.module = fromScriptModule(*assertion.module, features);
  command.text = assertion.text;
  command.line = assertion.module->location().line;
}

template <class AssertAction>
void fillAssertAction(ScriptCommand& command, const AssertAction& assertion) {
  command.line = assertion.action->loc.line;
  command.action = fromAction(*assertion.action);
  command.text = assertion.text;
}

ScriptCommand fromCommand(const wabt::Command& command, const Features& features) {
  ScriptCommand result;
  switch (command.type) {
  case wabt::CommandType::Module: {
    auto& module = wabt::cast<wabt::ModuleCommand>(&command)->module;
    result.kind = CommandKind::Module;
    result.line = module.loc.line;
    result.module = fromWabtModule(module, features);
    break;
  }
  case wabt::CommandType::ScriptModule: {
    auto* scriptModule = wabt::cast<wabt::ScriptModuleCommand>(&command);
    result.kind = CommandKind::Module;
    result.line = scriptModule->script_module->location().line;
    result.module = fromScriptModule(*scriptModule->script_module, features);
    if (result.module->name.empty()) result.module->name = scriptModule->module.name;
    break;
  }
  case wabt::CommandType::Action: {
    auto* action = wabt::cast<wabt::ActionCommand>(&command);
    result.kind = CommandKind::Action;
    result.line = action->action->loc.line;
    result.action = fromAction(*action->action);
    break;
  }
  case wabt::CommandType::Register: {
    auto* reg = wabt::cast<wabt::RegisterCommand>(&command);
    result.kind = CommandKind::Register;
    result.line = reg->var.loc.line;
    result.registerName = reg->module_name;
    result.registerModule = varName(reg->var);
    break;
  }
  case wabt::CommandType::AssertReturn: {
    auto* assertion = wabt::cast<wabt::AssertReturnCommand>(&command);
    result.kind = CommandKind::AssertReturn;
    result.line = assertion->action->loc.line;
    result.action = fromAction(*assertion->action);
    if (assertion->expected->type() == wabt::ExpectationType::Either) {
      for (const wabt::Const& value : assertion->expected->expected) {
        result.alternatives.push_back({fromConst(value)});
      }
    } else {
      result.expected = fromConsts(assertion->expected->expected);
    }
    break;
  }
  case wabt::CommandType::AssertTrap:
    result.kind = CommandKind::AssertTrap;
    fillAssertAction(result, *wabt::cast<wabt::AssertTrapCommand>(&command));
    break;
  case wabt::CommandType::AssertExhaustion:
    result.kind = CommandKind::AssertExhaustion;
    fillAssertAction(result, *wabt::cast<wabt::AssertExhaustionCommand>(&command));
    break;
  case wabt::CommandType::AssertMalformed:
    result.kind = CommandKind::AssertMalformed;
    fillAssertModule(result, *wabt::cast<wabt::AssertMalformedCommand>(&command), features);
    break;
  case wabt::CommandType::AssertInvalid:
    result.kind = CommandKind::AssertInvalid;
    fillAssertModule(result, *wabt::cast<wabt::AssertInvalidCommand>(&command), features);
    break;
  case wabt::CommandType::AssertUnlinkable:
    result.kind = CommandKind::AssertUnlinkable;
    fillAssertModule(result, *wabt::cast<wabt::AssertUnlinkableCommand>(&command), features);
    break;
  case wabt::CommandType::AssertUninstantiable:
    result.kind = CommandKind::AssertUninstantiable;
    fillAssertModule(result, *wabt::cast<wabt::AssertUninstantiableCommand>(&command), features);
    break;
  case wabt::CommandType::AssertException: {
    auto* assertion = wabt::cast<wabt::AssertExceptionCommand>(&command);
    result.kind = CommandKind::AssertException;
    result.line = assertion->action->loc.line;
    result.action = fromAction(*assertion->action);
    break;
  }
  }
  return result;
}

} // namespace

Result<std::vector<ScriptCommand>> parseWastFile(const std::string& path,
                                                 const Features& features) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Error(ErrorKind::InvalidArgument, "cannot read " + path + ": " + std::strerror(errno));
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(file)),
                                std::istreambuf_iterator<char>());
  const std::string source = unquoteTopLevelModules(std::string_view(bytes.data(), bytes.size()));
  wabt::Errors errors;
  auto lexer = wabt::WastLexer::CreateBufferLexer(path, source.data(), source.size(), &errors);
  wabt::WastParseOptions options(runtime::toWabtFeatures(features));
  std::unique_ptr<wabt::Script> script;
  if (wabt::Failed(wabt::ParseWastScript(lexer.get(), &script, &errors, &options))) {
    std::string message = wabt::FormatErrorsToString(errors, wabt::Location::Type::Text);
    while (!message.empty() && message.back() == '\n')
      message.pop_back();
    return Error(ErrorKind::Malformed, message);
  }
  std::vector<ScriptCommand> commands;
  commands.reserve(script->commands.size());
  for (const auto& command : script->commands) {
    commands.push_back(fromCommand(*command, features));
  }
  return commands;
}

} // namespace wasmline::spec
