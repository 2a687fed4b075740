// Bounds-checked guest memory access for the WASI handlers.
#include "runtime/wasi/guest_memory.h"

#include <climits>
#include <endian.h>

#include <algorithm>
#include <cstring>

namespace wasmline::wasi {
namespace {

template <MemoryScalar T>
Errno writeScalar(std::optional<Memory>& memory, std::uint64_t address, T value) {
  if (!memory || !memory->write<T>(address, value)) return Errno::Fault;
  return Errno::Success;
}

} // namespace

ErrnoOr<std::span<std::uint8_t>> GuestMemory::bytes(std::uint64_t address, std::uint64_t length) {
  if (!memory_) return Errno::Fault;
  auto span = memory_->span(address, length);
  if (!span) return Errno::Fault;
  return *span;
}

ErrnoOr<std::uint32_t> GuestMemory::readU32(std::uint64_t address) {
  if (!memory_) return Errno::Fault;
  auto value = memory_->read<std::uint32_t>(address);
  if (!value) return Errno::Fault;
  return *value;
}

ErrnoOr<std::uint64_t> GuestMemory::readU64(std::uint64_t address) {
  if (!memory_) return Errno::Fault;
  auto value = memory_->read<std::uint64_t>(address);
  if (!value) return Errno::Fault;
  return *value;
}

Errno GuestMemory::writeU8(std::uint64_t address, std::uint8_t value) {
  return writeScalar(memory_, address, value);
}
Errno GuestMemory::writeU16(std::uint64_t address, std::uint16_t value) {
  return writeScalar(memory_, address, value);
}
Errno GuestMemory::writeU32(std::uint64_t address, std::uint32_t value) {
  return writeScalar(memory_, address, value);
}
Errno GuestMemory::writeU64(std::uint64_t address, std::uint64_t value) {
  return writeScalar(memory_, address, value);
}

Errno GuestMemory::write(std::uint64_t address, std::span<const std::uint8_t> data) {
  if (!memory_ || !memory_->write(address, data)) return Errno::Fault;
  return Errno::Success;
}

ErrnoOr<std::string> GuestMemory::path(std::uint64_t address, std::uint32_t length) {
  if (length >= PATH_MAX) return Errno::NameTooLong;
  auto span = bytes(address, length);
  if (!span) return span.error();
  std::string text(reinterpret_cast<const char*>(span->data()), span->size());
  if (text.find('\0') != std::string::npos) return Errno::Inval;
  return text;
}

ErrnoOr<std::vector<iovec>> GuestMemory::iovecs(std::uint64_t address, std::uint32_t count) {
  auto array = bytes(address, std::uint64_t{count} * layout::kIovecSize);
  if (!array) return array.error();
  const std::uint32_t used = std::min<std::uint32_t>(count, IOV_MAX);
  std::vector<iovec> result;
  result.reserve(used);
  std::uint64_t total = 0;
  for (std::uint32_t i = 0; i < used; ++i) {
    std::uint32_t fields[2];
    std::memcpy(fields, array->data() + std::size_t{i} * layout::kIovecSize, sizeof fields);
    const std::uint32_t base = le32toh(fields[0]);
    std::uint64_t length = le32toh(fields[1]);
    auto buffer = bytes(base, length);
    if (!buffer) return buffer.error();
    length = std::min<std::uint64_t>(length, UINT32_MAX - total);
    total += length;
    result.push_back(iovec{buffer->data(), length});
  }
  return result;
}

} // namespace wasmline::wasi
