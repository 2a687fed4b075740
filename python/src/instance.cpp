// Module, wat2wasm, Instance, Global and Table, and externs crossing between Python and wasm.
#include <algorithm>

#include "python/src/binding.h"

namespace wasmline::python {

namespace {

// The bytes of a bytes-like object (copied: the GIL is released while they are decoded).
std::vector<std::uint8_t> bytesOf(const py::handle& object) {
  const BytesView view(object);
  return std::vector<std::uint8_t>(view.bytes().begin(), view.bytes().end());
}

// A module from text (str, or bytes not starting with "\0asm") or a binary.
Module compile(const PyEngine& engine, const py::object& wasm) {
  const Engine& handle = *engine.engine;
  if (py::isinstance<py::str>(wasm)) {
    const std::string text = wasm.cast<std::string>();
    Result<Module> module = [&] {
      const py::gil_scoped_release release;
      return Module::fromText(handle, text);
    }();
    return unwrap(std::move(module));
  }
  if (!PyObject_CheckBuffer(wasm.ptr())) {
    raiseTypeError("Module(engine, wasm): expected str, bytes or a bytes-like object, got " +
                   py::str(py::type::handle_of(wasm).attr("__name__")).cast<std::string>());
  }
  const std::vector<std::uint8_t> bytes = bytesOf(wasm);
  Result<Module> module = [&] {
    const py::gil_scoped_release release;
    // Binary when it starts like one or holds a NUL byte (as Module::fromFile decides).
    if (Module::looksBinary(bytes) || std::find(bytes.begin(), bytes.end(), 0) != bytes.end()) {
      return Module::fromBinary(handle, bytes);
    }
    return Module::fromText(
        handle, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  }();
  return unwrap(std::move(module));
}

// wat2wasm(wat): the binary of a text module (str or UTF-8 bytes), not validated.
py::bytes wat2wasm(const py::object& wat) {
  std::string text;
  if (py::isinstance<py::str>(wat)) {
    text = wat.cast<std::string>();
  } else if (PyObject_CheckBuffer(wat.ptr())) {
    const std::vector<std::uint8_t> bytes = bytesOf(wat);
    text.assign(bytes.begin(), bytes.end());
  } else {
    raiseTypeError("wat2wasm: expected str or bytes");
  }
  const auto binary = unwrap(Module::textToBinary(text, Features::all(), "input.wat"));
  return py::bytes(reinterpret_cast<const char*>(binary.data()), binary.size());
}

std::string fsPath(const py::object& path) {
  const py::object decoded = py::module_::import("os").attr("fsdecode")(path);
  return decoded.cast<std::string>();
}

} // namespace

py::object wrapExtern(const Extern& item, const std::shared_ptr<StoreBox>& box) {
  return std::visit(
      [&](const auto& alternative) -> py::object {
        using T = std::decay_t<decltype(alternative)>;
        if constexpr (std::is_same_v<T, Func>) {
          return py::cast(PyFunc{alternative, box});
        } else if constexpr (std::is_same_v<T, Memory>) {
          return py::cast(PyMemory{alternative, box});
        } else if constexpr (std::is_same_v<T, Global>) {
          return py::cast(PyGlobal{alternative, box});
        } else if constexpr (std::is_same_v<T, Table>) {
          return py::cast(PyTable{alternative, box});
        } else {
          // Exception tags have no Python class yet: said plainly rather than mistyped.
          raise(Error(ErrorKind::Unsupported,
                      "exception tags are not available from Python yet (use the C++ API)"));
        }
      },
      item);
}

Extern toExtern(const py::handle& object, const std::shared_ptr<StoreBox>& box) {
  const auto sameStore = [&](const std::shared_ptr<StoreBox>& owner, const char* what) {
    if (owner != box) raiseInvalid(std::string("this ") + what + " belongs to another Store");
  };
  if (py::isinstance<PyFunc>(object)) {
    const auto& func = object.cast<const PyFunc&>();
    sameStore(func.box, "Func");
    return func.func;
  }
  if (py::isinstance<PyGlobal>(object)) {
    const auto& global = object.cast<const PyGlobal&>();
    sameStore(global.box, "Global");
    return global.global;
  }
  if (py::isinstance<PyTable>(object)) {
    const auto& table = object.cast<const PyTable&>();
    sameStore(table.box, "Table");
    return table.table;
  }
  // Memories are not tied to a store in wasmline: any store may import them.
  if (py::isinstance<PyMemory>(object)) return object.cast<const PyMemory&>().memory;
  if (py::isinstance<PySharedMemory>(object)) return object.cast<const PySharedMemory&>().memory;
  raiseTypeError("expected a Func, Memory, SharedMemory, Global or Table, got " +
                 py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>());
}

void bindInstance(py::module_& m) {
  m.def("wat2wasm", &wat2wasm, "Converts the WebAssembly text format to a binary module.",
        py::arg("wat"));

  py::class_<PyModule>(m, "Module", "A decoded and validated module.")
      .def(py::init([](const PyEngine& engine, const py::object& wasm) {
             return PyModule{compile(engine, wasm)};
           }),
           py::arg("engine"), py::arg("wasm"))
      .def_static(
          "from_file",
          [](const PyEngine& engine, const py::object& path) {
            const std::string name = fsPath(path);
            Result<Module> module = [&] {
              const py::gil_scoped_release release;
              return Module::fromFile(*engine.engine, name);
            }();
            return PyModule{unwrap(std::move(module))};
          },
          "Reads a .wasm or .wat file (told apart by content).", py::arg("engine"), py::arg("path"))
      .def_static(
          "validate", [](const PyEngine& engine, const py::object& wasm) { compile(engine, wasm); },
          "Raises wasmline.Error when wasm does not decode and validate.", py::arg("engine"),
          py::arg("wasm"))
      .def_property_readonly("imports", [](const PyModule& self) { return self.module.imports(); })
      .def_property_readonly("exports", [](const PyModule& self) { return self.module.exports(); })
      .def_property_readonly("name", [](const PyModule& self) -> py::object {
        const std::string& name = self.module.name();
        if (name.empty()) return py::none();
        return py::str(name);
      });

  py::class_<PyInstance>(m, "Instance", "An instantiated module.")
      .def(py::init([](const py::object& store, const PyModule& module,
                       const py::iterable& imports) {
             if (!py::isinstance<PyStore>(store)) {
               raiseTypeError("Instance(store, ...): expected a Store");
             }
             const auto& box = storeOf(store);
             std::vector<Extern> externs;
             for (const py::handle item : imports)
               externs.push_back(toExtern(item, box));
             WasmCall call(*box);
             return PyInstance{
                 call.run([&] { return Instance::create(box->store(), module.module, externs); }),
                 box};
           }),
           py::arg("store"), py::arg("module"), py::arg("imports"))
      .def(
          "exports",
          [](const PyInstance& self, const py::object& store) {
            checkStore(store, self.box, "this Instance");
            py::list pairs;
            for (const auto& [name, item] : self.instance.exports())
              pairs.append(py::make_tuple(name, wrapExtern(item, self.box)));
            return helper("InstanceExports")(pairs);
          },
          "The exports: a mapping by name, also indexable by position (and .by_index).",
          py::arg("store"));

  py::class_<PyGlobal>(m, "Global", "A global variable.")
      .def(py::init([](const py::object& store, const GlobalType& type, const py::object& value) {
             const auto& box = storeOf(store);
             const Value initial = toValue(value, type.type, *box, "Global's value");
             return PyGlobal{unwrap(Global::create(box->store(), type, initial)), box};
           }),
           py::arg("store"), py::arg("ty"), py::arg("val"))
      .def(
          "type",
          [](const PyGlobal& self, const py::object& store) {
            checkStore(store, self.box, "this Global");
            return self.global.type();
          },
          py::arg("store"))
      .def(
          "value",
          [](const PyGlobal& self, const py::object& store) {
            checkStore(store, self.box, "this Global");
            return fromValue(self.global.get(), self.box);
          },
          py::arg("store"))
      .def(
          "set_value",
          [](PyGlobal& self, const py::object& store, const py::object& value) {
            checkStore(store, self.box, "this Global");
            unwrap(self.global.set(toValue(value, self.global.type().type, *self.box, "value")));
          },
          py::arg("store"), py::arg("val"));

  py::class_<PyTable>(m, "Table", "A table of references.")
      .def(py::init([](const py::object& store, const TableType& type, const py::object& init) {
             const auto& box = storeOf(store);
             const Value initial = toValue(init, type.element, *box, "Table's initial value");
             return PyTable{unwrap(Table::create(box->store(), type, initial)), box};
           }),
           py::arg("store"), py::arg("ty"), py::arg("init"))
      .def(
          "type",
          [](const PyTable& self, const py::object& store) {
            checkStore(store, self.box, "this Table");
            return self.table.type();
          },
          py::arg("store"))
      .def(
          "size",
          [](const PyTable& self, const py::object& store) {
            checkStore(store, self.box, "this Table");
            return self.table.size();
          },
          py::arg("store"))
      .def(
          "grow",
          [](PyTable& self, const py::object& store, std::uint32_t delta, const py::object& init) {
            checkStore(store, self.box, "this Table");
            const Value initial = toValue(init, self.table.type().element, *self.box, "init");
            return unwrap(self.table.grow(delta, initial));
          },
          "Grows by delta elements set to init; returns the previous size.", py::arg("store"),
          py::arg("amt"), py::arg("init"))
      .def(
          "get",
          [](const PyTable& self, const py::object& store, std::uint32_t index) {
            checkStore(store, self.box, "this Table");
            return fromValue(unwrap(self.table.get(index)), self.box);
          },
          "The element at idx (a Func, an externref's object, or None); raises OutOfBounds.",
          py::arg("store"), py::arg("idx"))
      .def(
          "set",
          [](PyTable& self, const py::object& store, std::uint32_t index, const py::object& value) {
            checkStore(store, self.box, "this Table");
            unwrap(
                self.table.set(index, toValue(value, self.table.type().element, *self.box, "val")));
          },
          py::arg("store"), py::arg("idx"), py::arg("val"));
}

} // namespace wasmline::python
