// Linker: wasmtime-py's definitions by module and name (externs of a store, host functions made
// in each store that instantiates, WASI), resolved by instantiate(store, module).
#include <map>

#include "python/src/binding.h"

namespace wasmline::python {

namespace {

// A host function not yet made in a store (Linker.define_func).
struct HostDefinition {
  FuncType type;
  py::object callable;
  bool accessCaller = false;
};

// What the linker holds for "module" "name": an extern object of a store, or a host function.
struct Definition {
  py::object item; // a Func, Memory, SharedMemory, Global or Table (when not a host function)
  std::shared_ptr<StoreBox> box;
  std::optional<HostDefinition> host;
};

struct PyLinker {
  std::shared_ptr<const Engine> engine;
  bool allowShadowing = false;
  bool wasi = false;
  std::map<std::pair<std::string, std::string>, Definition> definitions;

  void define(const std::string& module, const std::string& name, Definition definition) {
    const auto key = std::make_pair(module, name);
    if (!allowShadowing && definitions.contains(key)) {
      raiseInvalid("\"" + module + "\" \"" + name +
                   "\" is already defined in this Linker (allow_shadowing(True) lets a new "
                   "definition replace it)");
    }
    definitions.insert_or_assign(key, std::move(definition));
  }

  // The definitions as a wasmline::Linker for `box`'s store: WASI first (a definition of the
  // same name replaces a WASI function), host functions made in that store.
  Linker linkerFor(const std::shared_ptr<StoreBox>& box) const {
    Linker linker;
    if (wasi) {
      if (!box->wasi) {
        raiseInvalid("the Linker defines WASI but the Store has no WASI configuration (call "
                     "store.set_wasi(WasiConfig()) first)");
      }
      box->wasi->defineImports(box->store(), linker);
    }
    for (const auto& [key, definition] : definitions) {
      if (definition.host) {
        linker.define(key.first, key.second,
                      makeHostFunc(box, definition.host->type, definition.host->callable,
                                   definition.host->accessCaller));
      } else {
        linker.define(key.first, key.second, toExtern(definition.item, box));
      }
    }
    return linker;
  }

  PyInstance instantiate(const py::object& store, const PyModule& module) const {
    const auto& box = storeOf(store);
    const Linker linker = linkerFor(box);
    WasmCall call(*box);
    const Instance instance =
        call.run([&] { return linker.instantiate(box->store(), module.module); });
    // WASI functions reach guest memory through the instance's "memory" export.
    if (wasi) {
      if (auto memory = instance.memory("memory")) box->wasi->setMemory(*memory);
    }
    return PyInstance{instance, box};
  }
};

} // namespace

void bindLinker(py::module_& m) {
  py::class_<PyLinker>(m, "Linker", "Resolves imports by module and name (wasmtime-py's Linker).")
      .def(py::init([](const PyEngine& engine) {
             PyLinker linker;
             linker.engine = engine.engine;
             return linker;
           }),
           py::arg("engine"))
      .def(
          "allow_shadowing", [](PyLinker& self, bool allow) { self.allowShadowing = allow; },
          "Whether a definition may replace an earlier one of the same name.", py::arg("allow"))
      .def(
          "define",
          [](PyLinker& self, const py::object& store, const std::string& module,
             const std::string& name, const py::object& item) {
            const auto& box = storeOf(store);
            toExtern(item, box); // checks its kind and store now
            self.define(module, name, Definition{item, box, std::nullopt});
          },
          "Makes item (a Func, Memory, SharedMemory, Global or Table) importable as module.name.",
          py::arg("store"), py::arg("module"), py::arg("name"), py::arg("item"))
      .def(
          "define_func",
          [](PyLinker& self, const std::string& module, const std::string& name,
             const FuncType& type, const py::object& callable, bool accessCaller) {
            if (!PyCallable_Check(callable.ptr())) {
              raiseTypeError("define_func needs a callable");
            }
            self.define(
                module, name,
                Definition{py::none(), nullptr, HostDefinition{type, callable, accessCaller}});
          },
          "Defines a host function, made in the store of each instantiate().", py::arg("module"),
          py::arg("name"), py::arg("ty"), py::arg("func"), py::arg("access_caller") = false)
      .def(
          "define_instance",
          [](PyLinker& self, const py::object& store, const std::string& name,
             const PyInstance& instance) {
            checkStore(store, instance.box, "this Instance");
            for (const auto& [exportName, item] : instance.instance.exports()) {
              self.define(name, exportName,
                          Definition{wrapExtern(item, instance.box), instance.box, std::nullopt});
            }
          },
          "Makes every export of instance importable under the module name `name`.",
          py::arg("store"), py::arg("name"), py::arg("instance"))
      .def(
          "define_module",
          [](PyLinker& self, const py::object& store, const std::string& name,
             const PyModule& module) {
            const PyInstance instance = self.instantiate(store, module);
            for (const auto& [exportName, item] : instance.instance.exports()) {
              self.define(name, exportName,
                          Definition{wrapExtern(item, instance.box), instance.box, std::nullopt});
            }
          },
          "Instantiates module with this linker and defines its exports under `name`.",
          py::arg("store"), py::arg("name"), py::arg("module"))
      .def(
          "define_wasi", [](PyLinker& self) { self.wasi = true; },
          "Defines WASI preview1, with the WASI configuration of the instantiating store.")
      .def(
          "get",
          [](const PyLinker& self, const py::object& store, const std::string& module,
             const std::string& name) -> py::object {
            const auto& box = storeOf(store);
            const auto found = self.definitions.find(std::make_pair(module, name));
            if (found == self.definitions.end()) {
              raiseInvalid("the Linker has no definition of \"" + module + "\" \"" + name + "\"");
            }
            const Definition& definition = found->second;
            if (definition.host) {
              return py::cast(
                  PyFunc{makeHostFunc(box, definition.host->type, definition.host->callable,
                                      definition.host->accessCaller),
                         box});
            }
            toExtern(definition.item, box);
            return definition.item;
          },
          py::arg("store"), py::arg("module"), py::arg("name"))
      .def(
          "instantiate",
          [](const PyLinker& self, const py::object& store, const PyModule& module) {
            return self.instantiate(store, module);
          },
          "Instantiates module, resolving its imports by name.", py::arg("store"),
          py::arg("module"));
}

} // namespace wasmline::python
