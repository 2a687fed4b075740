// Typed signatures against runtime function types.
#include "api/signature_match.h"

#include "binary/subtyping.h"

namespace wasmline::api {

bool signatureMatches(const FuncType& actual, const FuncType& expected) {
  if (actual.params.size() != expected.params.size() ||
      actual.results.size() != expected.results.size()) {
    return false;
  }
  for (std::size_t i = 0; i < actual.params.size(); ++i) {
    if (!binary::isCanonicalSubtype(expected.params[i], actual.params[i])) return false;
  }
  for (std::size_t i = 0; i < actual.results.size(); ++i) {
    if (!binary::isCanonicalSubtype(actual.results[i], expected.results[i])) return false;
  }
  return true;
}

} // namespace wasmline::api
