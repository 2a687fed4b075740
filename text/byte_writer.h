// A growing byte buffer with the binary format's integer encodings (LEB128).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace wasmline::text {

class ByteWriter {
public:
  void u8(std::uint8_t byte) { bytes_.push_back(byte); }
  // Unsigned LEB128.
  void u64(std::uint64_t value) {
    do {
      std::uint8_t byte = value & 0x7F;
      value >>= 7;
      if (value != 0) byte |= 0x80;
      bytes_.push_back(byte);
    } while (value != 0);
  }
  void u32(std::uint32_t value) { u64(value); }
  // Signed LEB128 (s32, s33 and s64 alike: the shortest form).
  void s64(std::int64_t value) {
    while (true) {
      const auto byte = static_cast<std::uint8_t>(value & 0x7F);
      value >>= 7;
      const bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
      bytes_.push_back(done ? byte : static_cast<std::uint8_t>(byte | 0x80));
      if (done) return;
    }
  }
  // Little-endian fixed-width words (float constants).
  void fixed32(std::uint32_t value) {
    for (int i = 0; i < 4; ++i)
      bytes_.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  }
  void fixed64(std::uint64_t value) {
    for (int i = 0; i < 8; ++i)
      bytes_.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  }
  void raw(const std::uint8_t* data, std::size_t size) {
    bytes_.insert(bytes_.end(), data, data + size);
  }
  void raw(const std::vector<std::uint8_t>& data) {
    bytes_.insert(bytes_.end(), data.begin(), data.end());
  }
  // A name or byte string: its length, then its bytes.
  void name(std::string_view text) {
    u32(static_cast<std::uint32_t>(text.size()));
    bytes_.insert(bytes_.end(), text.begin(), text.end());
  }
  // An opcode: the prefix byte (if any) and the code (a u32 after a prefix).
  void opcode(std::uint8_t prefix, std::uint32_t code) {
    if (prefix == 0) {
      u8(static_cast<std::uint8_t>(code));
    } else {
      u8(prefix);
      u32(code);
    }
  }

  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  std::vector<std::uint8_t>& bytes() { return bytes_; }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }
  void clear() { bytes_.clear(); }
  // Drops every byte from `size` on.
  void truncate(std::size_t size) { bytes_.resize(size); }
  // Appends bytes [from, size()) of `other`.
  void appendTail(const ByteWriter& other, std::size_t from) {
    bytes_.insert(bytes_.end(), other.bytes_.begin() + static_cast<std::ptrdiff_t>(from),
                  other.bytes_.end());
  }

private:
  std::vector<std::uint8_t> bytes_;
};

} // namespace wasmline::text
