// Golden tests of the IR the compiler emits for a handful of functions: what local elision,
// local.set folding, compare+branch fusion, constant pooling and calls produce. A change to the
// compiler that changes these is either a regression or an improvement to record here.
#include <regex>

#include <gtest/gtest.h>

#include "wasmline/inspect.h"
#include "wasmline/module.h"

namespace wasmline {
namespace {

constexpr std::string_view kModule = R"((module
  (memory 1)
  (func $fold (export "fold") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.add (local.get 0) (local.get 1)))
    (i32.mul (local.get 2) (local.get 2)))
  (func $loop (export "loop") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
  (func $constants (export "constants") (param i64) (result i64)
    (i64.add (i64.mul (local.get 0) (i64.const 10)) (i64.const 10)))
  (func $call (export "call") (param i32) (result i32)
    (call $fold (i32.load offset=8 (local.get 0)) (i32.const 3)))
  (func $choose (export "choose") (param i32 f64 f64) (result f64)
    (if (result f64) (i32.eqz (local.get 0))
      (then (f64.add (local.get 1) (local.get 2)))
      (else (select (local.get 1) (local.get 2) (local.get 0)))))
  (func $address (export "address") (param i32 i32)
    (i32.store8 offset=1 (i32.add (local.get 0) (i32.const 16))
      (i32.load8_u offset=2 (i32.add (local.get 0) (local.get 1)))))
  (func $chain (export "chain") (param i32 i32) (result i32)
    (local.set 0 (i32.sub (local.get 1) (i32.mul (local.get 0) (local.get 1))))
    (if (i32.gt_u (local.get 1) (i32.xor (local.get 0) (local.get 1)))
      (then (local.set 0 (i32.const 7))))
    (i32.add (local.get 0) (local.get 1)))
  (func $dispatch (export "dispatch") (param i32) (result i32)
    (block $done
      (block $c1 (block $c0 (br_table $c0 $c1 (local.get 0)))
        (local.set 0 (i32.const 10)) (br $done))
      (local.set 0 (i32.const 20)))
    (local.get 0))))";

struct Golden {
  std::uint32_t function;
  const char* name;
  const char* ir;
};

const Golden kGoldens[] = {
    // local.get emits nothing; `op; local.set` writes the local directly; the mul reads the sum
    // the add just wrote from the accumulator
    {0, "fold",
     "  frame: 2 parameter slots, 5 slots, 1 result slots\n"
     "      0: InitFrame first=s2 count=1 [0x0]\n"
     "      4: I32Add dst=s2 a=s0 b=s1\n"
     "      8: I32MulAcc dst=s3 a=s2 b=s2\n"
     "     12: Copy dst=s0 src=s3\n"
     "     15: Return\n"},
    // the comparison fuses with br_if into one jump; the constant 1 is pooled
    {1, "loop",
     "  frame: 1 parameter slots, 6 slots, 1 result slots\n"
     "      0: InitFrame first=s1 count=3 [0x0 0x0 0x1]\n"
     "      6: JumpIfI32GeU a=s1 b=s0 target=@20\n"
     "     10: I32Add dst=s2 a=s2 b=s1\n"
     "     14: I32Add dst=s1 a=s1 b=s3\n"
     "     18: Jump target=@6\n"
     "     20: Copy dst=s4 src=s2\n"
     "     23: Copy dst=s0 src=s4\n"
     "     26: Return\n"},
    // equal constants share one pooled slot, set once per call by InitFrame; the add takes the
    // product from the accumulator
    {2, "constants",
     "  frame: 1 parameter slots, 4 slots, 1 result slots\n"
     "      0: InitFrame first=s1 count=1 [0xa]\n"
     "      4: I64Mul dst=s2 a=s0 b=s1\n"
     "      8: I64AddAcc dst=s2 a=s2 b=s1\n"
     "     12: Copy dst=s0 src=s2\n"
     "     15: Return\n"},
    // arguments are computed into the callee's frame (the call's first argument slot)
    {3, "call",
     "  frame: 1 parameter slots, 4 slots, 1 result slots\n"
     "      0: InitFrame first=s1 count=1 [0x3]\n"
     "      4: I32Load dst=s2 address=s0 offset=8\n"
     "      8: Copy dst=s3 src=s1\n"
     "     11: Call function=func 0 arguments=s2\n"
     "     14: Copy dst=s0 src=s2\n"
     "     17: Return\n"},
    // eqz fuses with if; both branches leave their result in the block's slot
    {4, "choose",
     "  frame: 3 parameter slots, 6 slots, 1 result slots\n"
     "      0: JumpIfNonZero condition=s0 target=@9\n"
     "      3: F64Add dst=s3 a=s1 b=s2\n"
     "      7: Jump target=@14\n"
     "      9: Select dst=s3 a=s1 b=s2 condition=s0\n"
     "     14: Copy dst=s0 src=s3\n"
     "     17: Return\n"},
    // an address computed by the add just before: the access adds it itself (the store's add is
    // not the last instruction before it, the load's is); the store takes the loaded value from
    // the accumulator
    {5, "address",
     "  frame: 2 parameter slots, 6 slots, 0 result slots\n"
     "      0: InitFrame first=s2 count=1 [0x10]\n"
     "      4: I32Add dst=s3 a=s0 b=s2\n"
     "      8: I32Load8UAdd dst=s4 a=s0 b=s1 offset=2\n"
     "     13: I32Store8Acc address=s3 value=s4 offset=1\n"
     "     17: Return\n"},
    // the accumulator: the sub reads the product from its slot (its second operand, and sub does
    // not commute), the xor reads the local the sub just wrote from the accumulator, the
    // comparison swaps its operands (gt_u -> lt_u) to do the same and fuses with the if; after
    // the if's end (a label) the add reads slots again
    {6, "chain",
     "  frame: 2 parameter slots, 6 slots, 1 result slots\n"
     "      0: InitFrame first=s2 count=1 [0x7]\n"
     "      4: I32Mul dst=s4 a=s0 b=s1\n"
     "      8: I32Sub dst=s0 a=s1 b=s4\n"
     "     12: I32XorAcc dst=s4 a=s0 b=s1\n"
     "     16: JumpIfI32GeUAcc a=s4 b=s1 target=@23\n"
     "     20: Copy dst=s0 src=s2\n"
     "     23: I32Add dst=s3 a=s0 b=s1\n"
     "     27: Copy dst=s0 src=s3\n"
     "     30: Return\n"},
    // br_table's targets go past the jumps the compiler leaves for them (jump threading)
    {7, "dispatch",
     "  frame: 1 parameter slots, 4 slots, 1 result slots\n"
     "      0: InitFrame first=s1 count=2 [0xa 0x14]\n"
     "      5: JumpTable index=s0 count=1 [@14 @19]\n"
     "     10: Jump target=@14\n"
     "     12: Jump target=@19\n"
     "     14: Copy dst=s0 src=s1\n"
     "     17: Jump target=@22\n"
     "     19: Copy dst=s0 src=s2\n"
     "     22: Copy dst=s3 src=s0\n"
     "     25: Copy dst=s0 src=s3\n"
     "     28: Return\n"},
};

TEST(IrGolden, CompilerOutputIsStable) {
  Engine engine;
  auto module = Module::fromText(engine, kModule);
  ASSERT_TRUE(module) << module.error().message();
  for (const Golden& golden : kGoldens) {
    auto ir = functionIr(*module, golden.function);
    ASSERT_TRUE(ir) << golden.name << ": " << ir.error().message();
    // Byte offsets depend on how the text was encoded; the goldens leave them out.
    const std::string withoutOffsets =
        std::regex_replace(*ir, std::regex("    ; wasm 0x[0-9a-f]+"), "");
    EXPECT_EQ(withoutOffsets, golden.ir) << "function " << golden.name;
  }
}

TEST(IrGolden, InstructionsNameTheirWasmOffsets) {
  Engine engine;
  auto module = Module::fromText(engine, kModule);
  ASSERT_TRUE(module);
  auto ir = functionIr(*module, 0);
  ASSERT_TRUE(ir);
  EXPECT_NE(ir->find("I32Add dst=s2 a=s0 b=s1    ; wasm 0x"), std::string::npos) << *ir;
}

TEST(IrGolden, ImportedOrMissingFunctionsHaveNoIr) {
  Engine engine;
  auto module = Module::fromText(engine, R"((module (import "m" "f" (func)) (func)))");
  ASSERT_TRUE(module);
  EXPECT_FALSE(functionIr(*module, 0));
  EXPECT_TRUE(functionIr(*module, 1));
  EXPECT_FALSE(functionIr(*module, 2));
}

} // namespace
} // namespace wasmline
