// WASI path operations, all confined beneath a directory descriptor (runtime/wasi/sandbox.h):
// whole paths are opened with openBeneath, and operations on a final component act on it from
// its parent (openParent) with the *at call, which never follows it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <string>

#include "runtime/wasi/filestat.h"
#include "runtime/wasi/handlers.h"
#include "runtime/wasi/sandbox.h"

namespace wasmline::wasi::handlers {
namespace {

// The directory entry `fd` refers to. Errors: Badf (not open), NotDir (not a directory).
ErrnoOr<FdEntry*> directoryOf(WasiState& state, U32 fd) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  if (entry->type != Filetype::Directory) return Errno::NotDir;
  return entry;
}

// The parent of the guest path (`path`, `pathLen`) beneath directory `fd`.
ErrnoOr<ParentPath> parentOf(WasiState& state, U32 fd, U32 path, U32 pathLen) {
  auto directory = directoryOf(state, fd);
  if (!directory) return directory.error();
  auto text = state.memory.path(path, pathLen);
  if (!text) return text.error();
  return openParent((*directory)->host.get(), *text);
}

// Opens the guest path beneath directory `fd` (see openBeneath).
ErrnoOr<UniqueFd> openGuestPath(WasiState& state, U32 fd, U32 path, U32 pathLen, int flags,
                                bool follow) {
  auto directory = directoryOf(state, fd);
  if (!directory) return directory.error();
  auto text = state.memory.path(path, pathLen);
  if (!text) return text.error();
  return openBeneath((*directory)->host.get(), *text, flags, 0, follow);
}

Errno check(int hostResult) {
  return hostResult == 0 ? Errno::Success : lastHostErrno();
}

// Sets the times of what `fd` (an O_PATH descriptor) refers to.
Errno setTimes(int fd, const std::array<timespec, 2>& times) {
  if (::utimensat(fd, "", times.data(), AT_EMPTY_PATH) == 0) return Errno::Success;
  if (errno != EINVAL) return lastHostErrno();
  // Kernels before 5.8 lack AT_EMPTY_PATH here; the descriptor's /proc link reaches the file.
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  return check(::utimensat(AT_FDCWD, link.c_str(), times.data(), 0));
}

// open(2) flags for path_open's arguments. Errors: Inval (unknown flag bits).
ErrnoOr<int> openFlags(U32 oflags, U64 rightsBase, U32 fdflags) {
  if ((oflags & ~U32{kOflagsAll}) != 0 || (fdflags & ~U32{kFdflagsAll}) != 0) return Errno::Inval;
  const bool readable = (rightsBase & rights::kNeedRead) != 0;
  const bool writable =
      (rightsBase & (rights::kFdWrite | rights::kFdAllocate | rights::kFdFilestatSetSize)) != 0;
  int flags = O_RDONLY;
  if ((oflags & kOflagDirectory) != 0) {
    flags = O_RDONLY | O_DIRECTORY;
  } else if (writable) {
    flags = readable ? O_RDWR : O_WRONLY;
  }
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagRsync) flags |= O_RSYNC;
  if (fdflags & kFdflagSync) flags |= O_SYNC;
  return flags;
}

} // namespace

Errno path_open(WasiState& state, U32 fd, U32 lookupFlags, U32 path, U32 pathLen, U32 oflags,
                U64 rightsBase, U64 rightsInheriting, U32 fdflags, U32 fdOut) {
  auto flags = openFlags(oflags, rightsBase, fdflags);
  if (!flags) return flags.error();
  // Check the result pointer first, so a fault cannot leave a file open or created.
  if (auto out = state.memory.bytes(fdOut, 4); !out) return out.error();
  auto directory = directoryOf(state, fd);
  if (!directory) return directory.error();
  auto text = state.memory.path(path, pathLen);
  if (!text) return text.error();
  auto opened = openBeneath((*directory)->host.get(), *text, *flags, 0666,
                            (lookupFlags & kLookupSymlinkFollow) != 0);
  if (!opened) return opened.error();

  FdEntry entry = entryForHost(std::move(*opened));
  entry.rightsBase &= rightsBase;
  entry.rightsInheriting = entry.type == Filetype::Directory ? rightsInheriting : 0;
  auto number = state.fds.add(std::move(entry));
  if (!number) return number.error();
  return state.memory.writeU32(fdOut, *number);
}

Errno path_create_directory(WasiState& state, U32 fd, U32 path, U32 pathLen) {
  auto parent = parentOf(state, fd, path, pathLen);
  if (!parent) return parent.error();
  if (parent->dots) return Errno::Exist;
  return check(::mkdirat(parent->parent.get(), parent->name.c_str(), 0777));
}

Errno path_remove_directory(WasiState& state, U32 fd, U32 path, U32 pathLen) {
  auto parent = parentOf(state, fd, path, pathLen);
  if (!parent) return parent.error();
  if (parent->dots) return parent->name.starts_with("..") ? Errno::NotEmpty : Errno::Inval;
  return check(::unlinkat(parent->parent.get(), parent->name.c_str(), AT_REMOVEDIR));
}

Errno path_unlink_file(WasiState& state, U32 fd, U32 path, U32 pathLen) {
  auto parent = parentOf(state, fd, path, pathLen);
  if (!parent) return parent.error();
  if (parent->dots) return Errno::IsDir;
  return check(::unlinkat(parent->parent.get(), parent->name.c_str(), 0));
}

Errno path_rename(WasiState& state, U32 fd, U32 oldPath, U32 oldPathLen, U32 newFd, U32 newPath,
                  U32 newPathLen) {
  auto from = parentOf(state, fd, oldPath, oldPathLen);
  if (!from) return from.error();
  auto to = parentOf(state, newFd, newPath, newPathLen);
  if (!to) return to.error();
  if (from->dots || to->dots) return Errno::Busy;
  return check(
      ::renameat(from->parent.get(), from->name.c_str(), to->parent.get(), to->name.c_str()));
}

Errno path_symlink(WasiState& state, U32 oldPath, U32 oldPathLen, U32 fd, U32 newPath,
                   U32 newPathLen) {
  // The link's contents are not resolved now; every later resolution is confined anyway.
  auto target = state.memory.path(oldPath, oldPathLen);
  if (!target) return target.error();
  auto parent = parentOf(state, fd, newPath, newPathLen);
  if (!parent) return parent.error();
  if (parent->dots) return Errno::Exist;
  return check(::symlinkat(target->c_str(), parent->parent.get(), parent->name.c_str()));
}

Errno path_link(WasiState& state, U32 oldFd, U32 oldFlags, U32 oldPath, U32 oldPathLen, U32 newFd,
                U32 newPath, U32 newPathLen) {
  auto to = parentOf(state, newFd, newPath, newPathLen);
  if (!to) return to.error();
  if (to->dots) return Errno::Exist;
  auto from = parentOf(state, oldFd, oldPath, oldPathLen);
  if (!from) return from.error();
  const bool follow = (oldFlags & kLookupSymlinkFollow) != 0 || from->name.ends_with('/');
  if (!follow) {
    if (from->dots) return Errno::Perm; // a hard link to a directory
    return check(
        ::linkat(from->parent.get(), from->name.c_str(), to->parent.get(), to->name.c_str(), 0));
  }
  auto source = openGuestPath(state, oldFd, oldPath, oldPathLen, O_PATH, true);
  if (!source) return source.error();
  if (::linkat(source->get(), "", to->parent.get(), to->name.c_str(), AT_EMPTY_PATH) == 0) {
    return Errno::Success;
  }
  if (errno != ENOENT) return lastHostErrno();
  // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the descriptor's /proc link does not.
  const std::string link = "/proc/self/fd/" + std::to_string(source->get());
  return check(
      ::linkat(AT_FDCWD, link.c_str(), to->parent.get(), to->name.c_str(), AT_SYMLINK_FOLLOW));
}

Errno path_readlink(WasiState& state, U32 fd, U32 path, U32 pathLen, U32 buf, U32 bufLen,
                    U32 bufUsedOut) {
  auto out = state.memory.bytes(buf, bufLen);
  if (!out) return out.error();
  auto parent = parentOf(state, fd, path, pathLen);
  if (!parent) return parent.error();
  if (parent->dots) return Errno::Inval;
  if (parent->name.ends_with('/')) {
    // "link/" names what the link leads to, never a link: check it is reachable, then refuse.
    auto whole = openGuestPath(state, fd, path, pathLen, O_PATH, true);
    return whole ? Errno::Inval : whole.error();
  }
  char target[PATH_MAX];
  const ssize_t length =
      ::readlinkat(parent->parent.get(), parent->name.c_str(), target, sizeof target);
  if (length < 0) return lastHostErrno();
  const std::size_t used = std::min(static_cast<std::size_t>(length), out->size());
  std::copy_n(target, used, out->data());
  return state.memory.writeU32(bufUsedOut, static_cast<U32>(used));
}

Errno path_filestat_get(WasiState& state, U32 fd, U32 lookupFlags, U32 path, U32 pathLen,
                        U32 filestatOut) {
  auto opened =
      openGuestPath(state, fd, path, pathLen, O_PATH, (lookupFlags & kLookupSymlinkFollow) != 0);
  if (!opened) return opened.error();
  struct stat info {};
  if (::fstat(opened->get(), &info) != 0) return lastHostErrno();
  return state.memory.write(filestatOut, encodeFilestat(info));
}

Errno path_filestat_set_times(WasiState& state, U32 fd, U32 lookupFlags, U32 path, U32 pathLen,
                              U64 atim, U64 mtim, U32 fstFlags) {
  auto times = timesFromFlags(atim, mtim, fstFlags);
  if (!times) return times.error();
  auto parent = parentOf(state, fd, path, pathLen);
  if (!parent) return parent.error();
  const bool follow = (lookupFlags & kLookupSymlinkFollow) != 0;
  if (follow || parent->dots || parent->name.ends_with('/')) {
    auto opened = openGuestPath(state, fd, path, pathLen, O_PATH, true);
    if (!opened) return opened.error();
    return setTimes(opened->get(), *times);
  }
  return check(
      ::utimensat(parent->parent.get(), parent->name.c_str(), times->data(), AT_SYMLINK_NOFOLLOW));
}

} // namespace wasmline::wasi::handlers
