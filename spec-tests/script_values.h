// Script literals as wasmline values, and results checked against a script's result patterns.
#pragma once

#include <optional>
#include <string>

#include "text/script.h"
#include "wasmline/store.h"

namespace wasmline::spec {

// The value of an action's argument. Errors: InvalidArgument for literals the embedding API
// cannot express (references other than funcref and externref).
Result<Value> toValue(Store& store, const text::ScriptValue& literal);

// True when `actual` matches `pattern` (bits, NaN patterns per lane, reference patterns).
bool matches(const Value& actual, const text::ScriptValue& pattern);

// `actual` as text, for messages: "i32:0x2a", "f64:0x7ff8000000000000", "ref.null func", ...
std::string describe(const Value& actual);

} // namespace wasmline::spec
