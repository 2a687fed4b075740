// The Memory host API for atomics: load, store, read-modify-write, compare-exchange, wait, notify.
#include "memory/atomics.h"
#include "memory/bounds.h"
#include "memory/host_errors.h"
#include "memory/linear_memory.h"
#include "wasmline/memory.h"

namespace wasmline {
namespace {

// The address of a naturally aligned, in-bounds cell of `size` bytes, or the error.
Result<std::uint8_t*> cellAddress(detail::LinearMemory& memory, std::uint64_t address,
                                  std::uint64_t size) {
  const std::uint64_t length = memory.byteLength();
  if (!detail::inBounds(address, size, length)) {
    return detail::outOfBoundsError(address, size, length);
  }
  if (address % size != 0) return detail::misalignedError(address, size);
  return memory.base() + address;
}

template <class T>
Result<WaitResult> waitFor(detail::LinearMemory& memory, std::uint64_t address, T expected,
                           std::optional<std::chrono::nanoseconds> timeout) {
  auto cell = cellAddress(memory, address, sizeof(T));
  if (!cell) return cell.error();
  if (!memory.type().shared) {
    return Error(ErrorKind::Unsupported, "cannot wait on an unshared memory (address " +
                                             detail::describeAddress(address) + ")");
  }
  std::uint8_t* at = *cell;
  return memory.waiters().wait(
      address, [&] { return detail::atomicLoadCell<T>(at) == expected; }, timeout);
}

} // namespace

template <AtomicCell T> Result<T> Memory::atomicLoad(std::uint64_t address) const {
  if (!memory_) return detail::emptyMemoryError();
  auto cell = cellAddress(*memory_, address, sizeof(T));
  if (!cell) return cell.error();
  return detail::atomicLoadCell<T>(*cell);
}

template <AtomicCell T> Result<void> Memory::atomicStore(std::uint64_t address, T value) {
  if (!memory_) return detail::emptyMemoryError();
  auto cell = cellAddress(*memory_, address, sizeof(T));
  if (!cell) return cell.error();
  detail::atomicStoreCell<T>(*cell, value);
  return {};
}

template <AtomicCell T> Result<T> Memory::atomicRmw(AtomicOp op, std::uint64_t address, T operand) {
  if (!memory_) return detail::emptyMemoryError();
  auto cell = cellAddress(*memory_, address, sizeof(T));
  if (!cell) return cell.error();
  return detail::atomicRmwCell<T>(op, *cell, operand);
}

template <AtomicCell T>
Result<T> Memory::atomicCompareExchange(std::uint64_t address, T expected, T replacement) {
  if (!memory_) return detail::emptyMemoryError();
  auto cell = cellAddress(*memory_, address, sizeof(T));
  if (!cell) return cell.error();
  return detail::atomicCompareExchangeCell<T>(*cell, expected, replacement);
}

#define WASMLINE_INSTANTIATE_ATOMIC(T)                                                             \
  template Result<T> Memory::atomicLoad<T>(std::uint64_t) const;                                   \
  template Result<void> Memory::atomicStore<T>(std::uint64_t, T);                                  \
  template Result<T> Memory::atomicRmw<T>(AtomicOp, std::uint64_t, T);                             \
  template Result<T> Memory::atomicCompareExchange<T>(std::uint64_t, T, T);
WASMLINE_INSTANTIATE_ATOMIC(std::uint8_t)
WASMLINE_INSTANTIATE_ATOMIC(std::uint16_t)
WASMLINE_INSTANTIATE_ATOMIC(std::uint32_t)
WASMLINE_INSTANTIATE_ATOMIC(std::uint64_t)
#undef WASMLINE_INSTANTIATE_ATOMIC

Result<std::uint32_t> Memory::atomicNotify(std::uint64_t address, std::uint32_t count) {
  if (!memory_) return detail::emptyMemoryError();
  auto cell = cellAddress(*memory_, address, 4);
  if (!cell) return cell.error();
  if (!isShared()) return std::uint32_t{0};
  return memory_->waiters().notify(address, count);
}

Result<WaitResult> Memory::atomicWait32(std::uint64_t address, std::uint32_t expected,
                                        std::optional<std::chrono::nanoseconds> timeout) {
  if (!memory_) return detail::emptyMemoryError();
  return waitFor<std::uint32_t>(*memory_, address, expected, timeout);
}

Result<WaitResult> Memory::atomicWait64(std::uint64_t address, std::uint64_t expected,
                                        std::optional<std::chrono::nanoseconds> timeout) {
  if (!memory_) return detail::emptyMemoryError();
  return waitFor<std::uint64_t>(*memory_, address, expected, timeout);
}

} // namespace wasmline
