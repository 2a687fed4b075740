// The module decoder: binary bytes to a validated Module, in one pass over the sections.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "binary/code_sink.h"
#include "binary/module.h"
#include "wasmline/features.h"
#include "wasmline/result.h"

namespace wasmline::binary {

// Decodes and validates a module binary. Errors: Malformed (the bytes do not follow the binary
// format) or Invalid (they decode but break a validation rule), with the byte offset and a
// message starting with the spec's wording. A module that is both malformed and invalid reports
// the malformation, as the spec's decode-then-validate order implies.
// With `bodies`, every function body is also reported to the sink it gives, in the same pass
// (eager compilation); a sink's error (e.g. Unsupported) ends decoding with that error.
Result<std::shared_ptr<const Module>> decodeModule(std::vector<std::uint8_t> binary,
                                                   const Features& features,
                                                   BodySinks* bodies = nullptr);

} // namespace wasmline::binary
