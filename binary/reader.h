// A bounded cursor over the bytes of a module binary: fixed-width values, LEB128 integers with all
// of the spec's checks, lengths and UTF-8 names.
//
// Errors are sticky: the first failed read records an Error (Malformed, with the byte offset and
// the spec's wording) and every later read returns zero without moving, so callers check failed()
// once after a group of reads. No read ever touches a byte outside the span.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wasmline/features.h"
#include "wasmline/result.h"

namespace wasmline::binary {

class Reader {
public:
  // Reads `bytes`; offsets in errors are counted from the span's start.
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  // The offset of the next byte.
  std::size_t offset() const { return position_; }
  // Bytes left to the end of the binary.
  std::size_t remaining() const { return bytes_.size() - position_; }
  bool atEnd() const { return position_ == bytes_.size(); }
  // The whole binary.
  std::span<const std::uint8_t> bytes() const { return bytes_; }

  // Inside a section or function body an early end is "unexpected end of section or function";
  // outside (header, section ids and sizes) it is "unexpected end".
  void setInsideSection(bool inside) { insideSection_ = inside; }

  // The next byte without consuming it, if any.
  std::optional<std::uint8_t> peek() const;
  std::uint8_t u8() {
    if (!failed() && position_ < bytes_.size()) [[likely]]
      return bytes_[position_++];
    return u8Slow();
  }
  // Little-endian fixed-width words (the bits of f32/f64 constants, the magic and version).
  std::uint32_t fixedU32();
  std::uint64_t fixedU64();
  // LEB128 integers. Errors: "integer representation too long" (more bytes than the width
  // allows), "integer too large" (unused bits of the last byte not zero / sign extension).
  // (u32 and s32 decode a one-byte encoding inline, the common case in code sections.)
  std::uint32_t u32() {
    if (!failed() && position_ < bytes_.size() && bytes_[position_] < 0x80) [[likely]]
      return bytes_[position_++];
    return u32Slow();
  }
  std::uint64_t u64();
  std::int32_t s32() {
    if (!failed() && position_ < bytes_.size() && bytes_[position_] < 0x80) [[likely]] {
      const std::uint8_t byte = bytes_[position_++];
      return (byte & 0x40) ? static_cast<std::int32_t>(byte) - 0x80 : byte;
    }
    return s32Slow();
  }
  std::int64_t s33(); // block types
  std::int64_t s64();
  // A u32 length or count that must not exceed the bytes left: "length out of bounds".
  std::uint32_t length();
  // `count` raw bytes.
  std::span<const std::uint8_t> bytes(std::size_t count);
  // A length-prefixed name that must be valid UTF-8: "malformed UTF-8 encoding".
  std::string name();
  // Moves to an absolute offset within the binary (used to skip a section's remainder).
  void seek(std::size_t offset);

  bool failed() const { return error_.has_value(); }
  const Error& error() const { return *error_; }
  // Records a Malformed error at `offset` unless one is recorded already.
  void fail(std::string message, std::size_t offset);
  // Records a Malformed error at the current offset unless one is recorded already.
  void fail(std::string message) { fail(std::move(message), position_); }
  // Records an Unsupported error at `offset` unless an error is recorded already: `what` (e.g.
  // "struct types") belongs to `feature`, which is enabled but not run by wasmline yet. The
  // message reads "gc: struct types are not implemented yet" (`what` brings its verb).
  void unsupported(Feature feature, std::string_view what, std::size_t offset);
  // Checks that `feature`, needed by what is at `offset`, can be used: Malformed with
  // `malformedMessage` when it is disabled, Unsupported (see above) when wasmline does not run
  // it yet. False after recording an error.
  bool require(const Features& features, Feature feature, std::string_view what,
               std::string_view malformedMessage, std::size_t offset);

private:
  bool need(std::size_t count);
  std::uint8_t u8Slow();
  std::uint32_t u32Slow();
  std::int32_t s32Slow();
  template <class T, unsigned Bits, bool Signed> T leb();

  std::span<const std::uint8_t> bytes_;
  std::size_t position_ = 0;
  bool insideSection_ = false;
  std::optional<Error> error_;
};

} // namespace wasmline::binary
