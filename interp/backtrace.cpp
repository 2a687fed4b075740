#include "interp/backtrace.h"

#include <bit>
#include <cstdio>
#include <vector>

#include "interp/ir.h"
#include "interp/module_code.h"

namespace wasmline::interp {

namespace {

// Runs of more than this many equal frames (recursion) print this many, then a count.
constexpr std::size_t kRepeatsShown = 3;

// `name` with everything but printable ASCII escaped (\xNN, \\, \"): a module cannot write
// terminal escape sequences into a backtrace.
std::string escaped(std::string_view name) {
  std::string text;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '\\' || byte == '"') {
      text += '\\';
      text += c;
    } else if (byte < 0x20 || byte >= 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", byte);
      text += hex;
    } else {
      text += c;
    }
  }
  return text;
}

// The module byte offset of the instruction a frame is at.
std::uint32_t offsetOf(const BacktraceFrame& frame) {
  const CompiledFunction& code = *frame.function->code->load(std::memory_order_acquire);
  return code.offsetAt(static_cast<std::size_t>(frame.position - code.code.data()));
}

// "func N "name" at offset 0x..." for a frame of `function` at `byteOffset`.
std::string describe(const FuncInstance* function, std::uint32_t byteOffset) {
  char offset[24];
  std::snprintf(offset, sizeof offset, "0x%x", byteOffset);
  std::string text = "func " + std::to_string(function->index);
  const auto& names = function->instance->code->module().names.functions;
  if (const auto name = names.find(function->index); name != names.end()) {
    text += " \"" + escaped(name->second) + "\"";
  }
  return text + " at offset " + offset;
}

// `count` with thousands separators: 9,990.
std::string grouped(std::size_t count) {
  std::string digits = std::to_string(count);
  for (std::size_t at = digits.size(); at > 3; at -= 3)
    digits.insert(at - 3, ",");
  return digits;
}

// Appends a line per frame of `frames` to `message`.
void appendFrames(std::string& message, std::span<const BacktraceFrame> frames) {
  std::vector<std::uint32_t> offsets(frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i)
    offsets[i] = offsetOf(frames[i]);
  for (std::size_t i = 0; i < frames.size();) {
    const std::string line = describe(frames[i].function, offsets[i]);
    std::size_t run = 1;
    while (i + run < frames.size() && frames[i + run].function == frames[i].function &&
           offsets[i + run] == offsets[i]) {
      ++run;
    }
    const std::size_t shown = run > kRepeatsShown + 1 ? kRepeatsShown : run;
    for (std::size_t k = 0; k < shown; ++k)
      message += "\n  " + line;
    if (shown < run) {
      message += "\n  ... " + grouped(run - shown) + " more frame" + (run - shown == 1 ? "" : "s") +
                 " of func " + std::to_string(frames[i].function->index);
    }
    i += run;
  }
}

constexpr std::string_view kBacktraceHeader = "\nwasm backtrace:";

// "\nwasm backtrace:" and a line per frame (nothing without frames).
std::string backtraceText(std::span<const BacktraceFrame> frames) {
  if (frames.empty()) return {};
  std::string message(kBacktraceHeader);
  appendFrames(message, frames);
  return message;
}

} // namespace

Error trapWithBacktrace(TrapKind kind, std::string_view detail,
                        std::span<const BacktraceFrame> frames) {
  std::string message(trapMessage(kind));
  message += detail;
  message += kBacktraceHeader;
  appendFrames(message, frames);
  return Error(ErrorKind::Trap, std::move(message));
}

Error hostErrorWithBacktrace(const Error& error, std::span<const BacktraceFrame> frames) {
  // Exits and exceptions unwind as they are (an exception may still be caught).
  if (error.kind() == ErrorKind::Exit || error.kind() == ErrorKind::Exception) return error;
  std::string message = error.message();
  const bool traced =
      error.kind() == ErrorKind::Trap && message.find(kBacktraceHeader) != std::string::npos;
  if (!traced && !frames.empty()) message += kBacktraceHeader;
  appendFrames(message, frames);
  return Error(ErrorKind::Trap, std::move(message));
}

namespace {

// The payload's values as "i32:1, f64:0.5", from the tag's parameter types.
std::string payloadText(const ExceptionObject& exception) {
  std::string text;
  std::size_t slot = 0;
  for (ValType type : exception.tag->type.params) {
    if (!text.empty()) text += ", ";
    char number[64];
    const std::uint64_t bits = slot < exception.payload.size() ? exception.payload[slot] : 0;
    switch (type.kind()) {
    case ValKind::I32:
      std::snprintf(number, sizeof number, "i32:%d", static_cast<std::int32_t>(bits));
      break;
    case ValKind::I64:
      std::snprintf(number, sizeof number, "i64:%lld",
                    static_cast<long long>(static_cast<std::int64_t>(bits)));
      break;
    case ValKind::F32:
      std::snprintf(number, sizeof number, "f32:%.9g",
                    static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(bits))));
      break;
    case ValKind::F64:
      std::snprintf(number, sizeof number, "f64:%.17g", std::bit_cast<double>(bits));
      break;
    case ValKind::V128: {
      const std::uint64_t high =
          slot + 1 < exception.payload.size() ? exception.payload[slot + 1] : 0;
      std::snprintf(number, sizeof number, "v128:0x%016llx%016llx",
                    static_cast<unsigned long long>(high), static_cast<unsigned long long>(bits));
      ++slot;
      break;
    }
    case ValKind::Ref:
      std::snprintf(number, sizeof number, "%s", bits == 0 ? "ref.null" : "ref");
      break;
    }
    text += number;
    ++slot;
  }
  return text;
}

// How the thrower's instance knows the tag: "tag N" and its export name, if exported.
std::string tagText(const ExceptionObject& exception, const Instance* instance) {
  if (instance == nullptr) return "a tag";
  for (std::size_t i = 0; i < instance->tags.size(); ++i) {
    if (instance->tags[i] != exception.tag) continue;
    std::string text = "tag " + std::to_string(i);
    for (const auto& [name, item] : instance->exports) {
      if (item.kind == ExternKind::Tag && item.tag == exception.tag) {
        return text + " \"" + escaped(name) + "\"";
      }
    }
    return text;
  }
  return "an imported tag";
}

} // namespace

Error uncaughtExceptionError(const ExceptionObject& exception, std::uintptr_t handle,
                             std::span<const BacktraceFrame> frames) {
  const Instance* thrower = frames.empty() ? nullptr : frames.front().function->instance;
  std::string message = "uncaught exception: " + tagText(exception, thrower);
  const std::string payload = payloadText(exception);
  message += payload.empty() ? " (no payload)" : " (payload " + payload + ")";
  message += backtraceText(frames);
  return Error::uncaughtException(std::move(message), handle);
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
