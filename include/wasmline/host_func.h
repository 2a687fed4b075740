// Host functions with natural signatures: the FuncType comes from the C++ callable, arguments and
// results are converted by ValueTraits (value.h).
//
//   linker.func("env", "log", [](Caller& caller, std::int32_t ptr, std::int32_t len) {
//     std::puts(caller.memory().value().readUtf8(ptr, len).value().c_str());
//   });
//   Func add = Func::wrap(store, [](std::int64_t a, std::int64_t b) { return a + b; });
//
// The body may take a leading `Caller&`; it returns void, one value, a std::tuple of values
// (several results) or a Result of those. A returned Error, Caller::trap() or a C++ exception
// traps the calling wasm code (see Func::wrap).
#pragma once

#include <functional>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "wasmline/signature.h"
#include "wasmline/store.h"

namespace wasmline {
namespace detail {

// A natural host function: `Body` called with a Caller (WithCaller) and the parameters P...,
// returning R.
template <class R, bool WithCaller, class... P> struct NaturalHost {
  static_assert((WasmValue<std::decay_t<P>> && ...),
                "host function parameters must have ValueTraits (std::int32_t, std::uint32_t, "
                "std::int64_t, long long, float, double, V128, std::optional<Func>), optionally "
                "after a leading Caller&");
  static_assert(((!std::is_lvalue_reference_v<P> ||
                  std::is_const_v<std::remove_reference_t<P>>)&&...),
                "host function parameters are values: take them by value or const reference");
  using Unwrapped = typename IsResult<R>::Inner;

  static FuncType type() {
    return FuncType{{ValueTraits<std::decay_t<P>>::type()...}, ResultsOf<Unwrapped>::types()};
  }

  template <class Body>
  static Result<void> run(Body& body, Caller& caller, std::span<const Value> args,
                          std::span<Value> results) {
    return [&]<std::size_t... I>(std::index_sequence<I...>)->Result<void> {
      auto invoke = [&]() -> R {
        if constexpr (WithCaller) {
          return body(caller, ValueTraits<std::decay_t<P>>::fromValue(args[I])...);
        } else {
          return body(ValueTraits<std::decay_t<P>>::fromValue(args[I])...);
        }
      };
      if constexpr (std::is_void_v<R>) {
        invoke();
        return {};
      } else if constexpr (IsResult<R>::value) {
        R outcome = invoke();
        if (!outcome) return outcome.error();
        if constexpr (!std::is_void_v<Unwrapped>) ResultsOf<Unwrapped>::store(*outcome, results);
        return {};
      } else {
        ResultsOf<R>::store(invoke(), results);
        return {};
      }
    }
    (std::index_sequence_for<P...>{});
  }
};

// The NaturalHost of a callable's signature (a leading Caller& is the caller, not a parameter).
template <class R, class Params> struct NaturalHostOf;
template <class R, class... P>
struct NaturalHostOf<R, std::tuple<P...>> : NaturalHost<R, false, P...> {};
template <class R, class... P>
struct NaturalHostOf<R, std::tuple<Caller&, P...>> : NaturalHost<R, true, P...> {};

template <class F>
using NaturalHostFor = NaturalHostOf<typename CallableSignature<std::decay_t<F>>::Return,
                                     typename CallableSignature<std::decay_t<F>>::Params>;

// The body of a natural host function as a Func::CallerCallback.
template <class F> Func::CallerCallback naturalBody(F&& body) {
  using Host = NaturalHostFor<F>;
  return [body = std::decay_t<F>(std::forward<F>(body))](
             Caller& caller, std::span<const Value> args,
             std::span<Value> results) mutable -> Result<void> {
    return Host::run(body, caller, args, results);
  };
}

// An untyped body, body(args, results) or body(caller, args, results) returning void or
// Result<void>, as a Func::CallerCallback.
template <class F> Func::CallerCallback untypedBody(F&& body) {
  using Body = std::decay_t<F>;
  constexpr bool withCaller =
      std::is_invocable_v<Body&, Caller&, std::span<const Value>, std::span<Value>>;
  static_assert(withCaller || std::is_invocable_v<Body&, std::span<const Value>, std::span<Value>>,
                "an untyped host function takes (std::span<const Value> args, std::span<Value> "
                "results), optionally after a leading Caller&");
  return [body = Body(std::forward<F>(body))](Caller& caller, std::span<const Value> args,
                                              std::span<Value> results) mutable -> Result<void> {
    auto invoke = [&]() -> decltype(auto) {
      if constexpr (withCaller) {
        return body(caller, args, results);
      } else {
        return body(args, results);
      }
    };
    using R = decltype(invoke());
    static_assert(std::is_void_v<R> || std::is_convertible_v<R, Result<void>>,
                  "an untyped host function returns void or Result<void>");
    if constexpr (std::is_void_v<R>) {
      invoke();
      return {};
    } else {
      return invoke();
    }
  };
}

} // namespace detail

template <class F> Func Func::wrap(Store& store, F&& body) {
  return create(store, detail::NaturalHostFor<F>::type(),
                detail::naturalBody(std::forward<F>(body)));
}

template <class F> Func Func::wrap(Store& store, FuncType type, F&& body) {
  return create(store, std::move(type), detail::untypedBody(std::forward<F>(body)));
}

template <class F> Linker& Linker::func(std::string module, std::string name, F&& body) {
  return defineItem(
      std::move(module), std::move(name),
      HostFunction{detail::NaturalHostFor<F>::type(), detail::naturalBody(std::forward<F>(body))});
}

template <class F>
Linker& Linker::func(std::string module, std::string name, FuncType type, F&& body) {
  return defineItem(std::move(module), std::move(name),
                    HostFunction{std::move(type), detail::untypedBody(std::forward<F>(body))});
}

} // namespace wasmline
