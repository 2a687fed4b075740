// Types: FuncType, Limits, MemoryType, TableType, GlobalType, ImportType, ExportType, with
// wasmtime-py's constructors and properties.
#include "python/src/binding.h"

namespace wasmline::python {

namespace {

std::string limitsText(const Limits& limits) {
  return "Limits(" + std::to_string(limits.min) + ", " +
         (limits.max ? std::to_string(*limits.max) : std::string("None")) + ")";
}

// Raises wasmline.Error (kind "invalid type") when `limits` has min > max.
void checkLimits(const Limits& limits) {
  if (limits.max && limits.min > *limits.max) {
    raise(Error(ErrorKind::InvalidType,
                "size minimum must not be greater than maximum (" + limitsText(limits) + ")"));
  }
}

} // namespace

py::object wrapExternType(const ExternType& type) {
  return std::visit([](const auto& alternative) { return py::cast(alternative); }, type);
}

void bindTypes(py::module_& m) {
  py::class_<Limits>(m, "Limits", "Minimum and optional maximum size (pages or elements).")
      .def(py::init([](std::uint64_t min, std::optional<std::uint64_t> max) {
             return Limits{min, max};
           }),
           py::arg("min"), py::arg("max") = py::none())
      .def_readonly("min", &Limits::min)
      .def_readonly("max", &Limits::max)
      .def("__eq__",
           [](const Limits& a, const py::object& b) {
             return py::isinstance<Limits>(b) && a == b.cast<const Limits&>();
           })
      .def("__repr__", &limitsText);

  py::class_<FuncType>(m, "FuncType", "A function signature: parameter and result types.")
      .def(py::init([](std::vector<ValType> params, std::vector<ValType> results) {
             return FuncType{std::move(params), std::move(results)};
           }),
           py::arg("params"), py::arg("results"))
      .def_readonly("params", &FuncType::params)
      .def_readonly("results", &FuncType::results)
      .def("__eq__",
           [](const FuncType& a, const py::object& b) {
             return py::isinstance<FuncType>(b) && a == b.cast<const FuncType&>();
           })
      .def("__str__", &FuncType::toString)
      .def("__repr__", [](const FuncType& type) { return "FuncType(" + type.toString() + ")"; });

  py::class_<MemoryType>(m, "MemoryType",
                         "The type of a linear memory: limits in 64 KiB pages, 32- or 64-bit, "
                         "shared or not.")
      .def(py::init([](const Limits& limits, bool is64, bool shared) {
             MemoryType type{limits, is64, shared};
             unwrap(type.validate());
             return type;
           }),
           py::arg("limits"), py::arg("is_64") = false, py::arg("shared") = false)
      .def_readonly("limits", &MemoryType::limits)
      .def_readonly("is_64", &MemoryType::is64)
      .def_readonly("is_shared", &MemoryType::shared)
      .def_property_readonly("page_size", [](const MemoryType&) { return kWasmPageSize; })
      .def_property_readonly("page_size_log2", [](const MemoryType&) { return 16; })
      .def("__eq__",
           [](const MemoryType& a, const py::object& b) {
             return py::isinstance<MemoryType>(b) && a == b.cast<const MemoryType&>();
           })
      .def("__str__", &MemoryType::toString)
      .def("__repr__", [](const MemoryType& type) {
        return "MemoryType(" + limitsText(type.limits) + (type.is64 ? ", is_64=True" : "") +
               (type.shared ? ", shared=True" : "") + ")";
      });

  py::class_<TableType>(m, "TableType", "The type of a table: element type and limits.")
      .def(py::init([](const ValType& element, const Limits& limits) {
             if (!element.isRef()) {
               raise(Error(ErrorKind::InvalidType,
                           "table elements must be references, got " + element.toString()));
             }
             checkLimits(limits);
             return TableType{element, limits};
           }),
           py::arg("valtype"), py::arg("limits"))
      .def_readonly("element", &TableType::element)
      .def_readonly("limits", &TableType::limits)
      .def("__eq__",
           [](const TableType& a, const py::object& b) {
             return py::isinstance<TableType>(b) && a == b.cast<const TableType&>();
           })
      .def("__repr__", [](const TableType& type) {
        return "TableType(" + type.element.toString() + ", " + limitsText(type.limits) + ")";
      });

  py::class_<GlobalType>(m, "GlobalType", "The type of a global: value type and mutability.")
      .def(py::init([](const ValType& content, bool isMutable) {
             return GlobalType{content, isMutable};
           }),
           py::arg("valtype"), py::arg("mutable"))
      .def_readonly("content", &GlobalType::type)
      .def_readonly("mutable", &GlobalType::isMutable)
      .def("__eq__",
           [](const GlobalType& a, const py::object& b) {
             return py::isinstance<GlobalType>(b) && a == b.cast<const GlobalType&>();
           })
      .def("__repr__", [](const GlobalType& type) {
        return std::string("GlobalType(") + type.type.toString() +
               (type.isMutable ? ", mutable=True)" : ", mutable=False)");
      });

  py::class_<ImportType>(m, "ImportType", "What a module imports: module, name and type.")
      .def_readonly("module", &ImportType::module)
      .def_readonly("name", &ImportType::name)
      .def_property_readonly("type",
                             [](const ImportType& import) { return wrapExternType(import.type); })
      .def("__repr__", [](const ImportType& import) {
        return "ImportType(" + py::repr(py::str(import.module)).cast<std::string>() + ", " +
               py::repr(py::str(import.name)).cast<std::string>() + ", " +
               py::repr(wrapExternType(import.type)).cast<std::string>() + ")";
      });

  py::class_<ExportType>(m, "ExportType", "What a module exports: name and type.")
      .def_readonly("name", &ExportType::name)
      .def_property_readonly(
          "type", [](const ExportType& exported) { return wrapExternType(exported.type); })
      .def("__repr__", [](const ExportType& exported) {
        return "ExportType(" + py::repr(py::str(exported.name)).cast<std::string>() + ", " +
               py::repr(wrapExternType(exported.type)).cast<std::string>() + ")";
      });
}

} // namespace wasmline::python
