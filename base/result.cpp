#include "wasmline/result.h"

namespace wasmline {

namespace detail {

void throwError(const Error& error) {
  throw error;
}

void throwNoError() {
  throw Error(ErrorKind::InvalidArgument, "Result::error() called on a Result that holds a value");
}

} // namespace detail

std::string_view errorKindName(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::InvalidArgument: return "invalid argument";
  case ErrorKind::Malformed: return "malformed module";
  case ErrorKind::Invalid: return "invalid module";
  case ErrorKind::InvalidType: return "invalid type";
  case ErrorKind::OutOfBounds: return "out of bounds";
  case ErrorKind::Misaligned: return "misaligned";
  case ErrorKind::GrowFailed: return "grow failed";
  case ErrorKind::LimitExceeded: return "limit exceeded";
  case ErrorKind::ResourceExhausted: return "resource exhausted";
  case ErrorKind::InvalidEncoding: return "invalid encoding";
  case ErrorKind::Unsupported: return "unsupported";
  case ErrorKind::Unlinkable: return "unlinkable";
  case ErrorKind::Trap: return "trap";
  case ErrorKind::Exit: return "exit";
  case ErrorKind::Exception: return "uncaught exception";
  }
  return "unknown error";
}

} // namespace wasmline
