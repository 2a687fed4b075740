// Trap kinds, as values: the interpreter returns them instead of throwing.
#pragma once

#include <cstdint>
#include <string_view>

namespace wasmline::interp {

enum class TrapKind : std::uint8_t {
  None, // no trap
#define WASM_TRAP(name, message) name,
#include "interp/traps.def"
#undef WASM_TRAP
};

// The spec's message for a trap kind, e.g. "integer divide by zero".
constexpr std::string_view trapMessage(TrapKind kind) {
  switch (kind) {
  case TrapKind::None: return "no trap";
#define WASM_TRAP(name, message)                                                                   \
  case TrapKind::name:                                                                             \
    return message;
#include "interp/traps.def"
#undef WASM_TRAP
  }
  return "unknown trap";
}

} // namespace wasmline::interp
