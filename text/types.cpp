#include "text/types.h"

namespace wasmline::text {

void encodeHeapType(ByteWriter& out, const HeapType& type) {
  if (type.kind == HeapKind::Concrete) {
    out.s64(type.index);
  } else {
    out.u8(static_cast<std::uint8_t>(type.kind));
  }
}

void encodeValType(ByteWriter& out, const ValType& type) {
  if (type.kind != ValKind::Ref) {
    out.u8(static_cast<std::uint8_t>(type.kind));
    return;
  }
  if (type.nullable && type.heap.kind != HeapKind::Concrete) {
    out.u8(static_cast<std::uint8_t>(type.heap.kind)); // the shorthand: funcref, anyref, ...
    return;
  }
  out.u8(type.nullable ? 0x63 : 0x64);
  encodeHeapType(out, type.heap);
}

void encodeTypeDef(ByteWriter& out, const TypeDef& type) {
  if (!type.final || !type.supers.empty()) {
    out.u8(type.final ? 0x4F : 0x50);
    out.u32(static_cast<std::uint32_t>(type.supers.size()));
    for (const std::uint32_t super : type.supers)
      out.u32(super);
  }
  const auto field = [&out](const FieldType& f) {
    encodeValType(out, f.type);
    out.u8(f.isMutable ? 1 : 0);
  };
  switch (type.comp) {
  case CompKind::Func:
    out.u8(0x60);
    out.u32(static_cast<std::uint32_t>(type.params.size()));
    for (const ValType& param : type.params)
      encodeValType(out, param);
    out.u32(static_cast<std::uint32_t>(type.results.size()));
    for (const ValType& result : type.results)
      encodeValType(out, result);
    break;
  case CompKind::Struct:
    out.u8(0x5F);
    out.u32(static_cast<std::uint32_t>(type.fields.size()));
    for (const FieldType& f : type.fields)
      field(f);
    break;
  case CompKind::Array:
    out.u8(0x5E);
    field(type.fields.front());
    break;
  }
}

bool heapKindFromKeyword(std::string_view keyword, HeapKind& kind) {
  struct Entry {
    std::string_view name;
    HeapKind kind;
  };
  static constexpr Entry kEntries[] = {
      {"func", HeapKind::Func},     {"extern", HeapKind::Extern},     {"any", HeapKind::Any},
      {"eq", HeapKind::Eq},         {"i31", HeapKind::I31},           {"struct", HeapKind::Struct},
      {"array", HeapKind::Array},   {"exn", HeapKind::Exn},           {"none", HeapKind::None},
      {"nofunc", HeapKind::NoFunc}, {"noextern", HeapKind::NoExtern}, {"noexn", HeapKind::NoExn},
  };
  for (const Entry& entry : kEntries) {
    if (entry.name == keyword) {
      kind = entry.kind;
      return true;
    }
  }
  return false;
}

bool valTypeFromKeyword(std::string_view keyword, ValType& type) {
  struct Entry {
    std::string_view name;
    ValKind kind;
    HeapKind heap;
  };
  static constexpr Entry kEntries[] = {
      {"i32", ValKind::I32, HeapKind::Func},
      {"i64", ValKind::I64, HeapKind::Func},
      {"f32", ValKind::F32, HeapKind::Func},
      {"f64", ValKind::F64, HeapKind::Func},
      {"v128", ValKind::V128, HeapKind::Func},
      {"funcref", ValKind::Ref, HeapKind::Func},
      {"externref", ValKind::Ref, HeapKind::Extern},
      {"anyref", ValKind::Ref, HeapKind::Any},
      {"eqref", ValKind::Ref, HeapKind::Eq},
      {"i31ref", ValKind::Ref, HeapKind::I31},
      {"structref", ValKind::Ref, HeapKind::Struct},
      {"arrayref", ValKind::Ref, HeapKind::Array},
      {"exnref", ValKind::Ref, HeapKind::Exn},
      {"nullref", ValKind::Ref, HeapKind::None},
      {"nullfuncref", ValKind::Ref, HeapKind::NoFunc},
      {"nullexternref", ValKind::Ref, HeapKind::NoExtern},
      {"nullexnref", ValKind::Ref, HeapKind::NoExn},
  };
  for (const Entry& entry : kEntries) {
    if (entry.name == keyword) {
      type = ValType{entry.kind, entry.kind == ValKind::Ref, HeapType{entry.heap, 0}};
      return true;
    }
  }
  return false;
}

} // namespace wasmline::text
