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

// The abstract heap types of WebAssembly 3.0, and Concrete for a type defined by a module.
enum class HeapKind : std::uint8_t {
  Func,     // func: every function
  NoFunc,   // nofunc: the bottom of the func hierarchy
  Extern,   // extern: host references
  NoExtern, // noextern
  Any,      // any: the top of the GC hierarchy
  Eq,       // eq: comparable with ref.eq
  I31,      // i31: unboxed 31-bit integers
  Struct,   // struct: every struct type
  Array,    // array: every array type
  None,     // none: the bottom of the any hierarchy
  Exn,      // exn: exceptions
  NoExn,    // noexn
  Concrete, // a type index of the module (a function, struct or array type)
};

// A heap type: abstract, or a module's type index.
class HeapType {
public:
  constexpr HeapType(HeapKind kind = HeapKind::Func) : kind_(kind) {}
  // The heap type of the module's type `index`.
  static constexpr HeapType concrete(std::uint32_t index) {
    HeapType type(HeapKind::Concrete);
    type.index_ = index;
    return type;
  }

  constexpr HeapKind kind() const { return kind_; }
  constexpr bool isConcrete() const { return kind_ == HeapKind::Concrete; }
  // The type index of a concrete heap type (0 otherwise).
  constexpr std::uint32_t index() const { return index_; }

  // Text form: "func", "any", ... or the type index.
  std::string toString() const;
  friend constexpr bool operator==(const HeapType&, const HeapType&) = default;

private:
  HeapKind kind_;
  std::uint32_t index_ = 0;
};

// What kind of value a value type holds.
enum class ValKind : std::uint8_t { I32, I64, F32, F64, V128, Ref };

// A value type: a number, a vector, or a reference (ref null? heaptype). The common ones are
// constants: ValType::I32, ValType::FuncRef (ref null func), ValType::ExternRef, ...
class ValType {
public:
  constexpr ValType() = default; // i32
  constexpr ValType(ValKind kind) : kind_(kind) {}
  // The reference type (ref null? heap).
  static constexpr ValType ref(HeapType heap, bool nullable) {
    ValType type(ValKind::Ref);
    type.heap_ = heap;
    type.nullable_ = nullable;
    return type;
  }

  static const ValType I32, I64, F32, F64, V128;
  // Nullable references to the abstract heap types: funcref, externref, anyref, ...
  static const ValType FuncRef, ExternRef, AnyRef, EqRef, I31Ref, StructRef, ArrayRef, ExnRef,
      NullRef, NullFuncRef, NullExternRef, NullExnRef;

  constexpr ValKind kind() const { return kind_; }
  constexpr bool isRef() const { return kind_ == ValKind::Ref; }
  // i32, i64, f32 or f64.
  constexpr bool isNumber() const { return kind_ < ValKind::V128; }
  // For references: may it be null, and what it points to.
  constexpr bool nullable() const { return nullable_; }
  constexpr HeapType heapType() const { return heap_; }
  // The same reference type, nullable or not.
  constexpr ValType withNullable(bool nullable) const { return ref(heap_, nullable); }

  // Text form: "i32", "funcref", "(ref null 3)", "(ref any)", ...
  std::string toString() const;
  friend constexpr bool operator==(const ValType&, const ValType&) = default;

private:
  ValKind kind_ = ValKind::I32;
  bool nullable_ = false;
  HeapType heap_;
};

inline constexpr ValType ValType::I32{ValKind::I32};
inline constexpr ValType ValType::I64{ValKind::I64};
inline constexpr ValType ValType::F32{ValKind::F32};
inline constexpr ValType ValType::F64{ValKind::F64};
inline constexpr ValType ValType::V128{ValKind::V128};
inline constexpr ValType ValType::FuncRef = ValType::ref(HeapKind::Func, true);
inline constexpr ValType ValType::ExternRef = ValType::ref(HeapKind::Extern, true);
inline constexpr ValType ValType::AnyRef = ValType::ref(HeapKind::Any, true);
inline constexpr ValType ValType::EqRef = ValType::ref(HeapKind::Eq, true);
inline constexpr ValType ValType::I31Ref = ValType::ref(HeapKind::I31, true);
inline constexpr ValType ValType::StructRef = ValType::ref(HeapKind::Struct, true);
inline constexpr ValType ValType::ArrayRef = ValType::ref(HeapKind::Array, true);
inline constexpr ValType ValType::ExnRef = ValType::ref(HeapKind::Exn, true);
inline constexpr ValType ValType::NullRef = ValType::ref(HeapKind::None, true);
inline constexpr ValType ValType::NullFuncRef = ValType::ref(HeapKind::NoFunc, true);
inline constexpr ValType ValType::NullExternRef = ValType::ref(HeapKind::NoExtern, true);
inline constexpr ValType ValType::NullExnRef = ValType::ref(HeapKind::NoExn, true);

// The text name of a value type: "i32", "funcref", "(ref null 3)", ...
inline std::string valTypeName(ValType type) {
  return type.toString();
}
// True for reference types.
constexpr bool isReference(ValType type) {
  return type.isRef();
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
enum class ExternKind : std::uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };

// The text name of an extern kind: "func", "table", "memory", "global", "tag".
std::string_view externKindName(ExternKind kind);

// Minimum and optional maximum of a resizable object, in its units (pages for memories).
struct Limits {
  std::uint64_t min = 0;
  std::optional<std::uint64_t> max;

  friend bool operator==(const Limits&, const Limits&) = default;
};

// The log2 of the default page size (64 KiB); the custom-page-sizes proposal also allows 0 (pages
// of 1 byte).
inline constexpr std::uint8_t kWasmPageSizeLog2 = 16;

// The type of a linear memory: page limits, 32- or 64-bit index, shared or not, page size.
struct MemoryType {
  Limits limits;
  bool is64 = false;
  bool shared = false;
  // log2 of the page size in bytes: 16 (64 KiB), or 0 (1 byte, the custom-page-sizes proposal).
  std::uint8_t pageSizeLog2 = kWasmPageSizeLog2;

  // A 32-bit memory type with `min` pages and an optional maximum.
  static MemoryType pages(std::uint64_t min, std::optional<std::uint64_t> max = std::nullopt) {
    return MemoryType{Limits{min, max}, false, false, kWasmPageSizeLog2};
  }

  // The page size in bytes: 65536, or 1 with the custom-page-sizes proposal.
  std::uint64_t pageSize() const { return std::uint64_t{1} << (pageSizeLog2 & 63); }

  // The largest page count this index type and page size allow: 65536 (4 GiB) or 2^48 for
  // 64-bit with 64 KiB pages; 2^32 - 1 or 2^64 - 1 with 1-byte pages (the count must fit the
  // index type, as memory.size returns it).
  std::uint64_t pageLimit() const;

  // Checks the type against the spec's rules. Errors (InvalidType): a page size other than 1 or
  // 65536 ("invalid custom page size"), min or max above pageLimit() ("memory size must be at
  // most 65536 pages (4GiB)"), min greater than max ("size minimum must not be greater than
  // maximum"), shared without a maximum ("shared memory must have maximum").
  Result<void> validate() const;

  // Text form as in the text format, e.g. "i64 1 16 shared" or "1".
  std::string toString() const;

  friend bool operator==(const MemoryType&, const MemoryType&) = default;
};

// The type of a table: its element (reference) type, limits in elements, and index type (64-bit
// with table64, WebAssembly 3.0).
struct TableType {
  ValType element = ValType::FuncRef;
  Limits limits;
  bool is64 = false;

  // The largest element count the index type allows: 2^32 - 1, or 2^64 - 1 for a 64-bit table.
  std::uint64_t sizeLimit() const { return is64 ? UINT64_MAX : 0xFFFFFFFF; }

  // Checks the limits: "table size must be at most 2^32-1 elements" (min or max above
  // sizeLimit()), "size minimum must not be greater than maximum". Errors: InvalidType.
  Result<void> validate() const;
  friend bool operator==(const TableType&, const TableType&) = default;
};

// The type of a global: its value type and whether it may be set.
struct GlobalType {
  ValType type = ValType::I32;
  bool isMutable = false;

  friend bool operator==(const GlobalType&, const GlobalType&) = default;
};

// The type of an exception tag: the types of the values an exception with it carries (the
// parameters of a function type without results).
struct TagType {
  FuncType type;

  friend bool operator==(const TagType&, const TagType&) = default;
};

} // namespace wasmline
