#include "binary/type_reader.h"

namespace wasmline::binary {

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
  case 0x70: return ValType::FuncRef;
  case 0x6F:
    if (features.referenceTypes) return ValType::ExternRef;
    break;
  default: break;
  }
  reader.fail("malformed value type", offset);
  return ValType::I32;
}

ValType readRefType(Reader& reader, const Features& features) {
  const std::size_t offset = reader.offset();
  const std::uint8_t byte = reader.u8();
  if (reader.failed()) return ValType::FuncRef;
  if (byte == 0x70) return ValType::FuncRef;
  if (byte == 0x6F && features.referenceTypes) return ValType::ExternRef;
  reader.fail("malformed reference type", offset);
  return ValType::FuncRef;
}

} // namespace wasmline::binary
