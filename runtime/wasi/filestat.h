// Host file metadata in WASI terms: filetypes, filestat records and timestamps.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include <array>
#include <cstdint>

#include "runtime/wasi/abi.h"

namespace wasmline::wasi {

// The WASI filetype of a host st_mode.
Filetype filetypeOfMode(mode_t mode);
// The WASI filetype of a dirent d_type (DT_*).
Filetype filetypeOfDirentType(unsigned char type);
// Nanoseconds since the epoch (0 for times before it).
std::uint64_t timestampOf(const timespec& time);
// `info` as a 64-byte witx filestat record.
std::array<std::uint8_t, layout::kFilestatSize> encodeFilestat(const struct stat& info);
// The utimensat times for fd/path_filestat_set_times arguments. Errors: Inval (unknown flag
// bits, or both a time and "now" for the same field).
ErrnoOr<std::array<timespec, 2>> timesFromFlags(std::uint64_t atim, std::uint64_t mtim,
                                                std::uint32_t fstFlags);

} // namespace wasmline::wasi
