// A compiled module: decoded and validated bytes, ready to be instantiated any number of times.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "wasmline/engine.h"
#include "wasmline/result.h"
#include "wasmline/types.h"

namespace wasmline {

namespace interp {
class ModuleCode;
}
namespace api {
struct Access;
}

// The type of an import or export: one of a function, table, memory or global type.
using ExternType = std::variant<FuncType, TableType, MemoryType, GlobalType, TagType>;

// The kind of an extern type.
ExternKind externKindOf(const ExternType& type);

struct ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportType {
  std::string name;
  ExternType type;
};

// A custom section of a module: its name and contents (valid as long as the module).
struct CustomSectionView {
  std::string_view name;
  std::span<const std::uint8_t> content;
};

// A branch hint (the metadata.code.branch_hint section): the if or br_if at `offset` of function
// `function`'s body (counted from its locals) is likely, or unlikely, to branch.
struct BranchHintInfo {
  std::uint32_t function = 0;
  std::uint32_t offset = 0;
  bool likely = false;
};

// A problem in a custom section wasmline reads (a custom section never makes loading fail).
struct CustomSectionProblem {
  std::string section;      // the section's name, e.g. "metadata.code.branch_hint"
  std::string message;      // e.g. "invalid target: offset 7 of function 0 is not an if or br_if"
  std::uint64_t offset = 0; // in the binary
};

class Module {
public:
  // An empty handle: no imports or exports; instantiating it fails with InvalidArgument.
  Module() = default;

  // Decodes and validates a module binary with the engine's features. Errors: Malformed or
  // Invalid, with the byte offset and the spec's wording ("unexpected end", "type mismatch", ...).
  static Result<Module> fromBinary(const Engine& engine, std::span<const std::uint8_t> binary);

  // Converts a module in the WebAssembly 3.0 text format (.wat; `(module ...)` or bare fields,
  // empty text being an empty module) to binary with wasmline's text front end, then as
  // fromBinary. Errors: Malformed with the text front end's "module.wat:line:column: message"
  // naming the offending token ("unexpected token", "unknown label $l", ...), InvalidArgument
  // for text over 1 GiB, then as fromBinary.
  static Result<Module> fromText(const Engine& engine, std::string_view text);

  // Reads the module in the file at `path`, binary (.wasm) or text (.wat) told apart by content
  // (a binary starts with "\0asm" or holds a NUL byte), then as fromBinary. Messages start with
  // the path: "add.wat:3:7: unexpected token", "add.wasm: invalid module at byte offset 0x1d:
  // type mismatch ...". Errors: InvalidArgument (the file cannot be read, or is a directory),
  // then Malformed or Invalid as fromText and fromBinary.
  static Result<Module> fromFile(const Engine& engine, const std::string& path);

  // Converts text-format source (.wat) to a binary module without validating it; messages name
  // `sourceName`. Errors: Malformed with the text parser's "name:line:column: ..." messages.
  static Result<std::vector<std::uint8_t>> textToBinary(std::string_view text,
                                                        const Features& features = {},
                                                        std::string_view sourceName = "module.wat");

  // True when `bytes` start like a binary module ("\0asm"); text otherwise.
  static bool looksBinary(std::span<const std::uint8_t> bytes);

  // True when the handle refers to a module.
  explicit operator bool() const { return code_ != nullptr; }

  // What the module imports and exports, in declaration order.
  std::vector<ImportType> imports() const;
  std::vector<ExportType> exports() const;
  // The module's name from its name section, empty when it has none.
  const std::string& name() const;
  // True when the module has a start function (run by instantiation).
  bool hasStartFunction() const;
  // The name section's name of function `index` (imports first), empty when it has none.
  std::string functionName(std::uint32_t index) const;
  // Every custom section (the name section and branch hints included), in binary order.
  std::vector<CustomSectionView> customSections() const;
  // The branch hints of a well-formed metadata.code.branch_hint section, by function and offset.
  std::vector<BranchHintInfo> branchHints() const;
  // Problems found in the custom sections wasmline reads (a branch hint on an instruction that
  // is no if or br_if, ...); their contents are ignored.
  std::vector<CustomSectionProblem> customSectionProblems() const;

private:
  friend struct api::Access;
  explicit Module(std::shared_ptr<interp::ModuleCode> code) : code_(std::move(code)) {}
  std::shared_ptr<interp::ModuleCode> code_; // the decoded module and its compiled code
};

} // namespace wasmline
