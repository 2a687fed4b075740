// libFuzzer entry point: decoding and validating arbitrary bytes must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "binary/decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto all = wasmline::Features::all();
  (void)wasmline::binary::decodeModule(std::vector<std::uint8_t>(data, data + size), all);
  (void)wasmline::binary::decodeModule(std::vector<std::uint8_t>(data, data + size), {});
  return 0;
}
