// libFuzzer entry point: the text front end on arbitrary bytes. Each input is read twice, as a
// module (`watToBinary`: a .wat text) and as a script (`parseScript`: a .wast text, its `module`,
// `module binary` and `module quote` forms included, threads' commands too). Every binary that
// comes out (the module's, each script module's that parsed) is decoded and validated with and
// without the optional features. Parse, decode and validation errors are expected answers; a
// crash, hang, leak, sanitizer report or unbounded memory is a finding.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "binary/decoder.h"
#include "text/script.h"
#include "text/text.h"

namespace {

using namespace wasmline;

// A parsed binary must at least start with the magic and version: the encoder writes them.
void checkHeader(const std::vector<std::uint8_t>& binary) {
  constexpr std::uint8_t kHeader[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  if (binary.size() < sizeof kHeader) __builtin_trap();
  for (std::size_t i = 0; i < sizeof kHeader; ++i)
    if (binary[i] != kHeader[i]) __builtin_trap();
}

// Decodes and validates `binary` with every feature and with none (errors are fine).
void decode(const std::vector<std::uint8_t>& binary) {
  (void)binary::decodeModule(binary, Features::all());
  (void)binary::decodeModule(binary, Features{});
}

// Decodes every module of `commands` (and of their threads') that parsed.
void decodeScriptModules(std::span<const text::ScriptCommand> commands) {
  for (const text::ScriptCommand& command : commands) {
    if (command.module && !command.module->error) {
      // `module binary` forms hold whatever bytes the script wrote; only text modules are the
      // encoder's own.
      if (command.module->source != text::ScriptModule::Source::Binary)
        checkHeader(command.module->binary);
      decode(command.module->binary);
    }
    decodeScriptModules(command.commands);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  text::TextOptions options;
  options.sourceName = "fuzz.wat";
  if (auto binary = text::watToBinary(source, options)) {
    checkHeader(*binary);
    decode(*binary);
  }
  if (auto script = text::parseScript(source, "fuzz.wast")) decodeScriptModules(script->commands);
  return 0;
}
