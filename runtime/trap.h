// Trap kinds, as values: the interpreter returns them instead of throwing.
#pragma once

#include <cstdint>
#include <string_view>

namespace wasmline::runtime {

enum class TrapKind : std::uint8_t {
  None, // no trap
#define WASM_TRAP(name, message) name,
#include "runtime/traps.def"
#undef WASM_TRAP
};

// The spec's message for a trap kind, e.g. "integer divide by zero".
constexpr std::string_view trapMessage(TrapKind kind) {
  switch (kind) {
  case TrapKind::None: return "no trap";
#define WASM_TRAP(name, message)                                                                   \
  case TrapKind::name:                                                                             \
    return message;
#include "runtime/traps.def"
#undef WASM_TRAP
  }
  return "unknown trap";
}

} // namespace wasmline::runtime
