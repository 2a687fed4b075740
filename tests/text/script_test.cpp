// The .wast script reader: every command kind, literals and result patterns, modules as bytes.
#include "text/script.h"

#include <gtest/gtest.h>

namespace wasmline::text {
namespace {

Script read(std::string_view source) {
  auto script = parseScript(source, "test.wast");
  EXPECT_TRUE(script) << script.error().message();
  return script ? std::move(*script) : Script{};
}

TEST(Script, EveryCommandKind) {
  const Script script = read(R"wast(
    (module $M (func (export "f") (param i32) (result i32) (local.get 0)))
    (module definition $D (memory 1))
    (module instance $I $D)
    (module instance $D)
    (register "m" $M)
    (invoke $M "f" (i32.const 1))
    (get "g")
    (assert_return (invoke "f" (i32.const -1)) (i32.const 0xffffffff))
    (assert_trap (invoke "f" (i32.const 0)) "unreachable")
    (assert_trap (module (start 0) (func unreachable)) "unreachable")
    (assert_exhaustion (invoke "f") "call stack exhausted")
    (assert_exception (invoke "f"))
    (assert_malformed (module quote "(func (nope))") "unknown operator")
    (assert_malformed (module binary "\00asm") "unexpected end")
    (assert_invalid (module (func (result i32))) "type mismatch")
    (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
    (assert_unlinkable (module instance $D) "unknown import")
    (thread $T (shared (module $M)) (register "mem" $M) (invoke $M "f" (i32.const 2)))
    (wait $T)
  )wast");
  const CommandKind kinds[] = {
      CommandKind::Module,
      CommandKind::Module,
      CommandKind::Instance,
      CommandKind::Instance,
      CommandKind::Register,
      CommandKind::Action,
      CommandKind::Action,
      CommandKind::AssertReturn,
      CommandKind::AssertTrap,
      CommandKind::AssertUninstantiable,
      CommandKind::AssertExhaustion,
      CommandKind::AssertException,
      CommandKind::AssertMalformed,
      CommandKind::AssertMalformed,
      CommandKind::AssertInvalid,
      CommandKind::AssertUnlinkable,
      CommandKind::AssertUnlinkable,
      CommandKind::Thread,
      CommandKind::Wait,
  };
  ASSERT_EQ(script.commands.size(), std::size(kinds));
  for (std::size_t i = 0; i < std::size(kinds); ++i)
    EXPECT_EQ(script.commands[i].kind, kinds[i]) << i;
  const auto& c = script.commands;
  EXPECT_EQ(c[0].module->name, "M");
  EXPECT_FALSE(c[0].module->error);
  EXPECT_GT(c[0].module->binary.size(), 8u);
  EXPECT_EQ(c[0].line, 2u);
  EXPECT_TRUE(c[1].module->definition);
  EXPECT_EQ(c[2].instance, "I");
  EXPECT_EQ(c[2].moduleName, "D");
  EXPECT_EQ(c[3].instance, "");
  EXPECT_EQ(c[3].moduleName, "D");
  EXPECT_EQ(c[4].registerName, "m");
  EXPECT_EQ(c[4].instance, "M");
  EXPECT_EQ(c[5].action->instance, "M");
  EXPECT_EQ(c[5].action->args.size(), 1u);
  EXPECT_TRUE(c[6].action->isGet);
  EXPECT_EQ(c[8].message, "unreachable");
  EXPECT_EQ(c[12].module->source, ScriptModule::Source::Quote);
  ASSERT_TRUE(c[12].module->error);
  EXPECT_NE(c[12].module->error->find("unknown operator nope"), std::string::npos);
  EXPECT_EQ(c[13].module->source, ScriptModule::Source::Binary);
  EXPECT_EQ(c[13].module->binary, (std::vector<std::uint8_t>{0, 'a', 's', 'm'}));
  EXPECT_TRUE(c[16].onInstance);
  EXPECT_EQ(c[17].thread, "T");
  EXPECT_EQ(c[17].shared, std::vector<std::string>{"M"});
  ASSERT_EQ(c[17].commands.size(), 2u);
  EXPECT_EQ(c[17].commands[1].kind, CommandKind::Action);
  EXPECT_EQ(c[18].thread, "T");
}

TEST(Script, LiteralsAndResultPatterns) {
  const Script script = read(R"wast(
    (assert_return (invoke "f" (i64.const -2) (f32.const 1.5) (f64.const -0x1p-2)
                               (v128.const i16x8 1 -1 2 3 4 5 6 7) (ref.null func) (ref.extern 7))
      (f32.const nan:canonical) (f64.const nan:arithmetic)
      (v128.const f32x4 nan:canonical 1 nan:arithmetic -inf)
      (ref.null) (ref.null extern) (ref.extern) (ref.extern 3) (ref.func) (ref) (ref.i31)
      (either (i32.const 1) (i32.const 2)))
  )wast");
  ASSERT_EQ(script.commands.size(), 1u);
  const ScriptCommand& command = script.commands[0];
  const auto& args = command.action->args;
  ASSERT_EQ(args.size(), 6u);
  using Kind = ScriptValue::Kind;
  EXPECT_EQ(args[0].kind, Kind::I64);
  EXPECT_EQ(args[0].bytes[0], 0xFE);
  EXPECT_EQ(args[0].bytes[7], 0xFF);
  EXPECT_EQ(args[1].kind, Kind::F32);
  EXPECT_EQ(args[1].bytes[3], 0x3F); // 0x3fc00000
  EXPECT_EQ(args[1].bytes[2], 0xC0);
  EXPECT_EQ(args[2].bytes[7], 0xBF); // -0.25 = 0xbfd0000000000000
  EXPECT_EQ(args[2].bytes[6], 0xD0);
  EXPECT_EQ(args[3].kind, Kind::V128);
  EXPECT_EQ(args[3].laneBits, 16);
  EXPECT_EQ(args[3].bytes[2], 0xFF);
  EXPECT_EQ(args[3].bytes[3], 0xFF);
  EXPECT_EQ(args[4].kind, Kind::RefNull);
  EXPECT_TRUE(args[4].hasHeapType);
  EXPECT_EQ(args[4].heap, HeapKind::Func);
  EXPECT_EQ(args[5].kind, Kind::RefExtern);
  EXPECT_EQ(args[5].payload, 7u);

  const auto& expected = command.expected;
  ASSERT_EQ(expected.size(), 11u);
  EXPECT_EQ(expected[0].alternatives[0].nan[0], NanPattern::Canonical);
  EXPECT_EQ(expected[1].alternatives[0].nan[0], NanPattern::Arithmetic);
  const ScriptValue& lanes = expected[2].alternatives[0];
  EXPECT_TRUE(lanes.floatLanes);
  EXPECT_EQ(lanes.nan[0], NanPattern::Canonical);
  EXPECT_EQ(lanes.nan[1], NanPattern::None);
  EXPECT_EQ(lanes.nan[2], NanPattern::Arithmetic);
  EXPECT_EQ(lanes.bytes[15], 0xFF); // -inf in lane 3
  EXPECT_FALSE(expected[3].alternatives[0].hasHeapType);
  EXPECT_EQ(expected[4].alternatives[0].heap, HeapKind::Extern);
  EXPECT_FALSE(expected[5].alternatives[0].hasPayload);
  EXPECT_EQ(expected[6].alternatives[0].payload, 3u);
  EXPECT_EQ(expected[7].alternatives[0].kind, Kind::RefFunc);
  EXPECT_EQ(expected[8].alternatives[0].kind, Kind::RefAny);
  EXPECT_EQ(expected[9].alternatives[0].kind, Kind::RefI31);
  EXPECT_EQ(expected[10].alternatives.size(), 2u);
}

TEST(Script, AnInlineModuleIsTheWholeScript) {
  const Script script = read("(func (export \"f\")) (memory 0)");
  ASSERT_EQ(script.commands.size(), 1u);
  EXPECT_EQ(script.commands[0].kind, CommandKind::Module);
  EXPECT_FALSE(script.commands[0].module->error);
}

TEST(Script, TextModuleErrorsStayWithTheirModule) {
  const Script script = read("(module (func (br $nowhere)))\n(module $ok)");
  ASSERT_EQ(script.commands.size(), 2u);
  ASSERT_TRUE(script.commands[0].module->error);
  EXPECT_EQ(*script.commands[0].module->error, "test.wast:1:19: unknown label $nowhere");
  EXPECT_FALSE(script.commands[1].module->error);
}

TEST(Script, ScriptErrorsNameLineAndColumn) {
  const struct {
    const char* source;
    const char* error;
  } cases[] = {
      {"(assert_return (invoke \"f\" (i32.const x)))",
       "test.wast:1:39: unexpected token \"x\", expected an integer literal"},
      {"\n(frobnicate)", "test.wast:2:2: unexpected token \"frobnicate\", expected a command"},
      {"(assert_return (invoke \"f\") (i32.const 4294967296))",
       "test.wast:1:40: constant out of range"},
      {"(assert_return (invoke \"f\") (v128.const i32x4 1 2))",
       "test.wast:1:50: wrong number of lane literals"},
      {"(invoke \"f\" (f32.const nan:canonical))",
       "test.wast:1:24: unexpected token \"nan:canonical\", expected a float literal"},
      {"(module", "test.wast:1:8: unexpected end of file, expected \")\""},
  };
  for (const auto& c : cases) {
    auto script = parseScript(c.source, "test.wast");
    ASSERT_FALSE(script) << c.source;
    EXPECT_EQ(script.error().message(), c.error) << c.source;
  }
}

TEST(Script, ThreadsNestOnlySoDeep) {
  std::string source;
  for (int i = 0; i < 100; ++i)
    source += "(thread $t ";
  source += std::string(100, ')');
  auto script = parseScript(source, "test.wast");
  ASSERT_FALSE(script);
  EXPECT_NE(script.error().message().find("threads nested too deeply"), std::string::npos);
}

} // namespace
} // namespace wasmline::text
