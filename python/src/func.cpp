// Func and Caller: calling wasm with Python values (the GIL released while wasm runs), and host
// functions that run Python callables (the GIL taken back for them).
#include "python/src/binding.h"

namespace wasmline::python {

namespace {

// Ends a Caller's validity (it must not outlive its host function's call).
void invalidate(const py::object& caller) {
  if (!caller) return;
  auto& self = caller.cast<PyCaller&>();
  self.caller = nullptr;
  self.box.reset();
}

// Stores a host function's Python result in `results`: None for no results, a value for one, a
// sequence of values for several. Raises TypeError on a mismatch.
void storeResults(const py::object& out, const FuncType& type, std::span<Value> results,
                  StoreBox& box) {
  if (results.empty()) {
    if (!out.is_none()) {
      raiseTypeError("the host function returned " + py::repr(out).cast<std::string>() +
                     " but its type " + type.toString() + " has no results");
    }
    return;
  }
  if (results.size() == 1) {
    results[0] = toValue(out, type.results[0], box, "result of the host function");
    return;
  }
  if (!py::isinstance<py::sequence>(out) || py::isinstance<py::str>(out) ||
      py::len(out) != results.size()) {
    raiseTypeError("the host function of type " + type.toString() + " must return a sequence of " +
                   std::to_string(results.size()) + " values, got " +
                   py::repr(out).cast<std::string>());
  }
  const auto values = out.cast<py::sequence>();
  for (std::size_t i = 0; i < results.size(); ++i) {
    results[i] = toValue(values[i], type.results[i], box,
                         "result " + std::to_string(i) + " of the host function");
  }
}

// The body of a host function made from a Python callable.
struct HostBody {
  PyRef callable;
  FuncType type;
  bool accessCaller;
  std::weak_ptr<StoreBox> box; // not owning: the store owns this body

  Result<void> operator()(Caller& caller, std::span<const Value> args,
                          std::span<Value> results) const {
    const py::gil_scoped_acquire gil;
    const std::shared_ptr<StoreBox> store = box.lock();
    if (!store) return Error(ErrorKind::Trap, "the host function's Store is gone");
    py::object pyCaller;
    try {
      py::tuple pyArgs(args.size() + (accessCaller ? 1 : 0));
      std::size_t at = 0;
      if (accessCaller) {
        pyCaller = py::cast(PyCaller{&caller, store});
        pyArgs[at++] = pyCaller;
      }
      for (const Value& arg : args)
        pyArgs[at++] = fromValue(arg, store);
      const py::object out = callable.get()(*pyArgs);
      storeResults(out, type, results, *store);
      invalidate(pyCaller);
      return {};
    } catch (py::error_already_set& exception) {
      invalidate(pyCaller);
      return WasmCall::hostException(exception);
    } catch (py::builtin_exception& exception) {
      invalidate(pyCaller);
      exception.set_error();
      py::error_already_set fetched;
      return WasmCall::hostException(fetched);
    } catch (const std::exception& exception) {
      invalidate(pyCaller);
      return Error(ErrorKind::Trap, std::string("host function failed: ") + exception.what());
    }
  }
};

// Calls `func` with Python arguments; its results as None, a value or a tuple.
py::object callFunc(const PyFunc& self, const py::object& store, const py::args& params) {
  checkStore(store, self.box, "this Func");
  const FuncType& type = self.func.type();
  if (params.size() != type.params.size()) {
    raiseInvalid("a function of type " + type.toString() + " takes " +
                 std::to_string(type.params.size()) + " argument" +
                 (type.params.size() == 1 ? "" : "s") + ", got " + std::to_string(params.size()));
  }
  std::vector<Value> args;
  args.reserve(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    args.push_back(toValue(params[i], type.params[i], *self.box, "argument " + std::to_string(i)));
  }
  WasmCall call(*self.box);
  const std::vector<Value> results =
      call.run([&] { return self.func.call(std::span<const Value>(args)); });
  if (results.empty()) return py::none();
  if (results.size() == 1) return fromValue(results[0], self.box);
  py::tuple out(results.size());
  for (std::size_t i = 0; i < results.size(); ++i)
    out[i] = fromValue(results[i], self.box);
  return out;
}

} // namespace

Func makeHostFunc(const std::shared_ptr<StoreBox>& box, const FuncType& type, py::object callable,
                  bool accessCaller) {
  if (!PyCallable_Check(callable.ptr())) {
    raiseTypeError("a host function needs a callable, got " +
                   py::str(py::type::handle_of(callable).attr("__name__")).cast<std::string>());
  }
  return Func::wrap(box->store(), type,
                    HostBody{PyRef(std::move(callable)), type, accessCaller, box});
}

void bindFunc(py::module_& m) {
  py::class_<PyCaller>(m, "Caller",
                       "The calling instance of a host function (access_caller=True); usable "
                       "where a Store is expected, valid only during the call.")
      .def(
          "__getitem__",
          [](const PyCaller& self, const std::string& name) {
            if (self.caller == nullptr) {
              raiseInvalid("this Caller was used after its host function returned");
            }
            auto item = self.caller->exportNamed(name);
            if (!item) raiseKeyError("the calling instance has no export \"" + name + "\"");
            return wrapExtern(*item, self.box);
          },
          py::arg("name"))
      .def(
          "get",
          [](const PyCaller& self, const std::string& name) -> py::object {
            if (self.caller == nullptr) return py::none();
            auto item = self.caller->exportNamed(name);
            return item ? wrapExtern(*item, self.box) : py::none();
          },
          "The calling instance's export `name`, or None.", py::arg("name"));

  py::class_<PyFunc>(m, "Func", "A function: exported by an instance or defined by the host.")
      .def(py::init([](const py::object& store, const FuncType& type, py::object callable,
                       bool accessCaller) {
             if (!py::isinstance<PyStore>(store))
               raiseTypeError("Func(store, ...): expected a Store");
             const auto& box = storeOf(store);
             return PyFunc{makeHostFunc(box, type, std::move(callable), accessCaller), box};
           }),
           py::arg("store"), py::arg("ty"), py::arg("func"), py::arg("access_caller") = false)
      .def(
          "type",
          [](const PyFunc& self, const py::object& store) {
            checkStore(store, self.box, "this Func");
            return self.func.type();
          },
          py::arg("store"))
      .def("__call__", &callFunc,
           "Calls the function: f(store, *args); returns None, a value, or a tuple of values.",
           py::arg("store"));
}

} // namespace wasmline::python
