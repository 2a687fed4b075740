// Errors: wasmline's Error as Python exceptions (the classes live in wasmline/_errors.py), and
// Python exceptions raised by host functions travelling through wasm frames.
#include <cstdio>
#include <string>

#include "python/src/binding.h"

namespace wasmline::python {

namespace {

// The innermost WasmCall of this thread (where a host function's exception is kept).
thread_local WasmCall* innermost = nullptr;

// The wasmline._errors module.
py::module_ errorsModule() {
  return py::module_::import("wasmline._errors");
}

// Raises the exception object `exception`.
[[noreturn]] void raiseObject(const py::object& exception) {
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exception.ptr())), exception.ptr());
  throw py::error_already_set();
}

[[noreturn]] void raiseBuiltin(PyObject* type, const std::string& message) {
  PyErr_SetString(type, message.c_str());
  throw py::error_already_set();
}

constexpr std::string_view kBacktraceHeader = "\nwasm backtrace:";

} // namespace

void raise(const Error& error) {
  const std::string kind(errorKindName(error.kind()));
  std::string message = error.message();
  py::object offset = py::none();
  if (error.hasByteOffset()) {
    offset = py::int_(error.byteOffset());
    // As the CLI and Module::fromFile say it: "invalid module at byte offset 0x1d: ...".
    if (message.find(" at byte offset ") == std::string::npos) {
      char hex[32];
      std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(error.byteOffset()));
      message = kind + " at byte offset " + hex + ": " + message;
    }
  }
  const py::object exception =
      errorsModule().attr("_from_native")(kind, message, error.exitCode(), offset);
  raiseObject(exception);
}

void raiseInvalid(const std::string& message) {
  raise(Error(ErrorKind::InvalidArgument, message));
}

void raiseTypeError(const std::string& message) {
  raiseBuiltin(PyExc_TypeError, message);
}

void raiseValueError(const std::string& message) {
  raiseBuiltin(PyExc_ValueError, message);
}

void raiseKeyError(const std::string& message) {
  raiseBuiltin(PyExc_KeyError, message);
}

BytesView::BytesView(const py::handle& object) {
  if (!PyObject_CheckBuffer(object.ptr())) {
    raiseTypeError("expected a bytes-like object, got " +
                   py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>());
  }
  if (PyObject_GetBuffer(object.ptr(), &view_, PyBUF_SIMPLE) != 0) throw py::error_already_set();
}

WasmCall::WasmCall(StoreBox& box) : box_(box), outer_(innermost) {
  const auto self = std::this_thread::get_id();
  if (box_.owner && *box_.owner != self) {
    raiseInvalid("this Store is running wasm on another thread; a Store is used by one thread at "
                 "a time (give each thread its own Store)");
  }
  box_.owner = self;
  ++box_.depth;
  innermost = this;
}

WasmCall::~WasmCall() {
  innermost = outer_;
  if (--box_.depth == 0) box_.owner.reset();
}

Error WasmCall::hostException(py::error_already_set& exception) {
  const py::module_ errors = errorsModule();
  const py::object value = exception.value();
  // A Trap raised by the host function traps the wasm caller with its message (the backtrace is
  // added on the way out); ExitTrap exits like WASI's proc_exit.
  if (py::isinstance(value, errors.attr("ExitTrap"))) {
    return Error::exit(value.attr("code").cast<std::uint32_t>());
  }
  if (py::isinstance(value, errors.attr("Trap"))) {
    return Error(ErrorKind::Trap, value.attr("message").cast<std::string>());
  }
  std::string description = py::str(py::repr(value)).cast<std::string>();
  if (innermost != nullptr) {
    innermost->pending_ = value;
  }
  return Error(ErrorKind::Trap, "python exception: " + description);
}

void WasmCall::fail(const Error& error) {
  if (pending_) {
    const py::object exception = std::move(pending_);
    const std::string& message = error.message();
    if (const auto at = message.find(kBacktraceHeader); at != std::string::npos) {
      if (py::hasattr(exception, "add_note")) {
        exception.attr("add_note")(message.substr(at + 1));
      }
    }
    raiseObject(exception);
  }
  raise(error);
}

} // namespace wasmline::python
