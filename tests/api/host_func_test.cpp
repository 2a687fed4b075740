// Host functions with natural signatures: deduced types, the Caller, traps with backtraces,
// C++ exceptions, Linker::func and untyped bodies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <stdexcept>
#include <string>
#include <tuple>

#include "wasmline/store.h"

namespace wasmline {
namespace {

using ::testing::HasSubstr;

class HostFunc : public ::testing::Test {
protected:
  Module compile(const char* text) {
    auto module = Module::fromText(engine_, text);
    EXPECT_TRUE(module) << module.error().message();
    return module ? *module : Module();
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_;
};

std::int64_t addFunction(std::int64_t a, std::int64_t b) {
  return a + b;
}

TEST_F(HostFunc, TypesAreDeduced) {
  EXPECT_EQ(Func::wrap(store_, [](std::int32_t, std::uint32_t) -> float { return 0; }).type(),
            (FuncType{{ValType::I32, ValType::I32}, {ValType::F32}}));
  EXPECT_EQ(Func::wrap(store_, [](Caller&, double, long long) {}).type(),
            (FuncType{{ValType::F64, ValType::I64}, {}}));
  EXPECT_EQ(Func::wrap(store_,
                       []() {
                         return std::tuple<std::int32_t, std::int64_t>{1, 2};
                       })
                .type(),
            (FuncType{{}, {ValType::I32, ValType::I64}}));
  EXPECT_EQ(Func::wrap(store_, [](const V128&) -> Result<std::int32_t> { return 1; }).type(),
            (FuncType{{ValType::V128}, {ValType::I32}}));
  EXPECT_EQ(Func::wrap(store_, &addFunction).type(),
            (FuncType{{ValType::I64, ValType::I64}, {ValType::I64}}));
  EXPECT_EQ(Func::wrap(store_, [](std::optional<Func>) -> Result<void> { return {}; }).type(),
            (FuncType{{ValType::FuncRef}, {}}));
}

TEST_F(HostFunc, CalledFromWasmAndFromTheHost) {
  int calls = 0;
  const Func add = Func::wrap(store_, [&calls](std::int64_t a, std::int64_t b) {
    ++calls;
    return a + b;
  });
  const Func divmod = Func::wrap(store_, [](std::int32_t a, std::int32_t b) {
    return std::tuple{a / b, a % b};
  });
  const Module module = compile(R"((module
    (import "env" "add" (func $add (param i64 i64) (result i64)))
    (import "env" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
    (func (export "run") (result i64)
      (call $add (i64.const 40) (i64.const 2)))
    (func (export "rem") (param i32 i32) (result i32)
      (call $divmod (local.get 0) (local.get 1)) (drop))))");
  auto instance = Instance::create(store_, module, {add, divmod});
  ASSERT_TRUE(instance) << instance.error().message();
  EXPECT_EQ(instance->typedFunc<std::int64_t()>("run")->call().value(), 42);
  EXPECT_EQ(
      instance->typedFunc<std::int32_t(std::int32_t, std::int32_t)>("rem")->call(17, 5).value(), 3);
  EXPECT_EQ(add.typed<std::int64_t(std::int64_t, std::int64_t)>()->call(1, 2).value(), 3);
  EXPECT_EQ(calls, 2);
}

TEST_F(HostFunc, TheCallerGivesTheCallingInstancesExports) {
  std::string logged;
  linker_.func("env", "log", [&logged](Caller& caller, std::int32_t ptr, std::int32_t len) {
    logged = caller.memory().value().readUtf8(ptr, len).value();
    // Functions of the caller are reachable too.
    return caller.typedFunc<std::int32_t()>("seven")->call().value();
  });
  const Module module = compile(R"((module
    (import "env" "log" (func $log (param i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "hello, host")
    (func (export "seven") (result i32) (i32.const 7))
    (func (export "run") (result i32) (call $log (i32.const 16) (i32.const 11)))))");
  auto instance = linker_.instantiate(store_, module);
  ASSERT_TRUE(instance) << instance.error().message();
  EXPECT_EQ(instance->typedFunc<std::int32_t()>("run")->call().value(), 7);
  EXPECT_EQ(logged, "hello, host");
}

TEST_F(HostFunc, CallerIsEmptyWhenTheHostCalls) {
  bool sawInstance = true;
  const Func check = Func::wrap(store_, [&](Caller& caller) -> std::int32_t {
    sawInstance = static_cast<bool>(caller.instance());
    return caller.memory() ? 1 : 0;
  });
  EXPECT_EQ(check.typed<std::int32_t()>()->call().value(), 0);
  EXPECT_FALSE(sawInstance);
}

constexpr const char* kCallsHost = R"((module
  (import "env" "host" (func $host (param i32) (result i32)))
  (func $inner (export "inner") (param i32) (result i32) (call $host (local.get 0)))
  (func $outer (export "outer") (param i32) (result i32) (call $inner (local.get 0)))))";

// Instantiates kCallsHost with `host` and calls "outer" with `argument`.
Result<std::int32_t> callThrough(Store& store, const Module& module, const Func& host,
                                 std::int32_t argument) {
  auto instance = Instance::create(store, module, {host});
  if (!instance) return instance.error();
  return instance->typedFunc<std::int32_t(std::int32_t)>("outer")->call(argument);
}

TEST_F(HostFunc, TrapsWithAMessageAndTheBacktrace) {
  const Module module = compile(kCallsHost);
  const Func host = Func::wrap(store_, [](Caller& caller, std::int32_t value) -> std::int32_t {
    if (value < 0) caller.trap("negative value " + std::to_string(value));
    return value * 2;
  });
  EXPECT_EQ(callThrough(store_, module, host, 21).value(), 42);
  auto trapped = callThrough(store_, module, host, -1);
  ASSERT_FALSE(trapped);
  EXPECT_EQ(trapped.error().kind(), ErrorKind::Trap);
  const std::string& message = trapped.error().message();
  EXPECT_EQ(message.rfind("negative value -1\nwasm backtrace:\n  func 1 \"inner\" at offset 0x", 0),
            0u)
      << message;
  EXPECT_THAT(message, HasSubstr("\n  func 2 \"outer\" at offset 0x"));
}

TEST_F(HostFunc, ReturnedErrorsBecomeTraps) {
  const Module module = compile(kCallsHost);
  const Func host =
      Func::wrap(store_, [](Caller& caller, std::int32_t value) -> Result<std::int32_t> {
        if (value == 1) return Error(ErrorKind::InvalidArgument, "one is not allowed");
        if (value == 2) return caller.trap("two is a trap");
        return value;
      });
  auto one = callThrough(store_, module, host, 1);
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().kind(), ErrorKind::Trap); // not the host's InvalidArgument
  EXPECT_THAT(one.error().message(), HasSubstr("one is not allowed\nwasm backtrace:\n  func 1"));
  auto two = callThrough(store_, module, host, 2);
  ASSERT_FALSE(two);
  EXPECT_THAT(two.error().message(), HasSubstr("two is a trap\nwasm backtrace:"));
  EXPECT_EQ(callThrough(store_, module, host, 3).value(), 3);
}

TEST_F(HostFunc, ExceptionsTrapAtTheBoundary) {
  const Module module = compile(kCallsHost);
  const Func host = Func::wrap(store_, [](Caller& caller, std::int32_t value) -> std::int32_t {
    if (value == 1) throw std::runtime_error("disk on fire");
    if (value == 2) return caller.memory("nope").value().read<std::int32_t>(0).value();
    if (value == 3) return Memory().read<std::int32_t>(0).value(); // throws wasmline::Error
    if (value == 4) throw 42;
    return value;
  });
  auto runtimeError = callThrough(store_, module, host, 1);
  ASSERT_FALSE(runtimeError);
  EXPECT_EQ(runtimeError.error().kind(), ErrorKind::Trap);
  EXPECT_THAT(runtimeError.error().message(),
              HasSubstr("host function threw: disk on fire\nwasm backtrace:\n  func 1 \"inner\""));
  auto optionalAccess = callThrough(store_, module, host, 2);
  ASSERT_FALSE(optionalAccess);
  EXPECT_THAT(optionalAccess.error().message(),
              HasSubstr("host function threw: bad optional access"));
  auto wasmlineError = callThrough(store_, module, host, 3);
  ASSERT_FALSE(wasmlineError);
  EXPECT_THAT(wasmlineError.error().message(),
              HasSubstr("empty Memory handle (default-constructed, refers to no memory)\nwasm"));
  auto other = callThrough(store_, module, host, 4);
  ASSERT_FALSE(other);
  EXPECT_THAT(other.error().message(), HasSubstr("not a std::exception"));
  EXPECT_EQ(callThrough(store_, module, host, 5).value(), 5); // the store still works
}

TEST_F(HostFunc, NestedTrapsKeepTheWholeBacktrace) {
  const Module inner = compile(R"((module
    (func $boom (export "boom") (result i32) (unreachable))))");
  const Instance callee = Instance::create(store_, inner, {}).value();
  const Module module = compile(kCallsHost);
  const Func host = Func::wrap(store_, [&callee](std::int32_t) -> Result<std::int32_t> {
    return callee.typedFunc<std::int32_t()>("boom")->call();
  });
  auto trapped = callThrough(store_, module, host, 0);
  ASSERT_FALSE(trapped);
  const std::string& message = trapped.error().message();
  EXPECT_EQ(message.rfind("unreachable\nwasm backtrace:\n  func 0 \"boom\" at offset", 0), 0u)
      << message;
  EXPECT_THAT(message, HasSubstr("\n  func 1 \"inner\" at offset"));
  EXPECT_THAT(message, HasSubstr("\n  func 2 \"outer\" at offset"));
  EXPECT_EQ(message.find("wasm backtrace:"), message.rfind("wasm backtrace:")) << message;
}

TEST_F(HostFunc, ExitPassesUnchanged) {
  const Module module = compile(kCallsHost);
  const Func host = Func::wrap(
      store_, [](std::int32_t code) -> Result<std::int32_t> { return Error::exit(code); });
  auto exited = callThrough(store_, module, host, 3);
  ASSERT_FALSE(exited);
  EXPECT_EQ(exited.error().kind(), ErrorKind::Exit);
  EXPECT_EQ(exited.error().exitCode(), 3u);
}

// A WebAssembly exception is not turned into a trap: returned (or thrown as a C++ exception) by
// a host function it is thrown into the calling wasm code, whose try_table catches it.
TEST(HostFuncExceptions, WasmExceptionsPassThrough) {
  EngineConfig config;
  config.features.set(Feature::Exceptions, true);
  const Engine engine(config);
  Store store(engine);
  const Tag tag = Tag::create(store, TagType{FuncType{{ValType::I32}, {}}}).value();
  Linker linker;
  linker.define("host", "tag", tag);
  linker.func("host", "raise", [&store, &tag](Caller&, std::int32_t value) -> Result<void> {
    const std::array<Value, 1> payload{Value::i32(value)};
    return Exception::create(store, tag, payload).value().toError();
  });
  linker.func("host", "throw", [&store, &tag](std::int32_t value) {
    const std::array<Value, 1> payload{Value::i32(value)};
    throw Exception::create(store, tag, payload).value().toError();
  });
  const Module module = Module::fromText(engine, R"((module
    (import "host" "tag" (tag $t (param i32)))
    (import "host" "raise" (func $raise (param i32)))
    (import "host" "throw" (func $throw (param i32)))
    (func (export "catch_raise") (param i32) (result i32)
      (block $caught (result i32) (try_table (catch $t $caught) (call $raise (local.get 0)))
        (i32.const -1)))
    (func (export "catch_throw") (param i32) (result i32)
      (block $caught (result i32) (try_table (catch $t $caught) (call $throw (local.get 0)))
        (i32.const -1)))
    (func (export "uncaught") (param i32) (call $raise (local.get 0)))))")
                            .value();
  const Instance instance = linker.instantiate(store, module).value();
  EXPECT_EQ(instance.typedFunc<std::int32_t(std::int32_t)>("catch_raise").value()(5).value(), 5);
  EXPECT_EQ(instance.typedFunc<std::int32_t(std::int32_t)>("catch_throw").value()(6).value(), 6);
  const auto uncaught = instance.typedFunc<void(std::int32_t)>("uncaught").value()(7);
  ASSERT_FALSE(uncaught);
  EXPECT_EQ(uncaught.error().kind(), ErrorKind::Exception);
  const auto exception = Exception::fromError(store, uncaught.error());
  ASSERT_TRUE(exception);
  EXPECT_EQ(exception->payload()[0].asI32(), 7);
}

TEST_F(HostFunc, LinkerFunctionsServeEveryStore) {
  int calls = 0;
  linker_.func("env", "host", [&calls](std::int32_t value) {
    ++calls;
    return value + 1;
  });
  const Module module = compile(kCallsHost);
  for (int i = 0; i < 2; ++i) {
    Store store(engine_);
    auto instance = linker_.instantiate(store, module);
    ASSERT_TRUE(instance) << instance.error().message();
    EXPECT_EQ(instance->typedFunc<std::int32_t(std::int32_t)>("outer")->call(i).value(), i + 1);
  }
  EXPECT_EQ(calls, 2);
}

TEST_F(HostFunc, UntypedBodies) {
  // void results, with and without the Caller: no `-> Result<void>` to spell out.
  int seen = 0;
  linker_.func("env", "host", FuncType{{ValType::I32}, {ValType::I32}},
               [&seen](std::span<const Value> args, std::span<Value> results) {
                 seen = args[0].asI32();
                 results[0] = Value::i32(seen * 3);
               });
  const Module module = compile(kCallsHost);
  auto instance = linker_.instantiate(store_, module);
  ASSERT_TRUE(instance) << instance.error().message();
  EXPECT_EQ(instance->typedFunc<std::int32_t(std::int32_t)>("outer")->call(5).value(), 15);
  EXPECT_EQ(seen, 5);

  const Func withCaller = Func::wrap(
      store_, FuncType{{ValType::I32}, {ValType::I32}},
      [](Caller& caller, std::span<const Value> args, std::span<Value> results) -> Result<void> {
        if (args[0].asI32() == 0) return caller.trap("zero");
        results[0] = Value::i32(caller.instance() ? 1 : 2);
        return {};
      });
  EXPECT_EQ(callThrough(store_, module, withCaller, 9).value(), 1);
  EXPECT_THAT(callThrough(store_, module, withCaller, 0).error().message(),
              HasSubstr("zero\nwasm"));

  const Func wrongResult = Func::wrap(
      store_, FuncType{{ValType::I32}, {ValType::I32}},
      [](std::span<const Value>, std::span<Value> results) { results[0] = Value::i64(1); });
  EXPECT_THAT(callThrough(store_, module, wrongResult, 1).error().message(),
              HasSubstr("host function result: expected i32, got i64"));
}

TEST_F(HostFunc, MutableState) {
  const Func counter = Func::wrap(store_, [count = 0]() mutable { return ++count; });
  auto next = counter.typed<std::int32_t()>().value();
  EXPECT_EQ(next().value(), 1);
  EXPECT_EQ(next().value(), 2);
}

} // namespace
} // namespace wasmline
