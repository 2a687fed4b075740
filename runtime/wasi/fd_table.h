// The guest's file descriptor table: WASI fd numbers → host descriptors with their WASI type,
// rights and (for preopened directories) guest name.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/wasi/abi.h"
#include "runtime/wasi/unique_fd.h"

namespace wasmline::wasi {

// One entry of a directory listing, as fd_readdir returns it.
struct DirEntry {
  std::string name;
  std::uint64_t inode = 0;
  Filetype type = Filetype::Unknown;
};

struct FdEntry {
  UniqueFd host;
  Filetype type = Filetype::Unknown;
  std::uint64_t rightsBase = 0;
  std::uint64_t rightsInheriting = 0;
  // The guest path of a preopened directory (fd_prestat_get); nullopt for every other fd.
  std::optional<std::string> preopenName;
  // fd_readdir's snapshot of the directory, taken when it is read from cookie 0.
  std::vector<DirEntry> listing;
  bool listed = false;
};

// The filetype of a host descriptor (Unknown when fstat fails).
Filetype filetypeOfHost(int hostFd);
// The rights a descriptor of `type` has when opened for reading and/or writing.
std::uint64_t rightsFor(Filetype type, bool readable, bool writable);
// An entry for host descriptor `host`: its type from fstat, its rights from its access mode.
FdEntry entryForHost(UniqueFd host);

class FdTable {
public:
  // The most descriptors a guest may hold at once.
  static constexpr std::uint32_t kMaxFds = 1 << 16;

  // The entry of `fd`, or nullptr when it is not open.
  FdEntry* get(std::uint32_t fd);
  // Adds `entry` under the lowest free number and returns it. Errors: MFile.
  ErrnoOr<std::uint32_t> add(FdEntry entry);
  // Adds `entry` as `fd`, replacing what was there.
  void put(std::uint32_t fd, FdEntry entry);
  // Closes `fd`. Errors: Badf.
  Errno close(std::uint32_t fd);
  // Moves `from` to `to`, closing what `to` held. Errors: Badf (either is not open).
  Errno renumber(std::uint32_t from, std::uint32_t to);

private:
  // Drops the closed entries at the end.
  void trim();
  std::vector<std::unique_ptr<FdEntry>> entries_;
};

} // namespace wasmline::wasi
