// Module::fromFile: a module read from a file, binary or text by content.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "wasmline/module.h"

namespace wasmline {
namespace {

// The bytes of the file at `path`. Errors: InvalidArgument naming the path and the reason.
Result<std::vector<std::uint8_t>> readFile(const std::string& path) {
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
  if (file.bad()) return Error(ErrorKind::InvalidArgument, "cannot read " + path + ": read error");
  return bytes;
}

} // namespace

Result<Module> Module::fromFile(const Engine& engine, const std::string& path) {
  auto bytes = readFile(path);
  if (!bytes) return bytes.error();
  // Text never holds a NUL byte: anything that does is a binary (perhaps with a bad header,
  // which decoding reports).
  const std::size_t head = std::min<std::size_t>(bytes->size(), 4096);
  const bool binary = looksBinary(*bytes) || std::memchr(bytes->data(), 0, head) != nullptr;
  if (!binary) {
    const std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    auto converted = textToBinary(text, engine.features(), path);
    if (!converted) return converted.error();
    bytes = std::move(converted);
  }
  auto module = fromBinary(engine, *bytes);
  if (module || !module.error().hasByteOffset()) return module;
  const Error& error = module.error();
  char offset[32];
  std::snprintf(offset, sizeof offset, "0x%llx",
                static_cast<unsigned long long>(error.byteOffset()));
  return Error(error.kind(),
               path + ": " + std::string(errorKindName(error.kind())) + " at byte offset " +
                   offset + ": " + error.message(),
               error.byteOffset());
}

} // namespace wasmline
