// The Memory host API for strings: UTF-8, NUL-terminated and UTF-16LE.
#include <algorithm>
#include <cstring>
#include <string>

#include <utf8/core.h>

#include "memory/bounds.h"
#include "memory/endian.h"
#include "memory/host_errors.h"
#include "memory/linear_memory.h"
#include "wasmline/memory.h"

namespace wasmline {

using detail::inBounds;
using detail::outOfBoundsError;

Result<std::string> Memory::readUtf8(std::uint64_t address, std::uint64_t length) const {
  if (!memory_) return detail::emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (!inBounds(address, length, size)) return outOfBoundsError(address, length, size);
  const char* start = reinterpret_cast<const char*>(memory_->base() + address);
  const char* end = start + length;
  const char* invalid = utf8::find_invalid(start, end);
  if (invalid != end) {
    return Error(
        ErrorKind::InvalidEncoding,
        "invalid UTF-8 at address " +
            detail::describeAddress(address + static_cast<std::uint64_t>(invalid - start)) +
            " in the string of " + std::to_string(length) + " bytes at " +
            detail::describeAddress(address));
  }
  return std::string(start, end);
}

Result<std::string> Memory::readCString(std::uint64_t address, std::uint64_t maxLength) const {
  if (!memory_) return detail::emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (address >= size) return outOfBoundsError(address, 1, size);
  const std::uint64_t available = std::min(size - address, maxLength);
  const char* start = reinterpret_cast<const char*>(memory_->base() + address);
  const void* nul = std::memchr(start, 0, static_cast<std::size_t>(available));
  if (nul == nullptr) {
    const bool limited = maxLength < size - address;
    return Error(ErrorKind::InvalidEncoding,
                 "no NUL terminator in the " + std::to_string(available) + " bytes at address " +
                     detail::describeAddress(address) +
                     (limited ? " (the length limit)" : " (up to the end of memory)"));
  }
  return std::string(start, static_cast<const char*>(nul));
}

Result<std::uint64_t> Memory::writeString(std::uint64_t address, std::string_view text) {
  if (!memory_) return detail::emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (!inBounds(address, text.size(), size)) return outOfBoundsError(address, text.size(), size);
  if (!text.empty()) std::memcpy(memory_->base() + address, text.data(), text.size());
  return std::uint64_t{text.size()};
}

Result<std::uint64_t> Memory::writeCString(std::uint64_t address, std::string_view text) {
  if (!memory_) return detail::emptyMemoryError();
  const std::uint64_t size = byteLength();
  const std::uint64_t length = std::uint64_t{text.size()} + 1;
  if (!inBounds(address, length, size)) return outOfBoundsError(address, length, size);
  std::uint8_t* destination = memory_->base() + address;
  if (!text.empty()) std::memcpy(destination, text.data(), text.size());
  destination[text.size()] = 0;
  return length;
}

Result<std::u16string> Memory::readUtf16(std::uint64_t address, std::uint64_t codeUnits) const {
  if (!memory_) return detail::emptyMemoryError();
  const std::uint64_t size = byteLength();
  if (codeUnits > UINT64_MAX / 2 || !inBounds(address, codeUnits * 2, size)) {
    return outOfBoundsError(address, codeUnits > UINT64_MAX / 2 ? UINT64_MAX : codeUnits * 2, size);
  }
  std::u16string text(static_cast<std::size_t>(codeUnits), u'\0');
  const std::uint8_t* source = memory_->base() + address;
  for (std::size_t i = 0; i < text.size(); ++i) {
    text[i] = static_cast<char16_t>(detail::loadLittleEndian<std::uint16_t>(source + 2 * i));
  }
  return text;
}

Result<std::uint64_t> Memory::writeUtf16(std::uint64_t address, std::u16string_view text) {
  if (!memory_) return detail::emptyMemoryError();
  const std::uint64_t size = byteLength();
  const std::uint64_t length = std::uint64_t{text.size()} * 2;
  if (!inBounds(address, length, size)) return outOfBoundsError(address, length, size);
  std::uint8_t* destination = memory_->base() + address;
  for (std::size_t i = 0; i < text.size(); ++i) {
    detail::storeLittleEndian<std::uint16_t>(destination + 2 * i,
                                             static_cast<std::uint16_t>(text[i]));
  }
  return length;
}

} // namespace wasmline
