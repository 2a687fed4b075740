// The public Instance and Linker.
#include "api/access.h"
#include "api/signature_match.h"
#include "runtime/instantiate.h"
#include "wasmline/store.h"

namespace wasmline {
namespace {

interp::ExternRef toRuntime(const Extern& item) {
  interp::ExternRef ref;
  ref.kind = static_cast<ExternKind>(item.index());
  switch (ref.kind) {
  case ExternKind::Func: ref.func = api::Access::object(std::get<Func>(item)); break;
  case ExternKind::Table: ref.table = api::Access::object(std::get<Table>(item)); break;
  case ExternKind::Memory: ref.memory = api::Access::object(std::get<Memory>(item)).get(); break;
  case ExternKind::Global: ref.global = api::Access::object(std::get<Global>(item)); break;
  case ExternKind::Tag: ref.tag = api::Access::object(std::get<Tag>(item)); break;
  }
  return ref;
}

Extern fromRuntime(runtime::StoreData* store, const interp::ExternRef& ref) {
  switch (ref.kind) {
  case ExternKind::Func: return api::Access::func(store, ref.func);
  case ExternKind::Table: return api::Access::table(store, ref.table);
  case ExternKind::Memory: return api::Access::memory(ref.memory->shared_from_this());
  case ExternKind::Global: return api::Access::global(store, ref.global);
  case ExternKind::Tag: return api::Access::tag(store, ref.tag);
  }
  return api::Access::func(store, ref.func);
}

// True when `item` is an empty handle.
bool isEmpty(const Extern& item) {
  return std::visit([](const auto& handle) { return !handle; }, item);
}

Error emptyInstance() {
  return Error(ErrorKind::InvalidArgument,
               "empty Instance handle (default-constructed, refers to nothing)");
}

} // namespace

Result<Instance> Instance::create(Store& store, const Module& module,
                                  std::span<const Extern> imports) {
  if (!module) {
    return Error(ErrorKind::InvalidArgument,
                 "empty Module handle (default-constructed, refers to nothing)");
  }
  runtime::StoreData& data = api::Access::store(store);
  std::vector<interp::ExternRef> refs;
  refs.reserve(imports.size());
  for (std::size_t i = 0; i < imports.size(); ++i) {
    if (isEmpty(imports[i])) {
      return Error(ErrorKind::InvalidArgument,
                   "import " + std::to_string(i) + " is an empty " +
                       std::string(externKindName(externKindOf(imports[i]))) + " handle");
    }
  }
  for (const Extern& item : imports) {
    if (const auto* memory = std::get_if<Memory>(&item)) {
      data.addMemory(api::Access::object(*memory));
    }
    refs.push_back(toRuntime(item));
  }
  auto result = runtime::instantiate(data, api::Access::code(module), refs);
  if (!result) return result.error();
  if (result->start) {
    interp::FuncInstance& start = *result->instance->functions[*result->start];
    if (auto ran = api::Access::func(&data, &start).call({}); !ran) return ran.error();
  }
  return Instance(&data, result->instance);
}

std::optional<Extern> Instance::exportNamed(std::string_view name) const {
  if (instance_ == nullptr) return std::nullopt;
  const auto found = instance_->exports.find(name);
  if (found == instance_->exports.end()) return std::nullopt;
  return fromRuntime(store_, found->second);
}

std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  std::vector<std::pair<std::string, Extern>> result;
  if (instance_ == nullptr) return result;
  for (const binary::Export& entry : instance_->code->module().exports) {
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

std::optional<Tag> Instance::tag(std::string_view name) const {
  return exportOf<Tag>(*this, name);
}

Result<Func> Instance::funcOfType(std::string_view name, const FuncType& expected) const {
  if (instance_ == nullptr) return emptyInstance();
  const std::string quoted = "\"" + std::string(name) + "\"";
  const auto item = exportNamed(name);
  if (!item) return Error(ErrorKind::InvalidArgument, "no export named " + quoted);
  const Func* func = std::get_if<Func>(&*item);
  if (func == nullptr) {
    return Error(ErrorKind::InvalidArgument, "export " + quoted + " is a " +
                                                 std::string(externKindName(externKindOf(*item))) +
                                                 ", not a function");
  }
  if (!api::signatureMatches(func->type(), expected)) {
    return Error(ErrorKind::InvalidArgument, "export " + quoted + " has type " +
                                                 func->type().toString() + ", not " +
                                                 expected.toString());
  }
  return *func;
}

Linker& Linker::define(std::string module, std::string name, Extern item) {
  return defineItem(std::move(module), std::move(name), Item(std::move(item)));
}

Linker& Linker::defineItem(std::string module, std::string name, Item item) {
  for (auto& [key, value] : items_) {
    if (key.first == module && key.second == name) {
      value = std::move(item);
      return *this;
    }
  }
  items_.emplace_back(std::make_pair(std::move(module), std::move(name)), std::move(item));
  return *this;
}

Linker& Linker::defineInstance(const std::string& module, const Instance& instance) {
  for (auto& [name, item] : instance.exports())
    define(module, name, std::move(item));
  return *this;
}

Result<Instance> Linker::instantiate(Store& store, const Module& module) const {
  std::vector<Extern> imports;
  for (const ImportType& import : module.imports()) {
    const Item* found = nullptr;
    for (const auto& [key, item] : items_) {
      if (key.first == import.module && key.second == import.name) found = &item;
    }
    if (found == nullptr) {
      return Error(ErrorKind::Unlinkable,
                   "unknown import \"" + import.module + "\" \"" + import.name + "\"");
    }
    if (const auto* host = std::get_if<HostFunction>(found)) {
      imports.emplace_back(Func::create(store, host->type, host->body));
    } else {
      imports.push_back(std::get<Extern>(*found));
    }
  }
  return Instance::create(store, module, imports);
}

} // namespace wasmline
