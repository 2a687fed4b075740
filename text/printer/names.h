// The names a printed module uses: every subsection of the "name" custom section (the spec's
// module, function and local names and the extended ones: labels, types, tables, memories,
// globals, elem and data segments, fields, tags), turned into text-format identifiers that are
// valid and unique in their index space.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "binary/module.h"

namespace wasmline::text {

// The index spaces a name section names directly (subsection ids 1 and 4 to 9, 11).
enum class NameSpaceKind : std::uint8_t {
  Function,
  Type,
  Table,
  Memory,
  Global,
  Elem,
  Data,
  Tag,
};
inline constexpr std::size_t kNameSpaceKinds = 8;

// Raw names as the name section gives them (any valid UTF-8, possibly empty or repeated).
struct NameMaps {
  using Map = std::unordered_map<std::uint32_t, std::string>;
  std::string module;
  Map spaces[kNameSpaceKinds];
  std::unordered_map<std::uint32_t, Map> locals; // function -> local -> name
  std::unordered_map<std::uint32_t, Map> labels; // function -> label (in block order) -> name
  std::unordered_map<std::uint32_t, Map> fields; // type -> field -> name
};

// Reads every "name" custom section of `module` (normally one). A damaged subsection ends the
// reading of its section, keeping what came before, as binary/name_section.cpp does: a custom
// section never makes a module malformed.
NameMaps readNameMaps(const binary::Module& module);

// The spelling of `name` as an identifier: `$name` when every byte is an idchar, else
// `$"..."` with the text format's string escapes. `name` must not be empty.
std::string identifier(std::string_view name);

// The identifiers of one index space: a name becomes an identifier unless it is empty or was
// already taken by a lower index (the text format requires unique identifiers per space).
class IdTable {
public:
  IdTable() = default;
  explicit IdTable(const NameMaps::Map& names);
  // Label names: repeated ones are kept (an inner label may shadow an outer one), empty ones not.
  static IdTable labels(const NameMaps::Map& names);

  // The identifier of `index`, or an empty view when it has none.
  std::string_view id(std::uint32_t index) const;
  // The identifier of `index`, or its number when it has none.
  std::string ref(std::uint32_t index) const;
  // How many names were dropped because they were empty or repeated.
  std::size_t dropped() const { return dropped_; }
  // The same identifiers for the same indices.
  friend bool operator==(const IdTable& a, const IdTable& b) { return a.ids_ == b.ids_; }

private:
  std::unordered_map<std::uint32_t, std::string> ids_;
  std::size_t dropped_ = 0;
};

// The identifiers of every index space of a module, from its name section.
struct ModuleIds {
  std::string module; // empty when the module has no (usable) name
  IdTable spaces[kNameSpaceKinds];
  std::unordered_map<std::uint32_t, IdTable> locals;
  std::unordered_map<std::uint32_t, IdTable> labels;
  std::unordered_map<std::uint32_t, IdTable> fields;

  const IdTable& space(NameSpaceKind kind) const { return spaces[static_cast<std::size_t>(kind)]; }
  // The local, label or field identifiers of one function or type (an empty table when none).
  const IdTable& localsOf(std::uint32_t function) const;
  const IdTable& labelsOf(std::uint32_t function) const;
  const IdTable& fieldsOf(std::uint32_t type) const;
};

// Identifiers for every name in `maps`; with `useNames` false, none (every reference numeric).
ModuleIds makeIds(const NameMaps& maps, bool useNames);

} // namespace wasmline::text
