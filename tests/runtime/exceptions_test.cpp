// Exceptions across the host boundary: uncaught ones reach the host with their tag, payload and
// backtrace; the host creates tags and exceptions, throws them into wasm and reads caught ones;
// unwinding recycles exceptions nothing refers to.
#include <gtest/gtest.h>

#include "api/access.h"
#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline {
namespace {

EngineConfig withExceptions() {
  EngineConfig config;
  config.features.exceptions = true;
  config.features.legacyExceptions = true;
  config.features.functionReferences = true;
  return config;
}

constexpr std::string_view kThrower = R"((module
  (import "host" "tag" (tag $h (param f64)))
  (import "host" "raise" (func $raise))
  (tag $e (export "e") (param i32 i64))
  (func $throw (export "throw") (param i32) (throw $e (local.get 0) (i64.const -2)))
  (func (export "outer") (param i32) (call $throw (local.get 0)))
  ;; catches the host's exception of $h and returns its payload
  (func (export "catch-host") (result f64)
    (block $h (result f64) (try_table (catch $h $h) (call $raise)) (f64.const -1)))
  ;; lets it pass through, keeping nothing
  (func (export "pass-host") (call $raise))
  ;; catches $e with its reference and returns the exnref
  (func (export "catch-ref") (param i32) (result exnref)
    (block $r (result i32 i64 exnref)
      (try_table (catch_ref $e $r) (call $throw (local.get 0)))
      (unreachable))
    (return))
  (func (export "rethrow") (param exnref) (throw_ref (local.get 0)))
  ;; a loop throwing and catching 100000 times: nothing keeps the exceptions
  (func (export "loop") (result i32) (local $i i32)
    (loop $next
      (block $caught (result i32 i64)
        (try_table (catch $e $caught) (call $throw (local.get $i)))
        (unreachable))
      (drop) (drop)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 100000))))
    (local.get $i))
))";

struct Fixture {
  Engine engine{withExceptions()};
  Store store{engine};
  std::optional<Tag> hostTag;
  std::optional<Instance> instance;
  bool raiseMismatched = false;

  explicit Fixture() {
    hostTag = *Tag::create(store, TagType{FuncType{{ValType::F64}, {}}});
    Func raise = Func::wrap(store, FuncType{}, [this](auto, auto) -> Result<void> {
      auto exception = Exception::create(store, *hostTag, std::vector<Value>{Value::f64(2.5)});
      if (!exception) return exception.error();
      return exception->toError();
    });
    auto module = Module::fromText(engine, kThrower);
    EXPECT_TRUE(module) << module.error().message();
    std::vector<Extern> imports{*hostTag, raise};
    auto made = Instance::create(store, *module, imports);
    EXPECT_TRUE(made) << made.error().message();
    instance = *made;
  }
};

TEST(Exceptions, AnUncaughtExceptionReachesTheHostWithItsTagPayloadAndBacktrace) {
  Fixture f;
  auto result = f.instance->func("outer")->call(std::vector<Value>{Value::i32(7)});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::Exception);
  const std::string& message = result.error().message();
  EXPECT_EQ(message.rfind("uncaught exception: tag 1 \"e\" (payload i32:7, i64:-2)\nwasm "
                          "backtrace:\n  func 1 \"throw\" at offset",
                          0),
            0u)
      << message;
  EXPECT_NE(message.find("\n  func 2 at offset"), std::string::npos) << message;
  auto exception = Exception::fromError(f.store, result.error());
  ASSERT_TRUE(exception);
  EXPECT_TRUE(exception->tag() == *f.instance->tag("e"));
  const std::vector<Value> payload = exception->payload();
  ASSERT_EQ(payload.size(), 2u);
  EXPECT_EQ(payload[0].asI32(), 7);
  EXPECT_EQ(payload[1].asI64(), -2);
  // An error of another store, or of another kind, carries no exception of this store.
  Store other(f.engine);
  EXPECT_FALSE(Exception::fromError(other, result.error()));
  EXPECT_FALSE(Exception::fromError(f.store, Error(ErrorKind::Trap, "unreachable")));
}

TEST(Exceptions, AHostFunctionThrowsIntoWasm) {
  Fixture f;
  auto caught = f.instance->func("catch-host")->call({});
  ASSERT_TRUE(caught) << caught.error().message();
  EXPECT_EQ((*caught)[0].asF64(), 2.5);
  // Not caught in wasm: the host's own exception comes back out.
  auto passed = f.instance->func("pass-host")->call({});
  ASSERT_FALSE(passed);
  auto exception = Exception::fromError(f.store, passed.error());
  ASSERT_TRUE(exception);
  EXPECT_TRUE(exception->tag() == *f.hostTag);
  EXPECT_EQ(exception->payload()[0].asF64(), 2.5);
}

TEST(Exceptions, ExnrefsGoToTheHostAndBack) {
  Fixture f;
  auto caught = f.instance->func("catch-ref")->call(std::vector<Value>{Value::i32(3)});
  ASSERT_TRUE(caught) << caught.error().message();
  auto exception = (*caught)[0].asException();
  ASSERT_TRUE(exception);
  EXPECT_EQ(exception->payload()[0].asI32(), 3);
  auto rethrown = f.instance->func("rethrow")->call(std::vector<Value>{(*caught)[0]});
  ASSERT_FALSE(rethrown);
  auto again = Exception::fromError(f.store, rethrown.error());
  ASSERT_TRUE(again);
  EXPECT_TRUE(*again == *exception);
  // A null exnref traps.
  auto null =
      f.instance->func("rethrow")->call(std::vector<Value>{Value::nullRef(ValType::ExnRef)});
  ASSERT_FALSE(null);
  EXPECT_EQ(null.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(null.error().message().rfind("null exception reference", 0), 0u);
}

TEST(Exceptions, CaughtExceptionsNothingRefersToAreRecycled) {
  Fixture f;
  auto result = f.instance->func("loop")->call({});
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ((*result)[0].asI32(), 100000);
  EXPECT_LE(api::Access::store(f.store).exceptions().live(), 2u);
}

TEST(Exceptions, HostValuesAreChecked) {
  Fixture f;
  auto wrongCount = Exception::create(f.store, *f.hostTag, {});
  ASSERT_FALSE(wrongCount);
  EXPECT_EQ(wrongCount.error().kind(), ErrorKind::InvalidArgument);
  auto wrongType = Exception::create(f.store, *f.hostTag, std::vector<Value>{Value::i32(1)});
  ASSERT_FALSE(wrongType);
  EXPECT_EQ(wrongType.error().message(), "payload value 0: expected f64, got i32");
  auto withResults = Tag::create(f.store, TagType{FuncType{{}, {ValType::I32}}});
  ASSERT_FALSE(withResults);
  EXPECT_EQ(withResults.error().kind(), ErrorKind::InvalidType);
  // A tag import of another type does not link.
  Tag other = *Tag::create(f.store, TagType{FuncType{{ValType::I32}, {}}});
  auto module = Module::fromText(f.engine, kThrower);
  std::vector<Extern> imports{
      other, Func::wrap(f.store, FuncType{}, [](auto, auto) -> Result<void> { return {}; })};
  auto instance = Instance::create(f.store, *module, imports);
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().kind(), ErrorKind::Unlinkable);
}

} // namespace
} // namespace wasmline
