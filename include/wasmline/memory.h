// The host API of a WebAssembly linear memory.
//
// A Memory is a shared handle: copies refer to the same memory, which lives as long as any handle
// (or any instance using it) does. Every access is bounds-checked against the current size and
// returns an Error naming the address, length and size when it falls outside.
//
// The memory's base address never moves. Address space for the maximum size is reserved when the
// memory is created and pages are committed as it grows, so a pointer from data() or a span from
// span() stays valid, at the same address, for the memory's whole lifetime, also across grow() and
// across memory.grow executed by wasm. (Its bytes may of course change.) Only the range that was in
// bounds when the span was made is guaranteed to be accessible, since memories never shrink.
//
// All values are stored little-endian, as WebAssembly defines, whatever the host's byte order.
//
// Thread safety: every method may be called from several threads at once. For a shared memory
// that is the intended use (grow is serialized, sizes are read atomically, and the atomic*
// methods are sequentially consistent). Plain reads and writes racing with other writers see
// unspecified bytes but are never out of bounds.
#pragma once

#include <array>
#include <bit>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "wasmline/result.h"
#include "wasmline/types.h"

namespace wasmline {

namespace detail {
class LinearMemory;
}
namespace api {
struct Access;
}

// A request to grow a memory, as shown to a limiter callback.
struct GrowRequest {
  std::uint64_t currentBytes = 0;            // size now (0 when the memory is being created)
  std::uint64_t desiredBytes = 0;            // size after the growth
  std::optional<std::uint64_t> maximumBytes; // the type's maximum, if it has one
};

// Caps memory growth, like wasmtime's ResourceLimiter. Both checks apply when both are set. A
// refused growth is an Error of kind LimitExceeded for the host, and -1 for wasm's memory.grow.
struct MemoryLimiter {
  std::optional<std::uint64_t> maxBytes;               // refuse any size above this many bytes
  std::function<bool(const GrowRequest&)> allowGrowth; // return false to refuse a growth
};

// How a memory is created. The defaults suit most hosts.
struct MemoryConfig {
  // Address space reserved for a 64-bit memory whose maximum is larger (or absent); growth past
  // it fails. 32-bit memories always reserve their maximum, 4 GiB when they have none.
  std::uint64_t reservation64 = std::uint64_t{8} << 30;
  MemoryLimiter limiter;
};

// The scalar types the typed accessors read and write little-endian: every integer type of 1, 2,
// 4 or 8 bytes (int, long, long long, char, std::uint16_t, ...; not bool), enumerations of them,
// float and double.
template <class T>
concept MemoryScalar = (std::is_integral_v<T> && !std::is_same_v<std::remove_cv_t<T>, bool> &&
                        (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8)) ||
                       (std::is_enum_v<T> &&
                        (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8)) ||
                       std::is_same_v<T, float> || std::is_same_v<T, double>;

// Trivially copyable structs (and unions, std::array, V128...) that the typed accessors copy as
// raw bytes, in the host's byte order and layout: on a little-endian host (x86, ARM) that is
// WebAssembly's byte order; matching the guest's field layout and padding is the caller's
// business. Views (std::span, std::string_view) are not data and are excluded.
template <class T>
concept MemoryPlainData = (std::is_class_v<T> ||
                           std::is_union_v<T>)&&std::is_trivially_copyable_v<T> &&
                          !std::ranges::view<T>;

// What read<T>/write<T> accept.
template <class T>
concept MemoryValue = MemoryScalar<T> || MemoryPlainData<T>;

// The element types of typed spans: anything trivially copyable (not a view).
template <class T>
concept MemorySpanElement = std::is_trivially_copyable_v<std::remove_const_t<T>> &&
    !std::ranges::view<std::remove_const_t<T>>;

namespace detail {
// The unsigned integer type of `size` bytes.
template <std::size_t size> struct UnsignedOfSize;
template <> struct UnsignedOfSize<1> { using type = std::uint8_t; };
template <> struct UnsignedOfSize<2> { using type = std::uint16_t; };
template <> struct UnsignedOfSize<4> { using type = std::uint32_t; };
template <> struct UnsignedOfSize<8> { using type = std::uint64_t; };
// The type a scalar T is stored as: float, double, or the unsigned integer of T's size.
template <class T>
using StoredAs =
    std::conditional_t<std::is_floating_point_v<T>, T, typename UnsignedOfSize<sizeof(T)>::type>;
} // namespace detail

// The cell types of the atomic accessors.
template <class T>
concept AtomicCell = std::same_as<T, std::uint8_t> || std::same_as<T, std::uint16_t> ||
    std::same_as<T, std::uint32_t> || std::same_as<T, std::uint64_t>;

// Read-modify-write operations of atomicRmw.
enum class AtomicOp : std::uint8_t { Add, Sub, And, Or, Xor, Exchange };

// The outcome of atomicWait32/64 (the values of wasm's memory.atomic.wait).
enum class WaitResult : std::uint8_t { Woken = 0, NotEqual = 1, TimedOut = 2 };

class Memory {
public:
  // An empty handle, referring to no memory: its sizes are 0, its accessors fail with
  // InvalidArgument ("empty Memory handle"). Assign a memory to it to use it.
  Memory() = default;
  // Creates a memory of the given type, zero-filled, with `type.limits.min` pages.
  // Errors: InvalidType (the type breaks a spec rule, see MemoryType::validate), LimitExceeded
  // (the limiter refuses the initial size), ResourceExhausted (address space cannot be reserved).
  static Result<Memory> create(const MemoryType& type, const MemoryConfig& config = {});

  // True when the handle refers to a memory (not default-constructed).
  explicit operator bool() const { return memory_ != nullptr; }

  // The type the memory was declared with (its limits, index type, sharing, page size); the minimum
  // stays the declared one after growth (see currentType()).
  const MemoryType& type() const;
  // The type with the current size as its minimum: what the memory would be declared as now
  // (wasmtime-py's type()).
  MemoryType currentType() const;
  // True for a 64-bit (memory64) memory.
  bool is64() const;
  // True for a shared memory (usable by several threads, required by wasm's wait/notify).
  bool isShared() const;
  // The page size in bytes: 65536, or 1 for a memory declared with (pagesize 1) (the
  // custom-page-sizes proposal). Sizes, growth and limits of this memory count such pages.
  std::uint64_t pageSize() const;
  // The current size in pages.
  std::uint64_t pages() const;
  // The current size in bytes (pages() * pageSize()).
  std::uint64_t byteLength() const;
  // The declared minimum in pages.
  std::uint64_t minimumPages() const;
  // The declared maximum in pages, if any.
  std::optional<std::uint64_t> maximumPages() const;
  // The most pages this memory can ever reach: the declared maximum, capped by the reservation.
  std::uint64_t capacityPages() const;

  // Grows by `deltaPages` (zero-filled) and returns the previous size in pages. grow(0) always
  // succeeds. Errors: GrowFailed (past the maximum, past the address-space reservation, byte size
  // overflow, or the pages could not be committed), LimitExceeded (refused by the limiter).
  Result<std::uint64_t> grow(std::uint64_t deltaPages);

  // Copies `length` bytes at `address` into a new vector. Errors: OutOfBounds.
  Result<std::vector<std::uint8_t>> read(std::uint64_t address, std::uint64_t length) const;
  // Copies out.size() bytes at `address` into `out`. Errors: OutOfBounds.
  Result<void> read(std::uint64_t address, std::span<std::uint8_t> out) const;
  // Copies `bytes` to `address`. Errors: OutOfBounds (nothing is written).
  Result<void> write(std::uint64_t address, std::span<const std::uint8_t> bytes);

  // Copies the bytes of `text` (no terminator) to `address`. Errors: OutOfBounds (nothing is
  // written).
  Result<void> write(std::uint64_t address, std::string_view text);

  // Reads a T at `address` (any alignment): scalars little-endian, structs as raw bytes (see
  // MemoryPlainData). read<long long>(8), read<Header>(64). Errors: OutOfBounds.
  template <MemoryValue T> Result<T> read(std::uint64_t address) const {
    if constexpr (MemoryScalar<T>) {
      auto stored = readScalar<detail::StoredAs<T>>(address);
      if (!stored) return stored.error();
      if constexpr (std::is_floating_point_v<T>) {
        return *stored;
      } else {
        return static_cast<T>(*stored);
      }
    } else {
      std::array<std::uint8_t, sizeof(T)> bytes;
      if (auto copied = read(address, std::span<std::uint8_t>(bytes)); !copied) {
        return copied.error();
      }
      return std::bit_cast<T>(bytes);
    }
  }
  // Writes a T at `address` (any alignment), as read<T> reads it: write(0, 5ULL), write(64,
  // header). Errors: OutOfBounds (nothing is written).
  template <MemoryValue T> Result<void> write(std::uint64_t address, T value) {
    if constexpr (MemoryScalar<T>) {
      return writeScalar<detail::StoredAs<T>>(address, static_cast<detail::StoredAs<T>>(value));
    } else {
      const auto bytes = std::bit_cast<std::array<std::uint8_t, sizeof(T)>>(value);
      return write(address, std::span<const std::uint8_t>(bytes));
    }
  }
  // Reads a guest pointer: 4 bytes for a 32-bit memory, 8 for a 64-bit one. Errors: OutOfBounds.
  Result<std::uint64_t> readPointer(std::uint64_t address) const;
  // Writes a guest pointer (4 or 8 bytes). Errors: OutOfBounds; InvalidArgument when a 32-bit
  // memory is given a value above 0xFFFFFFFF.
  Result<void> writePointer(std::uint64_t address, std::uint64_t pointer);

  // Reads `length` bytes of UTF-8 at `address`. Errors: OutOfBounds; InvalidEncoding (names the
  // address of the first byte that is not valid UTF-8).
  Result<std::string> readUtf8(std::uint64_t address, std::uint64_t length) const;
  // Reads the NUL-terminated string starting at `address` (the NUL is not included), looking at
  // most `maxLength` bytes. Errors: OutOfBounds; InvalidEncoding when no NUL comes before the end
  // of memory or within maxLength.
  Result<std::string> readCString(std::uint64_t address,
                                  std::uint64_t maxLength = UINT64_MAX) const;
  // Writes the bytes of `text` (no terminator) at `address`; returns the bytes written.
  // Errors: OutOfBounds (nothing is written).
  Result<std::uint64_t> writeString(std::uint64_t address, std::string_view text);
  // Writes `text` followed by a NUL byte; returns the bytes written including the NUL.
  // Errors: OutOfBounds (nothing is written).
  Result<std::uint64_t> writeCString(std::uint64_t address, std::string_view text);
  // Reads `codeUnits` UTF-16LE code units at `address`. Errors: OutOfBounds.
  Result<std::u16string> readUtf16(std::uint64_t address, std::uint64_t codeUnits) const;
  // Writes `text` as UTF-16LE at `address`; returns the bytes written (2 per code unit).
  // Errors: OutOfBounds (nothing is written).
  Result<std::uint64_t> writeUtf16(std::uint64_t address, std::u16string_view text);

  // The memory's base address. Stable for the memory's lifetime; byteLength() bytes are valid.
  std::uint8_t* data();
  const std::uint8_t* data() const;
  // Zero-copy view of [address, address + length). Stays valid for the memory's lifetime.
  // Errors: OutOfBounds.
  Result<std::span<std::uint8_t>> span(std::uint64_t address, std::uint64_t length);
  Result<std::span<const std::uint8_t>> span(std::uint64_t address, std::uint64_t length) const;
  // Zero-copy view from `address` to the current end of the memory (empty at the end).
  // Errors: OutOfBounds (address past the end).
  Result<std::span<std::uint8_t>> span(std::uint64_t address);
  Result<std::span<const std::uint8_t>> span(std::uint64_t address) const;
  // Zero-copy view of `count` T at `address`, like .NET's GetSpan<T>: span<std::int32_t>(256, 4).
  // The elements are the memory's bytes as the host reads them, so numbers are little-endian
  // only on a little-endian host (use read<T> for portable code); concurrent writers race as
  // with data(). Errors: OutOfBounds, Misaligned (address not a multiple of alignof(T)).
  template <MemorySpanElement T>
  Result<std::span<T>> span(std::uint64_t address, std::uint64_t count) {
    auto bytes = typedBytes(address, count, sizeof(T), alignof(T));
    if (!bytes) return bytes.error();
    return std::span<T>(reinterpret_cast<T*>(bytes->data()), static_cast<std::size_t>(count));
  }
  template <MemorySpanElement T>
  Result<std::span<const T>> span(std::uint64_t address, std::uint64_t count) const {
    auto bytes = typedBytes(address, count, sizeof(T), alignof(T));
    if (!bytes) return bytes.error();
    return std::span<const T>(reinterpret_cast<const T*>(bytes->data()),
                              static_cast<std::size_t>(count));
  }

  // Sets `length` bytes at `address` to `value` (memory.fill). Errors: OutOfBounds (nothing is
  // written).
  Result<void> fill(std::uint64_t address, std::uint8_t value, std::uint64_t length);
  // Copies `length` bytes from `source` to `destination`; the ranges may overlap (memory.copy).
  // Errors: OutOfBounds (nothing is written).
  Result<void> copy(std::uint64_t destination, std::uint64_t source, std::uint64_t length);
  // Copies `length` bytes of `segment` starting at `segmentOffset` to `destination` (memory.init).
  // Errors: OutOfBounds when either range is outside its bounds (nothing is written).
  Result<void> init(std::uint64_t destination, std::span<const std::uint8_t> segment,
                    std::uint64_t segmentOffset, std::uint64_t length);

  // Atomic (sequentially consistent) accessors. The address must be a multiple of sizeof(T).
  // Errors: OutOfBounds, Misaligned.
  template <AtomicCell T> Result<T> atomicLoad(std::uint64_t address) const;
  template <AtomicCell T> Result<void> atomicStore(std::uint64_t address, T value);
  // Applies `op` with `operand` and returns the previous value.
  template <AtomicCell T> Result<T> atomicRmw(AtomicOp op, std::uint64_t address, T operand);
  // Stores `replacement` if the cell holds `expected`; returns the previous value either way.
  template <AtomicCell T>
  Result<T> atomicCompareExchange(std::uint64_t address, T expected, T replacement);

  // Wakes at most `count` threads waiting at `address` and returns how many woke (wasm's
  // memory.atomic.notify; 0 on an unshared memory). Errors: OutOfBounds, Misaligned (needs 4).
  Result<std::uint32_t> atomicNotify(std::uint64_t address, std::uint32_t count);
  // Blocks while the 32/64-bit cell at `address` equals `expected`, until notified or until the
  // timeout passes (no timeout: forever). Errors: OutOfBounds, Misaligned, Unsupported (the
  // memory is not shared).
  Result<WaitResult> atomicWait32(std::uint64_t address, std::uint32_t expected,
                                  std::optional<std::chrono::nanoseconds> timeout = std::nullopt);
  Result<WaitResult> atomicWait64(std::uint64_t address, std::uint64_t expected,
                                  std::optional<std::chrono::nanoseconds> timeout = std::nullopt);

  // True when both handles refer to the same memory.
  friend bool operator==(const Memory& a, const Memory& b) { return a.memory_ == b.memory_; }

private:
  friend struct api::Access;
  explicit Memory(std::shared_ptr<detail::LinearMemory> memory);
  // The little-endian accessors behind read<T>/write<T> (uint8/16/32/64_t, float, double).
  template <MemoryScalar T> Result<T> readScalar(std::uint64_t address) const;
  template <MemoryScalar T> Result<void> writeScalar(std::uint64_t address, T value);
  // The bytes of `count` elements of `size` bytes at `address`, checked for bounds, overflow and
  // `alignment`.
  Result<std::span<std::uint8_t>> typedBytes(std::uint64_t address, std::uint64_t count,
                                             std::size_t size, std::size_t alignment) const;

  std::shared_ptr<detail::LinearMemory> memory_;
};

} // namespace wasmline
