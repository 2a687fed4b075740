// wasmline._native: the extension module behind the Python package wasmline (python/wasmline/).
#include "python/src/binding.h"

namespace wasmline::python {

py::object helper(const char* name) {
  return py::module_::import("wasmline._helpers").attr(name);
}

} // namespace wasmline::python

PYBIND11_MODULE(_native, m) {
  using namespace wasmline::python;
  m.doc() = "wasmline's C++ API for Python (use the package wasmline, which wraps this module)";
  m.attr("__version__") = WASMLINE_VERSION_STRING;
  bindValues(m);
  bindTypes(m);
  bindStore(m);
  bindMemory(m);
  bindFunc(m);
  bindInstance(m);
  bindLinker(m);
  bindWasi(m);
}
