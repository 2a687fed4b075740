#include "wasmline/types.h"

namespace wasmline {

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
