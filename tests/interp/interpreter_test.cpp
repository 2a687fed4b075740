// Running functions end to end: text module -> decode/validate -> instantiate -> compile -> run.
#include "interp/interpreter.h"

#include <cstdint>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "api/access.h"
#include "binary/type_registry.h"
#include "runtime/instantiate.h"
#include "wasmline/module.h"

namespace wasmline::interp {
namespace {

class Interpreter : public ::testing::Test {
protected:
  Instance& instantiate(std::string_view text, std::span<const ExternRef> imports = {}) {
    auto module = wasmline::Module::fromText(engine_, text);
    EXPECT_TRUE(module) << module.error().message();
    auto result = runtime::instantiate(store_, api::Access::code(*module), imports);
    EXPECT_TRUE(result) << result.error().message();
    return *result->instance;
  }

  Result<std::vector<RawValue>> call(Instance& instance, const std::string& name,
                                     std::initializer_list<std::uint64_t> args = {},
                                     const ExecutionLimits& limits = {}) {
    std::vector<RawValue> values;
    for (std::uint64_t arg : args)
      values.push_back(RawValue{arg, 0});
    Execution execution = store_.execution();
    execution.limits = limits;
    return invoke(execution, *instance.exports.at(name).func, values);
  }

  std::uint64_t callValue(Instance& instance, const std::string& name,
                          std::initializer_list<std::uint64_t> args = {}) {
    auto result = call(instance, name, args);
    EXPECT_TRUE(result) << name << ": " << result.error().message();
    return result && !result->empty() ? (*result)[0].low : 0;
  }

  void expectTrap(Instance& instance, const std::string& name,
                  std::initializer_list<std::uint64_t> args, std::string_view message,
                  const ExecutionLimits& limits = {}) {
    auto result = call(instance, name, args, limits);
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().kind(), ErrorKind::Trap);
    // The spec's message (then details after ": "), then the wasm backtrace.
    const std::string& text = result.error().message();
    const std::string first = text.substr(0, text.find('\n'));
    EXPECT_EQ(first.substr(0, first.find(": ")), message);
  }

  static std::uint64_t bitsOf(double value) {
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
  }

  Engine engine_;
  runtime::StoreData store_{engine_.config()};
};

TEST_F(Interpreter, ArithmeticAndLocals) {
  auto& instance = instantiate(R"((module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "mix") (param i64) (result i64) (local i64)
      (local.set 1 (i64.mul (local.get 0) (i64.const 3)))
      (i64.sub (local.get 1) (i64.const 1)))
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "hyp") (param f64 f64) (result f64)
      (f64.sqrt (f64.add (f64.mul (local.get 0) (local.get 0)) (f64.mul (local.get 1) (local.get 1)))))))");
  EXPECT_EQ(callValue(instance, "add", {2, 40}), 42u);
  EXPECT_EQ(callValue(instance, "add", {0xFFFFFFFF, 1}), 0u);
  EXPECT_EQ(callValue(instance, "mix", {5}), 14u);
  EXPECT_EQ(callValue(instance, "div", {static_cast<std::uint32_t>(-7), 2}),
            static_cast<std::uint32_t>(-3));
  EXPECT_EQ(callValue(instance, "hyp", {bitsOf(3.0), bitsOf(4.0)}), bitsOf(5.0));
  expectTrap(instance, "div", {1, 0}, "integer divide by zero");
  expectTrap(instance, "div", {0x80000000, 0xFFFFFFFF}, "integer overflow");
  auto trapped = call(instance, "div", {1, 0});
  ASSERT_FALSE(trapped);
  EXPECT_NE(trapped.error().message().find("\nwasm backtrace:\n  func 2 at offset 0x"),
            std::string::npos)
      << trapped.error().message();
}

// Instructions reading the value the one before them wrote take it from the accumulator
// (interp/ir.def): operands swapped for commutative operations and comparisons, conditions of
// fused and plain branches, 64-bit values, loads, results folded into locals, and a label between
// (where the slot is read again).
TEST_F(Interpreter, AccumulatorChains) {
  auto& instance = instantiate(R"((module
    (memory 1)
    (data (i32.const 8) "\05\00\00\00")
    (func (export "chain") (param i32 i32) (result i32)
      (local.set 0 (i32.sub (local.get 1) (i32.mul (local.get 0) (local.get 1))))
      (if (i32.gt_u (local.get 1) (i32.xor (local.get 0) (local.get 1)))
        (then (local.set 0 (i32.const 7))))
      (i32.add (local.get 0) (local.get 1)))
    (func (export "hash64") (param i64) (result i64)
      (i64.xor (i64.shr_u (i64.mul (i64.xor (local.get 0) (i64.shr_u (local.get 0) (i64.const 30)))
                                   (i64.const 0xbf58476d1ce4e5b9)) (i64.const 27))
               (local.get 0)))
    (func (export "count") (param i32) (result i32) (local i32)
      (loop $again
        (local.set 1 (i32.add (local.get 1) (i32.load (i32.const 8))))
        (br_if $again (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
      (local.get 1))
    (func (export "wrap") (param i64) (result i32)
      (i32.eqz (i32.wrap_i64 (i64.add (local.get 0) (i64.const 1)))))
    (func (export "memory") (param i32 i64) (result i64)
      (i64.store16 (i32.const 16) (i64.xor (local.get 1) (i64.const 0x10001)))
      (i64.add (i64.load32_s (i32.and (i32.add (local.get 0) (i32.const 8)) (i32.const -4)))
               (select (i64.load16_u (i32.const 16)) (i64.const 99)
                       (i32.lt_u (local.get 0) (i32.const 8)))))
    (func (export "table") (param i32) (result i32)
      (block $b (block $a
        (br_table $a $b (i32.and (local.get 0) (i32.const 1))))
        (return (i32.load8_u (i32.add (i32.shl (local.get 0) (i32.const 2)) (i32.const 8)))))
      (i32.const 77))))");
  auto chain = [](std::uint32_t a, std::uint32_t b) {
    a = b - a * b;
    if (b > (a ^ b)) a = 7;
    return a + b;
  };
  for (std::uint32_t a : {0u, 1u, 3u, 0x80000000u, 0xFFFFFFFFu}) {
    for (std::uint32_t b : {0u, 2u, 9u, 0x7FFFFFFFu, 0xFFFFFFFEu}) {
      EXPECT_EQ(callValue(instance, "chain", {a, b}), chain(a, b)) << a << " " << b;
    }
  }
  auto hash64 = [](std::uint64_t x) {
    return (((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL) >> 27) ^ x;
  };
  for (std::uint64_t x : {0ULL, 1ULL, 0x123456789ABCDEFULL, ~0ULL})
    EXPECT_EQ(callValue(instance, "hash64", {x}), hash64(x)) << x;
  EXPECT_EQ(callValue(instance, "count", {4}), 20u);
  EXPECT_EQ(callValue(instance, "wrap", {0xFFFFFFFF}), 1u);
  EXPECT_EQ(callValue(instance, "wrap", {0x1FFFFFFFF}), 1u);
  EXPECT_EQ(callValue(instance, "wrap", {5}), 0u);
  // the store takes the xor's value, the load its masked address, the select its condition
  EXPECT_EQ(callValue(instance, "memory", {0, 0x12345}), 5u + 0x2344u);
  EXPECT_EQ(callValue(instance, "memory", {9, 0xFFFF}), 0xFFFEu + 99u);
  // br_table takes its index, the load its shifted address (the add folded into it) from the
  // accumulator
  EXPECT_EQ(callValue(instance, "table", {0}), 5u);
  EXPECT_EQ(callValue(instance, "table", {1}), 77u);
  EXPECT_EQ(callValue(instance, "table", {4}), 0u);
  EXPECT_EQ(callValue(instance, "table", {3}), 77u);
}

TEST_F(Interpreter, ControlFlow) {
  auto& instance = instantiate(R"((module
    (func (export "fact") (param i64) (result i64) (local i64)
      (local.set 1 (i64.const 1))
      (block (loop
        (br_if 1 (i64.eqz (local.get 0)))
        (local.set 1 (i64.mul (local.get 1) (local.get 0)))
        (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
        (br 0)))
      (local.get 1))
    (func (export "sign") (param i32) (result i32)
      (if (result i32) (i32.lt_s (local.get 0) (i32.const 0))
        (then (i32.const -1))
        (else (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 0))))))
    (func (export "table") (param i32) (result i32)
      (block (block (block
        (br_table 0 1 2 (local.get 0)))
        (return (i32.const 10)))
        (return (i32.const 20)))
      (i32.const 30))
    (func (export "pair") (result i32)
      (block (result i32 i32) (i32.const 7) (i32.const 8))
      (i32.sub))
    (func (export "early") (param i32) (result i32)
      (block (result i32) (br_if 0 (i32.const 5) (local.get 0)) (drop) (i32.const 6)))
    (func (export "sel") (param i32) (result i32) (select (i32.const 1) (i32.const 2) (local.get 0)))))");
  EXPECT_EQ(callValue(instance, "fact", {20}), 2432902008176640000u);
  EXPECT_EQ(callValue(instance, "sign", {static_cast<std::uint32_t>(-5)}), 0xFFFFFFFFu);
  EXPECT_EQ(callValue(instance, "sign", {9}), 1u);
  EXPECT_EQ(callValue(instance, "sign", {0}), 0u);
  EXPECT_EQ(callValue(instance, "table", {0}), 10u);
  EXPECT_EQ(callValue(instance, "table", {1}), 20u);
  EXPECT_EQ(callValue(instance, "table", {2}), 30u);
  EXPECT_EQ(callValue(instance, "table", {99}), 30u);
  EXPECT_EQ(callValue(instance, "pair"), static_cast<std::uint32_t>(-1));
  EXPECT_EQ(callValue(instance, "early", {1}), 5u);
  EXPECT_EQ(callValue(instance, "early", {0}), 6u);
  EXPECT_EQ(callValue(instance, "sel", {1}), 1u);
  EXPECT_EQ(callValue(instance, "sel", {0}), 2u);
}

TEST_F(Interpreter, LocalReadsSurviveLaterWrites) {
  // local.get emits no copy; a later write to the local must not change the value read.
  auto& instance = instantiate(R"((module
    (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
    (func (export "set-after-get") (param i32) (result i32)
      (local.get 0) (local.set 0 (i32.const 100)) (local.get 0) (i32.sub))
    (func (export "tee-after-get") (param i32) (result i32)
      (local.get 0) (local.tee 0 (i32.const 100)) (i32.sub))
    (func (export "set-in-branch") (param i32 i32) (result i32)
      (local.get 0)
      (if (local.get 1) (then (local.set 0 (i32.const 100))))
      (local.get 0) (i32.sub))
    (func (export "br-if-value") (param i32 i32) (result i32)
      (block (result i32) (local.get 0) (local.get 1) (br_if 0) (local.set 0 (i32.const 9)) (drop)
        (local.get 0)))
    (func (export "br-table-value") (param i32 i32) (result i32)
      (block (result i32) (block (result i32) (local.get 0) (local.get 1) (br_table 0 1 0))
        (i32.const 1000) (i32.add)))))");
  auto swapped = call(instance, "swap", {1, 2});
  ASSERT_TRUE(swapped);
  EXPECT_EQ((*swapped)[0].low, 2u);
  EXPECT_EQ((*swapped)[1].low, 1u);
  EXPECT_EQ(callValue(instance, "set-after-get", {5}), static_cast<std::uint32_t>(5 - 100));
  EXPECT_EQ(callValue(instance, "tee-after-get", {5}), static_cast<std::uint32_t>(5 - 100));
  EXPECT_EQ(callValue(instance, "set-in-branch", {5, 1}), static_cast<std::uint32_t>(5 - 100));
  EXPECT_EQ(callValue(instance, "set-in-branch", {5, 0}), 0u);
  EXPECT_EQ(callValue(instance, "br-if-value", {7, 1}), 7u);
  EXPECT_EQ(callValue(instance, "br-if-value", {7, 0}), 9u);
  EXPECT_EQ(callValue(instance, "br-table-value", {7, 0}), 1007u);
  EXPECT_EQ(callValue(instance, "br-table-value", {7, 1}), 7u);
  EXPECT_EQ(callValue(instance, "br-table-value", {7, 5}), 1007u);
}

TEST_F(Interpreter, ResultsFoldedIntoLocals) {
  auto& instance = instantiate(R"((module
    (func (export "sum") (param i32) (result i32) (local i32)
      (block (loop
        (br_if 1 (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br 0)))
      (local.get 1))
    (func (export "block-result") (param i32) (result i32) (local i32)
      (local.set 1 (block (result i32) (i32.const 5) (br_if 0 (local.get 0)) (drop) (i32.const 6)))
      (local.get 1))
    (func (export "tee-self") (param i32) (result i32)
      (i32.add (local.tee 0 (i32.mul (local.get 0) (local.get 0))) (local.get 0)))))");
  EXPECT_EQ(callValue(instance, "sum", {100}), 5050u);
  EXPECT_EQ(callValue(instance, "block-result", {1}), 5u);
  EXPECT_EQ(callValue(instance, "block-result", {0}), 6u);
  EXPECT_EQ(callValue(instance, "tee-self", {7}), 98u);
}

TEST_F(Interpreter, CallsAndRecursion) {
  auto& instance = instantiate(R"((module
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func $forever (export "forever") (param i32) (result i32) (call $forever (local.get 0)))
    (type $binary (func (param i32 i32) (result i32)))
    (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
    (func $neg (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
    (table 3 funcref)
    (elem (i32.const 0) $sub $neg)
    (func (export "indirect") (param i32) (result i32)
      (call_indirect (type $binary) (i32.const 10) (i32.const 3) (local.get 0)))))");
  EXPECT_EQ(callValue(instance, "fib", {20}), 6765u);
  expectTrap(instance, "forever", {1}, "call stack exhausted");
  expectTrap(instance, "forever", {1}, "call stack exhausted",
             ExecutionLimits{1000000, 4096}); // the value stack runs out first
  EXPECT_EQ(callValue(instance, "indirect", {0}), 7u);
  expectTrap(instance, "indirect", {1}, "indirect call type mismatch");
  expectTrap(instance, "indirect", {2}, "uninitialized element");
  expectTrap(instance, "indirect", {3}, "undefined element");
}

TEST_F(Interpreter, MemoryAndGlobals) {
  auto& instance = instantiate(R"((module
    (memory 1 3)
    (global $counter (mut i32) (i32.const 0))
    (func (export "store") (param i32 i64) (i64.store offset=4 (local.get 0) (local.get 1)))
    (func (export "load8") (param i32) (result i32) (i32.load8_s (local.get 0)))
    (func (export "load") (param i32) (result i64) (i64.load offset=4 (local.get 0)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    (func (export "bump") (result i32)
      (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
      (global.get $counter))))");
  ASSERT_TRUE(call(instance, "store", {16, 0x8877665544332211}));
  EXPECT_EQ(callValue(instance, "load", {16}), 0x8877665544332211u);
  EXPECT_EQ(callValue(instance, "load8", {27}), static_cast<std::uint32_t>(-120)); // 0x88
  expectTrap(instance, "load", {65532}, "out of bounds memory access");
  expectTrap(instance, "load", {0xFFFFFFFF}, "out of bounds memory access");
  EXPECT_EQ(callValue(instance, "grow", {1}), 1u);
  EXPECT_EQ(callValue(instance, "size"), 2u);
  EXPECT_EQ(callValue(instance, "load", {65532}), 0u); // in bounds after growing
  EXPECT_EQ(callValue(instance, "grow", {5}), 0xFFFFFFFFu);
  ASSERT_TRUE(call(instance, "fill", {100, 0xAB, 4}));
  EXPECT_EQ(callValue(instance, "load8", {103}),
            static_cast<std::uint32_t>(static_cast<std::int8_t>(0xAB)));
  expectTrap(instance, "fill", {131070, 0, 3}, "out of bounds memory access");
  EXPECT_EQ(callValue(instance, "bump"), 1u);
  EXPECT_EQ(callValue(instance, "bump"), 2u);
}

// A load or store whose address is an i32.add just before takes the add over (the name##Add
// forms): the sum wraps at 2^32 like the add's, and the access is checked like any other.
TEST_F(Interpreter, AddedAddressesWrapAndTrapLikeTheAdd) {
  auto& instance = instantiate(R"((module
    (memory 1 2)
    (func (export "store") (param i32 i32 i32) (i32.store16 offset=2 (i32.add (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "load") (param i32 i32) (result i32) (i32.load16_u offset=2 (i32.add (local.get 0) (local.get 1))))
    (func (export "load64") (param i32 i32) (result i64) (i64.load (i32.add (local.get 0) (local.get 1))))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))");
  ASSERT_TRUE(call(instance, "store", {100, 20, 0xBEEF}));
  EXPECT_EQ(callValue(instance, "load", {120, 0}), 0xBEEFu);
  EXPECT_EQ(callValue(instance, "load", {0xFFFFFFF0, 0x88}), 0xBEEFu); // wraps to 120
  ASSERT_TRUE(call(instance, "store", {0xFFFFFFFF, 1, 0x1234}));       // wraps to 0
  EXPECT_EQ(callValue(instance, "load", {0, 0}), 0x1234u);
  EXPECT_EQ(callValue(instance, "load64", {0, 2}), 0x1234u);
  expectTrap(instance, "load", {65533, 0}, "out of bounds memory access"); // 65535 + 2 > 65536
  EXPECT_EQ(callValue(instance, "load", {65530, 2}), 0u);
  expectTrap(instance, "store", {65000, 534, 1}, "out of bounds memory access");
  expectTrap(instance, "load64", {65529, 0}, "out of bounds memory access");
  EXPECT_EQ(callValue(instance, "grow", {1}), 1u);
  EXPECT_EQ(callValue(instance, "load64", {65529, 0}), 0u); // the cached size follows the growth
}

TEST_F(Interpreter, HostFunctions) {
  FuncInstance host;
  host.type = FuncType{{ValType::I32}, {ValType::I32}};
  host.typeId = binary::canonicalTypeId(host.type);
  host.host = [](Instance*, std::span<const RawValue> args,
                 std::span<RawValue> results) -> Result<void> {
    if (args[0].low == 13) return Error(ErrorKind::Trap, "unreachable");
    results[0].low = args[0].low * 2;
    return {};
  };
  FuncInstance& added = store_.addFunction(std::move(host));
  ExternRef imports[] = {ExternRef{ExternKind::Func, &added, nullptr, nullptr, nullptr}};
  auto& instance = instantiate(R"((module
    (import "host" "double" (func $double (param i32) (result i32)))
    (func (export "quad") (param i32) (result i32) (call $double (call $double (local.get 0))))))",
                               imports);
  EXPECT_EQ(callValue(instance, "quad", {5}), 20u);
  expectTrap(instance, "quad", {13}, "unreachable");
}

TEST_F(Interpreter, Simd) {
  auto& instance = instantiate(R"((module
    (memory 1)
    (func (export "lanes") (result i32)
      (i32x4.extract_lane 2 (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 10 20 30 40))))
    (func (export "roundtrip") (result i64)
      (v128.store (i32.const 16) (i64x2.splat (i64.const 0x0123456789abcdef)))
      (i64x2.extract_lane 1 (v128.load (i32.const 16))))
    (func (export "shuffle") (result i32)
      (i8x16.extract_lane_u 0 (i8x16.shuffle 31 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
        (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)
        (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 99))))))");
  EXPECT_EQ(callValue(instance, "lanes"), 33u);
  EXPECT_EQ(callValue(instance, "roundtrip"), 0x0123456789ABCDEFu);
  EXPECT_EQ(callValue(instance, "shuffle"), 99u);
}

// Comparisons feeding br_if / if compile to fused compare-and-jump instructions: every
// comparison, both widths, both branch senses, against the C++ result.
TEST_F(Interpreter, ComparisonsFusedWithBranches) {
  struct Comparison {
    const char* name;
    bool (*i32)(std::int32_t, std::int32_t);
    bool (*i64)(std::int64_t, std::int64_t);
  };
  const Comparison comparisons[] = {
      {"eq", [](std::int32_t a, std::int32_t b) { return a == b; },
       [](std::int64_t a, std::int64_t b) { return a == b; }},
      {"ne", [](std::int32_t a, std::int32_t b) { return a != b; },
       [](std::int64_t a, std::int64_t b) { return a != b; }},
      {"lt_s", [](std::int32_t a, std::int32_t b) { return a < b; },
       [](std::int64_t a, std::int64_t b) { return a < b; }},
      {"lt_u",
       [](std::int32_t a, std::int32_t b) {
         return static_cast<std::uint32_t>(a) < static_cast<std::uint32_t>(b);
       },
       [](std::int64_t a, std::int64_t b) {
         return static_cast<std::uint64_t>(a) < static_cast<std::uint64_t>(b);
       }},
      {"gt_s", [](std::int32_t a, std::int32_t b) { return a > b; },
       [](std::int64_t a, std::int64_t b) { return a > b; }},
      {"gt_u",
       [](std::int32_t a, std::int32_t b) {
         return static_cast<std::uint32_t>(a) > static_cast<std::uint32_t>(b);
       },
       [](std::int64_t a, std::int64_t b) {
         return static_cast<std::uint64_t>(a) > static_cast<std::uint64_t>(b);
       }},
      {"le_s", [](std::int32_t a, std::int32_t b) { return a <= b; },
       [](std::int64_t a, std::int64_t b) { return a <= b; }},
      {"le_u",
       [](std::int32_t a, std::int32_t b) {
         return static_cast<std::uint32_t>(a) <= static_cast<std::uint32_t>(b);
       },
       [](std::int64_t a, std::int64_t b) {
         return static_cast<std::uint64_t>(a) <= static_cast<std::uint64_t>(b);
       }},
      {"ge_s", [](std::int32_t a, std::int32_t b) { return a >= b; },
       [](std::int64_t a, std::int64_t b) { return a >= b; }},
      {"ge_u",
       [](std::int32_t a, std::int32_t b) {
         return static_cast<std::uint32_t>(a) >= static_cast<std::uint32_t>(b);
       },
       [](std::int64_t a, std::int64_t b) {
         return static_cast<std::uint64_t>(a) >= static_cast<std::uint64_t>(b);
       }},
  };
  std::string text = "(module\n";
  for (const char* type : {"i32", "i64"}) {
    for (const Comparison& comparison : comparisons) {
      const std::string op = std::string(type) + "." + comparison.name;
      text += "(func (export \"br_if " + op + "\") (param " + type + " " + type +
              ") (result i32) (block (br_if 0 (" + op +
              " (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))\n";
      text += "(func (export \"if " + op + "\") (param " + type + " " + type +
              ") (result i32) (if (result i32) (" + op +
              " (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))\n";
    }
    const std::string eqz = std::string(type) + ".eqz";
    text += "(func (export \"br_if " + eqz + "\") (param " + type +
            ") (result i32) (block (br_if 0 (" + eqz +
            " (local.get 0))) (return (i32.const 0))) (i32.const 1))\n";
    text += "(func (export \"if " + eqz + "\") (param " + type +
            ") (result i32) (if (result i32) (" + eqz +
            " (local.get 0)) (then (i32.const 1)) (else (i32.const 0))))\n";
  }
  text += ")";
  auto& instance = instantiate(text);
  const std::int64_t values[] = {0, 1, -1, 7, -7, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN};
  for (const Comparison& comparison : comparisons) {
    for (std::int64_t a : values) {
      for (std::int64_t b : values) {
        const auto a32 = static_cast<std::int32_t>(a), b32 = static_cast<std::int32_t>(b);
        const std::uint64_t want32 = comparison.i32(a32, b32) ? 1 : 0;
        const std::uint64_t want64 = comparison.i64(a, b) ? 1 : 0;
        const std::uint64_t raw32a = static_cast<std::uint32_t>(a32);
        const std::uint64_t raw32b = static_cast<std::uint32_t>(b32);
        const auto raw64a = static_cast<std::uint64_t>(a), raw64b = static_cast<std::uint64_t>(b);
        for (const char* form : {"br_if ", "if "}) {
          const std::string name = std::string(form) + comparison.name;
          EXPECT_EQ(
              callValue(instance, std::string(form) + "i32." + comparison.name, {raw32a, raw32b}),
              want32)
              << name << " i32 " << a32 << " " << b32;
          EXPECT_EQ(
              callValue(instance, std::string(form) + "i64." + comparison.name, {raw64a, raw64b}),
              want64)
              << name << " i64 " << a << " " << b;
        }
      }
    }
  }
  for (std::int64_t a : values) {
    for (const char* form : {"br_if ", "if "}) {
      EXPECT_EQ(callValue(instance, std::string(form) + "i32.eqz", {static_cast<std::uint32_t>(a)}),
                static_cast<std::uint32_t>(a) == 0 ? 1u : 0u);
      EXPECT_EQ(callValue(instance, std::string(form) + "i64.eqz", {static_cast<std::uint64_t>(a)}),
                a == 0 ? 1u : 0u);
    }
  }
}

// Vector loads and stores on a memory other than memory 0 (multi-memory with SIMD), with their
// bounds checked against that memory.
TEST(InterpreterMultiMemory, VectorAccessesNameTheirMemory) {
  EngineConfig config;
  config.features = Features::all();
  Engine engine(config);
  runtime::StoreData store(engine.config());
  auto module = wasmline::Module::fromText(engine, R"((module
    (memory 1)
    (memory $second 1)
    (func (export "roundtrip") (result i64)
      (v128.store $second (i32.const 32) (i64x2.splat (i64.const 0x1122334455667788)))
      (v128.store64_lane $second 1 (i32.const 64) (v128.load $second (i32.const 32)))
      (i64x2.extract_lane 0
        (v128.load64_lane $second 0 (i32.const 64) (v128.const i64x2 0 0))))
    (func (export "first") (result i64) (i64.load (i32.const 32)))
    (func (export "outside") (result v128) (v128.load $second (i32.const 65530)))))");
  ASSERT_TRUE(module) << module.error().message();
  auto instantiated = runtime::instantiate(store, api::Access::code(*module), {});
  ASSERT_TRUE(instantiated) << instantiated.error().message();
  auto& exports = instantiated->instance->exports;
  auto roundtrip = invoke(store.execution(), *exports.at("roundtrip").func, {});
  ASSERT_TRUE(roundtrip) << roundtrip.error().message();
  EXPECT_EQ((*roundtrip)[0].low, 0x1122334455667788u);
  auto first = invoke(store.execution(), *exports.at("first").func, {});
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)[0].low, 0u); // memory 0 untouched
  auto outside = invoke(store.execution(), *exports.at("outside").func, {});
  ASSERT_FALSE(outside);
  EXPECT_NE(outside.error().message().find(
                "out of bounds memory access: 16 bytes at address 0xfffa, memory size 0x10000"),
            std::string::npos)
      << outside.error().message();
}

} // namespace
} // namespace wasmline::interp
