#include "binary/type_registry.h"

#include <map>
#include <mutex>
#include <string>

namespace wasmline::binary {

std::uint32_t canonicalTypeId(const FuncType& type) {
  static std::mutex mutex;
  static std::map<std::string, std::uint32_t> ids; // keyed by the type's text form
  const std::string key = type.toString();
  const std::lock_guard lock(mutex);
  const auto [entry, added] = ids.try_emplace(key, static_cast<std::uint32_t>(ids.size()));
  return entry->second;
}

} // namespace wasmline::binary
