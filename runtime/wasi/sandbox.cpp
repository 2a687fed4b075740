// Path resolution confined beneath a directory (openat2 RESOLVE_BENEATH, or a careful walk).
#include "runtime/wasi/sandbox.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace wasmline::wasi {
namespace {

// Symbolic links expanded in one resolution before it fails with Loop (Linux's limit).
constexpr int kMaxSymlinks = 40;
// Attempts of openat2 when it reports a concurrent rename (EAGAIN).
constexpr int kOpenat2Attempts = 8;

std::atomic<ResolveStrategy> gStrategy{ResolveStrategy::Auto};

long openat2Raw(int dirFd, const char* path, int flags, mode_t mode) {
  open_how how{};
  how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) != 0 ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  long fd = -1;
  for (int attempt = 0; attempt < kOpenat2Attempts; ++attempt) {
    fd = ::syscall(SYS_openat2, dirFd, path, &how, sizeof how);
    if (fd >= 0 || errno != EAGAIN) break;
  }
  return fd;
}

bool kernelHasOpenat2() {
  static const bool available = [] {
    const long fd = openat2Raw(AT_FDCWD, ".", O_PATH | O_DIRECTORY, 0);
    if (fd < 0) return errno != ENOSYS && errno != EPERM;
    ::close(static_cast<int>(fd));
    return true;
  }();
  return available;
}

ErrnoOr<UniqueFd> openWithOpenat2(int dirFd, const std::string& path, int flags, mode_t mode,
                                  bool followFinal) {
  if (!followFinal) flags |= O_NOFOLLOW;
  const long fd = openat2Raw(dirFd, path.c_str(), flags, mode);
  if (fd < 0) return errno == EXDEV ? Errno::NotCapable : lastHostErrno();
  return UniqueFd(static_cast<int>(fd));
}

// The non-empty components of `path`, in order.
std::deque<std::string> componentsOf(std::string_view path) {
  std::deque<std::string> components;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) components.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return components;
}

// The target of `name` in `dirFd` if it is a symbolic link, nullopt otherwise.
std::optional<std::string> readLink(int dirFd, const std::string& name) {
  char target[PATH_MAX];
  const ssize_t length = ::readlinkat(dirFd, name.c_str(), target, sizeof target);
  if (length < 0) return std::nullopt;
  return std::string(target, static_cast<std::size_t>(length));
}

// The walk: each directory is opened with O_NOFOLLOW from the one before, links are expanded
// here (absolute ones refused), and `..` pops back to a directory already opened, never above
// the start. A link swapped in after the readlinkat check makes the O_NOFOLLOW open fail.
ErrnoOr<UniqueFd> openWithWalk(int dirFd, std::string_view path, int flags, mode_t mode,
                               bool followFinal) {
  std::deque<std::string> pending = componentsOf(path);
  bool trailingSlash = path.back() == '/';
  std::vector<UniqueFd> opened; // the directories below dirFd on the way to the current one
  int links = 0;
  const auto current = [&] { return opened.empty() ? dirFd : opened.back().get(); };
  while (!pending.empty()) {
    const std::string name = std::move(pending.front());
    pending.pop_front();
    const bool last = pending.empty();
    if (name == "." || name == "..") {
      if (name == "..") {
        if (opened.empty()) return Errno::NotCapable;
        opened.pop_back();
      }
      if (!last) continue;
      const int fd = ::openat(current(), ".", flags | O_CLOEXEC, mode);
      if (fd < 0) return lastHostErrno();
      return UniqueFd(fd);
    }
    if (!last || followFinal || trailingSlash) {
      if (auto target = readLink(current(), name)) {
        if (++links > kMaxSymlinks) return Errno::Loop;
        if (target->empty()) return Errno::NoEnt;
        if ((*target)[0] == '/') return Errno::NotCapable;
        if (last && target->back() == '/') trailingSlash = true;
        std::deque<std::string> expanded = componentsOf(*target);
        pending.insert(pending.begin(), expanded.begin(), expanded.end());
        if (pending.empty()) pending.emplace_back(".");
        continue;
      }
    }
    if (!last) {
      const int fd =
          ::openat(current(), name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) return lastHostErrno();
      opened.emplace_back(fd);
      continue;
    }
    int finalFlags = flags | O_NOFOLLOW | O_CLOEXEC;
    // A trailing '/' would make the kernel follow a link despite O_NOFOLLOW: ask for a directory.
    if (trailingSlash) finalFlags = (finalFlags & ~(O_CREAT | O_EXCL)) | O_DIRECTORY;
    const int fd = ::openat(current(), name.c_str(), finalFlags, mode);
    if (fd < 0) return lastHostErrno();
    return UniqueFd(fd);
  }
  const int fd = ::openat(current(), ".", flags | O_CLOEXEC, mode);
  if (fd < 0) return lastHostErrno();
  return UniqueFd(fd);
}

} // namespace

void setResolveStrategy(ResolveStrategy strategy) {
  gStrategy = strategy;
}

ResolveStrategy effectiveResolveStrategy() {
  const ResolveStrategy strategy = gStrategy;
  if (strategy != ResolveStrategy::Auto) return strategy;
  return kernelHasOpenat2() ? ResolveStrategy::Openat2 : ResolveStrategy::Walk;
}

ErrnoOr<UniqueFd> openBeneath(int dirFd, std::string_view path, int flags, mode_t mode,
                              bool followFinal) {
  if (path.empty()) return Errno::NoEnt;
  if (path.front() == '/') return Errno::NotCapable;
  if (effectiveResolveStrategy() == ResolveStrategy::Openat2) {
    return openWithOpenat2(dirFd, std::string(path), flags, mode, followFinal);
  }
  return openWithWalk(dirFd, path, flags, mode, followFinal);
}

ErrnoOr<ParentPath> openParent(int dirFd, std::string_view path) {
  if (path.empty()) return Errno::NoEnt;
  if (path.front() == '/') return Errno::NotCapable;
  std::string_view trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/')
    trimmed.remove_suffix(1);
  const std::size_t slash = trimmed.rfind('/');
  const std::string_view directory =
      slash == std::string_view::npos ? std::string_view(".") : trimmed.substr(0, slash + 1);
  const std::string_view base =
      slash == std::string_view::npos ? trimmed : trimmed.substr(slash + 1);

  ParentPath result;
  result.name = std::string(base);
  if (trimmed.size() != path.size()) result.name += '/';
  result.dots = base == "." || base == "..";
  auto parent = openBeneath(dirFd, directory, O_PATH | O_DIRECTORY, 0, true);
  if (!parent) return parent.error();
  result.parent = std::move(*parent);
  if (result.dots) {
    auto whole = openBeneath(dirFd, path, O_PATH | O_DIRECTORY, 0, true);
    if (!whole) return whole.error();
  }
  return result;
}

} // namespace wasmline::wasi
