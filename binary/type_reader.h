// Reading the binary encodings of value and reference types.
#pragma once

#include "binary/reader.h"
#include "wasmline/features.h"
#include "wasmline/types.h"

namespace wasmline::binary {

// Reads a value type: a number type, v128, a reference type shorthand (funcref, externref, anyref,
// ...) or (ref null? heaptype). Errors (in the Reader): "malformed value type" for an unknown
// encoding or one whose feature (SIMD, reference types, function references, GC, exceptions) is
// disabled; Unsupported for a feature wasmline does not run yet. Returns I32 after an error.
ValType readValType(Reader& reader, const Features& features);

// Reads a reference type (as readValType, references only). Errors: "malformed reference type",
// Unsupported. Returns FuncRef after an error.
ValType readRefType(Reader& reader, const Features& features);

// Reads a heap type: an abstract heap type byte or a type index (s33). Errors: "malformed heap
// type" ("malformed reference type" before function references), Unsupported. Returns func
// after an error.
HeapType readHeapType(Reader& reader, const Features& features);

// The text name of an abstract heap type ("any", "func", ...).
std::string heapName(HeapKind kind);

} // namespace wasmline::binary
