// Host errno → WASI errno, from the one table in errno.def.
#include <array>
#include <cerrno>

#include "runtime/wasi/abi.h"

namespace wasmline::wasi {
namespace {

struct ErrnoRow {
  Errno wasi;
  int host;
  const char* name;
};

constexpr std::array kErrnos = {
#define WASI_ERRNO(name, value, host) ErrnoRow{Errno::name, host, #name},
#include "runtime/wasi/errno.def"
#undef WASI_ERRNO
};

static_assert(kErrnos.size() == 77, "witx defines errno values 0 to 76");

} // namespace

Errno errnoFromHost(int hostErrno) {
  if (hostErrno == 0) return Errno::Success;
  for (const ErrnoRow& row : kErrnos) {
    if (row.host == hostErrno) return row.wasi;
  }
  return Errno::Io;
}

Errno lastHostErrno() {
  return errnoFromHost(errno);
}

const char* errnoName(Errno error) {
  for (const ErrnoRow& row : kErrnos) {
    if (row.wasi == error) return row.name;
  }
  return "unknown";
}

} // namespace wasmline::wasi
