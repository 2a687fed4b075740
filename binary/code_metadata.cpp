#include "binary/code_metadata.h"

#include <algorithm>
#include <string>

#include "binary/instr.h"
#include "binary/reader.h"

namespace wasmline::binary {
namespace {

constexpr std::string_view kBranchHint = "metadata.code.branch_hint";

// The body offsets (from the locals) of the if and br_if instructions of `body`.
std::vector<std::uint32_t> branchOffsets(const Module& module, const Features& features,
                                         const FunctionBody& body) {
  std::vector<std::uint32_t> offsets;
  Reader reader(module.binary);
  reader.seek(body.codeOffset);
  InstrDecoder decoder(reader, module, features);
  const std::size_t end = body.codeOffset + body.code.size();
  Instr instr;
  while (reader.offset() < end && decoder.next(instr)) {
    if (instr.op == Opcode::If || instr.op == Opcode::BrIf) {
      offsets.push_back(static_cast<std::uint32_t>(instr.offset - body.bodyOffset));
    }
  }
  return offsets;
}

// Reads one branch hint section; a message on the first problem.
std::optional<std::string> readBranchHints(const Module& module, const Features& features,
                                           const CustomSection& section,
                                           std::vector<FunctionBranchHints>& out,
                                           std::size_t& problemOffset) {
  Reader reader(section.content);
  reader.setInsideSection(true);
  const auto at = [&] { problemOffset = reader.offset(); };
  const std::uint32_t functions = reader.length();
  std::optional<std::uint32_t> previous;
  for (std::uint32_t f = 0; f < functions && !reader.failed(); ++f) {
    at();
    FunctionBranchHints entry;
    entry.function = reader.u32();
    if (reader.failed()) break;
    if (previous && entry.function <= *previous) return "functions out of order";
    previous = entry.function;
    if (entry.function < module.importedFunctions ||
        entry.function - module.importedFunctions >= module.bodies.size()) {
      return "unknown function " + std::to_string(entry.function) + " (hints need a body)";
    }
    const std::vector<std::uint32_t> branches =
        branchOffsets(module, features, module.bodies[entry.function - module.importedFunctions]);
    const std::uint32_t hints = reader.length();
    for (std::uint32_t h = 0; h < hints && !reader.failed(); ++h) {
      at();
      BranchHint hint;
      hint.offset = reader.u32();
      const std::uint32_t size = reader.u32();
      const std::uint8_t value = reader.u8();
      if (reader.failed()) break;
      if (size != 1 || value > 1) return "malformed hint (one byte, 0 or 1)";
      if (!entry.hints.empty() && hint.offset <= entry.hints.back().offset) {
        return "hints out of order";
      }
      if (!std::binary_search(branches.begin(), branches.end(), hint.offset)) {
        return "invalid target: offset " + std::to_string(hint.offset) + " of function " +
               std::to_string(entry.function) + " is not an if or br_if";
      }
      hint.likely = value == 1;
      entry.hints.push_back(hint);
    }
    out.push_back(std::move(entry));
  }
  if (reader.failed()) {
    problemOffset = reader.error().byteOffset();
    return reader.error().message();
  }
  if (!reader.atEnd()) {
    at();
    return "unexpected content after the hints";
  }
  return std::nullopt;
}

} // namespace

void readCodeMetadata(Module& module, const Features& features) {
  bool seen = false;
  for (const CustomSection& section : module.customSections) {
    if (section.name != kBranchHint) continue;
    const std::size_t contentOffset =
        static_cast<std::size_t>(section.content.data() - module.binary.data());
    if (seen) {
      module.customIssues.push_back({std::string(kBranchHint), "a second branch hint section",
                                     static_cast<std::uint32_t>(contentOffset)});
      continue;
    }
    seen = true;
    std::vector<FunctionBranchHints> hints;
    std::size_t problem = 0;
    if (auto message = readBranchHints(module, features, section, hints, problem)) {
      module.customIssues.push_back({std::string(kBranchHint), *message,
                                     static_cast<std::uint32_t>(contentOffset + problem)});
      continue;
    }
    module.branchHints = std::move(hints);
  }
}

} // namespace wasmline::binary
