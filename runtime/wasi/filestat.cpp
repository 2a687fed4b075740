// Host file metadata in WASI terms.
#include "runtime/wasi/filestat.h"

#include <dirent.h>
#include <endian.h>

#include <cstring>

namespace wasmline::wasi {
namespace {

void put64(std::uint8_t* at, std::uint64_t value) {
  value = htole64(value);
  std::memcpy(at, &value, sizeof value);
}

timespec timespecOf(std::uint64_t nanoseconds) {
  timespec time{};
  time.tv_sec = static_cast<time_t>(nanoseconds / 1'000'000'000);
  time.tv_nsec = static_cast<long>(nanoseconds % 1'000'000'000);
  return time;
}

// One field's new time: omitted, now, or the given timestamp.
ErrnoOr<timespec> fieldTime(std::uint64_t value, bool set, bool now) {
  if (set && now) return Errno::Inval;
  timespec time{};
  time.tv_nsec = UTIME_OMIT;
  if (now) time.tv_nsec = UTIME_NOW;
  if (set) time = timespecOf(value);
  return time;
}

} // namespace

Filetype filetypeOfMode(mode_t mode) {
  switch (mode & S_IFMT) {
  case S_IFREG: return Filetype::RegularFile;
  case S_IFDIR: return Filetype::Directory;
  case S_IFLNK: return Filetype::SymbolicLink;
  case S_IFCHR: return Filetype::CharacterDevice;
  case S_IFBLK: return Filetype::BlockDevice;
  case S_IFSOCK: return Filetype::SocketStream;
  default: return Filetype::Unknown; // FIFOs have no WASI filetype
  }
}

Filetype filetypeOfDirentType(unsigned char type) {
  switch (type) {
  case DT_REG: return Filetype::RegularFile;
  case DT_DIR: return Filetype::Directory;
  case DT_LNK: return Filetype::SymbolicLink;
  case DT_CHR: return Filetype::CharacterDevice;
  case DT_BLK: return Filetype::BlockDevice;
  case DT_SOCK: return Filetype::SocketStream;
  default: return Filetype::Unknown;
  }
}

std::uint64_t timestampOf(const timespec& time) {
  if (time.tv_sec < 0) return 0;
  return static_cast<std::uint64_t>(time.tv_sec) * 1'000'000'000 +
         static_cast<std::uint64_t>(time.tv_nsec);
}

std::array<std::uint8_t, layout::kFilestatSize> encodeFilestat(const struct stat& info) {
  std::array<std::uint8_t, layout::kFilestatSize> record{};
  put64(&record[0], info.st_dev);
  put64(&record[8], info.st_ino);
  record[16] = static_cast<std::uint8_t>(filetypeOfMode(info.st_mode));
  put64(&record[24], info.st_nlink);
  put64(&record[32], static_cast<std::uint64_t>(info.st_size));
  put64(&record[40], timestampOf(info.st_atim));
  put64(&record[48], timestampOf(info.st_mtim));
  put64(&record[56], timestampOf(info.st_ctim));
  return record;
}

ErrnoOr<std::array<timespec, 2>> timesFromFlags(std::uint64_t atim, std::uint64_t mtim,
                                                std::uint32_t fstFlags) {
  if (fstFlags & ~std::uint32_t{kFstAll}) return Errno::Inval;
  auto access = fieldTime(atim, fstFlags & kFstAtim, fstFlags & kFstAtimNow);
  if (!access) return access.error();
  auto modify = fieldTime(mtim, fstFlags & kFstMtim, fstFlags & kFstMtimNow);
  if (!modify) return modify.error();
  return std::array<timespec, 2>{*access, *modify};
}

} // namespace wasmline::wasi
