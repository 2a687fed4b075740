#include "binary/type_reader.h"

#include <optional>

namespace wasmline::binary {
namespace {

// The abstract heap type a byte encodes (as a heap type, or as the nullable reference shorthand),
// with the feature it needs.
struct AbstractHeap {
  HeapKind kind;
  Feature feature;
};

std::optional<AbstractHeap> abstractHeap(std::uint8_t byte) {
  switch (byte) {
  case 0x70: return AbstractHeap{HeapKind::Func, Feature::ReferenceTypes};
  case 0x6F: return AbstractHeap{HeapKind::Extern, Feature::ReferenceTypes};
  case 0x73: return AbstractHeap{HeapKind::NoFunc, Feature::Gc};
  case 0x72: return AbstractHeap{HeapKind::NoExtern, Feature::Gc};
  case 0x71: return AbstractHeap{HeapKind::None, Feature::Gc};
  case 0x6E: return AbstractHeap{HeapKind::Any, Feature::Gc};
  case 0x6D: return AbstractHeap{HeapKind::Eq, Feature::Gc};
  case 0x6C: return AbstractHeap{HeapKind::I31, Feature::Gc};
  case 0x6B: return AbstractHeap{HeapKind::Struct, Feature::Gc};
  case 0x6A: return AbstractHeap{HeapKind::Array, Feature::Gc};
  case 0x69: return AbstractHeap{HeapKind::Exn, Feature::Exceptions};
  case 0x74: return AbstractHeap{HeapKind::NoExn, Feature::Exceptions};
  default: return std::nullopt;
  }
}

// funcref was in the MVP (as a table element type); every other abstract heap type needs its
// feature.
bool abstractAllowed(Reader& reader, const Features& features, const AbstractHeap& heap,
                     std::string_view malformed, std::size_t offset) {
  if (heap.kind == HeapKind::Func) return true;
  return reader.require(features, heap.feature, "reference type " + heapName(heap.kind) + " is",
                        malformed, offset);
}

// (ref ht) / (ref null ht) after its 0x64 / 0x63 byte.
ValType typedReference(Reader& reader, const Features& features, bool nullable,
                       std::string_view malformed, std::size_t offset) {
  if (!reader.require(features, Feature::FunctionReferences, "typed references are", malformed,
                      offset)) {
    return ValType::I32;
  }
  const HeapType heap = readHeapType(reader, features);
  return ValType::ref(heap, nullable);
}

// A reference type from its first byte; nullopt when the byte starts no reference type.
std::optional<ValType> referenceFrom(Reader& reader, const Features& features, std::uint8_t byte,
                                     std::string_view malformed, std::size_t offset) {
  if (byte == 0x64 || byte == 0x63) {
    return typedReference(reader, features, byte == 0x63, malformed, offset);
  }
  const std::optional<AbstractHeap> heap = abstractHeap(byte);
  if (!heap) return std::nullopt;
  if (!abstractAllowed(reader, features, *heap, malformed, offset)) return ValType::I32;
  return ValType::ref(heap->kind, true);
}

} // namespace

std::string heapName(HeapKind kind) {
  return HeapType(kind).toString();
}

ValType readValType(Reader& reader, const Features& features) {
  const std::size_t offset = reader.offset();
  const std::uint8_t byte = reader.u8();
  if (reader.failed()) return ValType::I32;
  switch (byte) {
  case 0x7F: return ValType::I32;
  case 0x7E: return ValType::I64;
  case 0x7D: return ValType::F32;
  case 0x7C: return ValType::F64;
  case 0x7B:
    if (features.simd) return ValType::V128;
    break;
  default: {
    const std::optional<ValType> reference =
        referenceFrom(reader, features, byte, "malformed value type", offset);
    if (reference) return *reference;
    break;
  }
  }
  reader.fail("malformed value type", offset);
  return ValType::I32;
}

ValType readRefType(Reader& reader, const Features& features) {
  const std::size_t offset = reader.offset();
  const std::uint8_t byte = reader.u8();
  if (reader.failed()) return ValType::FuncRef;
  const std::optional<ValType> reference =
      referenceFrom(reader, features, byte, "malformed reference type", offset);
  if (reference && !reader.failed()) return *reference;
  reader.fail("malformed reference type", offset);
  return ValType::FuncRef;
}

HeapType readHeapType(Reader& reader, const Features& features) {
  const std::size_t offset = reader.offset();
  const std::optional<std::uint8_t> first = reader.peek();
  const char* malformed =
      features.functionReferences ? "malformed heap type" : "malformed reference type";
  if (!first) {
    reader.u8(); // records the end
    return HeapKind::Func;
  }
  if ((*first & 0xC0) == 0x40) { // a negative single-byte s33: an abstract heap type
    reader.u8();
    const std::optional<AbstractHeap> heap = abstractHeap(*first);
    if (!heap) {
      reader.fail(malformed, offset);
      return HeapKind::Func;
    }
    if (!abstractAllowed(reader, features, *heap, malformed, offset)) return HeapKind::Func;
    return heap->kind;
  }
  if (!features.functionReferences) { // before typed references only 0x70 and 0x6F
    reader.u8();
    reader.fail(malformed, offset);
    return HeapKind::Func;
  }
  const std::int64_t index = reader.s33();
  if (reader.failed()) return HeapKind::Func;
  if (index < 0) {
    reader.fail(malformed, offset);
    return HeapKind::Func;
  }
  if (!reader.require(features, Feature::FunctionReferences, "typed references are", malformed,
                      offset)) {
    return HeapKind::Func;
  }
  return HeapType::concrete(static_cast<std::uint32_t>(std::min<std::int64_t>(index, UINT32_MAX)));
}

} // namespace wasmline::binary
