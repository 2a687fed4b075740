// Errors as values: Error and the expected-style Result<T> used by every public API.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace wasmline {

// What went wrong, coarsely; the message says exactly what and where.
enum class ErrorKind : std::uint8_t {
  InvalidArgument,   // a value the caller passed is not acceptable (a bad type, a bad count)
  Malformed,         // a binary module that does not decode (the spec's "malformed")
  Invalid,           // a module that decodes but does not validate (the spec's "invalid")
  InvalidType,       // a memory/table/global type that the spec forbids
  OutOfBounds,       // an access outside the current size of a memory or table
  Misaligned,        // an atomic access or typed span at an address not a multiple of its alignment
  GrowFailed,        // growth past the declared maximum, past 2^32/2^64, or not committable
  LimitExceeded,     // growth or creation refused by a resource limiter
  ResourceExhausted, // the host could not provide address space or memory
  InvalidEncoding,   // bytes that are not valid UTF-8 / UTF-16, or a missing NUL terminator
  Unsupported,       // an operation this memory or build does not support
  Unlinkable,        // an import is missing or has an incompatible type
  Trap,              // execution trapped; the message is the spec's trap message
  Exit,              // the program asked to exit (WASI proc_exit); exitCode() is its status
  Exception,         // a WebAssembly exception nothing caught; Exception::fromError gives its
                     // tag and payload
};

// The name of an error kind, e.g. "out of bounds".
std::string_view errorKindName(ErrorKind kind);

// An error: its kind and a message naming the offending values. Errors about a module's bytes
// also carry the byte offset they refer to. It is also what Result::value() throws when there is
// no value, so `catch (const std::exception& e)` sees the message in e.what().
class Error : public std::exception {
public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}
  Error(ErrorKind kind, std::string message, std::uint64_t byteOffset)
      : kind_(kind), message_(std::move(message)), byteOffset_(byteOffset), hasOffset_(true) {}

  // The error that unwinds a program calling WASI proc_exit with `code`.
  static Error exit(std::uint32_t code) {
    Error error(ErrorKind::Exit, "exit with status " + std::to_string(code));
    error.exitCode_ = code;
    return error;
  }

  // The error that carries the uncaught exception `exception` (an opaque handle of its store's)
  // out of wasm, or into wasm from a host function (see Exception::toError).
  static Error uncaughtException(std::string message, std::uintptr_t exception) {
    Error error(ErrorKind::Exception, std::move(message));
    error.exception_ = exception;
    return error;
  }

  ErrorKind kind() const { return kind_; }
  // For ErrorKind::Exception: the exception's opaque handle (0 otherwise).
  std::uintptr_t exceptionHandle() const { return exception_; }
  // For ErrorKind::Exit: the status the program exited with (0 otherwise).
  std::uint32_t exitCode() const { return exitCode_; }
  // The message; for module errors it starts with the spec's wording ("type mismatch", ...).
  const std::string& message() const { return message_; }
  // True when the error refers to a byte of a module binary.
  bool hasByteOffset() const { return hasOffset_; }
  // That byte's offset from the start of the binary (0 when hasByteOffset() is false).
  std::uint64_t byteOffset() const { return byteOffset_; }
  // The message, for std::exception.
  const char* what() const noexcept override { return message_.c_str(); }

private:
  ErrorKind kind_;
  std::string message_;
  std::uint64_t byteOffset_ = 0;
  bool hasOffset_ = false;
  std::uint32_t exitCode_ = 0;
  std::uintptr_t exception_ = 0;
};

namespace detail {
// Throws `error` (a copy). Out of line, so that headers need no exception machinery.
[[noreturn]] void throwError(const Error& error);
// Throws the Error for Result::error() called on a success.
[[noreturn]] void throwNoError();
} // namespace detail

// Either a value of type T or an Error (like std::expected<T, Error>).
//
// Every accessor is checked: value(), operator* and operator-> on a Result holding an error throw
// that Error (a std::exception whose what() is the message); error() on a success throws an
// Error of kind InvalidArgument. Test with `if (result)` first to stay free of exceptions.
template <class T> class [[nodiscard]] Result {
public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  // The value. Throws the Error when there is none.
  T& value() & { return *checked(); }
  const T& value() const& { return *checked(); }
  T&& value() && { return std::move(*checked()); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return checked(); }
  const T* operator->() const { return checked(); }

  // The value, or `fallback` when this holds an error.
  template <class U> T value_or(U&& fallback) const& {
    return has_value() ? *std::get_if<0>(&state_) : static_cast<T>(std::forward<U>(fallback));
  }

  // The error. Throws an Error of kind InvalidArgument on a success.
  const Error& error() const {
    if (const Error* error = std::get_if<1>(&state_)) return *error;
    detail::throwNoError();
  }

private:
  T* checked() {
    if (T* value = std::get_if<0>(&state_)) return value;
    detail::throwError(*std::get_if<1>(&state_));
  }
  const T* checked() const {
    if (const T* value = std::get_if<0>(&state_)) return value;
    detail::throwError(*std::get_if<1>(&state_));
  }

  std::variant<T, Error> state_;
};

// Success with no value, or an Error.
template <> class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}

  bool has_value() const { return !failed_; }
  explicit operator bool() const { return has_value(); }
  // Asserts success: throws the Error when there is one.
  void value() const {
    if (failed_) detail::throwError(error_);
  }
  // The error. Throws an Error of kind InvalidArgument on a success.
  const Error& error() const {
    if (!failed_) detail::throwNoError();
    return error_;
  }

private:
  Error error_{ErrorKind::InvalidArgument, {}};
  bool failed_ = false;
};

} // namespace wasmline
