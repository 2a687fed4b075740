// The WASI preview1 ABI: errno values, flag and enum constants and the byte layouts of the
// structures the guest reads and writes (witx, as in wasi-libc's <wasi/api.h>).
#pragma once

#include <cstdint>
#include <utility>
#include <variant>

namespace wasmline::wasi {

// A WASI errno (witx `errno`, 16 bits; returned to wasm as an i32).
enum class Errno : std::uint16_t {
#define WASI_ERRNO(name, value, host) name = value,
#include "runtime/wasi/errno.def"
#undef WASI_ERRNO
};

// The WASI errno for a Linux errno value (Io for one WASI has no name for).
Errno errnoFromHost(int hostErrno);
// The WASI errno for the calling thread's current `errno`.
Errno lastHostErrno();
// The errno's name as spelled in errno.def, e.g. "NotCapable".
const char* errnoName(Errno error);

// A value or a WASI errno: what the helpers of the WASI handlers return.
template <class T> class [[nodiscard]] ErrnoOr {
public:
  ErrnoOr(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  ErrnoOr(Errno error) : state_(std::in_place_index<1>, error) {}

  explicit operator bool() const { return state_.index() == 0; }
  T& operator*() { return std::get<0>(state_); }
  const T& operator*() const { return std::get<0>(state_); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }
  // The errno; only valid when the value is absent.
  Errno error() const { return std::get<1>(state_); }

private:
  std::variant<T, Errno> state_;
};

// witx `filetype`.
enum class Filetype : std::uint8_t {
  Unknown = 0,
  BlockDevice = 1,
  CharacterDevice = 2,
  Directory = 3,
  RegularFile = 4,
  SocketDgram = 5,
  SocketStream = 6,
  SymbolicLink = 7,
};

// witx `clockid`.
inline constexpr std::uint32_t kClockRealtime = 0;
inline constexpr std::uint32_t kClockMonotonic = 1;
inline constexpr std::uint32_t kClockProcessCputime = 2;
inline constexpr std::uint32_t kClockThreadCputime = 3;

// witx `whence`.
inline constexpr std::uint32_t kWhenceSet = 0;
inline constexpr std::uint32_t kWhenceCur = 1;
inline constexpr std::uint32_t kWhenceEnd = 2;

// witx `advice` (the largest value).
inline constexpr std::uint32_t kAdviceNoReuse = 5;

// witx `fdflags`.
inline constexpr std::uint16_t kFdflagAppend = 1 << 0;
inline constexpr std::uint16_t kFdflagDsync = 1 << 1;
inline constexpr std::uint16_t kFdflagNonblock = 1 << 2;
inline constexpr std::uint16_t kFdflagRsync = 1 << 3;
inline constexpr std::uint16_t kFdflagSync = 1 << 4;
inline constexpr std::uint16_t kFdflagsAll = 0x1f;

// witx `fstflags`.
inline constexpr std::uint16_t kFstAtim = 1 << 0;
inline constexpr std::uint16_t kFstAtimNow = 1 << 1;
inline constexpr std::uint16_t kFstMtim = 1 << 2;
inline constexpr std::uint16_t kFstMtimNow = 1 << 3;
inline constexpr std::uint16_t kFstAll = 0xf;

// witx `lookupflags`.
inline constexpr std::uint32_t kLookupSymlinkFollow = 1 << 0;

// witx `oflags`.
inline constexpr std::uint16_t kOflagCreat = 1 << 0;
inline constexpr std::uint16_t kOflagDirectory = 1 << 1;
inline constexpr std::uint16_t kOflagExcl = 1 << 2;
inline constexpr std::uint16_t kOflagTrunc = 1 << 3;
inline constexpr std::uint16_t kOflagsAll = 0xf;

// witx `eventtype`.
inline constexpr std::uint8_t kEventClock = 0;
inline constexpr std::uint8_t kEventFdRead = 1;
inline constexpr std::uint8_t kEventFdWrite = 2;
// witx `eventrwflags`.
inline constexpr std::uint16_t kEventHangup = 1 << 0;
// witx `subclockflags`.
inline constexpr std::uint16_t kSubclockAbstime = 1 << 0;

// witx `preopentype`.
inline constexpr std::uint8_t kPreopenDir = 0;

// witx `rights`.
namespace rights {
inline constexpr std::uint64_t kFdDatasync = 1ull << 0;
inline constexpr std::uint64_t kFdRead = 1ull << 1;
inline constexpr std::uint64_t kFdSeek = 1ull << 2;
inline constexpr std::uint64_t kFdFdstatSetFlags = 1ull << 3;
inline constexpr std::uint64_t kFdSync = 1ull << 4;
inline constexpr std::uint64_t kFdTell = 1ull << 5;
inline constexpr std::uint64_t kFdWrite = 1ull << 6;
inline constexpr std::uint64_t kFdAdvise = 1ull << 7;
inline constexpr std::uint64_t kFdAllocate = 1ull << 8;
inline constexpr std::uint64_t kPathCreateDirectory = 1ull << 9;
inline constexpr std::uint64_t kPathCreateFile = 1ull << 10;
inline constexpr std::uint64_t kPathLinkSource = 1ull << 11;
inline constexpr std::uint64_t kPathLinkTarget = 1ull << 12;
inline constexpr std::uint64_t kPathOpen = 1ull << 13;
inline constexpr std::uint64_t kFdReaddir = 1ull << 14;
inline constexpr std::uint64_t kPathReadlink = 1ull << 15;
inline constexpr std::uint64_t kPathRenameSource = 1ull << 16;
inline constexpr std::uint64_t kPathRenameTarget = 1ull << 17;
inline constexpr std::uint64_t kPathFilestatGet = 1ull << 18;
inline constexpr std::uint64_t kPathFilestatSetSize = 1ull << 19;
inline constexpr std::uint64_t kPathFilestatSetTimes = 1ull << 20;
inline constexpr std::uint64_t kFdFilestatGet = 1ull << 21;
inline constexpr std::uint64_t kFdFilestatSetSize = 1ull << 22;
inline constexpr std::uint64_t kFdFilestatSetTimes = 1ull << 23;
inline constexpr std::uint64_t kPathSymlink = 1ull << 24;
inline constexpr std::uint64_t kPathRemoveDirectory = 1ull << 25;
inline constexpr std::uint64_t kPathUnlinkFile = 1ull << 26;
inline constexpr std::uint64_t kPollFdReadwrite = 1ull << 27;
inline constexpr std::uint64_t kSockShutdown = 1ull << 28;
inline constexpr std::uint64_t kSockAccept = 1ull << 29;
inline constexpr std::uint64_t kAll = (1ull << 30) - 1;

// What a regular file can do (before narrowing to how it was opened).
inline constexpr std::uint64_t kRegularFile =
    kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell | kFdWrite | kFdAdvise |
    kFdAllocate | kFdFilestatGet | kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
// What a directory can do.
inline constexpr std::uint64_t kDirectory =
    kFdFdstatSetFlags | kFdSync | kFdAdvise | kPathCreateDirectory | kPathCreateFile |
    kPathLinkSource | kPathLinkTarget | kPathOpen | kFdReaddir | kPathReadlink | kPathRenameSource |
    kPathRenameTarget | kPathFilestatGet | kPathFilestatSetSize | kPathFilestatSetTimes |
    kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink | kPathRemoveDirectory | kPathUnlinkFile |
    kPollFdReadwrite;
// What a stream (pipe, terminal, socket, character device) can do: no seeking.
inline constexpr std::uint64_t kStream =
    kFdDatasync | kFdRead | kFdFdstatSetFlags | kFdSync | kFdWrite | kFdAdvise | kFdFilestatGet |
    kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
// The rights that need the file opened for reading / for writing.
inline constexpr std::uint64_t kNeedRead = kFdRead | kFdReaddir;
inline constexpr std::uint64_t kNeedWrite =
    kFdDatasync | kFdWrite | kFdAllocate | kFdFilestatSetSize;
} // namespace rights

// Byte layouts of the structures in guest memory.
namespace layout {
// iovec / ciovec: buf u32 @0, buf_len u32 @4.
inline constexpr std::uint32_t kIovecSize = 8;
// fdstat: filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16.
inline constexpr std::uint32_t kFdstatSize = 24;
// filestat: dev @0, ino @8, filetype u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56.
inline constexpr std::uint32_t kFilestatSize = 64;
// dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; the name follows.
inline constexpr std::uint32_t kDirentSize = 24;
// prestat: tag u8 @0, pr_name_len u32 @4.
inline constexpr std::uint32_t kPrestatSize = 8;
// subscription: userdata u64 @0, tag u8 @8; clock: id u32 @16, timeout u64 @24,
// precision u64 @32, flags u16 @40; fd_read/fd_write: fd u32 @16.
inline constexpr std::uint32_t kSubscriptionSize = 48;
// event: userdata u64 @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24.
inline constexpr std::uint32_t kEventSize = 32;
} // namespace layout

} // namespace wasmline::wasi
