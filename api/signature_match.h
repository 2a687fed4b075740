// Whether a function can be used with a typed signature (TypedFunc), by the subtyping rules.
#pragma once

#include "wasmline/types.h"

namespace wasmline::api {

// True when a function of type `actual` (canonical, a runtime function's) can be called as
// `expected`: as many parameters and results, every expected parameter a subtype of the
// function's and every result of the function a subtype of the expected one. Numbers and vectors
// match only themselves; a function returning (ref $t) serves a signature returning funcref.
bool signatureMatches(const FuncType& actual, const FuncType& expected);

} // namespace wasmline::api
