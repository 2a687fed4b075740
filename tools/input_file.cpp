#include "tools/input_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

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
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                  std::istreambuf_iterator<char>());
  if (file.bad()) {
    return Error(ErrorKind::InvalidArgument, "cannot read " + path + ": read error");
  }
  // Text never holds a NUL byte: anything that does is a binary (perhaps with a bad header,
  // which decoding reports).
  const std::size_t head = std::min<std::size_t>(bytes.size(), 4096);
  if (Module::looksBinary(bytes) || std::memchr(bytes.data(), 0, head) != nullptr) return bytes;
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
                 error.kind() == ErrorKind::Malformed ? "malformed module" : "invalid module",
                 static_cast<unsigned long long>(error.byteOffset()), error.message().c_str());
    return std::nullopt;
  }
  return std::move(*module);
}

} // namespace wasmline::tools
