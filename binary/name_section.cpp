#include "binary/name_section.h"

#include "binary/reader.h"

namespace wasmline::binary {
namespace {

enum NameSubsection : std::uint8_t {
  kModuleName = 0,
  kFunctionNames = 1,
  kLocalNames = 2,
  kTagNames = 11,
};

// Reads a name map (vec of index and name) into `names`.
void nameMap(Reader& reader, std::unordered_map<std::uint32_t, std::string>& names) {
  const std::uint32_t count = reader.length();
  for (std::uint32_t i = 0; i < count && !reader.failed(); ++i) {
    const std::uint32_t index = reader.u32();
    std::string name = reader.name();
    if (!reader.failed()) names.emplace(index, std::move(name));
  }
}

} // namespace

NameSection parseNameSection(std::span<const std::uint8_t> content) {
  NameSection names;
  Reader reader(content);
  reader.setInsideSection(true);
  while (!reader.failed() && !reader.atEnd()) {
    const std::uint8_t id = reader.u8();
    const std::uint32_t size = reader.length();
    if (reader.failed()) break;
    const std::size_t end = reader.offset() + size;
    switch (id) {
    case kModuleName: names.module = reader.name(); break;
    case kFunctionNames: nameMap(reader, names.functions); break;
    case kLocalNames: {
      const std::uint32_t count = reader.length();
      for (std::uint32_t i = 0; i < count && !reader.failed(); ++i) {
        const std::uint32_t function = reader.u32();
        nameMap(reader, names.locals[function]);
      }
      break;
    }
    case kTagNames: nameMap(reader, names.tags); break;
    default: break; // other subsections (labels, types, ...) are skipped
    }
    reader.seek(end);
  }
  return names;
}

} // namespace wasmline::binary
