// Reading the binary encodings of value and reference types.
#pragma once

#include "binary/reader.h"
#include "wasmline/features.h"
#include "wasmline/types.h"

namespace wasmline::binary {

// Reads a value type. Errors (in the Reader): "malformed value type" for an unknown encoding or
// one whose feature (SIMD, reference types) is disabled. Returns I32 after an error.
ValType readValType(Reader& reader, const Features& features);

// Reads a reference type (funcref, or externref with reference types). Errors: "malformed
// reference type". Returns FuncRef after an error.
ValType readRefType(Reader& reader, const Features& features);

} // namespace wasmline::binary
