// Typed functions: a Func whose type was checked once against a C++ signature, then called with
// native arguments and results (like wasmtime's TypedFunc and Wasmer's NativeFunc).
//
//   auto setAt = instance.typedFunc<void(std::int32_t, std::int32_t)>("set_at").value();
//   auto getAt = instance.typedFunc<std::int32_t(std::int32_t)>("get_at").value();
//   setAt(0x2220, 0xFEFEFFE).value();
//   std::int32_t stored = getAt(0x2220).value();
//
// Parameter and result types are those of ValueTraits (value.h); several results are a
// std::tuple: typedFunc<std::tuple<std::int32_t, std::int64_t>(std::int32_t)>("divmod").
#pragma once

#include <array>
#include <type_traits>

#include "wasmline/signature.h"
#include "wasmline/store.h"

namespace wasmline {

template <class Signature> class TypedFunc {
  static_assert(detail::kDependentFalse<Signature>,
                "TypedFunc<R(Args...)>: the signature must be a function type");
};

template <class R, class... Args> class TypedFunc<R(Args...)> {
  static_assert((WasmValue<Args> && ...),
                "typed function parameters must have ValueTraits (std::int32_t, std::uint32_t, "
                "std::int64_t, long long, float, double, V128, std::optional<Func>)");

public:
  // An empty typed function: calling it fails with InvalidArgument.
  TypedFunc() = default;

  // The wasm type this signature stands for.
  static FuncType type() {
    return FuncType{{ValueTraits<Args>::type()...}, detail::ResultsOf<R>::types()};
  }

  // Calls the function. Errors: Trap (with the wasm backtrace), Exit, Unsupported, as
  // Func::call; InvalidArgument for an empty TypedFunc.
  Result<R> call(Args... args) const {
    const std::array<Value, sizeof...(Args)> in{ValueTraits<Args>::toValue(args)...};
    std::array<Value, detail::ResultsOf<R>::count> out{};
    if (auto status = func_.callChecked(in, out); !status) return status.error();
    if constexpr (std::is_void_v<R>) {
      return {};
    } else {
      return detail::ResultsOf<R>::load(out);
    }
  }
  // The same as call().
  Result<R> operator()(Args... args) const { return call(args...); }

  // True when it refers to a function.
  explicit operator bool() const { return static_cast<bool>(func_); }
  // The untyped function.
  const Func& func() const { return func_; }

private:
  friend class Func;
  friend class Instance;
  explicit TypedFunc(Func func) : func_(func) {}
  Func func_;
};

template <class Signature> Result<TypedFunc<Signature>> Func::typed() const {
  if (auto checked = expectType(TypedFunc<Signature>::type()); !checked) return checked.error();
  return TypedFunc<Signature>(*this);
}

template <class Signature>
Result<TypedFunc<Signature>> Instance::typedFunc(std::string_view name) const {
  auto func = funcOfType(name, TypedFunc<Signature>::type());
  if (!func) return func.error();
  return TypedFunc<Signature>(*func);
}

} // namespace wasmline
