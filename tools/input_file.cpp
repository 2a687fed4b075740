#include "tools/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include <CLI/CLI.hpp>

#include "tools/number_option.h"
#include "wasmline/module.h"

namespace wasmline::tools {
namespace {

// Closes its descriptor when it goes out of scope.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

private:
  int fd_;
};

Error cannotRead(const std::string& path, std::string_view why) {
  return Error(ErrorKind::InvalidArgument, "cannot read " + path + ": " + std::string(why));
}

Error tooLarge(const std::string& path, std::uint64_t maxBytes) {
  return Error(ErrorKind::InvalidArgument, path + ": the module is larger than " +
                                               std::to_string(maxBytes) +
                                               " bytes (the limit --max-module-size sets)");
}

// Reads into `bytes` until it holds `want` bytes or the input ends. False on a read error.
bool readUpTo(int fd, std::vector<std::uint8_t>& bytes, std::size_t want, bool& ended) {
  constexpr std::size_t kChunk = 64 * 1024;
  while (bytes.size() < want) {
    const std::size_t old = bytes.size();
    const std::size_t next = old + std::min(kChunk, want - old);
    // Grow geometrically, but never past what may be read.
    if (next > bytes.capacity())
      bytes.reserve(std::min(std::max(2 * bytes.capacity(), next), want));
    bytes.resize(next);
    const ssize_t got = ::read(fd, bytes.data() + old, bytes.size() - old);
    if (got < 0) {
      bytes.resize(old);
      if (errno == EINTR) continue;
      return false;
    }
    bytes.resize(old + static_cast<std::size_t>(got));
    if (got == 0) {
      ended = true;
      return true;
    }
  }
  return true;
}

// The length of the UTF-8 sequence starting at `text[i]`, 0 when it is not valid UTF-8 (an
// overlong form, a surrogate, past U+10FFFF), or `text.size() - i` when it is cut off by the end
// of `text` (the rest of the input may complete it).
std::size_t utf8Length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF; // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (i + k >= text.size()) return text.size() - i;
    const unsigned char next = byte(i + k);
    if (k == 1 ? next < low || next > high : next < 0x80 || next > 0xBF) return 0;
  }
  return length;
}

// Why the first bytes of an input (`head`) cannot start a text module, or
// an empty string when they can: UTF-8 throughout, and after spaces and comments either nothing
// or '('.
std::string notText(std::string_view head) {
  for (std::size_t i = 0; i < head.size();) {
    const std::size_t length = utf8Length(head, i);
    if (length == 0) {
      char what[64];
      std::snprintf(what, sizeof what, "byte 0x%02x at offset %zu is not UTF-8",
                    static_cast<unsigned char>(head[i]), i);
      return what;
    }
    i += length;
  }
  std::size_t i = 0;
  int commentDepth = 0;
  while (i < head.size()) {
    const std::string_view rest = head.substr(i);
    if (commentDepth > 0) {
      if (rest.starts_with("(;")) {
        ++commentDepth, i += 2;
      } else if (rest.starts_with(";)")) {
        --commentDepth, i += 2;
      } else {
        ++i;
      }
    } else if (rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r') {
      ++i;
    } else if (rest.starts_with(";;")) {
      const std::size_t newline = rest.find('\n');
      if (newline == std::string_view::npos) return "";
      i += newline + 1;
    } else if (rest.starts_with("(;")) {
      commentDepth = 1, i += 2;
    } else if (rest[0] == '(') {
      return ""; // the text parser reads on from here
    } else {
      char what[96];
      const unsigned char c = static_cast<unsigned char>(rest[0]);
      if (c >= 0x20 && c < 0x7F) {
        std::snprintf(what, sizeof what, "'%c' at offset %zu where text must start with '('", c, i);
      } else {
        std::snprintf(what, sizeof what, "byte 0x%02x at offset %zu where text must start with '('",
                      c, i);
      }
      return what;
    }
  }
  return "";
}

} // namespace

Result<std::vector<std::uint8_t>> readModuleFile(const std::string& path, const Features& features,
                                                 std::uint64_t maxBytes) {
  const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return cannotRead(path, std::strerror(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return cannotRead(path, std::strerror(errno));
  if (S_ISDIR(info.st_mode)) return cannotRead(path, "it is a directory");
  if (S_ISREG(info.st_mode) && static_cast<std::uint64_t>(info.st_size) > maxBytes) {
    return tooLarge(path, maxBytes);
  }
  // Pipes and devices (/dev/zero, /dev/stdin) have no size: read at most maxBytes + 1.
  const std::size_t cap = static_cast<std::size_t>(std::min<std::uint64_t>(maxBytes, SIZE_MAX - 1));
  std::vector<std::uint8_t> bytes;
  if (S_ISREG(info.st_mode)) bytes.reserve(static_cast<std::size_t>(info.st_size));
  bool ended = false;
  if (!readUpTo(fd.get(), bytes, std::min(kSniffBytes, cap + 1), ended)) {
    return cannotRead(path, std::strerror(errno));
  }
  const bool binary = Module::looksBinary(bytes);
  // Text never holds a NUL byte: input that does is a binary with a bad header, which decoding
  // reports from what has been read.
  if (!binary && std::memchr(bytes.data(), 0, bytes.size()) != nullptr) return bytes;
  if (!binary) {
    const std::string_view head(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const std::string why = notText(head);
    if (!why.empty()) {
      return Error(ErrorKind::InvalidArgument,
                   path + ": neither a WebAssembly binary (no \\0asm header) nor text (" + why +
                       ")");
    }
  }
  if (!ended && !readUpTo(fd.get(), bytes, cap + 1, ended)) {
    return cannotRead(path, std::strerror(errno));
  }
  if (bytes.size() > cap) return tooLarge(path, maxBytes);
  if (binary) return bytes;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return Module::textToBinary(text, features, path);
}

std::optional<Module> loadModuleFile(const std::string& path, const Engine& engine,
                                     std::uint64_t maxBytes) {
  auto binary = readModuleFile(path, engine.features(), maxBytes);
  if (!binary) {
    std::fprintf(stderr, "error: %s\n", binary.error().message().c_str());
    return std::nullopt;
  }
  auto module = Module::fromBinary(engine, *binary);
  if (!module) {
    const Error& error = module.error();
    std::fprintf(stderr, "error: %s: %s at byte offset 0x%llx: %s\n", path.c_str(),
                 error.kind() == ErrorKind::Malformed     ? "malformed module"
                 : error.kind() == ErrorKind::Unsupported ? "unsupported module"
                                                          : "invalid module",
                 static_cast<unsigned long long>(error.byteOffset()), error.message().c_str());
    return std::nullopt;
  }
  return std::move(*module);
}

void addModuleSizeOption(CLI::App& command, std::optional<std::string>& value) {
  command.add_option("--max-module-size", value,
                     "Refuse module files (binary or text) larger than this many bytes (K, M, G "
                     "suffixes; default 256M)");
}

Result<std::uint64_t> moduleSizeLimit(const std::optional<std::string>& value) {
  if (!value) return kDefaultMaxModuleBytes;
  return parseSizeOption("--max-module-size", *value, 8, ~std::uint64_t{0});
}

} // namespace wasmline::tools
