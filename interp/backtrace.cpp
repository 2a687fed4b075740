#include "interp/backtrace.h"

#include <cstdio>

#include "interp/ir.h"
#include "interp/module_code.h"

namespace wasmline::interp {

Error trapWithBacktrace(TrapKind kind, std::string_view detail,
                        std::span<const BacktraceFrame> frames) {
  std::string message(trapMessage(kind));
  message += detail;
  message += "\nwasm backtrace:";
  for (const BacktraceFrame& frame : frames) {
    const CompiledFunction& code = *frame.function->code->load(std::memory_order_acquire);
    const auto index = static_cast<std::size_t>(frame.position - code.code.data());
    char offset[24];
    std::snprintf(offset, sizeof offset, "0x%x", code.offsetAt(index));
    message += "\n  func " + std::to_string(frame.function->index);
    const auto& names = frame.function->instance->code->module().names.functions;
    if (const auto name = names.find(frame.function->index); name != names.end()) {
      message += " \"" + name->second + "\"";
    }
    message += " at offset " + std::string(offset);
  }
  return Error(ErrorKind::Trap, std::move(message));
}

std::string outOfBoundsDetail(std::uint64_t base, std::uint64_t offset, std::uint64_t bytes,
                              std::uint64_t memoryLength) {
  char text[160];
  const std::uint64_t address = base + offset;
  if (address < base) { // past 2^64 (memory64 only)
    std::snprintf(text, sizeof text, ": %llu byte%s at address 0x%llx + offset 0x%llx",
                  static_cast<unsigned long long>(bytes), bytes == 1 ? "" : "s",
                  static_cast<unsigned long long>(base), static_cast<unsigned long long>(offset));
  } else {
    std::snprintf(text, sizeof text, ": %llu byte%s at address 0x%llx, memory size 0x%llx",
                  static_cast<unsigned long long>(bytes), bytes == 1 ? "" : "s",
                  static_cast<unsigned long long>(address),
                  static_cast<unsigned long long>(memoryLength));
  }
  return text;
}

} // namespace wasmline::interp
