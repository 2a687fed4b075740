#include "text/text.h"

#include <string>

#include "text/module_parser.h"

namespace wasmline::text {

Result<std::vector<std::uint8_t>> watToBinary(std::string_view text, const TextOptions& options) {
  if (text.size() > options.maxSourceBytes || text.size() > UINT32_MAX) {
    return Error(ErrorKind::InvalidArgument, std::string(options.sourceName) + ": text of " +
                                                 std::to_string(text.size()) +
                                                 " bytes is larger than the limit of " +
                                                 std::to_string(options.maxSourceBytes) + " bytes");
  }
  ModuleParser parser(text, options.sourceName);
  parser.setReferenceTypes(options.referenceTypes);
  if (!parser.parseStandalone()) return Error(ErrorKind::Malformed, parser.error());
  return parser.takeBinary();
}

} // namespace wasmline::text
