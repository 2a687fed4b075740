#include "wasmline/types.h"

namespace wasmline {

std::string_view valTypeName(ValType type) {
  switch (type) {
  case ValType::I32: return "i32";
  case ValType::I64: return "i64";
  case ValType::F32: return "f32";
  case ValType::F64: return "f64";
  case ValType::V128: return "v128";
  case ValType::FuncRef: return "funcref";
  case ValType::ExternRef: return "externref";
  }
  return "unknown";
}

std::string_view externKindName(ExternKind kind) {
  switch (kind) {
  case ExternKind::Func: return "func";
  case ExternKind::Table: return "table";
  case ExternKind::Memory: return "memory";
  case ExternKind::Global: return "global";
  }
  return "unknown";
}

std::string FuncType::toString() const {
  auto list = [](const std::vector<ValType>& types) {
    std::string text = "[";
    for (std::size_t i = 0; i < types.size(); ++i) {
      if (i != 0) text += ' ';
      text += valTypeName(types[i]);
    }
    return text + "]";
  };
  return list(params) + " -> " + list(results);
}

Result<void> TableType::validate() const {
  if (limits.max && limits.min > *limits.max) {
    return Error(ErrorKind::InvalidType, "size minimum must not be greater than maximum");
  }
  return {};
}

Result<void> MemoryType::validate() const {
  const std::uint64_t limit = pageLimit();
  const char* tooLarge = is64 ? "memory size must be at most 2^48 pages"
                              : "memory size must be at most 65536 pages (4GiB)";
  if (limits.min > limit || (limits.max && *limits.max > limit)) {
    return Error(ErrorKind::InvalidType, std::string(tooLarge) + " (memory " + toString() + ")");
  }
  if (limits.max && limits.min > *limits.max) {
    return Error(ErrorKind::InvalidType,
                 "size minimum must not be greater than maximum (memory " + toString() + ")");
  }
  if (shared && !limits.max) {
    return Error(ErrorKind::InvalidType,
                 "shared memory must have maximum (memory " + toString() + ")");
  }
  return {};
}

std::string MemoryType::toString() const {
  std::string text = is64 ? "i64 " : "";
  text += std::to_string(limits.min);
  if (limits.max) text += " " + std::to_string(*limits.max);
  if (shared) text += " shared";
  return text;
}

} // namespace wasmline
