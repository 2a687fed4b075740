#include "tools/input_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "wasmline/module.h"

namespace wasmline::tools {

Result<std::vector<std::uint8_t>> readModuleFile(const std::string& path,
                                                 const Features& features) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Error(ErrorKind::InvalidArgument, "cannot read " + path + ": " + std::strerror(errno));
  }
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                  std::istreambuf_iterator<char>());
  if (file.bad()) {
    return Error(ErrorKind::InvalidArgument, "cannot read " + path + ": read error");
  }
  if (Module::looksBinary(bytes)) return bytes;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return Module::textToBinary(text, features, path);
}

} // namespace wasmline::tools
