// The guest's file descriptor table.
#include "runtime/wasi/fd_table.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "runtime/wasi/filestat.h"

namespace wasmline::wasi {

Filetype filetypeOfHost(int hostFd) {
  struct stat info {};
  if (::fstat(hostFd, &info) != 0) return Filetype::Unknown;
  return filetypeOfMode(info.st_mode);
}

std::uint64_t rightsFor(Filetype type, bool readable, bool writable) {
  std::uint64_t all = rights::kStream;
  if (type == Filetype::Directory) return rights::kDirectory;
  if (type == Filetype::RegularFile || type == Filetype::BlockDevice) all = rights::kRegularFile;
  if (!readable) all &= ~rights::kNeedRead;
  if (!writable) all &= ~rights::kNeedWrite;
  return all;
}

FdEntry entryForHost(UniqueFd host) {
  FdEntry entry;
  entry.type = filetypeOfHost(host.get());
  const int mode = ::fcntl(host.get(), F_GETFL) & O_ACCMODE;
  entry.rightsBase = rightsFor(entry.type, mode != O_WRONLY, mode != O_RDONLY);
  entry.rightsInheriting = entry.type == Filetype::Directory ? rights::kAll : 0;
  entry.host = std::move(host);
  return entry;
}

FdEntry* FdTable::get(std::uint32_t fd) {
  return fd < entries_.size() ? entries_[fd].get() : nullptr;
}

ErrnoOr<std::uint32_t> FdTable::add(FdEntry entry) {
  std::uint32_t fd = 0;
  while (fd < entries_.size() && entries_[fd])
    ++fd;
  if (fd >= kMaxFds) return Errno::MFile;
  put(fd, std::move(entry));
  return fd;
}

void FdTable::put(std::uint32_t fd, FdEntry entry) {
  if (fd >= entries_.size()) entries_.resize(std::size_t{fd} + 1);
  entries_[fd] = std::make_unique<FdEntry>(std::move(entry));
}

Errno FdTable::close(std::uint32_t fd) {
  if (!get(fd)) return Errno::Badf;
  entries_[fd].reset();
  trim();
  return Errno::Success;
}

Errno FdTable::renumber(std::uint32_t from, std::uint32_t to) {
  if (!get(from) || !get(to)) return Errno::Badf;
  if (from == to) return Errno::Success;
  entries_[to] = std::move(entries_[from]);
  trim();
  return Errno::Success;
}

void FdTable::trim() {
  while (!entries_.empty() && !entries_.back())
    entries_.pop_back();
}

} // namespace wasmline::wasi
