#include "text/printer/names.h"

#include <algorithm>
#include <unordered_set>

#include "binary/reader.h"
#include "text/lexer.h"
#include "text/printer/text_out.h"

namespace wasmline::text {
namespace {

// The subsections of the name section (the extended name section and GC's field names).
enum Subsection : std::uint8_t {
  kModule = 0,
  kFunctions = 1,
  kLocals = 2,
  kLabels = 3,
  kTypes = 4,
  kTables = 5,
  kMemories = 6,
  kGlobals = 7,
  kElems = 8,
  kDatas = 9,
  kFields = 10,
  kTags = 11,
};

// The index space a direct name map names, or nullptr for the other subsections.
NameMaps::Map* directMap(NameMaps& maps, std::uint8_t id) {
  const auto at = [&maps](NameSpaceKind kind) { return &maps.spaces[static_cast<int>(kind)]; };
  switch (id) {
  case kFunctions: return at(NameSpaceKind::Function);
  case kTypes: return at(NameSpaceKind::Type);
  case kTables: return at(NameSpaceKind::Table);
  case kMemories: return at(NameSpaceKind::Memory);
  case kGlobals: return at(NameSpaceKind::Global);
  case kElems: return at(NameSpaceKind::Elem);
  case kDatas: return at(NameSpaceKind::Data);
  case kTags: return at(NameSpaceKind::Tag);
  default: return nullptr;
  }
}

std::unordered_map<std::uint32_t, NameMaps::Map>* indirectMap(NameMaps& maps, std::uint8_t id) {
  switch (id) {
  case kLocals: return &maps.locals;
  case kLabels: return &maps.labels;
  case kFields: return &maps.fields;
  default: return nullptr;
  }
}

// A name map: vec(index name). The first name of an index wins.
void readMap(binary::Reader& reader, NameMaps::Map& out) {
  const std::uint32_t count = reader.length();
  for (std::uint32_t i = 0; i < count && !reader.failed(); ++i) {
    const std::uint32_t index = reader.u32();
    std::string name = reader.name();
    if (!reader.failed()) out.emplace(index, std::move(name));
  }
}

void readSection(std::span<const std::uint8_t> content, NameMaps& maps) {
  binary::Reader reader(content);
  reader.setInsideSection(true);
  while (!reader.failed() && !reader.atEnd()) {
    const std::uint8_t id = reader.u8();
    const std::uint32_t size = reader.length();
    if (reader.failed()) return;
    const std::size_t end = reader.offset() + size;
    if (id == kModule) {
      std::string name = reader.name();
      if (!reader.failed()) maps.module = std::move(name);
    } else if (NameMaps::Map* map = directMap(maps, id)) {
      readMap(reader, *map);
    } else if (auto* nested = indirectMap(maps, id)) {
      const std::uint32_t count = reader.length();
      for (std::uint32_t i = 0; i < count && !reader.failed(); ++i) {
        const std::uint32_t outer = reader.u32();
        readMap(reader, (*nested)[outer]);
      }
    }
    if (reader.failed()) return;
    reader.seek(end);
  }
}

const IdTable kNoIds;

} // namespace

NameMaps readNameMaps(const binary::Module& module) {
  NameMaps maps;
  for (const binary::CustomSection& section : module.customSections) {
    if (section.name == "name") readSection(section.content, maps);
  }
  return maps;
}

std::string identifier(std::string_view name) {
  bool plain = !name.empty();
  for (const char c : name)
    plain = plain && isIdChar(static_cast<unsigned char>(c));
  if (plain) return "$" + std::string(name);
  std::string out = "$";
  appendQuoted(out, name);
  return out;
}

IdTable::IdTable(const NameMaps::Map& names) {
  // Lower indices keep a repeated name, so the result does not depend on the map's order.
  std::vector<std::pair<std::uint32_t, const std::string*>> sorted;
  sorted.reserve(names.size());
  for (const auto& [index, name] : names)
    sorted.emplace_back(index, &name);
  std::sort(sorted.begin(), sorted.end());
  std::unordered_set<std::string_view> taken;
  for (const auto& [index, name] : sorted) {
    if (name->empty() || !taken.insert(*name).second) {
      ++dropped_;
      continue;
    }
    ids_.emplace(index, identifier(*name));
  }
}

IdTable IdTable::labels(const NameMaps::Map& names) {
  IdTable table;
  for (const auto& [index, name] : names) {
    if (name.empty()) {
      ++table.dropped_;
    } else {
      table.ids_.emplace(index, identifier(name));
    }
  }
  return table;
}

std::string_view IdTable::id(std::uint32_t index) const {
  const auto found = ids_.find(index);
  return found == ids_.end() ? std::string_view{} : std::string_view(found->second);
}

std::string IdTable::ref(std::uint32_t index) const {
  const auto found = ids_.find(index);
  return found == ids_.end() ? std::to_string(index) : found->second;
}

const IdTable& ModuleIds::localsOf(std::uint32_t function) const {
  const auto found = locals.find(function);
  return found == locals.end() ? kNoIds : found->second;
}

const IdTable& ModuleIds::labelsOf(std::uint32_t function) const {
  const auto found = labels.find(function);
  return found == labels.end() ? kNoIds : found->second;
}

const IdTable& ModuleIds::fieldsOf(std::uint32_t type) const {
  const auto found = fields.find(type);
  return found == fields.end() ? kNoIds : found->second;
}

ModuleIds makeIds(const NameMaps& maps, bool useNames) {
  ModuleIds ids;
  if (!useNames) return ids;
  if (!maps.module.empty()) ids.module = identifier(maps.module);
  for (std::size_t i = 0; i < kNameSpaceKinds; ++i)
    ids.spaces[i] = IdTable(maps.spaces[i]);
  for (const auto& [function, names] : maps.locals)
    ids.locals.emplace(function, IdTable(names));
  // Labels may repeat (an inner label shadows an outer one); the printer checks each use.
  for (const auto& [function, names] : maps.labels)
    ids.labels.emplace(function, IdTable::labels(names));
  for (const auto& [type, names] : maps.fields)
    ids.fields.emplace(type, IdTable(names));
  return ids;
}

} // namespace wasmline::text
