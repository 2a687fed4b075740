#include "memory/linear_memory.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "memory/bounds.h"
#include "memory/host_errors.h"

namespace wasmline::detail {

Result<std::shared_ptr<LinearMemory>> LinearMemory::create(const MemoryType& type,
                                                           const MemoryConfig& config) {
  if (auto valid = type.validate(); !valid) return valid.error();

  // Reserve address space for every page the memory may ever have, so its base never moves.
  const std::uint64_t pageSize = type.pageSize();
  std::uint64_t capacityPages = type.limits.max.value_or(type.pageLimit());
  if (type.is64) {
    capacityPages = std::min(capacityPages, config.reservation64 / pageSize);
    if (capacityPages < type.limits.min) {
      return Error(ErrorKind::ResourceExhausted, "memory of " + pageCount(type.limits.min) +
                                                     " exceeds the 64-bit reservation of " +
                                                     std::to_string(config.reservation64) +
                                                     " bytes");
    }
  }
  auto region = VirtualRegion::reserve(capacityPages * pageSize);
  if (!region) return region.error();

  auto memory = std::make_shared<LinearMemory>(ConstructionKey{}, type, config, std::move(*region),
                                               capacityPages);
  const std::uint64_t initialBytes = type.limits.min * pageSize;
  if (!memory->limiterAllows(0, initialBytes)) {
    std::string limit;
    if (config.limiter.maxBytes && initialBytes > *config.limiter.maxBytes) {
      limit = " (limit " + std::to_string(*config.limiter.maxBytes) + " bytes)";
    }
    return Error(ErrorKind::LimitExceeded, "memory of " + pageCount(type.limits.min) + " (" +
                                               std::to_string(initialBytes) +
                                               " bytes) refused by the resource limiter" + limit);
  }
  if (!memory->region_.commit(0, initialBytes)) {
    return Error(ErrorKind::ResourceExhausted, "cannot commit " + std::to_string(initialBytes) +
                                                   " bytes for a memory: " + std::strerror(errno));
  }
  memory->byteLength_.store(initialBytes, std::memory_order_release);
  return memory;
}

LinearMemory::LinearMemory(ConstructionKey, const MemoryType& type, const MemoryConfig& config,
                           VirtualRegion region, std::uint64_t capacityPages)
    : type_(type), limiter_(config.limiter), region_(std::move(region)), base_(region_.base()),
      capacityPages_(capacityPages) {}

bool LinearMemory::limiterAllows(std::uint64_t currentBytes, std::uint64_t desiredBytes) const {
  if (limiter_.maxBytes && desiredBytes > *limiter_.maxBytes) return false;
  if (limiter_.allowGrowth) {
    std::optional<std::uint64_t> maximumBytes;
    if (type_.limits.max) maximumBytes = *type_.limits.max * type_.pageSize();
    return limiter_.allowGrowth(GrowRequest{currentBytes, desiredBytes, maximumBytes});
  }
  return true;
}

GrowOutcome LinearMemory::grow(std::uint64_t deltaPages) {
  std::lock_guard lock(growMutex_);
  const std::uint64_t currentBytes = byteLength();
  const std::uint64_t currentPages = currentBytes >> type_.pageSizeLog2;
  if (deltaPages == 0) return {currentPages, GrowFailure::None};

  const std::uint64_t maximumPages = type_.limits.max.value_or(type_.pageLimit());
  if (deltaPages > maximumPages - currentPages) return {currentPages, GrowFailure::ExceedsMaximum};
  if (deltaPages > capacityPages_ - currentPages) {
    return {currentPages, GrowFailure::ExceedsReservation};
  }
  const std::uint64_t desiredBytes = (currentPages + deltaPages) * type_.pageSize();
  if (!limiterAllows(currentBytes, desiredBytes)) {
    return {currentPages, GrowFailure::RefusedByLimiter};
  }
  if (!region_.commit(currentBytes, desiredBytes - currentBytes)) {
    return {currentPages, GrowFailure::CommitFailed};
  }
  byteLength_.store(desiredBytes, std::memory_order_release);
  return {currentPages, GrowFailure::None};
}

bool LinearMemory::fill(std::uint64_t address, std::uint8_t value, std::uint64_t length) {
  if (!inBounds(address, length, byteLength())) return false;
  std::memset(base_ + address, value, static_cast<std::size_t>(length));
  return true;
}

bool LinearMemory::copy(std::uint64_t destination, std::uint64_t source, std::uint64_t length) {
  const std::uint64_t size = byteLength();
  if (!inBounds(destination, length, size) || !inBounds(source, length, size)) return false;
  std::memmove(base_ + destination, base_ + source, static_cast<std::size_t>(length));
  return true;
}

bool LinearMemory::init(std::uint64_t destination, std::span<const std::uint8_t> segment,
                        std::uint64_t segmentOffset, std::uint64_t length) {
  if (!inBounds(segmentOffset, length, segment.size()) ||
      !inBounds(destination, length, byteLength())) {
    return false;
  }
  if (length != 0) {
    std::memcpy(base_ + destination, segment.data() + segmentOffset,
                static_cast<std::size_t>(length));
  }
  return true;
}

} // namespace wasmline::detail
