// Memory and SharedMemory: wasmtime-py's methods, the buffer protocol (MemoryBuffer), slicing,
// ctypes access, and the atomic helpers with wait/notify.
//
// The memory's base address never moves (address space for its maximum is reserved up front),
// so a MemoryBuffer, a memoryview or numpy array on it, and the ctypes objects made from it stay
// valid across grow(): they keep the memory alive and keep seeing the bytes they were made on.
#include <algorithm>
#include <chrono>

#include "python/src/binding.h"

namespace wasmline::python {

namespace {

// The buffer-protocol view of [0, length) of a memory: length is the memory's size when the
// buffer was made (memories never shrink, so it stays in bounds).
struct MemoryBuffer {
  Memory memory;
  std::uint64_t length;
};

MemoryBuffer bufferOf(Memory& memory) {
  return MemoryBuffer{memory, memory.byteLength()};
}

// An address argument: non-negative, or negative counting from the end of the memory (Python's
// indexing). Raises OutOfBounds for a negative index before the start.
std::uint64_t resolveIndex(std::int64_t index, const Memory& memory, std::string_view what) {
  if (index >= 0) return static_cast<std::uint64_t>(index);
  const std::uint64_t size = memory.byteLength();
  const std::uint64_t back = static_cast<std::uint64_t>(-(index + 1)) + 1;
  if (back > size) {
    raise(Error(ErrorKind::OutOfBounds, std::string(what) + ": index " + std::to_string(index) +
                                            " is before the start of a memory of " +
                                            std::to_string(size) + " bytes"));
  }
  return size - back;
}

// Memory.read(store, start, stop): a copy of [start, stop) as bytes; negative indices count from
// the end; a range outside the memory raises OutOfBounds naming it (no silent truncation).
py::bytes readRange(const Memory& memory, std::int64_t start, std::optional<std::int64_t> stop) {
  const std::uint64_t from = resolveIndex(start, memory, "Memory.read");
  const std::uint64_t to = stop ? resolveIndex(*stop, memory, "Memory.read") : memory.byteLength();
  const std::string range = "[" + std::to_string(from) + ", " + std::to_string(to) + ")";
  if (from > to) raiseInvalid("Memory.read " + range + ": start is after stop");
  auto bytes = memory.read(from, to - from);
  if (!bytes)
    raise(Error(bytes.error().kind(), "Memory.read " + range + ": " + bytes.error().message()));
  return py::bytes(reinterpret_cast<const char*>(bytes->data()), bytes->size());
}

// Memory.write(store, data, start): copies any bytes-like object to start (negative: from the
// end); returns the number of bytes written. Nothing is written when it does not fit.
std::size_t writeBytes(Memory& memory, const py::object& data, std::int64_t start) {
  const BytesView view(data);
  const std::uint64_t at = resolveIndex(start, memory, "Memory.write");
  const std::size_t length = view.bytes().size();
  if (auto written = memory.write(at, view.bytes()); !written) {
    raise(Error(written.error().kind(), "Memory.write of " + std::to_string(length) + " bytes at " +
                                            std::to_string(at) + ": " + written.error().message()));
  }
  return length;
}

// mem[i] and mem[a:b] (Python's slice semantics, step 1).
py::object getItem(const Memory& memory, const py::object& key) {
  const auto size = static_cast<py::ssize_t>(memory.byteLength());
  if (py::isinstance<py::slice>(key)) {
    py::ssize_t start = 0, stop = 0, step = 0, count = 0;
    if (!key.cast<py::slice>().compute(size, &start, &stop, &step, &count)) {
      throw py::error_already_set();
    }
    if (step != 1) raiseValueError("memory slices must have step 1");
    auto bytes =
        unwrap(memory.read(static_cast<std::uint64_t>(start), static_cast<std::uint64_t>(count)));
    return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }
  const std::uint64_t at = resolveIndex(key.cast<std::int64_t>(), memory, "Memory[index]");
  return py::int_(unwrap(memory.read<std::uint8_t>(at)));
}

void setItem(Memory& memory, const py::object& key, const py::object& value) {
  const auto size = static_cast<py::ssize_t>(memory.byteLength());
  if (py::isinstance<py::slice>(key)) {
    py::ssize_t start = 0, stop = 0, step = 0, count = 0;
    if (!key.cast<py::slice>().compute(size, &start, &stop, &step, &count)) {
      throw py::error_already_set();
    }
    if (step != 1) raiseValueError("memory slices must have step 1");
    const BytesView view(value);
    if (view.bytes().size() != static_cast<std::size_t>(count)) {
      raiseValueError("memory slice assignment: the slice has " + std::to_string(count) +
                      " bytes, the value " + std::to_string(view.bytes().size()));
    }
    unwrap(memory.write(static_cast<std::uint64_t>(start), view.bytes()));
    return;
  }
  const std::uint64_t at = resolveIndex(key.cast<std::int64_t>(), memory, "Memory[index]");
  const auto byte = value.cast<std::int64_t>();
  if (byte < 0 || byte > 255) raiseValueError("a memory byte must be in range(0, 256)");
  unwrap(memory.write<std::uint8_t>(at, static_cast<std::uint8_t>(byte)));
}

std::uint64_t growBy(Memory& memory, std::int64_t delta) {
  if (delta < 0) raiseInvalid("cannot grow a memory by a negative number of pages");
  return unwrap(memory.grow(static_cast<std::uint64_t>(delta)));
}

// --- Atomics -------------------------------------------------------------------------------------

// A cell value from Python: an int of `width` bytes, signed or unsigned (two's complement).
template <AtomicCell T> T cellValue(const py::object& value) {
  const std::string what = "atomic value";
  if (!PyLong_Check(value.ptr())) raiseTypeError(what + ": expected an int");
  constexpr int bits = static_cast<int>(sizeof(T) * 8);
  const py::object low = -(py::int_(1) << py::int_(bits - 1));
  const py::object high = py::int_(1) << py::int_(bits);
  if (value < low || value >= high) {
    PyErr_SetString(PyExc_OverflowError, (py::str(value).cast<std::string>() + " does not fit in " +
                                          std::to_string(sizeof(T)) + " bytes")
                                             .c_str());
    throw py::error_already_set();
  }
  return static_cast<T>(py::object(value & (high - py::int_(1))).cast<std::uint64_t>());
}

// Calls body.template operator()<T>() for the cell type of `width` bytes.
template <class F> py::object byWidth(int width, F&& body) {
  switch (width) {
  case 1: return body(std::uint8_t{});
  case 2: return body(std::uint16_t{});
  case 4: return body(std::uint32_t{});
  case 8: return body(std::uint64_t{});
  default: raiseValueError("atomic width must be 1, 2, 4 or 8 bytes, got " + std::to_string(width));
  }
}

py::object atomicLoad(const Memory& memory, std::uint64_t address, int width) {
  return byWidth(width, [&]<class T>(T) {
    return py::int_(static_cast<std::uint64_t>(unwrap(memory.atomicLoad<T>(address))));
  });
}

void atomicStore(Memory& memory, std::uint64_t address, const py::object& value, int width) {
  byWidth(width, [&]<class T>(T) {
    unwrap(memory.atomicStore<T>(address, cellValue<T>(value)));
    return py::none();
  });
}

py::object atomicRmw(Memory& memory, AtomicOp op, std::uint64_t address, const py::object& value,
                     int width) {
  return byWidth(width, [&]<class T>(T) {
    return py::int_(
        static_cast<std::uint64_t>(unwrap(memory.atomicRmw<T>(op, address, cellValue<T>(value)))));
  });
}

py::object atomicCompareExchange(Memory& memory, std::uint64_t address, const py::object& expected,
                                 const py::object& replacement, int width) {
  return byWidth(width, [&]<class T>(T) {
    return py::int_(static_cast<std::uint64_t>(unwrap(memory.atomicCompareExchange<T>(
        address, cellValue<T>(expected), cellValue<T>(replacement)))));
  });
}

std::optional<std::chrono::nanoseconds> timeoutOf(const std::optional<double>& seconds) {
  if (!seconds) return std::nullopt;
  if (!(*seconds >= 0)) raiseValueError("timeout must be a non-negative number of seconds");
  return std::chrono::nanoseconds(static_cast<std::int64_t>(std::min(*seconds, 1e9) * 1e9));
}

// wait32/wait64 with the GIL released; the result as wasmline.WaitResult.
template <class T>
py::object atomicWait(Memory& memory, std::uint64_t address, const py::object& expected,
                      const std::optional<double>& timeout) {
  const T value = cellValue<T>(expected);
  const auto duration = timeoutOf(timeout);
  Result<WaitResult> result = [&] {
    const py::gil_scoped_release release;
    if constexpr (sizeof(T) == 4) {
      return memory.atomicWait32(address, value, duration);
    } else {
      return memory.atomicWait64(address, value, duration);
    }
  }();
  return helper("WaitResult")(static_cast<int>(unwrap(std::move(result))));
}

// py::arg("store") for each type of the pack (none or one).
template <class T> py::arg storeArg() {
  return py::arg("store");
}

// The atomic helpers, as methods of Memory (store first, like its other methods) and of
// SharedMemory (no store). `Self` is PyMemory or PySharedMemory.
template <class Self, class... Store> void bindAtomics(py::class_<Self>& cls) {
  const auto rmw = [&cls](const char* name, AtomicOp op, const char* doc) {
    cls.def(
        name,
        [op](Self& self, Store... stores, std::uint64_t address, const py::object& value,
             int width) {
          (storeOf(stores), ...);
          return atomicRmw(self.memory, op, address, value, width);
        },
        doc, storeArg<Store>()..., py::arg("address"), py::arg("value"), py::arg("width") = 4);
  };
  cls.def(
      "atomic_load",
      [](Self& self, Store... stores, std::uint64_t address, int width) {
        (storeOf(stores), ...);
        return atomicLoad(self.memory, address, width);
      },
      "Atomically reads the width-byte cell at address (unsigned).", storeArg<Store>()...,
      py::arg("address"), py::arg("width") = 4);
  cls.def(
      "atomic_store",
      [](Self& self, Store... stores, std::uint64_t address, const py::object& value, int width) {
        (storeOf(stores), ...);
        atomicStore(self.memory, address, value, width);
      },
      "Atomically writes value to the width-byte cell at address.", storeArg<Store>()...,
      py::arg("address"), py::arg("value"), py::arg("width") = 4);
  rmw("atomic_add", AtomicOp::Add, "Atomically adds value; returns the previous value.");
  rmw("atomic_sub", AtomicOp::Sub, "Atomically subtracts value; returns the previous value.");
  rmw("atomic_and", AtomicOp::And, "Atomic bitwise and; returns the previous value.");
  rmw("atomic_or", AtomicOp::Or, "Atomic bitwise or; returns the previous value.");
  rmw("atomic_xor", AtomicOp::Xor, "Atomic bitwise xor; returns the previous value.");
  rmw("atomic_exchange", AtomicOp::Exchange, "Atomically replaces; returns the previous value.");
  cls.def(
      "atomic_compare_exchange",
      [](Self& self, Store... stores, std::uint64_t address, const py::object& expected,
         const py::object& replacement, int width) {
        (storeOf(stores), ...);
        return atomicCompareExchange(self.memory, address, expected, replacement, width);
      },
      "Stores replacement if the cell holds expected; returns the previous value.",
      storeArg<Store>()..., py::arg("address"), py::arg("expected"), py::arg("replacement"),
      py::arg("width") = 4);
  cls.def(
      "atomic_wait32",
      [](Self& self, Store... stores, std::uint64_t address, const py::object& expected,
         std::optional<double> timeout) {
        (storeOf(stores), ...);
        return atomicWait<std::uint32_t>(self.memory, address, expected, timeout);
      },
      "Blocks (GIL released) while the 32-bit cell equals expected, until notified or timeout "
      "seconds pass; returns WaitResult.OK, MISMATCH or TIMED_OUT.",
      storeArg<Store>()..., py::arg("address"), py::arg("expected"),
      py::arg("timeout") = py::none());
  cls.def(
      "atomic_wait64",
      [](Self& self, Store... stores, std::uint64_t address, const py::object& expected,
         std::optional<double> timeout) {
        (storeOf(stores), ...);
        return atomicWait<std::uint64_t>(self.memory, address, expected, timeout);
      },
      "atomic_wait32 for a 64-bit cell.", storeArg<Store>()..., py::arg("address"),
      py::arg("expected"), py::arg("timeout") = py::none());
  cls.def(
      "atomic_notify",
      [](Self& self, Store... stores, std::uint64_t address, std::uint32_t count) {
        (storeOf(stores), ...);
        return unwrap(self.memory.atomicNotify(address, count));
      },
      "Wakes at most count waiters at address; returns how many woke.", storeArg<Store>()...,
      py::arg("address"), py::arg("count") = UINT32_MAX);
}

} // namespace

void bindMemory(py::module_& m) {
  py::class_<MemoryBuffer>(m, "MemoryBuffer", py::buffer_protocol(),
                           "A writable buffer over a memory's bytes [0, len); stays valid "
                           "across grow (memoryview(buf), numpy.frombuffer(buf)).")
      .def_buffer([](MemoryBuffer& buffer) {
        return py::buffer_info(buffer.memory.data(), 1,
                               py::format_descriptor<std::uint8_t>::format(),
                               static_cast<py::ssize_t>(buffer.length), false);
      })
      .def("__len__", [](const MemoryBuffer& buffer) { return buffer.length; })
      .def_property_readonly("address", [](MemoryBuffer& buffer) {
        return reinterpret_cast<std::uintptr_t>(buffer.memory.data());
      });

  py::class_<PyMemory> memory(m, "Memory", "A linear memory (wasmtime-py's Memory).");
  memory
      .def(py::init([](const py::object& store, const MemoryType& type) {
             const auto& box = storeOf(store);
             return PyMemory{unwrap(Memory::create(type, box->engine().config().memory)), box};
           }),
           py::arg("store"), py::arg("ty"))
      .def(
          "type",
          [](const PyMemory& self, const py::object& store) {
            storeOf(store);
            return self.memory.currentType();
          },
          "The memory's type, with the current size as its minimum.", py::arg("store"))
      .def(
          "grow",
          [](PyMemory& self, const py::object& store, std::int64_t delta) {
            storeOf(store);
            return growBy(self.memory, delta);
          },
          "Grows by delta pages; returns the previous size in pages.", py::arg("store"),
          py::arg("delta"))
      .def(
          "size",
          [](const PyMemory& self, const py::object& store) {
            storeOf(store);
            return self.memory.pages();
          },
          "The size in pages.", py::arg("store"))
      .def(
          "data_len",
          [](const PyMemory& self, const py::object& store) {
            storeOf(store);
            return self.memory.byteLength();
          },
          "The size in bytes.", py::arg("store"))
      .def(
          "page_size",
          [](const PyMemory& self, const py::object& store) {
            storeOf(store);
            return self.memory.pageSize();
          },
          py::arg("store"))
      .def(
          "page_size_log2",
          [](const PyMemory&, const py::object& store) {
            storeOf(store);
            return 16;
          },
          py::arg("store"))
      .def(
          "buffer",
          [](PyMemory& self, const py::object& store) {
            if (!store.is_none()) storeOf(store);
            return bufferOf(self.memory);
          },
          "A writable zero-copy buffer of the current bytes (valid across grow).",
          py::arg("store") = py::none())
      .def(
          "data_ptr",
          [](PyMemory& self, const py::object& store) {
            storeOf(store);
            return helper("data_pointer")(bufferOf(self.memory));
          },
          "The address of byte 0: an int that also acts as a ctypes POINTER(c_ubyte).",
          py::arg("store"))
      .def(
          "get_buffer_ptr",
          [](PyMemory& self, const py::object& store, const py::object& size, std::int64_t offset) {
            storeOf(store);
            return helper("buffer_array")(bufferOf(self.memory), size, offset);
          },
          "A ctypes c_ubyte array over [offset, offset + size), bounds-checked.", py::arg("store"),
          py::arg("size") = py::none(), py::arg("offset") = 0)
      .def(
          "read",
          [](const PyMemory& self, const py::object& store, std::int64_t start,
             std::optional<std::int64_t> stop) {
            storeOf(store);
            return readRange(self.memory, start, stop);
          },
          "A copy of bytes [start, stop) (negative indices count from the end); raises "
          "OutOfBounds naming the range when it is outside the memory.",
          py::arg("store"), py::arg("start") = 0, py::arg("stop") = py::none())
      .def(
          "write",
          [](PyMemory& self, const py::object& store, const py::object& data, std::int64_t start) {
            storeOf(store);
            return writeBytes(self.memory, data, start);
          },
          "Copies data to start; returns the bytes written; raises OutOfBounds (writing nothing) "
          "when it does not fit.",
          py::arg("store"), py::arg("data"), py::arg("start") = 0)
      .def("__len__", [](const PyMemory& self) { return self.memory.byteLength(); })
      .def("__getitem__",
           [](const PyMemory& self, const py::object& key) { return getItem(self.memory, key); })
      .def("__setitem__", [](PyMemory& self, const py::object& key, const py::object& value) {
        setItem(self.memory, key, value);
      });
  bindAtomics<PyMemory, const py::object&>(memory);

  py::class_<PySharedMemory> shared(m, "SharedMemory",
                                    "A shared linear memory usable by several stores and threads.");
  shared
      .def(py::init([](const PyEngine& engine, const MemoryType& type) {
             MemoryType sharedType = type;
             sharedType.shared = true;
             return PySharedMemory{
                 unwrap(Memory::create(sharedType, engine.engine->config().memory))};
           }),
           py::arg("engine"), py::arg("ty"))
      .def("type", [](const PySharedMemory& self) { return self.memory.currentType(); })
      .def(
          "grow",
          [](PySharedMemory& self, std::int64_t delta) { return growBy(self.memory, delta); },
          py::arg("delta"))
      .def("size", [](const PySharedMemory& self) { return self.memory.pages(); })
      .def("data_len", [](const PySharedMemory& self) { return self.memory.byteLength(); })
      .def("page_size", [](const PySharedMemory& self) { return self.memory.pageSize(); })
      .def("data_ptr",
           [](PySharedMemory& self) { return helper("data_pointer")(bufferOf(self.memory)); })
      .def(
          "buffer", [](PySharedMemory& self) { return bufferOf(self.memory); },
          "A writable zero-copy buffer of the current bytes (valid across grow).")
      .def(
          "as_memory",
          [](const PySharedMemory& self, const py::object& store) {
            return PyMemory{self.memory, storeOf(store)};
          },
          "This memory as a Memory for `store` (every store sees the same bytes).",
          py::arg("store"));
  bindAtomics<PySharedMemory>(shared);
}

} // namespace wasmline::python
