#include "interp/disassembler.h"

#include <cstdio>

#include "binary/opcode.h"

namespace wasmline::interp {
namespace {

std::string hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// `value` of a field of `kind` in the code starting at `base`.
std::string field(FieldKind kind, std::uint64_t value, const std::uint64_t* base) {
  switch (kind) {
  case FieldKind::Slot: return "s" + std::to_string(value);
  case FieldKind::Target: {
    const auto* target = reinterpret_cast<const std::uint64_t*>(static_cast<std::uintptr_t>(value));
    return "@" + std::to_string(target - base);
  }
  case FieldKind::Value:
  case FieldKind::Word: return hex(value);
  case FieldKind::Offset:
  case FieldKind::Lane:
  case FieldKind::Count:
  case FieldKind::Fuel: return std::to_string(value);
  case FieldKind::Function: return "func " + std::to_string(value);
  case FieldKind::Global: return "global " + std::to_string(value);
  case FieldKind::Table: return "table " + std::to_string(value);
  case FieldKind::Memory: return "memory " + std::to_string(value);
  case FieldKind::Data: return "data " + std::to_string(value);
  case FieldKind::Elem: return "elem " + std::to_string(value);
  case FieldKind::Tag: return "tag " + std::to_string(value);
  case FieldKind::TypeId: return "type#" + std::to_string(value);
  case FieldKind::Opcode:
    return value < binary::kOpcodeCount
               ? std::string(binary::opcodeName(static_cast<binary::Opcode>(value)))
               : hex(value);
  case FieldKind::ByteOffset: return hex(value);
  }
  return hex(value);
}

} // namespace

std::string disassemble(const CompiledFunction& function) {
  std::string text = "  frame: " + std::to_string(function.paramSlots) + " parameter slots, " +
                     std::to_string(function.frameSlots) + " slots, " +
                     std::to_string(function.resultSlots) + " result slots\n";
  const auto& code = function.code;
  for (std::size_t at = 0; at < code.size();) {
    if (code[at] >= kIrOpCount) {
      text += "  " + std::to_string(at) + ": <not an IR opcode: " + hex(code[at]) + ">\n";
      break;
    }
    const auto op = static_cast<IrOp>(code[at]);
    const IrOpInfo& info = irOpInfo(op);
    char label[32];
    std::snprintf(label, sizeof label, "%5zu: ", at);
    std::string line = std::string("  ") + label + std::string(info.name);
    const std::size_t words = operandWords(op, &code[at + 1]);
    for (std::size_t i = 0; i < words && at + 1 + i < code.size(); ++i) {
      const std::uint64_t value = code[at + 1 + i];
      if (i < info.kinds.size()) {
        line += " " + std::string(info.names[i]) + "=" + field(info.kinds[i], value, code.data());
      } else {
        line +=
            (i == info.kinds.size() ? " [" : " ") + field(info.trailingKind, value, code.data());
        if (i + 1 == words) line += "]";
      }
    }
    const std::uint32_t offset = function.offsetAt(at);
    if (offset != 0) line += "    ; wasm " + hex(offset);
    text += line + "\n";
    at += 1 + words;
  }
  return text;
}

} // namespace wasmline::interp
