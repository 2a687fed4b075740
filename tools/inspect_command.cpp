#include "tools/inspect_command.h"

#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "tools/input_file.h"
#include "wasmline/inspect.h"
#include "wasmline/module.h"

namespace wasmline::tools {
namespace {

std::string describe(const ExternType& type) {
  if (const auto* func = std::get_if<FuncType>(&type)) return "func " + func->toString();
  if (const auto* table = std::get_if<TableType>(&type)) {
    std::string text = "table " + std::to_string(table->limits.min);
    if (table->limits.max) text += " " + std::to_string(*table->limits.max);
    return text + " " + table->element.toString();
  }
  if (const auto* memory = std::get_if<MemoryType>(&type)) return "memory " + memory->toString();
  const auto& global = std::get<GlobalType>(type);
  return std::string("global ") + (global.isMutable ? "mut " : "") + global.type.toString();
}

std::string label(const FunctionInfo& function) {
  std::string text = "func " + std::to_string(function.index);
  if (!function.name.empty()) text += " \"" + function.name + "\"";
  return text;
}

void printOverview(const Module& module, const std::string& file) {
  std::printf("%s\n", file.c_str());
  std::printf("sections:\n");
  for (const SectionInfo& section : moduleSections(module)) {
    std::printf("  %-12s offset 0x%llx, %llu bytes\n", section.name.c_str(),
                static_cast<unsigned long long>(section.offset),
                static_cast<unsigned long long>(section.size));
  }
  std::string features;
  for (Feature feature : moduleFeatures(module)) {
    features += (features.empty() ? "" : ", ") +
                std::string(allFeatures()[static_cast<std::size_t>(feature)].name);
  }
  std::printf("features needed: %s\n", features.empty() ? "none beyond the MVP" : features.c_str());
  const auto imports = module.imports();
  std::printf("imports: %zu\n", imports.size());
  for (const ImportType& import : imports) {
    std::printf("  \"%s\" \"%s\": %s\n", import.module.c_str(), import.name.c_str(),
                describe(import.type).c_str());
  }
  const auto exports = module.exports();
  std::printf("exports: %zu\n", exports.size());
  for (const ExportType& entry : exports) {
    std::printf("  \"%s\": %s\n", entry.name.c_str(), describe(entry.type).c_str());
  }
}

void printFunctions(const std::vector<FunctionInfo>& functions) {
  std::printf("functions: %zu\n", functions.size());
  for (const FunctionInfo& function : functions) {
    std::printf("  %s %s", label(function).c_str(), function.type.toString().c_str());
    if (function.imported) {
      std::printf(" (imported)\n");
    } else {
      std::printf(", code at 0x%llx, %llu bytes\n",
                  static_cast<unsigned long long>(function.codeOffset),
                  static_cast<unsigned long long>(function.codeSize));
    }
  }
}

// The functions --ir FUNC names: all defined ones, or the one with that index or name.
std::optional<std::vector<FunctionInfo>> selected(const std::vector<FunctionInfo>& functions,
                                                  const std::string& wanted) {
  std::vector<FunctionInfo> chosen;
  for (const FunctionInfo& function : functions) {
    if (function.imported) continue;
    if (wanted.empty() || wanted == std::to_string(function.index) || wanted == function.name) {
      chosen.push_back(function);
    }
  }
  if (!wanted.empty() && chosen.empty()) return std::nullopt;
  return chosen;
}

} // namespace

void addInspectCommand(CLI::App& app, InspectOptions& options, int& exitCode) {
  CLI::App* command = app.add_subcommand(
      "inspect", "Show a module's sections, features, imports, exports and functions, or the "
                 "interpreter's IR of its functions (--ir)");
  command->add_option("file", options.file, "The module file (.wasm or .wat)");
  CLI::Option* ir =
      command
          ->add_option("--ir", options.irFunction,
                       "Print the IR of every defined function, or of FUNC (an index or a name)")
          ->expected(0, 1);
  addFeatureOptions(*command, options.features);
  command->callback([&options, &exitCode, ir] {
    options.ir = ir->count() > 0;
    exitCode = runInspect(options);
  });
}

int runInspect(const InspectOptions& given) {
  InspectOptions options = given;
  // `inspect --ir FILE`: the value CLI11 gave --ir is the file.
  if (options.file.empty() && !options.irFunction.empty() &&
      std::filesystem::exists(options.irFunction)) {
    options.file = options.irFunction;
    options.irFunction.clear();
  }
  if (options.file.empty()) {
    std::fprintf(stderr, "error: inspect: a module file is required\n");
    return 1;
  }
  EngineConfig config;
  const auto features = selectFeatures(options.features);
  if (!features) return 1;
  config.features = *features;
  const Engine engine(config);
  const auto module = loadModuleFile(options.file, engine);
  if (!module) return 1;
  const std::vector<FunctionInfo> functions = moduleFunctions(*module);
  if (!options.ir) {
    printOverview(*module, options.file);
    printFunctions(functions);
    return 0;
  }
  const auto chosen = selected(functions, options.irFunction);
  if (!chosen) {
    std::fprintf(stderr, "error: %s has no defined function \"%s\"\n", options.file.c_str(),
                 options.irFunction.c_str());
    return 1;
  }
  for (const FunctionInfo& function : *chosen) {
    auto ir = functionIr(*module, function.index);
    if (!ir) {
      std::fprintf(stderr, "error: %s: %s\n", label(function).c_str(),
                   ir.error().message().c_str());
      return 1;
    }
    std::printf("%s %s\n%s", label(function).c_str(), function.type.toString().c_str(),
                ir->c_str());
  }
  return 0;
}

} // namespace wasmline::tools
