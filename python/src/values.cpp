// Values: ValType, Val, and the conversions between Python objects and wasm values.
#include <cstdint>
#include <cstring>

#include "python/src/binding.h"

namespace wasmline::python {

namespace {

// wasmtime-py's Val: a value with its type, made by Val.i32(...) and friends.
struct PyVal {
  ValType type;
  py::object value; // the Python value, normalized for the type (ints in range, floats)
};

std::string typeName(const py::handle& object) {
  return py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>();
}

[[noreturn]] void raiseOverflow(const std::string& message) {
  PyErr_SetString(PyExc_OverflowError, message.c_str());
  throw py::error_already_set();
}

[[noreturn]] void wrongType(const py::handle& object, ValType type, const std::string& what) {
  raiseTypeError(what + ": expected " + type.toString() + ", got " + typeName(object));
}

bool isInt(const py::handle& object) {
  return PyLong_Check(object.ptr()) != 0;
}

// An int in [low, high] (Python ints of any size), else OverflowError.
std::int64_t intInRange(const py::handle& object, ValType type, std::int64_t low,
                        std::uint64_t high, const std::string& what) {
  int overflow = 0;
  const long long value = PyLong_AsLongLongAndOverflow(object.ptr(), &overflow);
  if (overflow == 0 && value == -1 && PyErr_Occurred()) throw py::error_already_set();
  if (overflow > 0) {
    // Above 2^63 - 1: only i64's unsigned range is left.
    const unsigned long long unsignedValue = PyLong_AsUnsignedLongLong(object.ptr());
    if (unsignedValue == static_cast<unsigned long long>(-1) && PyErr_Occurred()) {
      PyErr_Clear();
    } else if (unsignedValue <= high) {
      return static_cast<std::int64_t>(unsignedValue);
    }
  } else if (overflow == 0 && value >= low &&
             (value < 0 || static_cast<std::uint64_t>(value) <= high)) {
    return value;
  }
  raiseOverflow(what + ": " + py::str(object).cast<std::string>() + " does not fit in " +
                type.toString());
}

double floatOf(const py::handle& object, ValType type, const std::string& what) {
  if (!PyFloat_Check(object.ptr()) && !isInt(object)) wrongType(object, type, what);
  const double value = PyFloat_AsDouble(object.ptr());
  if (value == -1.0 && PyErr_Occurred()) throw py::error_already_set();
  return value;
}

V128 v128Of(const py::handle& object, const std::string& what) {
  V128 result;
  if (PyBytes_Check(object.ptr()) || PyByteArray_Check(object.ptr())) {
    const std::string bytes = py::bytes(py::reinterpret_borrow<py::object>(object));
    if (bytes.size() != 16) {
      raiseValueError(what + ": a v128 needs 16 bytes, got " + std::to_string(bytes.size()));
    }
    std::memcpy(result.bytes.data(), bytes.data(), 16);
    return result;
  }
  if (!isInt(object)) wrongType(object, ValType::V128, what);
  // Python's int.to_bytes does the range check (OverflowError) and two's complement.
  const std::string bytes = helper("v128_bytes")(object, what).cast<py::bytes>();
  std::memcpy(result.bytes.data(), bytes.data(), 16);
  return result;
}

py::object v128Object(const V128& value) {
  const py::bytes bytes(reinterpret_cast<const char*>(value.bytes.data()), 16);
  return py::module_::import("builtins").attr("int").attr("from_bytes")(bytes, "little");
}

// The Python value `object` as `type` would hold it (for Val): range-checked ints, floats.
py::object normalized(const py::handle& object, ValType type) {
  const std::string what = "Val." + type.toString();
  switch (type.kind()) {
  case ValKind::I32:
    if (!isInt(object)) wrongType(object, type, what);
    return py::int_(
        static_cast<std::int32_t>(intInRange(object, type, INT32_MIN, UINT32_MAX, what)));
  case ValKind::I64:
    if (!isInt(object)) wrongType(object, type, what);
    return py::int_(intInRange(object, type, INT64_MIN, UINT64_MAX, what));
  case ValKind::F32: return py::float_(static_cast<float>(floatOf(object, type, what)));
  case ValKind::F64: return py::float_(floatOf(object, type, what));
  case ValKind::V128: return v128Object(v128Of(object, what));
  case ValKind::Ref: break;
  }
  if (type.heapType().kind() == HeapKind::Func && !object.is_none() &&
      !py::isinstance<PyFunc>(object)) {
    wrongType(object, type, what);
  }
  return py::reinterpret_borrow<py::object>(object);
}

} // namespace

std::uint64_t StoreBox::externPayload(const py::object& object) {
  if (const auto found = externIds_.find(object.ptr()); found != externIds_.end()) {
    return found->second;
  }
  externs_.push_back(object);
  const std::uint64_t payload = externs_.size(); // 1-based: 0 stays unused
  externIds_.emplace(object.ptr(), payload);
  return payload;
}

py::object StoreBox::externObject(std::uint64_t payload) const {
  if (payload == 0 || payload > externs_.size()) return py::none();
  return externs_[payload - 1];
}

Value toValue(const py::handle& object, ValType type, StoreBox& box, const std::string& what) {
  if (py::isinstance<PyVal>(object)) {
    const auto& val = object.cast<const PyVal&>();
    if (!(val.type == type)) {
      raiseTypeError(what + ": expected " + type.toString() + ", got a Val of type " +
                     val.type.toString());
    }
    return toValue(val.value, type, box, what);
  }
  switch (type.kind()) {
  case ValKind::I32:
    if (!isInt(object)) wrongType(object, type, what);
    return Value::i32(
        static_cast<std::int32_t>(intInRange(object, type, INT32_MIN, UINT32_MAX, what)));
  case ValKind::I64:
    if (!isInt(object)) wrongType(object, type, what);
    return Value::i64(intInRange(object, type, INT64_MIN, UINT64_MAX, what));
  case ValKind::F32: return Value::f32(static_cast<float>(floatOf(object, type, what)));
  case ValKind::F64: return Value::f64(floatOf(object, type, what));
  case ValKind::V128: return Value::v128(v128Of(object, what));
  case ValKind::Ref: break;
  }
  if (py::isinstance<PyGcRef>(object)) { // the call checks it against `type`
    const auto& ref = object.cast<const PyGcRef&>();
    if (ref.box.get() != &box) raiseInvalid(what + ": the GcRef belongs to another Store");
    return ref.value;
  }
  switch (type.heapType().kind()) {
  case HeapKind::Any:
  case HeapKind::Eq:
  case HeapKind::I31:
  case HeapKind::Struct:
  case HeapKind::Array:
  case HeapKind::None:
    if (object.is_none()) {
      if (!type.nullable()) raiseTypeError(what + ": " + type.toString() + " cannot be None");
      return Value::nullRef(type);
    }
    if (isInt(object)) { // an i31: 31-bit signed
      const std::int64_t value = intInRange(object, type, -(std::int64_t{1} << 30),
                                            (std::uint64_t{1} << 30) - 1, what + " (an i31)");
      return Value::i31(static_cast<std::int32_t>(value));
    }
    wrongType(object, type, what);
  case HeapKind::Func:
  case HeapKind::NoFunc:
  case HeapKind::Concrete: // a function type, or a GcRef's struct or array type (above)
    if (object.is_none()) {
      if (!type.nullable()) raiseTypeError(what + ": " + type.toString() + " cannot be None");
      return Value::nullRef(type);
    }
    if (!py::isinstance<PyFunc>(object)) wrongType(object, type, what);
    {
      const auto& func = object.cast<const PyFunc&>();
      if (func.box.get() != &box) raiseInvalid(what + ": the Func belongs to another Store");
      return Value::funcRef(func.func);
    }
  case HeapKind::Extern:
    if (object.is_none()) {
      if (!type.nullable()) raiseTypeError(what + ": " + type.toString() + " cannot be None");
      return Value::nullRef(type);
    }
    return Value::externRef(box.store(),
                            box.externPayload(py::reinterpret_borrow<py::object>(object)));
  default:
    raiseTypeError(what + ": values of type " + type.toString() + " cannot be passed from Python");
  }
}

py::object fromValue(const Value& value, const std::shared_ptr<StoreBox>& box) {
  const ValType type = value.type();
  switch (type.kind()) {
  case ValKind::I32: return py::int_(value.asI32());
  case ValKind::I64: return py::int_(value.asI64());
  case ValKind::F32: return py::float_(value.asF32());
  case ValKind::F64: return py::float_(value.asF64());
  case ValKind::V128: return v128Object(value.asV128());
  case ValKind::Ref: break;
  }
  if (value.isNull()) return py::none();
  if (auto func = value.asFunc()) return py::cast(PyFunc{*func, box});
  if (type.heapType().kind() == HeapKind::Extern) return box->externObject(value.externPayload());
  switch (value.refKind().value_or(HeapKind::Extern)) {
  case HeapKind::I31: return py::int_(*value.asI31());
  case HeapKind::Struct:
  case HeapKind::Array: return py::cast(PyGcRef{value, box});
  case HeapKind::Extern: return box->externObject(value.externPayload()); // extern.convert_any'd
  default: break;
  }
  raiseTypeError("values of type " + type.toString() + " cannot be returned to Python");
}

py::object wrapValType(ValType type) {
  return py::cast(type);
}

void bindValues(py::module_& m) {
  py::class_<ValType>(m, "ValType", "A WebAssembly value type (wasmtime-py's ValType).")
      .def_static("i32", [] { return ValType::I32; })
      .def_static("i64", [] { return ValType::I64; })
      .def_static("f32", [] { return ValType::F32; })
      .def_static("f64", [] { return ValType::F64; })
      .def_static("v128", [] { return ValType::V128; })
      .def_static("funcref", [] { return ValType::FuncRef; })
      .def_static("externref", [] { return ValType::ExternRef; })
      .def("__eq__",
           [](const ValType& a, const py::object& b) {
             return py::isinstance<ValType>(b) && a == b.cast<const ValType&>();
           })
      .def("__hash__", [](const ValType& type) { return py::hash(py::str(type.toString())); })
      .def("__str__", &ValType::toString)
      .def("__repr__", [](const ValType& type) {
        const std::string text = type.toString();
        if (type.isRef() && type.nullable() &&
            (type.heapType().kind() == HeapKind::Func ||
             type.heapType().kind() == HeapKind::Extern)) {
          return "ValType." + text + "()";
        }
        if (!type.isRef()) return "ValType." + text + "()";
        return "ValType(" + text + ")";
      });

  py::class_<PyGcRef>(m, "GcRef",
                      "A GC struct or array of a store, kept alive while this object lives; pass "
                      "it back to wasm as an argument, global or table value.")
      .def_property_readonly("kind",
                             [](const PyGcRef& ref) {
                               return ref.value.refKind() == HeapKind::Struct ? "struct" : "array";
                             })
      .def(
          "field",
          [](const PyGcRef& ref, std::uint32_t index) {
            return fromValue(unwrap(structGet(ref.value, index)), ref.box);
          },
          py::arg("index"), "A struct's field `index` (TypeError-like Error if there is none).")
      .def(
          "__len__", [](const PyGcRef& ref) { return unwrap(arrayLength(ref.value)); },
          "An array's length.")
      .def(
          "__getitem__",
          [](const PyGcRef& ref, std::uint32_t index) {
            return fromValue(unwrap(arrayGet(ref.value, index)), ref.box);
          },
          py::arg("index"), "An array's element `index`.")
      .def("__eq__",
           [](const PyGcRef& a, const py::object& b) {
             return py::isinstance<PyGcRef>(b) &&
                    a.value.identity() == b.cast<const PyGcRef&>().value.identity();
           })
      .def("__hash__",
           [](const PyGcRef& ref) { return std::hash<std::uint64_t>{}(ref.value.identity()); })
      .def("__repr__", [](const PyGcRef& ref) {
        return std::string("<wasmline.GcRef ") +
               (ref.value.refKind() == HeapKind::Struct ? "struct" : "array") + ">";
      });

  py::class_<PyVal>(m, "Val", "A value with its type (wasmtime-py's Val).")
      .def_static("i32",
                  [](const py::object& v) {
                    return PyVal{ValType::I32, normalized(v, ValType::I32)};
                  })
      .def_static("i64",
                  [](const py::object& v) {
                    return PyVal{ValType::I64, normalized(v, ValType::I64)};
                  })
      .def_static("f32",
                  [](const py::object& v) {
                    return PyVal{ValType::F32, normalized(v, ValType::F32)};
                  })
      .def_static("f64",
                  [](const py::object& v) {
                    return PyVal{ValType::F64, normalized(v, ValType::F64)};
                  })
      .def_static("v128",
                  [](const py::object& v) {
                    return PyVal{ValType::V128, normalized(v, ValType::V128)};
                  })
      .def_static("externref",
                  [](const py::object& v) {
                    return PyVal{ValType::ExternRef, v};
                  })
      .def_static("funcref",
                  [](const py::object& v) {
                    return PyVal{ValType::FuncRef, normalized(v, ValType::FuncRef)};
                  })
      .def_static("ref_null",
                  [](const ValType& type) {
                    if (!type.isRef())
                      raiseTypeError("ref_null needs a reference type, got " + type.toString());
                    return PyVal{type, py::none()};
                  })
      .def_property_readonly("value", [](const PyVal& v) { return v.value; })
      .def_property_readonly("type", [](const PyVal& v) { return v.type; })
      .def("as_i32", [](const PyVal& v) { return v.type == ValType::I32 ? v.value : py::none(); })
      .def("as_i64", [](const PyVal& v) { return v.type == ValType::I64 ? v.value : py::none(); })
      .def("as_f32", [](const PyVal& v) { return v.type == ValType::F32 ? v.value : py::none(); })
      .def("as_f64", [](const PyVal& v) { return v.type == ValType::F64 ? v.value : py::none(); })
      .def("as_externref",
           [](const PyVal& v) { return v.type == ValType::ExternRef ? v.value : py::none(); })
      .def("as_funcref",
           [](const PyVal& v) { return v.type == ValType::FuncRef ? v.value : py::none(); })
      .def("__eq__",
           [](const PyVal& a, const py::object& b) {
             if (!py::isinstance<PyVal>(b)) return false;
             const auto& other = b.cast<const PyVal&>();
             return a.type == other.type && a.value.equal(other.value);
           })
      .def("__repr__", [](const PyVal& v) {
        return "Val." + v.type.toString() + "(" + py::repr(v.value).cast<std::string>() + ")";
      });
}

} // namespace wasmline::python
