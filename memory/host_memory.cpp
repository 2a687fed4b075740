// The Memory host API: sizes, growth, byte and typed access, spans and bulk operations.
#include <cstring>
#include <string>

#include "memory/bounds.h"
#include "memory/endian.h"
#include "memory/host_errors.h"
#include "memory/linear_memory.h"
#include "wasmline/memory.h"

namespace wasmline {

using detail::emptyMemoryError;
using detail::inBounds;
using detail::outOfBoundsError;
using detail::pageCount;

namespace {
const MemoryType kNoType{};
} // namespace

Memory::Memory(std::shared_ptr<detail::LinearMemory> memory) : memory_(std::move(memory)) {}

Result<Memory> Memory::create(const MemoryType& type, const MemoryConfig& config) {
  auto memory = detail::LinearMemory::create(type, config);
  if (!memory) return memory.error();
  return Memory(std::move(*memory));
}

const MemoryType& Memory::type() const {
  return memory_ ? memory_->type() : kNoType;
}
MemoryType Memory::currentType() const {
  MemoryType current = type();
  current.limits.min = pages();
  return current;
}
bool Memory::is64() const {
  return type().is64;
}
bool Memory::isShared() const {
  return type().shared;
}
std::uint64_t Memory::pageSize() const {
  return memory_->type().pageSize();
}
std::uint64_t Memory::pages() const {
  return memory_ ? memory_->pages() : 0;
}
std::uint64_t Memory::byteLength() const {
  return memory_ ? memory_->byteLength() : 0;
}
std::uint64_t Memory::minimumPages() const {
  return type().limits.min;
}
std::optional<std::uint64_t> Memory::maximumPages() const {
  return type().limits.max;
}
std::uint64_t Memory::capacityPages() const {
  return memory_ ? memory_->capacityPages() : 0;
}

Result<std::uint64_t> Memory::grow(std::uint64_t deltaPages) {
  if (!memory_) return emptyMemoryError();
  const detail::GrowOutcome outcome = memory_->grow(deltaPages);
  const std::string what = "cannot grow memory of " + pageCount(outcome.previousPages) + " by " +
                           pageCount(deltaPages) + ": ";
  switch (outcome.failure) {
  case detail::GrowFailure::None: return outcome.previousPages;
  case detail::GrowFailure::ExceedsMaximum:
    return Error(ErrorKind::GrowFailed,
                 what + "the maximum is " +
                     pageCount(type().limits.max.value_or(type().pageLimit())));
  case detail::GrowFailure::ExceedsReservation:
    return Error(ErrorKind::GrowFailed,
                 what + "the reservation holds " + pageCount(capacityPages()));
  case detail::GrowFailure::RefusedByLimiter:
    return Error(ErrorKind::LimitExceeded, what + "refused by the resource limiter");
  case detail::GrowFailure::CommitFailed:
    return Error(ErrorKind::GrowFailed, what + "the system could not commit the pages");
  }
  return Error(ErrorKind::GrowFailed, what + "unknown failure");
}

Result<std::vector<std::uint8_t>> Memory::read(std::uint64_t address, std::uint64_t length) const {
  if (!memory_) return emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (!inBounds(address, length, size)) return outOfBoundsError(address, length, size);
  const std::uint8_t* start = memory_->base() + address;
  return std::vector<std::uint8_t>(start, start + length);
}

Result<void> Memory::read(std::uint64_t address, std::span<std::uint8_t> out) const {
  if (!memory_) return emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (!inBounds(address, out.size(), size)) return outOfBoundsError(address, out.size(), size);
  if (!out.empty()) std::memcpy(out.data(), memory_->base() + address, out.size());
  return {};
}

Result<void> Memory::write(std::uint64_t address, std::span<const std::uint8_t> bytes) {
  if (!memory_) return emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (!inBounds(address, bytes.size(), size)) {
    return outOfBoundsError(address, bytes.size(), size);
  }
  if (!bytes.empty()) std::memcpy(memory_->base() + address, bytes.data(), bytes.size());
  return {};
}

Result<void> Memory::write(std::uint64_t address, std::string_view text) {
  return write(address, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

template <MemoryScalar T> Result<T> Memory::readScalar(std::uint64_t address) const {
  if (!memory_) return emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (!inBounds(address, sizeof(T), size)) return outOfBoundsError(address, sizeof(T), size);
  return detail::loadLittleEndian<T>(memory_->base() + address);
}

template <MemoryScalar T> Result<void> Memory::writeScalar(std::uint64_t address, T value) {
  if (!memory_) return emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (!inBounds(address, sizeof(T), size)) return outOfBoundsError(address, sizeof(T), size);
  detail::storeLittleEndian<T>(memory_->base() + address, value);
  return {};
}

#define WASMLINE_INSTANTIATE_SCALAR(T)                                                             \
  template Result<T> Memory::readScalar<T>(std::uint64_t) const;                                   \
  template Result<void> Memory::writeScalar<T>(std::uint64_t, T);
WASMLINE_INSTANTIATE_SCALAR(std::uint8_t)
WASMLINE_INSTANTIATE_SCALAR(std::uint16_t)
WASMLINE_INSTANTIATE_SCALAR(std::uint32_t)
WASMLINE_INSTANTIATE_SCALAR(std::uint64_t)
WASMLINE_INSTANTIATE_SCALAR(float)
WASMLINE_INSTANTIATE_SCALAR(double)
#undef WASMLINE_INSTANTIATE_SCALAR

Result<std::uint64_t> Memory::readPointer(std::uint64_t address) const {
  if (is64()) return readScalar<std::uint64_t>(address);
  auto value = readScalar<std::uint32_t>(address);
  if (!value) return value.error();
  return std::uint64_t{*value};
}

Result<void> Memory::writePointer(std::uint64_t address, std::uint64_t pointer) {
  if (is64()) return writeScalar<std::uint64_t>(address, pointer);
  if (pointer > UINT32_MAX) {
    return Error(ErrorKind::InvalidArgument,
                 "pointer " + detail::describeAddress(pointer) + " does not fit a 32-bit memory");
  }
  return writeScalar<std::uint32_t>(address, static_cast<std::uint32_t>(pointer));
}

std::uint8_t* Memory::data() {
  return memory_ ? memory_->base() : nullptr;
}
const std::uint8_t* Memory::data() const {
  return memory_ ? memory_->base() : nullptr;
}

Result<std::span<std::uint8_t>> Memory::span(std::uint64_t address, std::uint64_t length) {
  if (!memory_) return emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (!inBounds(address, length, size)) return outOfBoundsError(address, length, size);
  return std::span<std::uint8_t>(memory_->base() + address, static_cast<std::size_t>(length));
}

Result<std::span<const std::uint8_t>> Memory::span(std::uint64_t address,
                                                   std::uint64_t length) const {
  if (!memory_) return emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (!inBounds(address, length, size)) return outOfBoundsError(address, length, size);
  return std::span<const std::uint8_t>(memory_->base() + address, static_cast<std::size_t>(length));
}

Result<std::span<std::uint8_t>> Memory::span(std::uint64_t address) {
  const std::uint64_t size = byteLength();
  return span(address, address <= size ? size - address : 1);
}

Result<std::span<const std::uint8_t>> Memory::span(std::uint64_t address) const {
  const std::uint64_t size = byteLength();
  return span(address, address <= size ? size - address : 1);
}

Result<std::span<std::uint8_t>> Memory::typedBytes(std::uint64_t address, std::uint64_t count,
                                                   std::size_t size, std::size_t alignment) const {
  if (!memory_) return emptyMemoryError();
  const std::uint64_t memoryBytes = byteLength();
  if (count > UINT64_MAX / size || !inBounds(address, count * size, memoryBytes)) {
    return Error(ErrorKind::OutOfBounds, "out of bounds memory access: " + std::to_string(count) +
                                             " elements of " + std::to_string(size) +
                                             " bytes at address " +
                                             detail::describeAddress(address) + ", memory size " +
                                             std::to_string(memoryBytes) + " bytes");
  }
  if (address % alignment != 0) {
    return Error(ErrorKind::Misaligned, "misaligned span: address " +
                                            detail::describeAddress(address) +
                                            " is not a multiple of " + std::to_string(alignment) +
                                            ", the alignment of its element type");
  }
  return std::span<std::uint8_t>(memory_->base() + address, static_cast<std::size_t>(count * size));
}

Result<void> Memory::fill(std::uint64_t address, std::uint8_t value, std::uint64_t length) {
  if (!memory_) return emptyMemoryError();
  if (!memory_->fill(address, value, length)) {
    return outOfBoundsError(address, length, byteLength());
  }
  return {};
}

Result<void> Memory::copy(std::uint64_t destination, std::uint64_t source, std::uint64_t length) {
  if (!memory_) return emptyMemoryError();
  if (!memory_->copy(destination, source, length)) {
    const std::uint64_t size = byteLength();
    const std::uint64_t bad = inBounds(source, length, size) ? destination : source;
    return outOfBoundsError(bad, length, size);
  }
  return {};
}

Result<void> Memory::init(std::uint64_t destination, std::span<const std::uint8_t> segment,
                          std::uint64_t segmentOffset, std::uint64_t length) {
  if (!memory_) return emptyMemoryError();
  if (!memory_->init(destination, segment, segmentOffset, length)) {
    if (!inBounds(segmentOffset, length, segment.size())) {
      return Error(ErrorKind::OutOfBounds, "out of bounds segment access: offset " +
                                               std::to_string(segmentOffset) + ", length " +
                                               std::to_string(length) + ", segment size " +
                                               std::to_string(segment.size()) + " bytes");
    }
    return outOfBoundsError(destination, length, byteLength());
  }
  return {};
}

} // namespace wasmline
