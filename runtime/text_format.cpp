#include "runtime/text_format.h"

#include <wabt/binary-writer.h>
#include <wabt/error-formatter.h>
#include <wabt/feature.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include "wasmline/module.h"

namespace wasmline::runtime {

wabt::Features toWabtFeatures(const Features& features) {
  wabt::Features result;
  result.set_sign_extension_enabled(features.signExtension);
  result.set_sat_float_to_int_enabled(features.saturatingFloatToInt);
  result.set_multi_value_enabled(features.multiValue);
  result.set_bulk_memory_enabled(features.bulkMemory);
  result.set_reference_types_enabled(features.referenceTypes);
  result.set_simd_enabled(features.simd);
  result.set_threads_enabled(features.threads);
  result.set_memory64_enabled(features.memory64);
  result.set_multi_memory_enabled(features.multiMemory);
  result.set_tail_call_enabled(features.tailCall);
  result.set_extended_const_enabled(features.extendedConst);
  return result;
}

namespace {

// wabt omits the data count section when a module has no data segments, even when its code
// uses data.drop or memory.init; the text format's meaning always includes it. Inserts the
// section (with the module's segment count) before the code or data section when it is missing.
void ensureDataCount(std::vector<std::uint8_t>& binary, std::size_t segments) {
  constexpr std::uint8_t kCode = 10, kData = 11, kDataCount = 12;
  std::size_t position = 8;
  std::size_t insertAt = binary.size();
  while (position < binary.size()) {
    const std::uint8_t id = binary[position];
    if (id == kDataCount) return;
    if ((id == kCode || id == kData) && insertAt == binary.size()) insertAt = position;
    std::size_t cursor = position + 1;
    std::uint64_t size = 0;
    for (unsigned shift = 0; cursor < binary.size(); shift += 7) {
      const std::uint8_t byte = binary[cursor++];
      size |= std::uint64_t{byte & 0x7Fu} << shift;
      if (!(byte & 0x80) || shift > 28) break;
    }
    position = cursor + size;
  }
  std::vector<std::uint8_t> section{kDataCount, 0};
  std::size_t count = segments;
  do {
    std::uint8_t byte = count & 0x7F;
    count >>= 7;
    if (count != 0) byte |= 0x80;
    section.push_back(byte);
  } while (count != 0);
  section[1] = static_cast<std::uint8_t>(section.size() - 2);
  binary.insert(binary.begin() + static_cast<std::ptrdiff_t>(insertAt), section.begin(),
                section.end());
}

} // namespace

Result<std::vector<std::uint8_t>> writeWabtModule(const wabt::Module& module,
                                                  const Features& features) {
  wabt::MemoryStream stream;
  // With multi-memory off, wabt's writer aborts on a data segment naming a memory other than 0;
  // with it on, it writes the standard explicit-index encoding and our validator judges it.
  wabt::Features writerFeatures = toWabtFeatures(features);
  writerFeatures.enable_multi_memory();
  wabt::WriteBinaryOptions options(writerFeatures, /*canonicalize_lebs=*/true,
                                   /*relocatable=*/false, /*write_debug_names=*/true);
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, &module, options))) {
    return Error(ErrorKind::Malformed, "cannot write the module as binary");
  }
  std::vector<std::uint8_t> binary = std::move(stream.output_buffer().data);
  if (features.bulkMemory) ensureDataCount(binary, module.data_segments.size());
  return binary;
}

Result<std::vector<std::uint8_t>> watToBinary(std::string_view text, const Features& features,
                                              std::string_view fileName) {
  wabt::Errors errors;
  auto lexer = wabt::WastLexer::CreateBufferLexer(fileName, text.data(), text.size(), &errors);
  wabt::WastParseOptions options(toWabtFeatures(features));
  std::unique_ptr<wabt::Module> module;
  if (wabt::Failed(wabt::ParseWatModule(lexer.get(), &module, &errors, &options))) {
    std::string message = wabt::FormatErrorsToString(errors, wabt::Location::Type::Text);
    while (!message.empty() && message.back() == '\n')
      message.pop_back();
    return Error(ErrorKind::Malformed, message.empty() ? "cannot parse the text format" : message);
  }
  return writeWabtModule(*module, features);
}

} // namespace wasmline::runtime

namespace wasmline {

Result<std::vector<std::uint8_t>>
Module::textToBinary(std::string_view text, const Features& features, std::string_view sourceName) {
  return runtime::watToBinary(text, features, sourceName);
}

} // namespace wasmline
