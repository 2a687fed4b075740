#include "tools/input_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "text/text.h"
#include "wasmline/module.h"

namespace wasmline::tools {

Result<std::vector<std::uint8_t>> readModuleFile(const std::string& path,
                                                 const Features& features) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    return Error(ErrorKind::InvalidArgument, "cannot read " + path + ": it is a directory");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Error(ErrorKind::InvalidArgument, "cannot read " + path + ": " + std::strerror(errno));
  }
  // The head tells binary from text: text never holds a NUL byte, so anything that does is a
  // binary (perhaps with a bad header, which decoding reports).
  constexpr std::size_t kHead = 4096;
  std::vector<std::uint8_t> bytes(kHead);
  file.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(kHead));
  bytes.resize(static_cast<std::size_t>(file.gcount()));
  const bool binary =
      Module::looksBinary(bytes) || std::memchr(bytes.data(), 0, bytes.size()) != nullptr;
  const std::uintmax_t size = std::filesystem::file_size(path, ignored);
  if (!binary && size != static_cast<std::uintmax_t>(-1) && size > text::kMaxSourceBytes) {
    // Refused before reading it: the text parser would refuse it anyway.
    return Error(ErrorKind::InvalidArgument, path + ": text of " + std::to_string(size) +
                                                 " bytes is larger than the limit of " +
                                                 std::to_string(text::kMaxSourceBytes) + " bytes");
  }
  char buffer[1 << 16];
  while (file.read(buffer, sizeof buffer) || file.gcount() > 0) {
    bytes.insert(bytes.end(), buffer, buffer + file.gcount());
  }
  if (file.bad()) {
    return Error(ErrorKind::InvalidArgument, "cannot read " + path + ": read error");
  }
  if (binary) return bytes;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return Module::textToBinary(text, features, path);
}

std::optional<Module> loadModuleFile(const std::string& path, const Engine& engine) {
  auto binary = readModuleFile(path, engine.features());
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

} // namespace wasmline::tools
