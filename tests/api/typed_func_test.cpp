// Typed calls: Instance::typedFunc and Func::typed, checked once, called with native values;
// braced lists for call() and Instance::create().
#include <gtest/gtest.h>

#include <tuple>

#include "wasmline/store.h"

namespace wasmline {
namespace {

constexpr const char* kModule = R"((module
  (memory (export "memory") 1)
  (global (export "answer") i32 (i32.const 42))
  (func (export "get_at") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "set_at") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "divmod") (param i64 i64) (result i64 i64)
    (i64.div_u (local.get 0) (local.get 1)) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "mix") (param f32 f64) (result f64)
    (f64.add (f64.promote_f32 (local.get 0)) (local.get 1)))
  (func (export "splat") (param i32) (result v128) (i32x4.splat (local.get 0)))
  (func $self (export "self") (result funcref) (ref.func $self))
  (func (export "is_null") (param funcref) (result i32) (ref.is_null (local.get 0)))
  (func (export "trap") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))))";

class TypedFunc_ : public ::testing::Test {
protected:
  Engine engine_;
  Store store_{engine_};
  Instance instance_ =
      Instance::create(store_, Module::fromText(engine_, kModule).value(), {}).value();
};

TEST_F(TypedFunc_, NativeArgumentsAndResults) {
  auto setAt = instance_.typedFunc<void(std::int32_t, std::int32_t)>("set_at");
  ASSERT_TRUE(setAt) << setAt.error().message();
  auto getAt = instance_.typedFunc<std::int32_t(std::int32_t)>("get_at");
  ASSERT_TRUE(getAt) << getAt.error().message();
  ASSERT_TRUE((*setAt)(0x2220, 0xFEFEFFE));
  EXPECT_EQ(getAt->call(0x2220).value(), 0xFEFEFFE);
  // Unsigned types carry the bits.
  auto getAtUnsigned = instance_.typedFunc<std::uint32_t(std::uint32_t)>("get_at");
  ASSERT_TRUE(setAt->call(0, -1));
  EXPECT_EQ(getAtUnsigned->call(0u).value(), 0xFFFFFFFFu);
}

TEST_F(TypedFunc_, SeveralResultsAsATuple) {
  auto divmod =
      instance_.typedFunc<std::tuple<std::int64_t, long long>(std::uint64_t, long)>("divmod");
  ASSERT_TRUE(divmod) << divmod.error().message();
  const auto [quotient, remainder] = divmod->call(17, 5).value();
  EXPECT_EQ(quotient, 3);
  EXPECT_EQ(remainder, 2);
}

TEST_F(TypedFunc_, FloatsVectorsAndReferences) {
  EXPECT_EQ((instance_.typedFunc<double(float, double)>("mix")->call(1.5f, 2.25).value()), 3.75);
  const V128 lanes = instance_.typedFunc<V128(std::int32_t)>("splat")->call(0x01020304).value();
  EXPECT_EQ(lanes.bytes[0], 4);
  EXPECT_EQ(lanes.bytes[15], 1);
  const std::optional<Func> self =
      instance_.typedFunc<std::optional<Func>()>("self")->call().value();
  ASSERT_TRUE(self);
  EXPECT_EQ(*self, *instance_.func("self"));
  auto isNull = instance_.typedFunc<std::int32_t(std::optional<Func>)>("is_null").value();
  EXPECT_EQ(isNull(std::nullopt).value(), 1);
  EXPECT_EQ(isNull(self).value(), 0);
}

TEST_F(TypedFunc_, TheTypeIsCheckedOnce) {
  auto wrong = instance_.typedFunc<std::int32_t(std::int32_t, std::int32_t)>("get_at");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind(), ErrorKind::InvalidArgument);
  EXPECT_EQ(wrong.error().message(),
            "export \"get_at\" has type [i32] -> [i32], not [i32 i32] -> [i32]");
  auto wider = instance_.typedFunc<std::int64_t(std::int32_t)>("get_at");
  ASSERT_FALSE(wider);
  auto missing = instance_.typedFunc<void()>("nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(), "no export named \"nope\"");
  auto notAFunction = instance_.typedFunc<void()>("memory");
  ASSERT_FALSE(notAFunction);
  EXPECT_EQ(notAFunction.error().message(), "export \"memory\" is a memory, not a function");
  auto viaFunc = instance_.func("get_at")->typed<float(float)>();
  ASSERT_FALSE(viaFunc);
  EXPECT_EQ(viaFunc.error().message(), "function of type [i32] -> [i32] used as [f32] -> [f32]");
  EXPECT_TRUE(instance_.func("get_at")->typed<std::int32_t(std::int32_t)>());
}

TEST_F(TypedFunc_, TrapsComeBackAsErrors) {
  auto trap = instance_.typedFunc<std::int32_t(std::int32_t)>("trap").value();
  EXPECT_EQ(trap(1).value(), 1);
  auto result = trap(0);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::Trap);
  EXPECT_NE(result.error().message().find("integer divide by zero"), std::string::npos);
  EXPECT_NE(result.error().message().find("wasm backtrace:"), std::string::npos);
  EXPECT_THROW((void)trap(0).value(), Error);
}

TEST_F(TypedFunc_, EmptyTypedFunc) {
  TypedFunc<std::int32_t(std::int32_t)> empty;
  EXPECT_FALSE(empty);
  auto result = empty(1);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind(), ErrorKind::InvalidArgument);
  EXPECT_EQ((TypedFunc<std::tuple<float, double>(std::int64_t, V128)>::type()),
            (FuncType{{ValType::I64, ValType::V128}, {ValType::F32, ValType::F64}}));
}

TEST_F(TypedFunc_, BracedLists) {
  const Func setAt = *instance_.func("set_at");
  ASSERT_TRUE(setAt.call({Value::i32(4), Value::i32(99)}));
  const auto got = instance_.func("get_at")->call({Value::i32(4)});
  ASSERT_TRUE(got);
  EXPECT_EQ((*got)[0].asI32(), 99);
  EXPECT_FALSE(setAt.call({Value::i32(4)})); // wrong count, still checked

  Memory memory = Memory::create(MemoryType::pages(1)).value();
  const Func log = Func::wrap(store_, [](std::int32_t) {});
  const Module importer = Module::fromText(engine_, R"((module
    (import "env" "memory" (memory 1)) (import "env" "log" (func (param i32)))
    (func (export "store") (param i32) (i32.store (i32.const 0) (local.get 0)))))")
                              .value();
  auto instance = Instance::create(store_, importer, {memory, log});
  ASSERT_TRUE(instance) << instance.error().message();
  ASSERT_TRUE(instance->typedFunc<void(std::int32_t)>("store")->call(7));
  EXPECT_EQ(memory.read<std::int32_t>(0).value(), 7);
}

// Typed function references: a result of a concrete reference type serves a funcref result
// (std::optional<Func>), covariantly; a parameter that takes only functions of one type cannot
// be given any funcref, so that signature is refused.
TEST(TypedFuncReferences, ResultsMatchBySubtyping) {
  EngineConfig config;
  config.features.set(Feature::FunctionReferences, true);
  const Engine engine(config);
  Store store(engine);
  const Module module = Module::fromText(engine, R"((module
    (type $t (func (result i32)))
    (func $seven (type $t) (i32.const 7))
    (elem declare func $seven)
    (func (export "make") (result (ref $t)) (ref.func $seven))
    (func (export "make_null") (result (ref null $t)) (ref.null $t))
    (func (export "run") (param (ref $t)) (result i32) (call_ref $t (local.get 0)))))")
                            .value();
  const Instance instance = Instance::create(store, module, {}).value();

  auto make = instance.typedFunc<std::optional<Func>()>("make");
  ASSERT_TRUE(make) << make.error().message();
  const std::optional<Func> seven = make->call().value();
  ASSERT_TRUE(seven);
  EXPECT_EQ(seven->typed<std::int32_t()>().value()().value(), 7);
  EXPECT_FALSE(instance.typedFunc<std::optional<Func>()>("make_null")->call().value());

  auto run = instance.typedFunc<std::int32_t(std::optional<Func>)>("run");
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().kind(), ErrorKind::InvalidArgument);
  EXPECT_NE(run.error().message().find("export \"run\" has type"), std::string::npos)
      << run.error().message();
  // The untyped call checks each argument instead: a function of type $t fits (ref $t).
  const auto ran = instance.func("run")->call({Value::funcRef(*seven)});
  ASSERT_TRUE(ran) << ran.error().message();
  EXPECT_EQ((*ran)[0].asI32(), 7);
  EXPECT_FALSE(instance.func("run")->call({Value::nullRef(ValType::FuncRef)}));
}

} // namespace
} // namespace wasmline
