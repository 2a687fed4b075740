// The public Instance and Linker.
#include "runtime/instantiate.h"
#include "wasmline/store.h"

namespace wasmline {
namespace {

runtime::ExternRef toRuntime(const Extern& item) {
  runtime::ExternRef ref;
  ref.kind = static_cast<ExternKind>(item.index());
  switch (ref.kind) {
  case ExternKind::Func: ref.func = std::get<Func>(item).instance(); break;
  case ExternKind::Table: ref.table = std::get<Table>(item).instance(); break;
  case ExternKind::Memory: ref.memory = &std::get<Memory>(item).linear(); break;
  case ExternKind::Global: ref.global = std::get<Global>(item).instance(); break;
  }
  return ref;
}

Extern fromRuntime(runtime::StoreData* store, const runtime::ExternRef& ref) {
  switch (ref.kind) {
  case ExternKind::Func: return Func(store, ref.func);
  case ExternKind::Table: return Table(store, ref.table);
  case ExternKind::Memory: return Memory(ref.memory->shared_from_this());
  case ExternKind::Global: return Global(store, ref.global);
  }
  return Func(store, ref.func);
}

} // namespace

Result<Instance> Instance::create(Store& store, const Module& module,
                                  std::span<const Extern> imports) {
  std::vector<runtime::ExternRef> refs;
  refs.reserve(imports.size());
  for (const Extern& item : imports) {
    if (const auto* memory = std::get_if<Memory>(&item)) store.data().addMemory(memory->shared());
    refs.push_back(toRuntime(item));
  }
  auto result = runtime::instantiate(store.data(), module.decoded(), refs);
  if (!result) return result.error();
  if (result->start) {
    runtime::FuncInstance& start = *result->instance->functions[*result->start];
    if (auto ran = Func(&store.data(), &start).call({}); !ran) return ran.error();
  }
  return Instance(&store.data(), result->instance);
}

std::optional<Extern> Instance::exportNamed(std::string_view name) const {
  const auto found = instance_->exports.find(name);
  if (found == instance_->exports.end()) return std::nullopt;
  return fromRuntime(store_, found->second);
}

std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  std::vector<std::pair<std::string, Extern>> result;
  for (const binary::Export& entry : instance_->module->exports) {
    result.emplace_back(entry.name, *exportNamed(entry.name));
  }
  return result;
}

template <class T>
static std::optional<T> exportOf(const Instance& instance, std::string_view name) {
  auto item = instance.exportNamed(name);
  if (!item || !std::holds_alternative<T>(*item)) return std::nullopt;
  return std::get<T>(*item);
}

std::optional<Func> Instance::func(std::string_view name) const {
  return exportOf<Func>(*this, name);
}
std::optional<Memory> Instance::memory(std::string_view name) const {
  return exportOf<Memory>(*this, name);
}
std::optional<Global> Instance::global(std::string_view name) const {
  return exportOf<Global>(*this, name);
}
std::optional<Table> Instance::table(std::string_view name) const {
  return exportOf<Table>(*this, name);
}

void Linker::define(std::string module, std::string name, Extern item) {
  for (auto& [key, value] : items_) {
    if (key.first == module && key.second == name) {
      value = std::move(item);
      return;
    }
  }
  items_.emplace_back(std::make_pair(std::move(module), std::move(name)), std::move(item));
}

void Linker::defineInstance(const std::string& module, const Instance& instance) {
  for (auto& [name, item] : instance.exports())
    define(module, name, std::move(item));
}

Result<Instance> Linker::instantiate(Store& store, const Module& module) const {
  std::vector<Extern> imports;
  for (const ImportType& import : module.imports()) {
    const Extern* found = nullptr;
    for (const auto& [key, item] : items_) {
      if (key.first == import.module && key.second == import.name) found = &item;
    }
    if (found == nullptr) {
      return Error(ErrorKind::Unlinkable,
                   "unknown import \"" + import.module + "\" \"" + import.name + "\"");
    }
    imports.push_back(*found);
  }
  return Instance::create(store, module, imports);
}

} // namespace wasmline
