// Path resolution confined beneath a directory: how a guest's paths reach the host file system.
//
// Guest paths are relative to a directory descriptor (a preopen or a directory opened from one)
// and must stay beneath it: absolute paths, `..` above the directory, and symbolic links that are
// absolute or lead out of it are all refused with NotCapable. Resolution uses Linux openat2 with
// RESOLVE_BENEATH; where the kernel lacks it (before 5.6, or a seccomp filter refuses it), a
// component-by-component walk that opens each directory with O_NOFOLLOW and expands symbolic
// links itself, keeping the directories it passed so `..` can never climb above the start.
//
// Operations on a path's final component (mkdir, unlink, rename, symlink, link, readlink) open
// the parent directory this way and then act on the last component with the *at call, which never
// follows it.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "runtime/wasi/abi.h"
#include "runtime/wasi/unique_fd.h"

namespace wasmline::wasi {

// How paths are resolved. Auto uses openat2 when the kernel has it.
enum class ResolveStrategy { Auto, Openat2, Walk };
// Selects the strategy for every later resolution (the tests run both).
void setResolveStrategy(ResolveStrategy strategy);
// The strategy Auto stands for on this kernel (Openat2 or Walk).
ResolveStrategy effectiveResolveStrategy();

// Opens `path` beneath the directory `dirFd` with open(2) `flags` (O_CLOEXEC is added) and
// `mode` (used with O_CREAT). A symbolic link as the final component is followed when
// `followFinal` (and always when the path ends in '/'), otherwise opening it fails (Loop), or
// yields the link itself with O_PATH. Errors: NotCapable (absolute path, or escapes `dirFd`),
// NoEnt (empty path), Loop (too many links), and the host's errors.
ErrnoOr<UniqueFd> openBeneath(int dirFd, std::string_view path, int flags, mode_t mode,
                              bool followFinal);

// A path split for an operation on its final component.
struct ParentPath {
  UniqueFd parent;   // the directory holding the final component (O_PATH)
  std::string name;  // the final component, with a trailing '/' if the path had one
  bool dots = false; // the final component is "." or ".." (no *at call may be given it)
};

// Opens the parent of `path`'s final component beneath `dirFd`. When the final component is "."
// or "..", also checks that the whole path stays beneath `dirFd` (so the caller can refuse it with
// the errno Linux would give). Errors: as openBeneath; NotDir when a parent is not a directory.
ErrnoOr<ParentPath> openParent(int dirFd, std::string_view path);

} // namespace wasmline::wasi
