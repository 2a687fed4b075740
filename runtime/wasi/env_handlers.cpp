// WASI arguments, environment, clocks, randomness, scheduling, process exit and sockets.
#include <sched.h>
#include <sys/random.h>
#include <time.h>

#include <endian.h>

#include <cerrno>
#include <cstring>

#include "runtime/wasi/filestat.h"
#include "runtime/wasi/handlers.h"

namespace wasmline::wasi::handlers {
namespace {

// Writes the sizes of a string list: its count and the bytes of all strings with their NULs.
Errno listSizes(WasiState& state, const std::vector<std::string>& list, U32 countOut,
                U32 bufSizeOut) {
  std::uint64_t bytes = 0;
  for (const std::string& item : list)
    bytes += item.size() + 1;
  if (list.size() > UINT32_MAX || bytes > UINT32_MAX) return Errno::Overflow;
  if (Errno error = state.memory.writeU32(countOut, static_cast<U32>(list.size()));
      error != Errno::Success) {
    return error;
  }
  return state.memory.writeU32(bufSizeOut, static_cast<U32>(bytes));
}

// Writes a string list as C's argv/environ: pointers at `pointers`, NUL-terminated strings at
// `buffer`. Both ranges are checked before anything is written.
Errno listGet(WasiState& state, const std::vector<std::string>& list, U32 pointers, U32 buffer) {
  std::uint64_t bytes = 0;
  for (const std::string& item : list)
    bytes += item.size() + 1;
  auto pointerSpan = state.memory.bytes(pointers, std::uint64_t{list.size()} * 4);
  if (!pointerSpan) return pointerSpan.error();
  auto bufferSpan = state.memory.bytes(buffer, bytes);
  if (!bufferSpan) return bufferSpan.error();
  std::uint64_t offset = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::uint32_t pointer = htole32(static_cast<U32>(buffer + offset));
    std::memcpy(pointerSpan->data() + 4 * i, &pointer, sizeof pointer);
    std::memcpy(bufferSpan->data() + offset, list[i].data(), list[i].size());
    bufferSpan->data()[offset + list[i].size()] = 0;
    offset += list[i].size() + 1;
  }
  return Errno::Success;
}

ErrnoOr<clockid_t> hostClock(U32 clockId) {
  switch (clockId) {
  case kClockRealtime: return CLOCK_REALTIME;
  case kClockMonotonic: return CLOCK_MONOTONIC;
  case kClockProcessCputime: return CLOCK_PROCESS_CPUTIME_ID;
  case kClockThreadCputime: return CLOCK_THREAD_CPUTIME_ID;
  default: return Errno::Inval;
  }
}

} // namespace

Errno args_get(WasiState& state, U32 argv, U32 argvBuf) {
  return listGet(state, state.args, argv, argvBuf);
}

Errno args_sizes_get(WasiState& state, U32 countOut, U32 bufSizeOut) {
  return listSizes(state, state.args, countOut, bufSizeOut);
}

Errno environ_get(WasiState& state, U32 environPtrs, U32 environBuf) {
  return listGet(state, state.env, environPtrs, environBuf);
}

Errno environ_sizes_get(WasiState& state, U32 countOut, U32 bufSizeOut) {
  return listSizes(state, state.env, countOut, bufSizeOut);
}

Errno clock_res_get(WasiState& state, U32 clockId, U32 resolutionOut) {
  auto clock = hostClock(clockId);
  if (!clock) return clock.error();
  timespec resolution{};
  if (::clock_getres(*clock, &resolution) != 0) return lastHostErrno();
  return state.memory.writeU64(resolutionOut, timestampOf(resolution));
}

Errno clock_time_get(WasiState& state, U32 clockId, U64 /*precision*/, U32 timeOut) {
  auto clock = hostClock(clockId);
  if (!clock) return clock.error();
  timespec now{};
  if (::clock_gettime(*clock, &now) != 0) return lastHostErrno();
  return state.memory.writeU64(timeOut, timestampOf(now));
}

Errno random_get(WasiState& state, U32 buf, U32 bufLen) {
  auto bytes = state.memory.bytes(buf, bufLen);
  if (!bytes) return bytes.error();
  std::size_t done = 0;
  while (done < bytes->size()) {
    const ssize_t got = ::getrandom(bytes->data() + done, bytes->size() - done, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return lastHostErrno();
    }
    done += static_cast<std::size_t>(got);
  }
  return Errno::Success;
}

Errno sched_yield(WasiState& /*state*/) {
  ::sched_yield();
  return Errno::Success;
}

// An exit status has 8 bits on POSIX hosts (the parent sees `code & 0xff`): a status above 255
// would reach it as another, perhaps 0 for success. Such statuses (C's exit(-1) among them) are
// refused as an error rather than truncated; wasmtime likewise refuses statuses it cannot pass on.
Result<void> proc_exit(WasiState& /*state*/, U32 code) {
  if (code > kMaxExitStatus) {
    return Error(ErrorKind::InvalidArgument,
                 "proc_exit: exit status " + std::to_string(code) +
                     " is above 255 (an exit status has 8 bits; it would be seen as " +
                     std::to_string(code & 0xff) + ")");
  }
  return Error::exit(code);
}

Errno proc_raise(WasiState& /*state*/, U32 /*sig*/) {
  return Errno::NoSys;
}

// No socket is ever handed to a guest: an open fd is not one, any other is not open.
namespace {
Errno notSocket(WasiState& state, U32 fd) {
  return state.fds.get(fd) ? Errno::NotSup : Errno::Badf;
}
} // namespace

Errno sock_accept(WasiState& state, U32 fd, U32 /*flags*/, U32 /*fdOut*/) {
  return notSocket(state, fd);
}

Errno sock_recv(WasiState& state, U32 fd, U32 /*riData*/, U32 /*riDataLen*/, U32 /*riFlags*/,
                U32 /*sizeOut*/, U32 /*roFlagsOut*/) {
  return notSocket(state, fd);
}

Errno sock_send(WasiState& state, U32 fd, U32 /*siData*/, U32 /*siDataLen*/, U32 /*siFlags*/,
                U32 /*sizeOut*/) {
  return notSocket(state, fd);
}

Errno sock_shutdown(WasiState& state, U32 fd, U32 /*how*/) {
  return notSocket(state, fd);
}

} // namespace wasmline::wasi::handlers
