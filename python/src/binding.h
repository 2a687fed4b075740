// The Python extension wasmline._native: the objects its bindings share. Everything here sits on
// the public API (include/wasmline/) only.
//
// Ownership: a Python Store owns a StoreBox (the wasmline::Store, its engine, its WASI context
// and the Python objects it hands to wasm as externrefs). Every handle into the store (Func,
// Global, Table, Instance, a Memory taken from it) holds the StoreBox too, so a handle never
// outlives its store whatever order Python frees them in.
//
// The GIL: wasm runs with the GIL released (WasmCall); host functions take it back to run
// Python. Python objects that wasmline keeps (host callables, externrefs) are held by PyRef,
// which takes the GIL to let them go.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <span>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "wasmline/wasi.h"
#include "wasmline/wasmline.h"

namespace wasmline::python {

namespace py = pybind11;

// A Python object kept by C++ code that may drop it without the GIL (inside a store, for
// instance): taking the GIL to release it.
class PyRef {
public:
  PyRef() = default;
  explicit PyRef(py::object object) : object_(std::move(object)) {}
  PyRef(const PyRef& other) {
    const py::gil_scoped_acquire gil;
    object_ = other.object_;
  }
  PyRef& operator=(const PyRef&) = delete;
  ~PyRef() {
    const py::gil_scoped_acquire gil;
    object_ = py::object();
  }
  // The object (call with the GIL held).
  const py::object& get() const { return object_; }

private:
  py::object object_;
};

// The bytes of a bytes-like object (bytes, bytearray, memoryview, numpy arrays, ...), borrowed for
// this object's lifetime. Raises TypeError for an object without the buffer protocol and
// BufferError for a non-contiguous one (a strided view).
class BytesView {
public:
  explicit BytesView(const py::handle& object);
  ~BytesView() { PyBuffer_Release(&view_); }
  BytesView(const BytesView&) = delete;
  BytesView& operator=(const BytesView&) = delete;
  std::span<const std::uint8_t> bytes() const {
    return {static_cast<const std::uint8_t*>(view_.buf), static_cast<std::size_t>(view_.len)};
  }

private:
  Py_buffer view_{};
};

// Everything a Python Store owns.
class StoreBox {
public:
  explicit StoreBox(std::shared_ptr<const Engine> engine)
      : engine_(std::move(engine)), store_(*engine_) {}
  StoreBox(const StoreBox&) = delete;
  StoreBox& operator=(const StoreBox&) = delete;

  Store& store() { return store_; }
  const Engine& engine() const { return *engine_; }
  const std::shared_ptr<const Engine>& engineHandle() const { return engine_; }

  // Store(engine, data): the user's object, returned by Store.data().
  py::object data;
  // The WASI context set by Store.set_wasi (Linker.define_wasi's functions use it).
  std::unique_ptr<WasiContext> wasi;

  // The externref payload standing for `object` (the same object always gets the same one);
  // the store keeps the object alive.
  std::uint64_t externPayload(const py::object& object);
  // The object behind an externref payload (None when unknown).
  py::object externObject(std::uint64_t payload) const;

  // The thread running wasm in this store, and how deep (host functions calling back into wasm
  // nest). A store is used by one thread at a time; both are guarded by the GIL.
  std::optional<std::thread::id> owner;
  std::size_t depth = 0;

private:
  std::shared_ptr<const Engine> engine_;
  std::vector<py::object> externs_;
  std::unordered_map<PyObject*, std::uint64_t> externIds_;
  Store store_; // last: destroyed first, with the host functions that may refer to the above
};

// --- The Python-visible handles ------------------------------------------------------------------

struct PyEngine {
  std::shared_ptr<const Engine> engine;
};

struct PyStore {
  std::shared_ptr<StoreBox> box;
};

// What a host function sees of its call (wasmtime-py's Caller); valid only during the call.
struct PyCaller {
  wasmline::Caller* caller = nullptr;
  std::shared_ptr<StoreBox> box;
};

struct PyFunc {
  Func func;
  std::shared_ptr<StoreBox> box;
};

// A GC struct or array (wasmtime's Rooted): the Value keeps the object alive while this Python
// object lives, whatever collections happen.
struct PyGcRef {
  Value value;
  std::shared_ptr<StoreBox> box;
};

struct PyGlobal {
  Global global;
  std::shared_ptr<StoreBox> box;
};

struct PyTable {
  Table table;
  std::shared_ptr<StoreBox> box;
};

// A memory: one of a store's (box set), or a view of a SharedMemory for a store.
struct PyMemory {
  Memory memory;
  std::shared_ptr<StoreBox> box;
};

struct PySharedMemory {
  Memory memory;
};

struct PyModule {
  Module module;
};

struct PyInstance {
  Instance instance;
  std::shared_ptr<StoreBox> box;
};

// --- Errors (errors.cpp) -------------------------------------------------------------------------

// Raises `error` as the matching wasmline exception (Trap, ExitTrap, OutOfBounds, Error).
[[noreturn]] void raise(const Error& error);
// Raises a wasmline.Error of kind "invalid argument" with `message`.
[[noreturn]] void raiseInvalid(const std::string& message);
// Raises Python's TypeError / ValueError / KeyError with `message`.
[[noreturn]] void raiseTypeError(const std::string& message);
[[noreturn]] void raiseValueError(const std::string& message);
[[noreturn]] void raiseKeyError(const std::string& message);

// The value of `result`, or raises its error.
template <class T> T unwrap(Result<T> result) {
  if (!result) raise(result.error());
  return std::move(result).value();
}
inline void unwrap(const Result<void>& result) {
  if (!result) raise(result.error());
}

// Running wasm from Python: marks `box` as used by this thread (another thread using it at the
// same time is an error), releases the GIL around run(), and turns a failure into the Python
// exception: a Python exception raised by a host function below comes back as itself (with the
// wasm backtrace as a note), anything else as raise() does.
class WasmCall {
public:
  explicit WasmCall(StoreBox& box);
  ~WasmCall();
  WasmCall(const WasmCall&) = delete;
  WasmCall& operator=(const WasmCall&) = delete;

  // Runs `body` (returning a Result) without the GIL and returns its value or raises.
  template <class F> auto run(F&& body) {
    auto result = [&] {
      const py::gil_scoped_release release;
      return body();
    }();
    if (!result) fail(result.error());
    if constexpr (std::is_void_v<decltype(std::move(result).value())>) {
      return;
    } else {
      return std::move(result).value();
    }
  }

  // The Error a Python exception (the one being handled) becomes inside wasm. The exception is
  // kept by the innermost WasmCall of this thread and raised again when its run() fails.
  static Error hostException(py::error_already_set& exception);

private:
  [[noreturn]] void fail(const Error& error);

  StoreBox& box_;
  WasmCall* outer_;
  py::object pending_; // the host function's exception, if one was raised
};

// --- Conversions (values.cpp) --------------------------------------------------------------------

// A Python value as a wasm value of `type` (ints, floats, Val, Func, None, any object for
// externref). `what` names the value in messages ("argument 1 of add"). Raises TypeError or
// OverflowError.
Value toValue(const py::handle& object, ValType type, StoreBox& box, const std::string& what);
// A wasm value as a Python value (int, float, Func, None, the externref's object).
py::object fromValue(const Value& value, const std::shared_ptr<StoreBox>& box);
// Python wrappers of value types (values.cpp) and of the other types (types.cpp).
py::object wrapValType(ValType type);
py::object wrapExternType(const ExternType& type);

// --- Stores and externs --------------------------------------------------------------------------

// The StoreBox of a Store or Caller argument; raises TypeError for anything else and
// wasmline.Error for a Caller whose call has returned.
const std::shared_ptr<StoreBox>& storeOf(const py::handle& storelike);
// Raises wasmline.Error unless `box` is the box of `storelike` (`what` names the object).
void checkStore(const py::handle& storelike, const std::shared_ptr<StoreBox>& box,
                std::string_view what);
// A wasm extern as its Python object (Func, Memory, Global, Table).
py::object wrapExtern(const Extern& item, const std::shared_ptr<StoreBox>& box);
// A Python extern (Func, Memory, SharedMemory, Global, Table) as a wasm extern for `box`'s store.
// Raises TypeError or wasmline.Error (an object of another store).
Extern toExtern(const py::handle& object, const std::shared_ptr<StoreBox>& box);

// A host function body calling the Python `callable` (wasmtime-py's Func(store, ty, callable,
// access_caller)), for the store in `box`.
Func makeHostFunc(const std::shared_ptr<StoreBox>& box, const FuncType& type, py::object callable,
                  bool accessCaller);

// A helper of the pure-Python part of the package (wasmline/_helpers.py).
py::object helper(const char* name);

// --- Registration, one function per file ---------------------------------------------------------
void bindValues(py::module_& m);
void bindTypes(py::module_& m);
void bindStore(py::module_& m);
void bindMemory(py::module_& m);
void bindFunc(py::module_& m);
void bindInstance(py::module_& m);
void bindLinker(py::module_& m);
void bindWasi(py::module_& m);

} // namespace wasmline::python
