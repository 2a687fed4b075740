// WasiConfig (wasmtime-py's names: argv, env, *_file, inherit_*, preopen_dir) and
// Store.set_wasi, which makes the store's WASI context from it.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "python/src/binding.h"

namespace wasmline::python {

namespace {

// Where a guest standard stream goes: nowhere (closed), the host's own, or a file.
struct Stream {
  int inheritFd = -1;
  std::optional<std::string> path;
};

struct PyWasiConfig {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<WasiConfig::Preopen> preopens;
  Stream in, out, err;
};

std::string fsPath(const py::object& path) {
  return py::module_::import("os").attr("fsdecode")(path).cast<std::string>();
}

// A file descriptor closed on scope exit.
class OwnedFd {
public:
  explicit OwnedFd(int fd) : fd_(fd) {}
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  ~OwnedFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

private:
  int fd_;
};

// The host descriptor behind a guest stream (opening its file), or -1 for a closed stream.
OwnedFd openStream(const Stream& stream, int flags, const char* what) {
  if (!stream.path) return OwnedFd(-1);
  const int fd = ::open(stream.path->c_str(), flags | O_CLOEXEC, 0666);
  if (fd < 0) {
    raiseInvalid(std::string(what) + ": cannot open " + *stream.path + ": " + std::strerror(errno));
  }
  return OwnedFd(fd);
}

// Only READ_WRITE permissions: wasmline's WASI does not restrict preopens further.
void checkPerms(const py::object& perms, const char* what) {
  if (perms.is_none()) return;
  if (!py::hasattr(perms, "name") || perms.attr("name").cast<std::string>() != "READ_WRITE") {
    raise(Error(ErrorKind::Unsupported,
                std::string(what) +
                    ": wasmline's WASI grants preopened directories read and write "
                    "access only (READ_WRITE); it cannot restrict them to " +
                    py::str(perms).cast<std::string>()));
  }
}

void setWasi(PyStore& store, const PyWasiConfig& config) {
  WasiConfig wasi;
  wasi.args = config.argv;
  for (const auto& [name, value] : config.env)
    wasi.env.push_back(name + "=" + value);
  wasi.preopens = config.preopens;
  const OwnedFd in = openStream(config.in, O_RDONLY, "stdin_file");
  const OwnedFd out = openStream(config.out, O_WRONLY | O_CREAT | O_TRUNC, "stdout_file");
  const OwnedFd err = openStream(config.err, O_WRONLY | O_CREAT | O_TRUNC, "stderr_file");
  wasi.stdinFd = config.in.path ? in.get() : config.in.inheritFd;
  wasi.stdoutFd = config.out.path ? out.get() : config.out.inheritFd;
  wasi.stderrFd = config.err.path ? err.get() : config.err.inheritFd;
  store.box->wasi = unwrap(WasiContext::create(std::move(wasi)));
}

} // namespace

void bindWasi(py::module_& m) {
  py::class_<PyWasiConfig>(m, "WasiConfig",
                           "What a WASI program sees of the host: argv, environment, standard "
                           "streams (closed unless inherited or redirected), preopened "
                           "directories.")
      .def(py::init<>())
      .def_property(
          "argv", [](const PyWasiConfig& c) { return c.argv; },
          [](PyWasiConfig& c, std::vector<std::string> argv) { c.argv = std::move(argv); })
      .def("inherit_argv",
           [](PyWasiConfig& c) {
             c.argv = py::module_::import("sys").attr("argv").cast<std::vector<std::string>>();
           })
      .def_property(
          "env", [](const PyWasiConfig& c) { return c.env; },
          [](PyWasiConfig& c, const py::iterable& pairs) {
            std::vector<std::pair<std::string, std::string>> env;
            for (const py::handle pair : pairs) {
              const auto items = pair.cast<py::sequence>();
              if (items.size() != 2) raiseValueError("env entries are (name, value) pairs");
              env.emplace_back(items[0].cast<std::string>(), items[1].cast<std::string>());
            }
            c.env = std::move(env);
          })
      .def("inherit_env",
           [](PyWasiConfig& c) {
             c.env.clear();
             const py::dict environ = py::module_::import("os").attr("environ").attr("copy")();
             for (const auto& [name, value] : environ)
               c.env.emplace_back(name.cast<std::string>(), value.cast<std::string>());
           })
      .def_property(
          "stdin_file", [](const PyWasiConfig& c) { return c.in.path; },
          [](PyWasiConfig& c, const py::object& path) {
            c.in = Stream{-1, fsPath(path)};
          })
      .def_property(
          "stdout_file", [](const PyWasiConfig& c) { return c.out.path; },
          [](PyWasiConfig& c, const py::object& path) {
            c.out = Stream{-1, fsPath(path)};
          })
      .def_property(
          "stderr_file", [](const PyWasiConfig& c) { return c.err.path; },
          [](PyWasiConfig& c, const py::object& path) {
            c.err = Stream{-1, fsPath(path)};
          })
      .def("inherit_stdin",
           [](PyWasiConfig& c) {
             c.in = Stream{0, std::nullopt};
           })
      .def("inherit_stdout",
           [](PyWasiConfig& c) {
             c.out = Stream{1, std::nullopt};
           })
      .def("inherit_stderr",
           [](PyWasiConfig& c) {
             c.err = Stream{2, std::nullopt};
           })
      .def(
          "preopen_dir",
          [](PyWasiConfig& c, const py::object& path, const py::object& guestPath,
             const py::object& dirPerms, const py::object& filePerms) {
            checkPerms(dirPerms, "preopen_dir dir_perms");
            checkPerms(filePerms, "preopen_dir file_perms");
            c.preopens.push_back(WasiConfig::Preopen{fsPath(path), fsPath(guestPath)});
          },
          "Lets the guest use the host directory `path` under the name `guest_path`.",
          py::arg("path"), py::arg("guest_path"), py::arg("dir_perms") = py::none(),
          py::arg("file_perms") = py::none());

  auto store = py::reinterpret_borrow<py::class_<PyStore>>(m.attr("Store"));
  store.def("set_wasi", &setWasi,
            "Makes this store's WASI context from config (Linker.define_wasi uses it).",
            py::arg("wasi"));
}

} // namespace wasmline::python
