// Function-body and constant-expression validation, on hand-made binaries.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "binary/decoder.h"

namespace wasmline::binary {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes all;
  for (const Bytes& part : parts) {
    for (std::uint8_t byte : part)
      all.push_back(byte);
  }
  return all;
}

Bytes section(std::uint8_t id, const Bytes& content) {
  return concat({Bytes{id, static_cast<std::uint8_t>(content.size())}, content});
}

// A module with one function of type `type` (e.g. {0x60, 0, 1, 0x7F}) whose body is `code`
// (instructions including the final end) after `locals`, with `extra` sections (tables,
// memories, globals, ...) between the function and code sections.
Bytes moduleWith(const Bytes& type, const Bytes& code, const Bytes& extra = {},
                 const Bytes& locals = {0x00}) {
  const Bytes body = concat({locals, code});
  const Bytes codeSection = concat({Bytes{0x01, static_cast<std::uint8_t>(body.size())}, body});
  return concat({{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00},
                 section(1, concat({{0x01}, type})),
                 section(3, {0x01, 0x00}),
                 extra,
                 section(10, codeSection)});
}

const Bytes kVoid{0x60, 0x00, 0x00};
const Bytes kToI32{0x60, 0x00, 0x01, 0x7F};
const Bytes kMemory = section(5, {0x01, 0x00, 0x01});
const Bytes kFuncTable = section(4, {0x01, 0x70, 0x00, 0x01});

Result<std::shared_ptr<const Module>> decode(const Bytes& bytes, const Features& features = {}) {
  return decodeModule(bytes, features);
}

void expectValid(const Bytes& bytes, const Features& features = {}) {
  auto result = decode(bytes, features);
  EXPECT_TRUE(result) << result.error().message() << " at " << result.error().byteOffset();
}

void expectError(const Bytes& bytes, ErrorKind kind, std::string_view prefix,
                 const Features& features = {}) {
  auto result = decode(bytes, features);
  ASSERT_FALSE(result) << "expected " << prefix;
  EXPECT_EQ(result.error().kind(), kind) << result.error().message();
  EXPECT_EQ(result.error().message().substr(0, prefix.size()), prefix) << result.error().message();
}

void expectInvalid(const Bytes& bytes, std::string_view prefix, const Features& features = {}) {
  expectError(bytes, ErrorKind::Invalid, prefix, features);
}

void expectMalformed(const Bytes& bytes, std::string_view prefix) {
  expectError(bytes, ErrorKind::Malformed, prefix);
}

TEST(FunctionValidator, NumericInstructions) {
  expectValid(moduleWith(kToI32, {0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B})); // i32.add
  expectInvalid(moduleWith(kToI32, {0x41, 0x01, 0x42, 0x02, 0x6A, 0x0B}), "type mismatch");
  expectInvalid(moduleWith(kToI32, {0x0B}), "type mismatch");             // no result
  expectInvalid(moduleWith(kVoid, {0x41, 0x01, 0x0B}), "type mismatch");  // one too many
  expectInvalid(moduleWith(kToI32, {0x42, 0x00, 0x0B}), "type mismatch"); // wrong type
}

TEST(FunctionValidator, UnreachableCodeIsPolymorphic) {
  expectValid(moduleWith(kToI32, {0x00, 0x6A, 0x0B})); // unreachable; i32.add
  expectValid(moduleWith(kToI32, {0x00, 0x1B, 0x0B})); // unreachable; select
  expectInvalid(moduleWith(kToI32, {0x00, 0x42, 0x00, 0x6A, 0x0B}), "type mismatch");
  // br 0; i32.const 0: values left over at the end are an error even when unreachable
  expectInvalid(moduleWith(kVoid, {0x0C, 0x00, 0x41, 0x00, 0x0B}), "type mismatch");
}

TEST(FunctionValidator, BlocksAndBranches) {
  // block (result i32) i32.const 1 end
  expectValid(moduleWith(kToI32, {0x02, 0x7F, 0x41, 0x01, 0x0B, 0x0B}));
  // block (result i32) end: missing value
  expectInvalid(moduleWith(kToI32, {0x02, 0x7F, 0x0B, 0x0B}), "type mismatch");
  // loop with a branch to its start
  expectValid(moduleWith(kVoid, {0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B}));
  // br 1 from inside a block in a function returning i32 needs the i32
  expectInvalid(moduleWith(kToI32, {0x02, 0x40, 0x0C, 0x01, 0x0B, 0x41, 0x00, 0x0B}),
                "type mismatch");
  expectInvalid(moduleWith(kVoid, {0x0C, 0x01, 0x0B}), "unknown label");
  // if (result i32) without else
  expectInvalid(moduleWith(kToI32, {0x41, 0x01, 0x04, 0x7F, 0x41, 0x01, 0x0B, 0x0B}),
                "type mismatch");
  // if (result i32) 1 else 2 end
  expectValid(
      moduleWith(kToI32, {0x41, 0x01, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B, 0x0B}));
  // br_if keeps the operand
  expectValid(moduleWith(kToI32, {0x02, 0x7F, 0x41, 0x07, 0x41, 0x01, 0x0D, 0x00, 0x0B, 0x0B}));
}

TEST(FunctionValidator, BrTable) {
  // block block br_table 0 1 (default 1) end end, with an i32 index
  expectValid(moduleWith(
      kVoid, {0x02, 0x40, 0x02, 0x40, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x0B, 0x0B}));
  // targets of different arity: block (result i32) block br_table 0 1
  expectInvalid(moduleWith(kVoid, {0x02, 0x7F, 0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00,
                                   0x01, 0x0B, 0x41, 0x00, 0x0B, 0x1A, 0x0B}),
                "type mismatch");
  // after unreachable, labels of the same arity but different types are fine
  // block (result f64) block (result f32) unreachable br_table 0 1 1 end drop f64.const 0 end drop
  expectValid(moduleWith(kVoid, {0x02, 0x7C, 0x02, 0x7D, 0x00, 0x41, 0x01, 0x0E, 0x02,
                                 0x00, 0x01, 0x01, 0x0B, 0x1A, 0x44, 0,    0,    0,
                                 0,    0,    0,    0,    0,    0x0B, 0x1A, 0x0B}));
}

TEST(FunctionValidator, LocalsAndGlobals) {
  expectValid(moduleWith(kToI32, {0x20, 0x00, 0x0B}, {}, {0x01, 0x01, 0x7F}));
  expectInvalid(moduleWith(kToI32, {0x20, 0x01, 0x0B}, {}, {0x01, 0x01, 0x7F}), "unknown local");
  expectInvalid(moduleWith(kVoid, {0x42, 0x00, 0x21, 0x00, 0x0B}, {}, {0x01, 0x01, 0x7F}),
                "type mismatch");
  const Bytes immutableGlobal = section(6, {0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B});
  const Bytes mutableGlobal = section(6, {0x01, 0x7F, 0x01, 0x41, 0x00, 0x0B});
  expectValid(moduleWith(kToI32, {0x23, 0x00, 0x0B}, immutableGlobal));
  expectInvalid(moduleWith(kToI32, {0x23, 0x01, 0x0B}, immutableGlobal), "unknown global");
  expectInvalid(moduleWith(kVoid, {0x41, 0x00, 0x24, 0x00, 0x0B}, immutableGlobal),
                "global is immutable");
  expectValid(moduleWith(kVoid, {0x41, 0x00, 0x24, 0x00, 0x0B}, mutableGlobal));
}

TEST(FunctionValidator, Calls) {
  expectValid(moduleWith(kVoid, {0x10, 0x00, 0x0B}));
  expectInvalid(moduleWith(kVoid, {0x10, 0x01, 0x0B}), "unknown function");
  expectValid(moduleWith(kVoid, {0x41, 0x00, 0x11, 0x00, 0x00, 0x0B}, kFuncTable));
  expectInvalid(moduleWith(kVoid, {0x41, 0x00, 0x11, 0x00, 0x00, 0x0B}), "unknown table");
  expectInvalid(moduleWith(kVoid, {0x41, 0x00, 0x11, 0x05, 0x00, 0x0B}, kFuncTable),
                "unknown type");
  const Bytes externTable = section(4, {0x01, 0x6F, 0x00, 0x01});
  expectInvalid(moduleWith(kVoid, {0x41, 0x00, 0x11, 0x00, 0x00, 0x0B}, externTable),
                "type mismatch");
}

TEST(FunctionValidator, TailCalls) {
  Features tailCall;
  tailCall.tailCall = true;
  expectValid(moduleWith(kVoid, {0x12, 0x00, 0x0B}), tailCall);
  expectMalformed(moduleWith(kVoid, {0x12, 0x00, 0x0B}), "illegal opcode");
}

TEST(FunctionValidator, Select) {
  expectValid(moduleWith(kToI32, {0x41, 1, 0x41, 2, 0x41, 0, 0x1B, 0x0B}));
  expectInvalid(moduleWith(kToI32, {0x41, 1, 0x42, 2, 0x41, 0, 0x1B, 0x0B}), "type mismatch");
  // select without type on references
  expectInvalid(moduleWith(kVoid, {0xD0, 0x70, 0xD0, 0x70, 0x41, 0, 0x1B, 0x1A, 0x0B}),
                "type mismatch");
  expectValid(moduleWith(kVoid, {0xD0, 0x70, 0xD0, 0x70, 0x41, 0, 0x1C, 0x01, 0x70, 0x1A, 0x0B}));
  expectInvalid(moduleWith(kVoid, {0x41, 0, 0x41, 0, 0x41, 0, 0x1C, 0x02, 0x7F, 0x7F, 0x1A, 0x0B}),
                "invalid result arity");
}

TEST(FunctionValidator, Memory) {
  // i32.load align=2 offset=0
  expectValid(moduleWith(kToI32, {0x41, 0x00, 0x28, 0x02, 0x00, 0x0B}, kMemory));
  expectInvalid(moduleWith(kToI32, {0x41, 0x00, 0x28, 0x02, 0x00, 0x0B}), "unknown memory");
  expectInvalid(moduleWith(kToI32, {0x41, 0x00, 0x28, 0x03, 0x00, 0x0B}, kMemory),
                "alignment must not be larger than natural");
  expectValid(moduleWith(kToI32, {0x3F, 0x00, 0x0B}, kMemory)); // memory.size
  expectMalformed(moduleWith(kToI32, {0x3F, 0x01, 0x0B}, kMemory), "zero byte expected");
  expectMalformed(moduleWith(kToI32, {0x41, 0x00, 0x40, 0x80, 0x00, 0x0B}, kMemory),
                  "zero byte expected");
}

TEST(FunctionValidator, BulkMemoryNeedsTheDataCount) {
  // data.drop 0 without a data count section
  expectMalformed(moduleWith(kVoid, {0xFC, 0x09, 0x00, 0x0B}, kMemory),
                  "data count section required");
  // with a data count of 0 the index is unknown
  const Bytes dataCount = concat({kMemory, section(12, {0x00})});
  expectInvalid(moduleWith(kVoid, {0xFC, 0x09, 0x00, 0x0B}, dataCount), "unknown data segment");
}

TEST(FunctionValidator, Simd) {
  // v128.const 0; i8x16.extract_lane_s 15
  const Bytes code = concat({Bytes{0xFD, 0x0C}, Bytes(16, 0)});
  const Bytes valid = concat({code, Bytes{0xFD, 0x15, 15, 0x0B}});
  expectValid(moduleWith(kToI32, valid));
  const Bytes invalid = concat({code, Bytes{0xFD, 0x15, 16, 0x0B}});
  expectInvalid(moduleWith(kToI32, invalid), "invalid lane index");
  Features noSimd;
  noSimd.simd = false;
  expectError(moduleWith(kToI32, valid), ErrorKind::Malformed, "illegal opcode", noSimd);
}

TEST(FunctionValidator, References) {
  const Bytes exportF = section(7, {0x01, 0x01, 'f', 0x00, 0x00});
  // ref.func 0 is declared by the export
  expectValid(moduleWith(kVoid, {0xD2, 0x00, 0x1A, 0x0B}, exportF));
  expectInvalid(moduleWith(kVoid, {0xD2, 0x00, 0x1A, 0x0B}), "undeclared function reference");
  expectValid(moduleWith(kToI32, {0xD0, 0x6F, 0xD1, 0x0B}));
  expectInvalid(moduleWith(kToI32, {0x41, 0x00, 0xD1, 0x0B}), "type mismatch");
  expectMalformed(moduleWith(kVoid, {0xD0, 0x7F, 0x1A, 0x0B}), "malformed reference type");
}

TEST(FunctionValidator, Decoding) {
  expectMalformed(moduleWith(kVoid, {0xFF, 0x0B}), "illegal opcode");
  expectMalformed(moduleWith(kVoid, {0xFC, 0x7F, 0x0B}), "illegal opcode");
  expectMalformed(moduleWith(kVoid, {0x05, 0x0B}), "END opcode expected"); // else outside if
  // an invalid instruction followed by a malformed one: the malformation wins
  expectMalformed(moduleWith(kVoid, {0x6A, 0xFF, 0x0B}), "illegal opcode");
}

TEST(ConstExpr, GlobalInitializers) {
  const Bytes header{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  expectValid(concat({header, section(6, {0x01, 0x7F, 0x00, 0x41, 0x05, 0x0B})}));
  expectInvalid(concat({header, section(6, {0x01, 0x7F, 0x00, 0x42, 0x05, 0x0B})}),
                "type mismatch");
  expectInvalid(
      concat({header, section(6, {0x01, 0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B})}),
      "constant expression required");
  Features extended;
  extended.extendedConst = true;
  expectValid(concat({header, section(6, {0x01, 0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B})}),
              extended);
  // global.get of a global defined in the module (not imported) is unknown in WebAssembly 2.0
  expectInvalid(concat({header, section(6, {0x02, 0x7F, 0x00, 0x41, 0x00, 0x0B, 0x7F, 0x00, 0x23,
                                            0x00, 0x0B})}),
                "unknown global");
  // global.get of an imported mutable global is not constant
  const Bytes importMutable = section(2, {0x01, 0x01, 'm', 0x01, 'g', 0x03, 0x7F, 0x01});
  expectInvalid(concat({header, importMutable, section(6, {0x01, 0x7F, 0x00, 0x23, 0x00, 0x0B})}),
                "constant expression required");
  auto module = decode(concat({header, section(6, {0x01, 0x7E, 0x00, 0x42, 0x7F, 0x0B})}));
  ASSERT_TRUE(module);
  ASSERT_EQ((*module)->globals[0].init.instrs.size(), 1u);
  EXPECT_EQ((*module)->globals[0].init.instrs[0].value, ~std::uint64_t{0}); // i64.const -1
}

// Features wasmline recognises but does not run yet: refused as Unsupported naming the feature
// when enabled, malformed (as the spec says) when disabled.
TEST(FunctionValidator, UnsupportedFeaturesAreNamed) {
  const Features everything = Features::everything();
  // ref.i31 (0xFB 28) on an i32: GC runs, so it validates with every feature on and is an
  // unknown opcode without gc.
  const Bytes refI31 = moduleWith(kVoid, {0x41, 0x01, 0xFB, 0x1C, 0x1A, 0x0B});
  expectValid(refI31, everything);
  expectMalformed(refI31, "illegal opcode");
  // a local of type (ref null func): 0x63 0x70
  const Bytes typedLocal = moduleWith(kVoid, {0x0B}, {}, {0x01, 0x01, 0x63, 0x70});
  expectValid(typedLocal, everything);
  expectMalformed(typedLocal, "malformed value type");
  // i8x16.relaxed_swizzle (0xFD 0x100) runs: validated when relaxed-simd is enabled (here
  // without its operands), an unknown opcode when it is not.
  const Bytes swizzle = moduleWith(kVoid, {0xFD, 0x80, 0x02, 0x0B});
  expectInvalid(swizzle, "type mismatch", everything);
  expectMalformed(swizzle, "illegal opcode");
}

TEST(FunctionValidator, NonDefaultableLocalsNeedASet) {
  const Features everything = Features::everything();
  // (local (ref func)) read before any set
  const Bytes locals = {0x01, 0x01, 0x64, 0x70};
  expectInvalid(moduleWith(kVoid, {0x20, 0x00, 0x1A, 0x0B}, {}, locals), "uninitialized local 0",
                everything);
  // set from ref.as_non_null (ref.null func), then read: valid
  const Bytes setThenGet = {0xD0, 0x70, 0xD4, 0x21, 0x00, 0x20, 0x00, 0x1A, 0x0B};
  expectValid(moduleWith(kVoid, setThenGet, {}, locals), everything);
  // set inside a block only: uninitialized again after its end
  const Bytes setInBlock = {0x02, 0x40, 0xD0, 0x70, 0xD4, 0x21, 0x00, 0x0B, 0x20, 0x00, 0x1A, 0x0B};
  expectInvalid(moduleWith(kVoid, setInBlock, {}, locals), "uninitialized local 0", everything);
  // a nullable funcref does not fit the local without ref.as_non_null
  const Bytes nullable = {0xD0, 0x70, 0x21, 0x00, 0x0B};
  expectInvalid(moduleWith(kVoid, nullable, {}, locals), "type mismatch", everything);
}

TEST(FunctionValidator, UnsupportedTypesAreNamed) {
  // a type section with a struct type: (type (struct))
  const Bytes structType =
      concat({{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}, section(1, {0x01, 0x5F, 0x00})});
  expectValid(structType, Features::everything());
  expectMalformed(structType, "malformed function type");
  // a tag section (id 13)
  const Bytes tags = concat({{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00},
                             section(1, concat({{0x01}, kVoid})),
                             section(13, {0x01, 0x00, 0x00})});
  expectValid(tags, Features::everything());
  expectMalformed(tags, "malformed section id");
}

TEST(FunctionValidator, ExceptionHandling) {
  Features exceptions;
  exceptions.exceptions = true;
  exceptions.legacyExceptions = true;
  const Bytes header{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  // tag of type 0 ([] -> [i32]): results are not allowed
  expectInvalid(
      concat({header, section(1, concat({{0x01}, kToI32})), section(13, {0x01, 0x00, 0x00})}),
      "non-empty tag result type", exceptions);
  // attribute 1 is malformed
  expectMalformed(
      concat({header, section(1, concat({{0x01}, kVoid})), section(13, {0x01, 0x01, 0x00})}),
      "malformed section id");
  // (func (throw 0)) without a tag: unknown tag
  expectInvalid(moduleWith(kVoid, {0x08, 0x00, 0x0B}), "unknown tag 0", exceptions);
  // rethrow 0 outside of a catch
  expectInvalid(moduleWith(kVoid, {0x02, 0x40, 0x09, 0x00, 0x0B, 0x0B}), "invalid rethrow label",
                exceptions);
  // try_table (catch_all 0) whose label takes a value: type mismatch
  expectInvalid(moduleWith(kToI32, {0x1F, 0x40, 0x01, 0x02, 0x00, 0x0B, 0x41, 0x00, 0x0B}),
                "type mismatch: catch clause", exceptions);
  // throw_ref of an i32
  expectInvalid(moduleWith(kVoid, {0x41, 0x00, 0x0A, 0x0B}), "type mismatch", exceptions);
}

} // namespace
} // namespace wasmline::binary
