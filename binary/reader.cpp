#include "binary/reader.h"

#include <utf8/core.h>

namespace wasmline::binary {

void Reader::fail(std::string message, std::size_t offset) {
  if (!error_) error_.emplace(ErrorKind::Malformed, std::move(message), offset);
}

void Reader::unsupported(Feature feature, std::string_view what, std::size_t offset) {
  if (error_) return;
  std::string message(allFeatures()[static_cast<std::size_t>(feature)].name);
  message += ": ";
  message += what;
  message += " not implemented yet";
  error_.emplace(ErrorKind::Unsupported, std::move(message), offset);
}

bool Reader::require(const Features& features, Feature feature, std::string_view what,
                     std::string_view malformedMessage, std::size_t offset) {
  if (!features.has(feature)) {
    fail(std::string(malformedMessage), offset);
    return false;
  }
  if (!allFeatures()[static_cast<std::size_t>(feature)].runs) {
    unsupported(feature, what, offset);
    return false;
  }
  return true;
}

bool Reader::need(std::size_t count) {
  if (failed()) return false;
  if (count > remaining()) {
    fail(insideSection_ ? "unexpected end of section or function" : "unexpected end",
         bytes_.size());
    return false;
  }
  return true;
}

std::optional<std::uint8_t> Reader::peek() const {
  if (failed() || atEnd()) return std::nullopt;
  return bytes_[position_];
}

std::uint8_t Reader::u8Slow() {
  if (!need(1)) return 0;
  return bytes_[position_++];
}

std::uint32_t Reader::fixedU32() {
  if (!need(4)) return 0;
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i)
    value = (value << 8) | bytes_[position_ + static_cast<std::size_t>(i)];
  position_ += 4;
  return value;
}

std::uint64_t Reader::fixedU64() {
  if (!need(8)) return 0;
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i)
    value = (value << 8) | bytes_[position_ + static_cast<std::size_t>(i)];
  position_ += 8;
  return value;
}

// Decodes a LEB128 integer of `Bits` bits. The last byte a `Bits`-bit value may use carries
// only Bits % 7 (or 7) meaningful bits; the others must be zero (unsigned) or copies of the sign
// bit (signed), else the integer is too large.
template <class T, unsigned Bits, bool Signed> T Reader::leb() {
  constexpr unsigned kMaxBytes = (Bits + 6) / 7;
  constexpr unsigned kLastBits = Bits - 7 * (kMaxBytes - 1); // meaningful bits in the last byte
  const std::size_t start = position_;
  std::uint64_t result = 0;
  for (unsigned i = 0; i < kMaxBytes; ++i) {
    if (!need(1)) return 0;
    const std::uint8_t byte = bytes_[position_++];
    if (i == kMaxBytes - 1) {
      if (byte & 0x80) {
        fail("integer representation too long", start);
        return 0;
      }
      const std::uint8_t unused =
          static_cast<std::uint8_t>(byte & (0x7F & ~((1u << kLastBits) - 1)));
      if constexpr (Signed) {
        const bool negative = (byte >> (kLastBits - 1)) & 1;
        const std::uint8_t allOnes = static_cast<std::uint8_t>(0x7F & ~((1u << kLastBits) - 1));
        if (unused != (negative ? allOnes : 0)) {
          fail("integer too large", start);
          return 0;
        }
      } else if (unused != 0) {
        fail("integer too large", start);
        return 0;
      }
    }
    result |= std::uint64_t{byte & 0x7Fu} << (7 * i);
    if (!(byte & 0x80)) {
      const unsigned used = 7 * (i + 1);
      if constexpr (Signed) {
        if (used < 64 && (byte & 0x40)) result |= ~std::uint64_t{0} << used;
      }
      break;
    }
  }
  if constexpr (Signed) {
    return static_cast<T>(static_cast<std::int64_t>(result));
  } else {
    return static_cast<T>(result);
  }
}

std::uint32_t Reader::u32Slow() {
  return leb<std::uint32_t, 32, false>();
}
std::uint64_t Reader::u64() {
  return leb<std::uint64_t, 64, false>();
}
std::int32_t Reader::s32Slow() {
  return leb<std::int32_t, 32, true>();
}
std::int64_t Reader::s33() {
  return leb<std::int64_t, 33, true>();
}
std::int64_t Reader::s64() {
  return leb<std::int64_t, 64, true>();
}

std::uint32_t Reader::length() {
  const std::size_t start = position_;
  const std::uint32_t value = u32();
  if (failed()) return 0;
  if (value > remaining()) {
    fail("length out of bounds", start);
    return 0;
  }
  return value;
}

std::span<const std::uint8_t> Reader::bytes(std::size_t count) {
  if (!need(count)) return {};
  const auto view = bytes_.subspan(position_, count);
  position_ += count;
  return view;
}

std::string Reader::name() {
  const std::uint32_t size = length();
  const std::size_t start = position_;
  const auto view = bytes(size);
  if (failed()) return {};
  const char* first = reinterpret_cast<const char*>(view.data());
  const char* last = first + view.size();
  const char* invalid = utf8::find_invalid(first, last);
  if (invalid != last) {
    fail("malformed UTF-8 encoding", start + static_cast<std::size_t>(invalid - first));
    return {};
  }
  return std::string(first, last);
}

void Reader::seek(std::size_t offset) {
  if (!failed()) position_ = offset <= bytes_.size() ? offset : bytes_.size();
}

} // namespace wasmline::binary
