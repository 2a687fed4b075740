// WASI file descriptor I/O: read, write, seek, sync, advise, close, renumber, readdir, prestat.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <endian.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>

#include "runtime/wasi/filestat.h"
#include "runtime/wasi/handlers.h"

namespace wasmline::wasi::handlers {
namespace {

// A file offset or length from the guest as off_t. Errors: Inval (above INT64_MAX).
ErrnoOr<off_t> hostOffset(U64 value) {
  if (value > static_cast<U64>(INT64_MAX)) return Errno::Inval;
  return static_cast<off_t>(value);
}

// Runs readv/writev/preadv/pwritev-like `transfer` over the guest's iovecs and stores the byte
// count at `countOut`.
template <class Transfer>
Errno transferIovecs(WasiState& state, U32 fd, U32 iovs, U32 iovsLen, U32 countOut,
                     Transfer transfer) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  auto vectors = state.memory.iovecs(iovs, iovsLen);
  if (!vectors) return vectors.error();
  ssize_t done = 0;
  do {
    done = transfer(entry->host.get(), vectors->data(), static_cast<int>(vectors->size()));
  } while (done < 0 && errno == EINTR);
  if (done < 0) return lastHostErrno();
  return state.memory.writeU32(countOut, static_cast<U32>(done));
}

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};

// Every entry of the directory `hostFd` (read through a descriptor of its own, so the position
// of `hostFd` is untouched), "." and ".." included.
ErrnoOr<std::vector<DirEntry>> listDirectory(int hostFd) {
  const int fd = ::openat(hostFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return lastHostErrno();
  std::unique_ptr<DIR, DirCloser> dir(::fdopendir(fd));
  if (!dir) {
    const Errno error = lastHostErrno();
    ::close(fd);
    return error;
  }
  std::vector<DirEntry> entries;
  errno = 0;
  while (const dirent* item = ::readdir(dir.get())) {
    DirEntry entry{item->d_name, item->d_ino, filetypeOfDirentType(item->d_type)};
    if (item->d_type == DT_UNKNOWN) {
      struct stat info {};
      if (::fstatat(fd, item->d_name, &info, AT_SYMLINK_NOFOLLOW) == 0) {
        entry.type = filetypeOfMode(info.st_mode);
      }
    }
    entries.push_back(std::move(entry));
    errno = 0;
  }
  if (errno != 0) return lastHostErrno();
  return entries;
}

// The dirent record of `entry` (header and name) whose d_next is `next`.
std::vector<std::uint8_t> direntRecord(const DirEntry& entry, U64 next) {
  std::array<std::uint8_t, layout::kDirentSize> header{};
  const U64 nextLe = htole64(next);
  const U64 inodeLe = htole64(entry.inode);
  const U32 lengthLe = htole32(static_cast<U32>(entry.name.size()));
  std::memcpy(header.data(), &nextLe, 8);
  std::memcpy(header.data() + 8, &inodeLe, 8);
  std::memcpy(header.data() + 16, &lengthLe, 4);
  header[20] = static_cast<std::uint8_t>(entry.type);
  std::vector<std::uint8_t> record(header.begin(), header.end());
  record.insert(record.end(), entry.name.begin(), entry.name.end());
  return record;
}

} // namespace

Errno fd_read(WasiState& state, U32 fd, U32 iovs, U32 iovsLen, U32 nreadOut) {
  return transferIovecs(state, fd, iovs, iovsLen, nreadOut, ::readv);
}

Errno fd_write(WasiState& state, U32 fd, U32 iovs, U32 iovsLen, U32 nwrittenOut) {
  return transferIovecs(state, fd, iovs, iovsLen, nwrittenOut, ::writev);
}

Errno fd_pread(WasiState& state, U32 fd, U32 iovs, U32 iovsLen, U64 offset, U32 nreadOut) {
  auto at = hostOffset(offset);
  if (!at) return at.error();
  return transferIovecs(state, fd, iovs, iovsLen, nreadOut,
                        [&](int host, const iovec* vectors, int count) {
                          return ::preadv(host, vectors, count, *at);
                        });
}

Errno fd_pwrite(WasiState& state, U32 fd, U32 iovs, U32 iovsLen, U64 offset, U32 nwrittenOut) {
  auto at = hostOffset(offset);
  if (!at) return at.error();
  return transferIovecs(state, fd, iovs, iovsLen, nwrittenOut,
                        [&](int host, const iovec* vectors, int count) {
                          return ::pwritev(host, vectors, count, *at);
                        });
}

Errno fd_seek(WasiState& state, U32 fd, U64 offset, U32 whence, U32 newOffsetOut) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  int hostWhence = SEEK_SET;
  switch (whence) {
  case kWhenceSet: hostWhence = SEEK_SET; break;
  case kWhenceCur: hostWhence = SEEK_CUR; break;
  case kWhenceEnd: hostWhence = SEEK_END; break;
  default: return Errno::Inval;
  }
  const off_t position = ::lseek(entry->host.get(), static_cast<off_t>(offset), hostWhence);
  if (position < 0) return lastHostErrno();
  return state.memory.writeU64(newOffsetOut, static_cast<U64>(position));
}

Errno fd_tell(WasiState& state, U32 fd, U32 offsetOut) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  const off_t position = ::lseek(entry->host.get(), 0, SEEK_CUR);
  if (position < 0) return lastHostErrno();
  return state.memory.writeU64(offsetOut, static_cast<U64>(position));
}

Errno fd_sync(WasiState& state, U32 fd) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  return ::fsync(entry->host.get()) == 0 ? Errno::Success : lastHostErrno();
}

Errno fd_datasync(WasiState& state, U32 fd) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  return ::fdatasync(entry->host.get()) == 0 ? Errno::Success : lastHostErrno();
}

Errno fd_advise(WasiState& state, U32 fd, U64 offset, U64 length, U32 advice) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  // witx order: normal, sequential, random, willneed, dontneed, noreuse.
  static constexpr int kHostAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL,
                                        POSIX_FADV_RANDOM,   POSIX_FADV_WILLNEED,
                                        POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  if (advice > kAdviceNoReuse) return Errno::Inval;
  auto at = hostOffset(offset);
  auto size = hostOffset(length);
  if (!at || !size) return Errno::Inval;
  return errnoFromHost(::posix_fadvise(entry->host.get(), *at, *size, kHostAdvice[advice]));
}

Errno fd_allocate(WasiState& state, U32 fd, U64 offset, U64 length) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  auto at = hostOffset(offset);
  auto size = hostOffset(length);
  if (!at || !size) return Errno::Inval;
  if (*size == 0) return Errno::Inval;
  if (*at > INT64_MAX - *size) return Errno::FBig;
  return errnoFromHost(::posix_fallocate(entry->host.get(), *at, *size));
}

Errno fd_close(WasiState& state, U32 fd) {
  return state.fds.close(fd);
}

Errno fd_renumber(WasiState& state, U32 fd, U32 to) {
  return state.fds.renumber(fd, to);
}

Errno fd_readdir(WasiState& state, U32 fd, U32 buf, U32 bufLen, U64 cookie, U32 bufUsedOut) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry) return Errno::Badf;
  if (entry->type != Filetype::Directory) return Errno::NotDir;
  auto out = state.memory.bytes(buf, bufLen);
  if (!out) return out.error();
  if (cookie == 0 || !entry->listed) {
    auto listing = listDirectory(entry->host.get());
    if (!listing) return listing.error();
    entry->listing = std::move(*listing);
    entry->listed = true;
  }
  // Whole records while they fit; the last one cut short tells the guest to grow its buffer.
  std::size_t used = 0;
  for (U64 index = cookie; index < entry->listing.size() && used < out->size(); ++index) {
    const std::vector<std::uint8_t> record = direntRecord(entry->listing[index], index + 1);
    const std::size_t count = std::min(record.size(), out->size() - used);
    std::memcpy(out->data() + used, record.data(), count);
    used += count;
  }
  return state.memory.writeU32(bufUsedOut, static_cast<U32>(used));
}

Errno fd_prestat_get(WasiState& state, U32 fd, U32 prestatOut) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry || !entry->preopenName) return Errno::Badf;
  std::uint8_t record[layout::kPrestatSize] = {kPreopenDir};
  const U32 length = htole32(static_cast<U32>(entry->preopenName->size()));
  std::memcpy(&record[4], &length, 4);
  return state.memory.write(prestatOut, record);
}

Errno fd_prestat_dir_name(WasiState& state, U32 fd, U32 path, U32 pathLen) {
  FdEntry* entry = state.fds.get(fd);
  if (!entry || !entry->preopenName) return Errno::Badf;
  const std::string& name = *entry->preopenName;
  if (pathLen < name.size()) return Errno::NameTooLong;
  return state.memory.write(
      path, std::span(reinterpret_cast<const std::uint8_t*>(name.data()), name.size()));
}

} // namespace wasmline::wasi::handlers
