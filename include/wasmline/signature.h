// The type machinery of typed calls and natural host functions: the wasm results of a C++ result
// type, and the signature of a callable.
#pragma once

#include <cstddef>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "wasmline/result.h"
#include "wasmline/types.h"
#include "wasmline/value.h"

namespace wasmline::detail {

template <class T> inline constexpr bool kDependentFalse = false;

// The wasm results of a C++ result type: void (none), one WasmValue, or a std::tuple of them.
template <class R> struct ResultsOf {
  static_assert(WasmValue<R>, "a typed result must be void, a type with ValueTraits (std::int32_t, "
                              "std::int64_t, float, double, V128, ...) or a std::tuple of them");
  static constexpr std::size_t count = 1;
  static std::vector<ValType> types() { return {ValueTraits<R>::type()}; }
  static R load(std::span<const Value> values) { return ValueTraits<R>::fromValue(values[0]); }
  static void store(const R& result, std::span<Value> values) {
    values[0] = ValueTraits<R>::toValue(result);
  }
};

template <> struct ResultsOf<void> {
  static constexpr std::size_t count = 0;
  static std::vector<ValType> types() { return {}; }
};

template <class... T> struct ResultsOf<std::tuple<T...>> {
  static_assert((WasmValue<T> && ...), "every element of a tuple of results needs ValueTraits");
  static constexpr std::size_t count = sizeof...(T);
  static std::vector<ValType> types() { return {ValueTraits<T>::type()...}; }
  static std::tuple<T...> load(std::span<const Value> values) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::tuple<T...>(ValueTraits<T>::fromValue(values[I])...);
    }
    (std::index_sequence_for<T...>{});
  }
  static void store(const std::tuple<T...>& results, std::span<Value> values) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((values[I] = ValueTraits<T>::toValue(std::get<I>(results))), ...);
    }
    (std::index_sequence_for<T...>{});
  }
};

// Result<T> or not; Inner is T (or the type itself when it is not a Result).
template <class T> struct IsResult : std::false_type { using Inner = T; };
template <class T> struct IsResult<Result<T>> : std::true_type { using Inner = T; };

// The result and parameter types of a callable: a function, a function pointer, or a class with
// one non-template operator() (a lambda).
template <class F> struct CallableSignature {
  static_assert(kDependentFalse<F>,
                "cannot deduce the signature of this host function: write its parameter types "
                "(a generic lambda or an overloaded callable has none), or pass a FuncType");
};
template <class R, class... A> struct CallableSignature<R(A...)> {
  using Return = R;
  using Params = std::tuple<A...>;
};
template <class R, class... A>
struct CallableSignature<R(A...) noexcept> : CallableSignature<R(A...)> {};
template <class R, class... A>
struct CallableSignature<R (*)(A...)> : CallableSignature<R(A...)> {};
template <class R, class... A>
struct CallableSignature<R (*)(A...) noexcept> : CallableSignature<R(A...)> {};
template <class C, class R, class... A>
struct CallableSignature<R (C::*)(A...)> : CallableSignature<R(A...)> {};
template <class C, class R, class... A>
struct CallableSignature<R (C::*)(A...) const> : CallableSignature<R(A...)> {};
template <class C, class R, class... A>
struct CallableSignature<R (C::*)(A...) noexcept> : CallableSignature<R(A...)> {};
template <class C, class R, class... A>
struct CallableSignature<R (C::*)(A...) const noexcept> : CallableSignature<R(A...)> {};
template <class F>
requires std::is_class_v<F> && requires {
  &F::operator();
}
struct CallableSignature<F> : CallableSignature<decltype(&F::operator())> {};

} // namespace wasmline::detail
