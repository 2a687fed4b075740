#include "memory/virtual_region.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace wasmline::detail {
namespace {

std::uint64_t hostPageSize() {
  static const std::uint64_t size = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  return size;
}

} // namespace

Result<VirtualRegion> VirtualRegion::reserve(std::uint64_t bytes) {
  const std::uint64_t page = hostPageSize();
  if (bytes == 0) bytes = page;
  if (bytes > UINT64_MAX - (page - 1) || bytes > SIZE_MAX) {
    return Error(ErrorKind::ResourceExhausted,
                 "cannot reserve " + std::to_string(bytes) + " bytes of address space: too large");
  }
  const std::uint64_t rounded = (bytes + page - 1) / page * page;
  void* base = mmap(nullptr, static_cast<std::size_t>(rounded), PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    const int error = errno;
    return Error(ErrorKind::ResourceExhausted,
                 "cannot reserve " + std::to_string(rounded) +
                     " bytes of address space for a memory: " + std::strerror(error));
  }
  return VirtualRegion(static_cast<std::uint8_t*>(base), rounded);
}

VirtualRegion::VirtualRegion(VirtualRegion&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)), size_(std::exchange(other.size_, 0)) {}

VirtualRegion& VirtualRegion::operator=(VirtualRegion&& other) noexcept {
  if (this != &other) {
    release();
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

VirtualRegion::~VirtualRegion() {
  release();
}

void VirtualRegion::release() noexcept {
  if (base_ != nullptr) munmap(base_, static_cast<std::size_t>(size_));
  base_ = nullptr;
  size_ = 0;
}

bool VirtualRegion::commit(std::uint64_t offset, std::uint64_t bytes) {
  if (bytes == 0) return true;
  if (offset > size_ || bytes > size_ - offset) return false;
  const std::uint64_t page = hostPageSize();
  const std::uint64_t start = offset / page * page;
  const std::uint64_t end = (offset + bytes + page - 1) / page * page;
  return mprotect(base_ + start, static_cast<std::size_t>(end - start), PROT_READ | PROT_WRITE) ==
         0;
}

} // namespace wasmline::detail
