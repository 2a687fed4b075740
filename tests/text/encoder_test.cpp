// The module parser and encoder: bytes for text, every abbreviation against its expansion,
// symbolic names in every index space, messages with line and column, nesting and size limits.
#include <cstdint>
#include <string>
#include <vector>

#include <sys/resource.h>

#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "text/text.h"

namespace wasmline::text {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes encode(std::string_view wat) {
  auto binary = watToBinary(wat);
  EXPECT_TRUE(binary) << wat << "\n" << binary.error().message();
  return binary ? *binary : Bytes{};
}

std::string errorOf(std::string_view wat) {
  auto binary = watToBinary(wat);
  EXPECT_FALSE(binary) << wat;
  if (binary) return {};
  EXPECT_EQ(binary.error().kind(), ErrorKind::Malformed);
  return binary.error().message();
}

std::uint32_t leb(const Bytes& bytes, std::size_t& at) {
  std::uint32_t value = 0;
  for (unsigned shift = 0;; shift += 7) {
    const std::uint8_t byte = bytes[at++];
    value |= std::uint32_t{byte & 0x7Fu} << shift;
    if (!(byte & 0x80)) return value;
  }
}

// The module without its name section (named and numbered spellings encode the same otherwise).
Bytes withoutNames(const Bytes& bytes) {
  Bytes out(bytes.begin(), bytes.begin() + 8);
  std::size_t at = 8;
  while (at < bytes.size()) {
    const std::size_t start = at;
    const std::uint8_t id = bytes[at++];
    const std::uint32_t size = leb(bytes, at);
    const bool names = id == 0 && bytes[at] == 4 && bytes[at + 1] == 'n' && bytes[at + 2] == 'a';
    if (!names)
      out.insert(out.end(), bytes.begin() + static_cast<long>(start),
                 bytes.begin() + static_cast<long>(at + size));
    at += size;
  }
  return out;
}

const Bytes kHeader = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

Bytes module(std::initializer_list<std::uint8_t> sections) {
  Bytes out = kHeader;
  out.insert(out.end(), sections);
  return out;
}

TEST(Encoder, EmptyTextIsAnEmptyModule) {
  EXPECT_EQ(encode(""), kHeader);
  EXPECT_EQ(encode("  ;; only a comment\n(; and another ;)"), kHeader);
  EXPECT_EQ(encode("(module)"), kHeader);
  EXPECT_EQ(withoutNames(encode("(module $m)")), kHeader);
}

TEST(Encoder, AFunctionInBytes) {
  const Bytes expected = module({
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,                   // type () -> (i32)
      0x03, 0x02, 0x01, 0x00,                                     // one function of type 0
      0x07, 0x05, 0x01, 0x01, 'f',  0x00, 0x00,                   // export "f" (func 0)
      0x0A, 0x09, 0x01, 0x07, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, // i32.const 1 i32.const 2
      0x0B,                                                       // i32.add end
  });
  EXPECT_EQ(
      encode("(module (func (export \"f\") (result i32) (i32.add (i32.const 1) (i32.const 2))))"),
      expected);
  EXPECT_EQ(encode("(func (export \"f\") (result i32) i32.const 1 i32.const 2 i32.add)"), expected);
  EXPECT_EQ(encode("(module (type (func (result i32))) (func (type 0) i32.const 1 i32.const 2 "
                   "i32.add) (export \"f\" (func 0)))"),
            expected);
}

TEST(Encoder, AbbreviationsEncodeAsTheirExpansions) {
  const struct {
    const char* abbreviated;
    const char* expanded;
  } cases[] = {
      {"(func (export \"a\") (export \"b\") (import \"m\" \"f\") (param i32))",
       "(type (func (param i32))) (import \"m\" \"f\" (func (type 0))) (export \"a\" (func 0)) "
       "(export \"b\" (func 0))"},
      {"(table 2 funcref (ref.null func))", "(table 2 funcref)"},
      {"(memory (data \"ab\" \"c\"))", "(memory 1 1) (data (memory 0) (i32.const 0) \"abc\")"},
      {"(memory i64 (data \"x\"))", "(memory i64 1 1) (data (i64.const 0) \"x\")"},
      {"(global (import \"m\" \"g\") (mut i32))", "(import \"m\" \"g\" (global (mut i32)))"},
      {"(func) (elem (i32.const 0) 0)", "(func) (elem (table 0) (offset (i32.const 0)) func 0)"},
      {"(func) (elem (table 0) (i32.const 0) funcref (ref.func 0))",
       "(func) (elem (offset i32.const 0) funcref (item ref.func 0))"},
      {"(func (param $x i32) (local $y i64) (local.get $x) (drop) (local.get $y) (drop))",
       "(func (param i32) (local i64) local.get 0 drop local.get 1 drop)"},
      {"(func (block $l (br $l)) (loop $k (br_if $k (i32.const 0))))",
       "(func block br 0 end loop i32.const 0 br_if 0 end)"},
      {"(func (if (i32.const 1) (then (nop)) (else)))", "(func i32.const 1 if nop end)"},
      {"(func (result i32) (select (i32.const 1) (i32.const 2) (i32.const 3)))",
       "(func (result i32) i32.const 1 i32.const 2 i32.const 3 select)"},
      {"(memory 1) (func (drop (i32.load offset=4 align=4 (i32.const 0))))",
       "(memory 1) (func i32.const 0 i32.load 0 offset=4 drop)"},
      {"(type $t (func)) (table 1 funcref) (func (call_indirect (type $t) (i32.const 0)))",
       "(type (func)) (table 1 funcref) (func i32.const 0 call_indirect 0 (type 0))"},
      {"(func (param i32)) (type (func (param i32)))", "(type (func (param i32))) (func (type 0))"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(withoutNames(encode(c.abbreviated)), withoutNames(encode(c.expanded)))
        << c.abbreviated;
  }
}

TEST(Encoder, SymbolicNamesInEveryIndexSpace) {
  const char* named = R"wast(
    (type $s (struct (field $a i32) (field $b (mut i64))))
    (type $f (func (param i32)))
    (import "m" "t" (tag $e (param i32)))
    (table $t 1 funcref)
    (memory $m 1)
    (global $g (mut i32) (i32.const 0))
    (elem $el func $fn)
    (data $d "x")
    (func $fn (type $f) (param $p i32)
      (local.set $p (global.get $g))
      (global.set $g (i32.load $m (local.get $p)))
      (table.set $t (i32.const 0) (table.get $t (i32.const 0)))
      (elem.drop $el) (data.drop $d)
      (block $out (br_if $out (local.get $p)))
      (drop (struct.get $s $b (struct.new $s (i32.const 1) (i64.const 2))))
      (try_table (catch $e $handler) (nop))
      (call $fn (i32.const 0)))
  )wast";
  const char* numbered = R"wast(
    (type (struct (field i32) (field (mut i64))))
    (type (func (param i32)))
    (import "m" "t" (tag (param i32)))
    (table 1 funcref)
    (memory 1)
    (global (mut i32) (i32.const 0))
    (elem func 0)
    (data "x")
    (func (type 1)
      (local.set 0 (global.get 0))
      (global.set 0 (i32.load 0 (local.get 0)))
      (table.set 0 (i32.const 0) (table.get 0 (i32.const 0)))
      (elem.drop 0) (data.drop 0)
      (block (br_if 0 (local.get 0)))
      (drop (struct.get 0 1 (struct.new 0 (i32.const 1) (i64.const 2))))
      (try_table (catch 0 1) (nop))
      (call 0 (i32.const 0)))
  )wast";
  // try_table's catch label counts from outside it: here the function's own label, not $handler.
  EXPECT_NE(errorOf(named).find("unknown label $handler"), std::string::npos);
  const std::string fixed = std::string(named).replace(std::string(named).find("$handler"), 8, "0");
  const std::string numberedFixed =
      std::string(numbered).replace(std::string(numbered).find("(catch 0 1)"), 11, "(catch 0 0)");
  EXPECT_EQ(withoutNames(encode(fixed)), withoutNames(encode(numberedFixed)));
}

TEST(Encoder, NameSectionCarriesModuleFunctionAndLocalNames) {
  const Bytes bytes = encode("(module $mod (func $f (param $x i32)))");
  const std::string text(bytes.begin(), bytes.end());
  EXPECT_NE(text.find("name"), std::string::npos);
  EXPECT_NE(text.find("mod"), std::string::npos);
  EXPECT_NE(text.find(std::string("\x01\x00\x01", 3) + "f"), std::string::npos);
}

TEST(Encoder, GcTypesAndInstructionsDecode) {
  const Bytes bytes = encode(R"wast(
    (rec (type $node (sub (struct (field $next (ref null $node)) (field i8))))
         (type $leaf (sub final $node (struct (field (ref null $node)) (field i8) (field f32)))))
    (type $arr (array (mut i16)))
    (func (param $n (ref null $node)) (result i32)
      (drop (ref.cast (ref $leaf) (local.get $n)))
      (drop (ref.test (ref null $leaf) (local.get $n)))
      (drop (array.new_fixed $arr 2 (i32.const 1) (i32.const 2)))
      (block $b (result (ref null $node))
        (br_on_cast $b (ref null $node) (ref $leaf) (local.get $n)) (drop) (local.get $n))
      (drop)
      (struct.get_s $node 1 (ref.as_non_null (local.get $n))))
  )wast");
  // Decoded with every feature on, the module is valid: its types and instructions are
  // well-formed binary and well typed.
  Features features = Features::everything();
  auto decoded = binary::decodeModule(bytes, features);
  EXPECT_TRUE(decoded) << decoded.error().message();
}

TEST(Encoder, ErrorsNameLineColumnAndToken) {
  const struct {
    const char* wat;
    const char* error;
  } cases[] = {
      {"(module\n  (func (br $missing)))", "module.wat:2:13: unknown label $missing"},
      {"(func (call_indirect (type $t)))", "module.wat:1:28: unknown type $t"},
      {"(func $f) (func $f)", "module.wat:1:17: duplicate func $f"},
      {"(func) (import \"m\" \"f\" (func))", "module.wat:1:8: import after function"},
      {"(func block $a end $b)", "module.wat:1:20: mismatching label"},
      {"(type $t (func)) (func (type $t) (param i32))",
       "module.wat:1:30: inline function type does not match explicit type"},
      {"(func i32.frobnicate)", "module.wat:1:7: unknown operator i32.frobnicate"},
      {"(func (i32.const 4294967296))", "module.wat:1:18: constant out of range"},
      {"(memory 1) (func (drop (i32.load align=3 (i32.const 0))))",
       "module.wat:1:34: alignment must be a power of two"},
      {"(func (local $x i32) (local $x i32))", "module.wat:1:29: duplicate local $x"},
      {"(start 0) (start 0) (func)", "module.wat:1:18: multiple start sections"},
      {"(module (func)",
       "module.wat:1:15: unexpected end of file, expected a module field or \")\""},
      {"(module) (func)", "module.wat:1:10: unexpected token \"(\", expected the end of the file"},
      {"(func (then))", "module.wat:1:8: unexpected token \"then\", expected an instruction"},
      {"(func end)", "module.wat:1:7: unexpected token \"end\""},
      {"(memory 0 (pagesize 3))", "module.wat:1:21: invalid custom page size"},
      {"(func (v128.const i32x4 1 2 3))", "module.wat:1:30: wrong number of lane literals"},
      {"(export \"\\ff\" (func 0))", "module.wat:1:9: malformed UTF-8 encoding"},
      {"(func (struct.get 0 $x))", "module.wat:1:21: unknown field $x"},
      {"(func \"unclosed)", "module.wat:1:7: unclosed string literal"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(errorOf(c.wat), c.error) << c.wat;
  TextOptions options;
  options.sourceName = "dir/prog.wat";
  EXPECT_EQ(watToBinary("(func\n\n   nope)", options).error().message(),
            "dir/prog.wat:3:4: unknown operator nope");
}

TEST(Encoder, AMillionNestedBlocksParseWithoutRecursion) {
  const std::size_t depth = 1'000'000;
  std::string wat = "(func ";
  for (std::size_t i = 0; i < depth; ++i)
    wat += "(block ";
  wat += std::string(depth, ')') + ")";
  const Bytes bytes = encode(wat);
  EXPECT_GT(bytes.size(), 3 * depth); // block, block type and end per level

  std::string folded = "(func (result i32) ";
  for (std::size_t i = 0; i < depth; ++i)
    folded += "(i32.add (i32.const 1) ";
  folded += "(i32.const 0)" + std::string(depth, ')') + ")";
  EXPECT_GT(encode(folded).size(), 3 * depth); // i32.const 1 and i32.add per level
}

TEST(Encoder, AMillionOpenParenthesesFailAtTheSecond) {
  const std::string wat(1'000'000, '(');
  EXPECT_EQ(errorOf(wat), "module.wat:1:2: unexpected token \"(\", expected a module field");
  const std::string closed = "(func " + wat + std::string(wat.size(), ')') + ")";
  EXPECT_EQ(errorOf(closed), "module.wat:1:8: unexpected token \"(\", expected an instruction");
  EXPECT_NE(errorOf("(func " + wat).find("unexpected end of file"), std::string::npos);
}

TEST(Encoder, TextLargerThanTheLimitIsRefused) {
  TextOptions options;
  options.maxSourceBytes = 1000;
  auto binary = watToBinary(std::string(1001, ' '), options);
  ASSERT_FALSE(binary);
  EXPECT_EQ(binary.error().kind(), ErrorKind::InvalidArgument);
  EXPECT_EQ(binary.error().message(),
            "module.wat: text of 1001 bytes is larger than the limit of 1000 bytes");
}

// AddressSanitizer keeps freed blocks in quarantine (resident) and slows the lexer tenfold: the
// memory bound is checked without it, and the input is smaller with it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif

long peakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST(Encoder, TwoHundredMegabytesParseInBoundedMemory) {
  // 200 MB of text: a thousand functions of nops between long comments. Parsing keeps no
  // tokens and no syntax tree, so the peak grows by the output (~25 MB here), not by the input.
  // (The CLI reads text up to 1 GiB: cli.text-too-large checks the refusal beyond.)
  const std::size_t size = kAddressSanitizer ? 48u << 20 : 200u << 20;
  std::string wat;
  wat.reserve(size);
  const std::string comment = "(;" + std::string(100'000, '-') + ";)\n";
  std::string body = "(func";
  for (int i = 0; i < 6'000; ++i)
    body += " nop nop nop nop";
  body += ")\n";
  while (wat.size() + comment.size() + body.size() < size) {
    wat += comment;
    wat += body;
  }
  const long before = peakRssKb();
  const auto bytes = watToBinary(wat);
  const long grown = peakRssKb() - before;
  ASSERT_TRUE(bytes) << bytes.error().message();
  EXPECT_GT(bytes->size(), size / 10);
  if (!kAddressSanitizer) {
    EXPECT_LT(grown, 3 * static_cast<long>(bytes->size() >> 10) + (16 << 10)) << grown << " kB";
  }
}

} // namespace
} // namespace wasmline::text
