#include "tests/text/printer/binary_sections.h"

#include <algorithm>

namespace wasmline::test {
namespace {

std::optional<std::uint64_t> readLeb(std::span<const std::uint8_t> bytes, std::size_t& at) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (at >= bytes.size()) return std::nullopt;
    const std::uint8_t byte = bytes[at++];
    value |= std::uint64_t{byte & 0x7Fu} << shift;
    if (!(byte & 0x80)) return value;
  }
  return std::nullopt;
}

void writeLeb(std::vector<std::uint8_t>& out, std::uint64_t value) {
  do {
    std::uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
}

void append(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

const char* sectionName(std::uint8_t id) {
  static constexpr const char* kNames[] = {"custom", "type",   "import",     "function", "table",
                                           "memory", "global", "export",     "start",    "element",
                                           "code",   "data",   "data count", "tag"};
  return id < std::size(kNames) ? kNames[id] : "unknown";
}

std::string describe(const Section& section) {
  if (section.id == 0) return "custom \"" + section.customName + "\"";
  return sectionName(section.id);
}

// The code section's content with the shortest body sizes; the same content when it does not
// split into bodies.
std::vector<std::uint8_t> shortestBodySizes(std::span<const std::uint8_t> content) {
  std::vector<std::uint8_t> out;
  std::size_t at = 0;
  const auto count = readLeb(content, at);
  if (!count) return {content.begin(), content.end()};
  writeLeb(out, *count);
  for (std::uint64_t i = 0; i < *count; ++i) {
    const auto size = readLeb(content, at);
    if (!size || *size > content.size() - at) return {content.begin(), content.end()};
    writeLeb(out, *size);
    append(out, content.subspan(at, *size));
    at += *size;
  }
  append(out, content.subspan(at));
  return out;
}

// Reads a constant expression up to and including its `end`; false when it holds anything
// else than the instructions constant expressions may use.
bool skipConstExpr(std::span<const std::uint8_t> bytes, std::size_t& at) {
  while (at < bytes.size()) {
    const std::uint8_t op = bytes[at++];
    switch (op) {
    case 0x0B: return true;
    case 0x41: // i32.const
    case 0x42: // i64.const
    case 0x23: // global.get
    case 0xD2: // ref.func
    case 0xD0: // ref.null (a heap type is an s33)
      if (!readLeb(bytes, at)) return false;
      break;
    case 0x43: at += 4; break;
    case 0x44: at += 8; break;
    case 0x6A:
    case 0x6B:
    case 0x6C: // i32.add, sub, mul
    case 0x7C:
    case 0x7D:
    case 0x7E: // i64.add, sub, mul
      break;
    case 0xFD: { // v128.const
      const auto sub = readLeb(bytes, at);
      if (!sub || *sub != 12) return false;
      at += 16;
      break;
    }
    default: return false;
    }
  }
  return false;
}

// Reads a reference type and appends it (abbreviated when nullable and abstract); false when it
// is not one.
bool copyRefType(std::span<const std::uint8_t> bytes, std::size_t& at,
                 std::vector<std::uint8_t>& out) {
  if (at >= bytes.size()) return false;
  const std::uint8_t first = bytes[at++];
  if (first != 0x63 && first != 0x64) {
    out.push_back(first);
    return true;
  }
  const std::size_t heapAt = at;
  if (!readLeb(bytes, at)) return false;
  const bool abstract = at == heapAt + 1 && bytes[heapAt] >= 0x69;
  if (first == 0x63 && abstract) {
    out.push_back(bytes[heapAt]);
  } else {
    out.push_back(first);
    out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(heapAt),
               bytes.begin() + static_cast<std::ptrdiff_t>(at));
  }
  return true;
}

// The element section with every segment as: mode (0 active, 1 passive, 2 declarative), table
// (active), offset (active), reference type, vec(expression); nullopt when it does not parse.
std::optional<std::vector<std::uint8_t>> canonicalElements(std::span<const std::uint8_t> content) {
  std::vector<std::uint8_t> out;
  std::size_t at = 0;
  const auto count = readLeb(content, at);
  if (!count) return std::nullopt;
  writeLeb(out, *count);
  for (std::uint64_t i = 0; i < *count; ++i) {
    const auto flags = readLeb(content, at);
    if (!flags || *flags > 7) return std::nullopt;
    const bool passiveOrDeclarative = *flags & 1;
    const bool explicitTable = *flags & 2;
    const bool expressions = *flags & 4;
    out.push_back(!passiveOrDeclarative ? 0 : explicitTable ? 2 : 1);
    if (!passiveOrDeclarative) {
      std::uint64_t table = 0;
      if (explicitTable) {
        const auto index = readLeb(content, at);
        if (!index) return std::nullopt;
        table = *index;
      }
      writeLeb(out, table);
      const std::size_t start = at;
      if (!skipConstExpr(content, at)) return std::nullopt;
      append(out, content.subspan(start, at - start));
    }
    const bool typed = passiveOrDeclarative || explicitTable;
    if (!expressions) {
      if (typed && (at >= content.size() || content[at++] != 0x00)) return std::nullopt;
      out.push_back(0x70); // funcref
    } else if (typed) {
      if (!copyRefType(content, at, out)) return std::nullopt;
    } else {
      out.push_back(0x70);
    }
    const auto items = readLeb(content, at);
    if (!items) return std::nullopt;
    writeLeb(out, *items);
    for (std::uint64_t item = 0; item < *items; ++item) {
      if (!expressions) {
        const auto function = readLeb(content, at);
        if (!function) return std::nullopt;
        out.push_back(0xD2);
        writeLeb(out, *function);
        out.push_back(0x0B);
        continue;
      }
      const std::size_t start = at;
      if (!skipConstExpr(content, at)) return std::nullopt;
      // ref.func with a padded index, written the shortest way.
      if (content[start] == 0xD2) {
        std::size_t index = start + 1;
        const auto function = readLeb(content, index);
        out.push_back(0xD2);
        writeLeb(out, *function);
        out.push_back(0x0B);
      } else {
        append(out, content.subspan(start, at - start));
      }
    }
  }
  if (at != content.size()) return std::nullopt;
  return out;
}

} // namespace

std::optional<std::vector<Section>> splitSections(std::span<const std::uint8_t> module) {
  if (module.size() < 8) return std::nullopt;
  std::vector<Section> sections;
  std::size_t at = 8;
  while (at < module.size()) {
    Section section;
    section.id = module[at++];
    const auto size = readLeb(module, at);
    if (!size || *size > module.size() - at) return std::nullopt;
    section.content = module.subspan(at, *size);
    at += *size;
    if (section.id == 0) {
      std::size_t nameAt = 0;
      const auto length = readLeb(section.content, nameAt);
      if (length && *length <= section.content.size() - nameAt) {
        section.customName.assign(section.content.begin() + static_cast<std::ptrdiff_t>(nameAt),
                                  section.content.begin() +
                                      static_cast<std::ptrdiff_t>(nameAt + *length));
      }
    }
    sections.push_back(section);
  }
  return sections;
}

std::vector<std::uint8_t> withoutNameSection(std::span<const std::uint8_t> module) {
  const auto sections = splitSections(module);
  if (!sections) return {module.begin(), module.end()};
  std::vector<std::uint8_t> out(module.begin(), module.begin() + 8);
  for (const Section& section : *sections) {
    if (section.id == 0 && section.customName == "name") continue;
    out.push_back(section.id);
    writeLeb(out, section.content.size());
    append(out, section.content);
  }
  return out;
}

std::vector<std::uint8_t> withoutEncodingChoices(std::span<const std::uint8_t> module) {
  const auto sections = splitSections(module);
  if (!sections) return {module.begin(), module.end()};
  std::vector<std::uint8_t> out(module.begin(), module.begin() + 8);
  for (const Section& section : *sections) {
    if ((section.id == 0 && section.customName == "name") || section.id == 12) continue;
    std::vector<std::uint8_t> content(section.content.begin(), section.content.end());
    if (section.id == 9) {
      if (auto canonical = canonicalElements(section.content)) content = std::move(*canonical);
    }
    out.push_back(section.id);
    writeLeb(out, content.size());
    append(out, content);
  }
  return out;
}

std::vector<std::uint8_t> shortestSizes(std::span<const std::uint8_t> module) {
  const auto sections = splitSections(module);
  if (!sections) return {module.begin(), module.end()};
  std::vector<std::uint8_t> out(module.begin(), module.begin() + 8);
  for (const Section& section : *sections) {
    out.push_back(section.id);
    if (section.id == 10) {
      const std::vector<std::uint8_t> code = shortestBodySizes(section.content);
      writeLeb(out, code.size());
      append(out, code);
    } else {
      writeLeb(out, section.content.size());
      append(out, section.content);
    }
  }
  return out;
}

std::string firstDifferentSection(std::span<const std::uint8_t> a,
                                  std::span<const std::uint8_t> b) {
  if (a.size() < 8 || b.size() < 8 || !std::equal(a.begin(), a.begin() + 8, b.begin())) {
    return "header";
  }
  const auto x = splitSections(a);
  const auto y = splitSections(b);
  if (!x || !y) return "sections";
  const std::size_t common = std::min(x->size(), y->size());
  for (std::size_t i = 0; i < common; ++i) {
    const Section& s = (*x)[i];
    const Section& t = (*y)[i];
    if (s.id != t.id) {
      // A section only one side has (as a data count section) shows as the first mismatch.
      const bool sInY = std::any_of(y->begin(), y->end(), [&](const Section& u) {
        return u.id == s.id && u.customName == s.customName;
      });
      return describe(sInY ? t : s) + " (only in one)";
    }
    if (s.customName != t.customName ||
        !std::equal(s.content.begin(), s.content.end(), t.content.begin(), t.content.end())) {
      return describe(s);
    }
  }
  if (x->size() != y->size()) {
    return describe(x->size() > y->size() ? (*x)[common] : (*y)[common]) + " (only in one)";
  }
  return "none";
}

} // namespace wasmline::test
