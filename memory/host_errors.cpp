#include "memory/host_errors.h"

#include <cstdio>

namespace wasmline::detail {

std::string describeAddress(std::uint64_t address) {
  char text[48];
  std::snprintf(text, sizeof text, "0x%llx (%llu)", static_cast<unsigned long long>(address),
                static_cast<unsigned long long>(address));
  return text;
}

Error outOfBoundsError(std::uint64_t address, std::uint64_t length, std::uint64_t memoryBytes) {
  return Error(ErrorKind::OutOfBounds, "out of bounds memory access: address " +
                                           describeAddress(address) + ", length " +
                                           std::to_string(length) + ", memory size " +
                                           std::to_string(memoryBytes) + " bytes");
}

Error emptyMemoryError() {
  return Error(ErrorKind::InvalidArgument,
               "empty Memory handle (default-constructed, refers to no memory)");
}

std::string pageCount(std::uint64_t pages) {
  return std::to_string(pages) + (pages == 1 ? " page" : " pages");
}

Error misalignedError(std::uint64_t address, std::uint64_t alignment) {
  return Error(ErrorKind::Misaligned, "misaligned atomic access: address " +
                                          describeAddress(address) + " is not a multiple of " +
                                          std::to_string(alignment));
}

} // namespace wasmline::detail
