#include "wasmline/types.h"

namespace wasmline {

namespace {

// Text names of the abstract heap types, in HeapKind order.
constexpr std::string_view kHeapNames[] = {"func", "nofunc", "extern", "noextern", "any", "eq",
                                           "i31",  "struct", "array",  "none",     "exn", "noexn"};
// The shorthands of nullable abstract references, in HeapKind order.
constexpr std::string_view kNullableNames[] = {
    "funcref", "nullfuncref", "externref", "nullexternref", "anyref", "eqref",
    "i31ref",  "structref",   "arrayref",  "nullref",       "exnref", "nullexnref"};

} // namespace

std::string HeapType::toString() const {
  if (isConcrete()) return std::to_string(index_);
  return std::string(kHeapNames[static_cast<std::size_t>(kind_)]);
}

std::string ValType::toString() const {
  switch (kind_) {
  case ValKind::I32: return "i32";
  case ValKind::I64: return "i64";
  case ValKind::F32: return "f32";
  case ValKind::F64: return "f64";
  case ValKind::V128: return "v128";
  case ValKind::Ref: break;
  }
  if (nullable_ && !heap_.isConcrete()) {
    return std::string(kNullableNames[static_cast<std::size_t>(heap_.kind())]);
  }
  return std::string(nullable_ ? "(ref null " : "(ref ") + heap_.toString() + ")";
}

std::string_view externKindName(ExternKind kind) {
  switch (kind) {
  case ExternKind::Func: return "func";
  case ExternKind::Table: return "table";
  case ExternKind::Memory: return "memory";
  case ExternKind::Global: return "global";
  case ExternKind::Tag: return "tag";
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
  if (limits.min > sizeLimit() || (limits.max && *limits.max > sizeLimit())) {
    return Error(ErrorKind::InvalidType, "table size must be at most 2^32-1 elements");
  }
  if (limits.max && limits.min > *limits.max) {
    return Error(ErrorKind::InvalidType, "size minimum must not be greater than maximum");
  }
  return {};
}

std::uint64_t MemoryType::pageLimit() const {
  const unsigned indexBits = is64 ? 64 : 32;
  if (pageSizeLog2 == 0) return is64 ? UINT64_MAX : 0xFFFFFFFF;
  if (pageSizeLog2 >= indexBits) return 1;
  return std::uint64_t{1} << (indexBits - pageSizeLog2);
}

Result<void> MemoryType::validate() const {
  if (pageSizeLog2 != 0 && pageSizeLog2 != kWasmPageSizeLog2) {
    return Error(ErrorKind::InvalidType, "invalid custom page size (memory " + toString() + ")");
  }
  const std::uint64_t limit = pageLimit();
  std::string tooLarge = is64 ? "memory size must be at most 2^48 pages"
                              : "memory size must be at most 65536 pages (4GiB)";
  if (pageSizeLog2 == 0) {
    tooLarge = "memory size must be at most " + std::to_string(limit) + " pages of 1 byte";
  }
  if (limits.min > limit || (limits.max && *limits.max > limit)) {
    return Error(ErrorKind::InvalidType, tooLarge + " (memory " + toString() + ")");
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
  if (pageSizeLog2 != kWasmPageSizeLog2) text += " (pagesize " + std::to_string(pageSize()) + ")";
  return text;
}

} // namespace wasmline
