// Types as the text parser knows them (indices already resolved): value and storage types, heap
// types, the composite types of type definitions and their recursion groups, and their encoding.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "text/byte_writer.h"

namespace wasmline::text {

// Abstract heap types carry their binary encoding; Concrete means a type index.
enum class HeapKind : std::uint8_t {
  Func = 0x70,
  Extern = 0x6F,
  Any = 0x6E,
  Eq = 0x6D,
  I31 = 0x6C,
  Struct = 0x6B,
  Array = 0x6A,
  Exn = 0x69,
  None = 0x71,
  NoFunc = 0x73,
  NoExtern = 0x72,
  NoExn = 0x74,
  Concrete = 0x00,
};

struct HeapType {
  HeapKind kind = HeapKind::Func;
  std::uint32_t index = 0; // for Concrete
  friend bool operator==(const HeapType&, const HeapType&) = default;
};

// Value types; I8 and I16 only as storage types of fields.
enum class ValKind : std::uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  I8 = 0x78,
  I16 = 0x77,
  Ref = 0x00,
};

struct ValType {
  ValKind kind = ValKind::I32;
  bool nullable = false; // for Ref
  HeapType heap;         // for Ref
  friend bool operator==(const ValType&, const ValType&) = default;
};

struct FieldType {
  ValType type;
  bool isMutable = false;
  friend bool operator==(const FieldType&, const FieldType&) = default;
};

enum class CompKind : std::uint8_t { Func, Struct, Array };

// One type definition: a composite type with its supertypes and finality.
struct TypeDef {
  CompKind comp = CompKind::Func;
  std::vector<ValType> params;   // Func
  std::vector<ValType> results;  // Func
  std::vector<FieldType> fields; // Struct (any number) or Array (one)
  std::vector<std::pair<std::string_view, std::uint32_t>> fieldNames;
  bool final = true;
  std::vector<std::uint32_t> supers;
  std::uint32_t groupSize = 1; // the size of its recursion group
};

// The encodings of the binary format.
void encodeHeapType(ByteWriter& out, const HeapType& type);
void encodeValType(ByteWriter& out, const ValType& type);
void encodeTypeDef(ByteWriter& out, const TypeDef& type);

// The text name of an abstract heap type keyword ("func", "any", ...) or nullptr.
bool heapKindFromKeyword(std::string_view keyword, HeapKind& kind);
// The value type of a keyword ("i32", "funcref", ...); false when it is none.
bool valTypeFromKeyword(std::string_view keyword, ValType& type);

} // namespace wasmline::text
