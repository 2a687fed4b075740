// WASI file descriptor metadata: fdstat (type, flags, rights) and filestat (size, times).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <endian.h>

#include <cstring>

#include "runtime/wasi/filestat.h"
#include "runtime/wasi/handlers.h"

namespace wasmline::wasi::handlers {
namespace {

// The WASI fdflags of host open-file flags.
std::uint16_t fdflagsOfHost(int flags) {
  std::uint16_t result = 0;
  if (flags & O_APPEND) result |= kFdflagAppend;
  if (flags & O_NONBLOCK) result |= kFdflagNonblock;
  if ((flags & O_SYNC) == O_SYNC) {
    result |= kFdflagSync;
  } else if (flags & O_DSYNC) {
    result |= kFdflagDsync;
  }
  return result;
}

// The synchronized-I/O part of `fdflags` as Linux keeps it: SYNC implies DSYNC, and RSYNC is
// SYNC.
std::uint32_t syncFlags(std::uint32_t fdflags) {
  if (fdflags & (kFdflagSync | kFdflagRsync)) return kFdflagSync;
  return fdflags & kFdflagDsync;
}

} // namespace

Errno fd_fdstat_get(WasiState& state, U32 fd, U32 fdstatOut) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  const int flags = ::fcntl(entry->host.get(), F_GETFL);
  if (flags < 0) return lastHostErrno();
  std::uint8_t record[layout::kFdstatSize] = {};
  record[0] = static_cast<std::uint8_t>(entry->type);
  const std::uint16_t fdflags = htole16(fdflagsOfHost(flags));
  const U64 base = htole64(entry->rightsBase);
  const U64 inheriting = htole64(entry->rightsInheriting);
  std::memcpy(&record[2], &fdflags, 2);
  std::memcpy(&record[8], &base, 8);
  std::memcpy(&record[16], &inheriting, 8);
  return state.memory.write(fdstatOut, record);
}

Errno fd_fdstat_set_flags(WasiState& state, U32 fd, U32 flags) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  if (flags & ~U32{kFdflagsAll}) return Errno::Inval;
  const int current = ::fcntl(entry->host.get(), F_GETFL);
  if (current < 0) return lastHostErrno();
  // Linux cannot change the synchronized-I/O flags of an open file: they may only be restated.
  if (syncFlags(flags) != syncFlags(fdflagsOfHost(current))) return Errno::NotSup;
  int wanted = current & ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) wanted |= O_APPEND;
  if (flags & kFdflagNonblock) wanted |= O_NONBLOCK;
  return ::fcntl(entry->host.get(), F_SETFL, wanted) == 0 ? Errno::Success : lastHostErrno();
}

Errno fd_fdstat_set_rights(WasiState& state, U32 fd, U64 rightsBase, U64 rightsInheriting) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  // Rights can only be dropped.
  if ((rightsBase & ~entry->rightsBase) != 0 ||
      (rightsInheriting & ~entry->rightsInheriting) != 0) {
    return Errno::NotCapable;
  }
  entry->rightsBase = rightsBase;
  entry->rightsInheriting = rightsInheriting;
  return Errno::Success;
}

Errno fd_filestat_get(WasiState& state, U32 fd, U32 filestatOut) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  struct stat info {};
  if (::fstat(entry->host.get(), &info) != 0) return lastHostErrno();
  return state.memory.write(filestatOut, encodeFilestat(info));
}

Errno fd_filestat_set_size(WasiState& state, U32 fd, U64 size) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  if (size > static_cast<U64>(INT64_MAX)) return Errno::Inval;
  return ::ftruncate(entry->host.get(), static_cast<off_t>(size)) == 0 ? Errno::Success
                                                                       : lastHostErrno();
}

Errno fd_filestat_set_times(WasiState& state, U32 fd, U64 atim, U64 mtim, U32 fstFlags) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  auto times = timesFromFlags(atim, mtim, fstFlags);
  if (!times) return times.error();
  return ::futimens(entry->host.get(), times->data()) == 0 ? Errno::Success : lastHostErrno();
}

} // namespace wasmline::wasi::handlers
