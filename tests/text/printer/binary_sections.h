// Module binaries cut into sections, for the encoder oracles: comparing two encodings section by
// section, without the name section, and with the reference interpreter's padded sizes undone.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wasmline::test {

struct Section {
  std::uint8_t id = 0;
  std::string customName;                // custom sections (id 0)
  std::span<const std::uint8_t> content; // after the id and size
};

// The sections of a module binary after its 8-byte header; nullopt when the bytes are not
// sections (a header, ids and sizes that fit).
std::optional<std::vector<Section>> splitSections(std::span<const std::uint8_t> module);

// The module without its "name" custom sections (the same bytes when it has none, or when it
// does not split into sections).
std::vector<std::uint8_t> withoutNameSection(std::span<const std::uint8_t> module);

// The module with every section size and every function body size in the code section written
// as the shortest LEB128 (the spec's reference interpreter pads them to 5 bytes). The same bytes
// when the module does not split into sections.
std::vector<std::uint8_t> shortestSizes(std::span<const std::uint8_t> module);

// The module with the encoding choices text encoders make differently written one way:
// without "name" and data count sections, and with every element segment written with
// expressions and an explicit reference type (function indices become `ref.func x`, the
// `elemkind` 0x00 and the implicit type become funcref, LEB128s the shortest). The same bytes
// when the module does not split into sections; the element section is kept as it is when it
// does not parse (or holds an instruction other than those of constant expressions).
std::vector<std::uint8_t> withoutEncodingChoices(std::span<const std::uint8_t> module);

// The name of the first section where `a` and `b` differ ("code", "custom \"name\"", "data
// count (only in one)", ...), or "header" / "sections" when they do not split.
std::string firstDifferentSection(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

} // namespace wasmline::test
