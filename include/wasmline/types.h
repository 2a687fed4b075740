// WebAssembly types seen by the host: value types, function types, limits and the types of
// memories, tables and globals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasmline/result.h"

namespace wasmline {

// The size of a WebAssembly page in bytes (64 KiB).
inline constexpr std::uint64_t kWasmPageSize = 65536;
// The most pages a 32-bit memory can have (4 GiB).
inline constexpr std::uint64_t kMaxPages32 = 65536;
// The most pages a 64-bit memory can have (2^48 pages, so the byte size fits in 64 bits).
inline constexpr std::uint64_t kMaxPages64 = std::uint64_t{1} << 48;

// A value type; the enumerators carry their binary encoding.
enum class ValType : std::uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

// The text name of a value type: "i32", "funcref", ...
std::string_view valTypeName(ValType type);
// True for funcref and externref.
constexpr bool isReference(ValType type) {
  return type == ValType::FuncRef || type == ValType::ExternRef;
}

// A function signature.
struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;

  // Text form, e.g. "[i32 i64] -> [f32]".
  std::string toString() const;
  friend bool operator==(const FuncType&, const FuncType&) = default;
};

// The kinds of things a module imports and exports; the enumerators carry their encoding.
enum class ExternKind : std::uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };

// The text name of an extern kind: "func", "table", "memory", "global".
std::string_view externKindName(ExternKind kind);

// Minimum and optional maximum of a resizable object, in its units (pages for memories).
struct Limits {
  std::uint64_t min = 0;
  std::optional<std::uint64_t> max;

  friend bool operator==(const Limits&, const Limits&) = default;
};

// The type of a linear memory: page limits, 32- or 64-bit index, shared or not.
struct MemoryType {
  Limits limits;
  bool is64 = false;
  bool shared = false;

  // A 32-bit memory type with `min` pages and an optional maximum.
  static MemoryType pages(std::uint64_t min, std::optional<std::uint64_t> max = std::nullopt) {
    return MemoryType{Limits{min, max}, false, false};
  }

  // The largest page count this index type allows (65536, or 2^48 for 64-bit).
  std::uint64_t pageLimit() const { return is64 ? kMaxPages64 : kMaxPages32; }

  // Checks the type against the spec's rules. Errors (InvalidType): min or max above the index
  // type's page limit ("memory size must be at most 65536 pages (4GiB)"), min greater than max
  // ("size minimum must not be greater than maximum"), shared without a maximum
  // ("shared memory must have maximum").
  Result<void> validate() const;

  // Text form as in the text format, e.g. "i64 1 16 shared" or "1".
  std::string toString() const;

  friend bool operator==(const MemoryType&, const MemoryType&) = default;
};

// The type of a table: its element (reference) type and limits in elements.
struct TableType {
  ValType element = ValType::FuncRef;
  Limits limits;

  // Checks the limits ("size minimum must not be greater than maximum"). Errors: InvalidType.
  Result<void> validate() const;
  friend bool operator==(const TableType&, const TableType&) = default;
};

// The type of a global: its value type and whether it may be set.
struct GlobalType {
  ValType type = ValType::I32;
  bool isMutable = false;

  friend bool operator==(const GlobalType&, const GlobalType&) = default;
};

} // namespace wasmline
