// The text-format printer (text/printer/): every instruction of binary/opcodes.def printed and
// read back to its encoding, literals, identifiers, GC types, layout of flat and folded bodies.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "binary/opcode.h"
#include "tests/text/printer/module_compare.h"
#include "text/literals.h"
#include "text/printer/context.h"
#include "text/printer/names.h"
#include "text/printer/printer.h"
#include "text/printer/text_out.h"
#include "text/text.h"

namespace wasmline::text {
namespace {

using binary::ImmKind;
using binary::Opcode;
using Bytes = std::vector<std::uint8_t>;

void uleb(Bytes& out, std::uint64_t value) {
  do {
    std::uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
}

void sleb(Bytes& out, std::int64_t value) {
  for (;;) {
    const std::uint8_t byte = value & 0x7F;
    value >>= 7;
    const bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
    out.push_back(done ? byte : byte | 0x80);
    if (done) return;
  }
}

std::uint64_t readUleb(const Bytes& bytes, std::size_t& at) {
  std::uint64_t value = 0;
  for (int shift = 0; at < bytes.size(); shift += 7) {
    const std::uint8_t byte = bytes[at++];
    value |= std::uint64_t{byte & 0x7Fu} << shift;
    if (!(byte & 0x80)) break;
  }
  return value;
}

// The content of the first section `id` of a module binary (empty when there is none).
Bytes section(const Bytes& module, std::uint8_t id) {
  std::size_t at = 8;
  while (at < module.size()) {
    const std::uint8_t sectionId = module[at++];
    const std::size_t size = readUleb(module, at);
    if (sectionId == id) {
      return Bytes(module.begin() + static_cast<std::ptrdiff_t>(at),
                   module.begin() + static_cast<std::ptrdiff_t>(at + size));
    }
    at += size;
  }
  return {};
}

// The instructions of the last function body of a module binary (after its locals).
Bytes lastBody(const Bytes& module) {
  const Bytes code = section(module, 10);
  std::size_t at = 0;
  const std::uint64_t count = readUleb(code, at);
  Bytes body;
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::size_t size = readUleb(code, at);
    body.assign(code.begin() + static_cast<std::ptrdiff_t>(at),
                code.begin() + static_cast<std::ptrdiff_t>(at + size));
    at += size;
  }
  std::size_t local = 0;
  const std::uint64_t runs = readUleb(body, local);
  EXPECT_EQ(runs, 0u);
  return Bytes(body.begin() + static_cast<std::ptrdiff_t>(local), body.end());
}

constexpr std::uint8_t kStructHeap = 0x6B;
constexpr std::uint8_t kAnyHeap = 0x6E;

// A sample of every immediate kind, and the encoding of that sample after the opcode.
struct Sample {
  binary::Instr instr;
  Bytes encoding;
  std::vector<binary::CatchClause> catches;
  std::vector<std::uint32_t> targets;
};

void sampleFor(const binary::OpcodeInfo& info, Sample& sample) {
  binary::Instr& instr = sample.instr;
  Bytes& out = sample.encoding;
  instr.op = info.op;
  switch (info.imm) {
  case ImmKind::None: break;
  case ImmKind::AtomicFence: out.push_back(0x00); break;
  case ImmKind::BlockType:
    instr.block.kind = binary::BlockType::Kind::Value;
    instr.block.value = ValType::I64;
    out.push_back(0x7E);
    break;
  case ImmKind::LabelIdx: out.push_back(0x00); break;
  case ImmKind::BrTable:
    sample.targets = {0, 0};
    instr.targets = sample.targets;
    out.insert(out.end(), {0x02, 0x00, 0x00, 0x00});
    break;
  case ImmKind::FuncIdx:
  case ImmKind::LocalIdx:
  case ImmKind::GlobalIdx:
  case ImmKind::ElemIdx:
  case ImmKind::DataIdx:
  case ImmKind::TypeIdx:
  case ImmKind::TagIdx:
    instr.index = 1;
    out.push_back(0x01);
    break;
  case ImmKind::TableIdx:
  case ImmKind::MemIdx:
    instr.index = 2;
    out.push_back(0x02);
    break;
  case ImmKind::CallIndirect:
    instr.index = 0;  // type
    instr.index2 = 2; // table
    out.insert(out.end(), {0x00, 0x02});
    break;
  case ImmKind::MemArg:
  case ImmKind::MemArgLane:
    instr.mem.memory = 1;
    instr.mem.offset = 300;
    instr.mem.alignLog2 = 0;
    out.insert(out.end(), {0x40, 0x01, 0xAC, 0x02});
    if (info.imm == ImmKind::MemArgLane) {
      instr.lane = 1;
      out.push_back(0x01);
    }
    break;
  case ImmKind::LaneIdx:
    instr.lane = 1;
    out.push_back(0x01);
    break;
  case ImmKind::Shuffle16:
    for (std::uint8_t lane = 0; lane < 16; ++lane) {
      instr.v128[lane] = static_cast<std::uint8_t>(31 - lane);
      out.push_back(static_cast<std::uint8_t>(31 - lane));
    }
    break;
  case ImmKind::I32Const:
    instr.value = 0xFFFFFFFBu; // -5
    sleb(out, -5);
    break;
  case ImmKind::I64Const:
    instr.value = 0x8000000000000000u;
    sleb(out, INT64_MIN);
    break;
  case ImmKind::F32Const: {
    const float value = 0.1f;
    std::uint32_t bits;
    std::memcpy(&bits, &value, 4);
    instr.value = bits;
    for (int i = 0; i < 4; ++i)
      out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
    break;
  }
  case ImmKind::F64Const: {
    const std::uint64_t bits = 0xFFF0000000000001u; // -nan:0x1
    instr.value = bits;
    for (int i = 0; i < 8; ++i)
      out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
    break;
  }
  case ImmKind::V128Const:
    for (std::uint8_t i = 0; i < 16; ++i) {
      instr.v128[i] = static_cast<std::uint8_t>(0xF0 + i);
      out.push_back(static_cast<std::uint8_t>(0xF0 + i));
    }
    break;
  case ImmKind::SelectTypes:
    instr.selectArity = 1;
    instr.type = ValType::F64;
    out.insert(out.end(), {0x01, 0x7C});
    break;
  case ImmKind::HeapType:
    instr.heap = HeapType(HeapKind::Struct);
    out.push_back(kStructHeap);
    break;
  case ImmKind::TryTable:
    sample.catches = {{binary::CatchClause::Kind::Catch, 1, 0},
                      {binary::CatchClause::Kind::CatchRef, 2, 0},
                      {binary::CatchClause::Kind::CatchAll, 0, 0},
                      {binary::CatchClause::Kind::CatchAllRef, 0, 0}};
    instr.catches = sample.catches;
    out.insert(out.end(), {0x40, 0x04, 0x00, 0x01, 0x00, 0x01, 0x02, 0x00, 0x02, 0x00, 0x03, 0x00});
    break;
  case ImmKind::StructField:
    instr.index = 1;
    instr.index2 = 2;
    out.insert(out.end(), {0x01, 0x02});
    break;
  case ImmKind::ArrayFixed:
  case ImmKind::ArrayData:
  case ImmKind::ArrayElem:
    instr.index = 2;
    instr.index2 = 1;
    out.insert(out.end(), {0x02, 0x01});
    break;
  case ImmKind::ArrayCopy:
    instr.index = 2;
    instr.index2 = 2;
    out.insert(out.end(), {0x02, 0x02});
    break;
  case ImmKind::BrOnCast:
    instr.castFlags = 0x01; // nullable source, non-null target
    instr.heap = HeapType(HeapKind::Any);
    instr.heap2 = HeapType(HeapKind::Struct);
    out.insert(out.end(), {0x01, 0x00, kAnyHeap, kStructHeap});
    break;
  case ImmKind::TableInit:
  case ImmKind::MemoryInit:
    instr.index = 1;  // segment
    instr.index2 = 2; // table or memory
    out.insert(out.end(), {0x01, 0x02});
    break;
  case ImmKind::TableCopy:
  case ImmKind::MemoryCopy:
    instr.index = 1;
    instr.index2 = 2;
    out.insert(out.end(), {0x01, 0x02});
    break;
  }
}

// Enough definitions of every kind for the samples' indices (the parser checks none of them).
constexpr const char* kPrelude = R"((type (func))
(type (struct (field i32) (field i64) (field f32)))
(type (array (mut i8)))
(func) (func)
(table 1 funcref) (table 1 funcref) (table 1 funcref)
(memory 1) (memory 1) (memory 1)
(global i32 (i32.const 0)) (global i32 (i32.const 0))
(elem func) (elem func)
(data "") (data "")
(tag) (tag) (tag)
)";

class NoLabels final : public LabelNames {
public:
  std::string label(std::uint32_t depth) const override { return std::to_string(depth); }
};

TEST(PrinterInstructions, EveryRowOfTheTableReadsBackToItsEncoding) {
  const binary::Module module;
  const Features features = Features::everything();
  const ModuleIds ids;
  const PrintOptions options;
  const PrintContext context{module, features, ids, options};
  const NoLabels labels;
  std::size_t checked = 0;
  for (std::size_t row = 0; row < binary::kOpcodeCount; ++row) {
    const binary::OpcodeInfo& info = binary::opcodeInfo(static_cast<Opcode>(row));
    if (info.op == Opcode::End) continue; // closes the constructs below
    Sample sample;
    sampleFor(info, sample);
    const std::string text = instrText(context, sample.instr, labels, 0);
    ASSERT_EQ(text.substr(0, info.text.size()), info.text) << text;
    // Instructions that only exist inside a construct get one around them.
    std::string body = text;
    Bytes expected;
    switch (info.op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::TryTable:
    case Opcode::Try: body += "\nend"; break;
    case Opcode::Else:
      // An empty else is left out by the parser (as by wabt): give it an instruction.
      body = "if\n" + text + "\nnop\nend";
      expected = {0x04, 0x40};
      break;
    case Opcode::Catch:
    case Opcode::CatchAll:
      body = "try\n" + text + "\nend";
      expected = {0x06, 0x40};
      break;
    case Opcode::Delegate:
      body = "try\n" + text;
      expected = {0x06, 0x40};
      break;
    default: break;
    }
    if (info.prefix != 0) {
      expected.push_back(info.prefix);
      uleb(expected, info.code);
    } else {
      expected.push_back(static_cast<std::uint8_t>(info.code));
    }
    expected.insert(expected.end(), sample.encoding.begin(), sample.encoding.end());
    if (info.op == Opcode::Else) expected.push_back(0x01);
    if (info.op == Opcode::Block || info.op == Opcode::Loop || info.op == Opcode::If ||
        info.op == Opcode::TryTable || info.op == Opcode::Try || info.op == Opcode::Else ||
        info.op == Opcode::Catch || info.op == Opcode::CatchAll) {
      expected.push_back(0x0B);
    }
    expected.push_back(0x0B); // the function's end
    const std::string wat = std::string("(module ") + kPrelude + "(func\n" + body + "))";
    const auto bytes = watToBinary(wat);
    ASSERT_TRUE(bytes) << text << ": " << bytes.error().message();
    EXPECT_EQ(lastBody(*bytes), expected) << info.text << ": printed as \"" << text << "\"";
    ++checked;
  }
  EXPECT_EQ(checked, binary::kOpcodeCount - 1);
}

// --- literals and identifiers ---------------------------------------------------------------

TEST(PrinterLiterals, FloatsAreShortestAndSpecialValuesSpelledOut) {
  EXPECT_EQ(f32Literal(0x3DCCCCCD), "0.1");
  EXPECT_EQ(f32Literal(0x80000000), "-0");
  EXPECT_EQ(f32Literal(0x7F800000), "inf");
  EXPECT_EQ(f32Literal(0xFF800000), "-inf");
  EXPECT_EQ(f32Literal(0x7FC00000), "nan");
  EXPECT_EQ(f32Literal(0xFFC00000), "-nan");
  EXPECT_EQ(f32Literal(0x7F800001), "nan:0x1");
  EXPECT_EQ(f32Literal(0x7FC00001), "nan:0x400001");
  EXPECT_EQ(f32Literal(0x00000001), "1e-45");
  EXPECT_EQ(f64Literal(0x3FB999999999999A), "0.1");
  EXPECT_EQ(f64Literal(0xFFF8000000000000), "-nan");
  EXPECT_EQ(f64Literal(0x7FF0000000000001), "nan:0x1");
  EXPECT_EQ(f64Literal(0x7FEFFFFFFFFFFFFF), "1.7976931348623157e+308");
}

TEST(PrinterLiterals, EveryFloatReadsBackToItsBits) {
  // A fixed pseudo-random walk over the bit patterns, with the edges of each class.
  std::vector<std::uint64_t> patterns = {0,
                                         1,
                                         0x000FFFFFFFFFFFFF,
                                         0x0010000000000000,
                                         0x7FEFFFFFFFFFFFFF,
                                         0x7FF0000000000000,
                                         0x7FF8000000000000,
                                         0x7FFFFFFFFFFFFFFF,
                                         0x8000000000000001};
  std::uint64_t state = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 100000; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    patterns.push_back(state);
  }
  for (const std::uint64_t bits : patterns) {
    const auto f64 = parseF64(f64Literal(bits));
    ASSERT_TRUE(f64) << f64Literal(bits);
    ASSERT_EQ(*f64, bits) << f64Literal(bits);
    const auto low = static_cast<std::uint32_t>(bits);
    const auto f32 = parseF32(f32Literal(low));
    ASSERT_TRUE(f32) << f32Literal(low);
    ASSERT_EQ(*f32, low) << f32Literal(low);
  }
}

TEST(PrinterNames, IdentifiersAreQuotedWhenNeeded) {
  EXPECT_EQ(identifier("main"), "$main");
  EXPECT_EQ(identifier("a.b-c_d!#'*+/:<=>?@\\^`|~"), "$a.b-c_d!#'*+/:<=>?@\\^`|~");
  EXPECT_EQ(identifier("two words"), "$\"two words\"");
  EXPECT_EQ(identifier("say \"hi\""), "$\"say \\\"hi\\\"\"");
  EXPECT_EQ(identifier("caf\xC3\xA9"), "$\"caf\\c3\\a9\"");
  EXPECT_EQ(identifier("(paren)"), "$\"(paren)\"");
}

TEST(PrinterNames, RepeatedAndEmptyNamesAreDropped) {
  const IdTable table(NameMaps::Map{{3, "x"}, {1, "x"}, {2, ""}, {0, "y"}});
  EXPECT_EQ(table.id(1), "$x"); // the lower index keeps a repeated name
  EXPECT_EQ(table.id(3), "");
  EXPECT_EQ(table.ref(3), "3");
  EXPECT_EQ(table.ref(2), "2");
  EXPECT_EQ(table.ref(0), "$y");
  EXPECT_EQ(table.dropped(), 2u);
}

// --- whole modules -----------------------------------------------------------------------------

Bytes name(std::string_view text) {
  Bytes out;
  uleb(out, text.size());
  out.insert(out.end(), text.begin(), text.end());
  return out;
}

void append(Bytes& out, const Bytes& more) {
  out.insert(out.end(), more.begin(), more.end());
}

// A module binary of `sections` (id, content) in order.
Bytes moduleOf(const std::vector<std::pair<std::uint8_t, Bytes>>& sections) {
  Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const auto& [id, content] : sections) {
    out.push_back(id);
    uleb(out, content.size());
    append(out, content);
  }
  return out;
}

// A name subsection: id, then its content.
Bytes subsection(std::uint8_t id, const Bytes& content) {
  Bytes out = {id};
  uleb(out, content.size());
  append(out, content);
  return out;
}

// A name map of (index, name) pairs.
Bytes nameMap(const std::vector<std::pair<std::uint32_t, std::string>>& names) {
  Bytes out;
  uleb(out, names.size());
  for (const auto& [index, text] : names) {
    uleb(out, index);
    append(out, name(text));
  }
  return out;
}

std::string print(const Bytes& bytes, PrintOptions options = {}) {
  const Features features = Features::all();
  auto module = binary::decodeModule(bytes, features);
  EXPECT_TRUE(module) << module.error().message();
  if (!module) return {};
  auto text = printModule(**module, features, options);
  EXPECT_TRUE(text) << text.error().message();
  return text ? *text : std::string();
}

std::string print(std::string_view wat, PrintOptions options = {}) {
  auto bytes = watToBinary(wat);
  EXPECT_TRUE(bytes) << bytes.error().message();
  return bytes ? print(*bytes, options) : std::string();
}

constexpr const char* kLoopModule = R"((module $m
  (func $count (export "count") (param $n i32) (result i32) (local $sum i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))
    (local.get $sum))
  (global $g (mut i64) (i64.const -1))
  (memory 1 2)
  (data (i32.const 16) "hi\00\ff"))
)";

TEST(PrinterLayout, FlatBodiesCloseBlocksWithEnd) {
  EXPECT_EQ(print(kLoopModule), R"((module $m
  (type (;0;) (func (param i32) (result i32)))
  (func $count (type 0) (param $n i32) (result i32)
    (local $sum i32)
    block
      loop
        local.get $n
        i32.eqz
        br_if 1
        local.get $sum
        local.get $n
        i32.add
        local.set $sum
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        br 0
      end
    end
    local.get $sum
  )
  (memory (;0;) 1 2)
  (global (;0;) (mut i64) (i64.const -1))
  (export "count" (func $count))
  (data (;0;) (i32.const 16) "hi\00\ff")
)
)");
}

TEST(PrinterLayout, FoldedBodiesNestOperands) {
  EXPECT_EQ(print(kLoopModule, {.folded = true, .names = true}), R"((module $m
  (type (;0;) (func (param i32) (result i32)))
  (func $count (type 0) (param $n i32) (result i32)
    (local $sum i32)
    (block
      (loop
        (br_if 1 (i32.eqz (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br 0)
      )
    )
    (local.get $sum)
  )
  (memory (;0;) 1 2)
  (global (;0;) (mut i64) (i64.const -1))
  (export "count" (func $count))
  (data (;0;) (i32.const 16) "hi\00\ff")
)
)");
}

TEST(PrinterLayout, WithoutNamesEveryIndexIsANumber) {
  const std::string text = print(kLoopModule, {.folded = false, .names = false});
  EXPECT_EQ(text.find('$'), std::string::npos) << text;
  EXPECT_NE(text.find("(func (;0;) (type 0) (param i32) (result i32)\n    (local i32)"),
            std::string::npos)
      << text;
}

TEST(PrinterLayout, FoldedIfPutsItsConditionFirst) {
  const std::string text = print(R"((module (func (param i32) (result i32)
    (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))))",
                                 {.folded = true, .names = true});
  EXPECT_NE(text.find(R"((if (result i32)
      (local.get 0)
      (then
        (i32.const 1)
      )
      (else
        (i32.const 2)
      )
    ))"),
            std::string::npos)
      << text;
}

TEST(PrinterLayout, LongDataIsSplitIntoLines) {
  const std::string text = print(R"((module (memory 1)
    (data (i32.const 0) "0123456789abcdef0123456789abcdef0123456789")))");
  EXPECT_NE(text.find("(data (;0;) (i32.const 0)\n    \"0123456789abcdef0123456789abcdef\"\n"
                      "    \"0123456789\")"),
            std::string::npos)
      << text;
}

TEST(PrinterFields, ImportsExportsSegmentsStartAndTableInitializers) {
  const std::string text = print(R"((module
    (type $v (func))
    (import "env" "f" (func $f (param i32)))
    (import "env" "t" (table 1 funcref))
    (import "env" "m" (memory i64 1))
    (import "env" "g" (global (mut f32)))
    (import "env" "r" (global funcref))
    (func $start)
    (table $t 2 10 (ref null $v) (ref.null $v))
    (table $u 3 (ref $v) (ref.func $start))
    (global $h i32 (i32.add (i32.const 1) (i32.const 2)))
    (elem declare func $start)
    (elem (table $t) (i32.const 0) (ref null $v) (ref.null $v) (ref.func $start))
    (elem funcref (item global.get 1) (ref.null func))
    (start $start)))");
  for (const char* expected : {
           R"((import "env" "f" (func $f (type 1) (param i32))))",
           R"((import "env" "t" (table (;0;) 1 funcref)))",
           R"((import "env" "m" (memory (;0;) i64 1)))",
           R"((import "env" "g" (global (;0;) (mut f32))))",
           R"((table (;1;) 2 10 (ref null 0)))",
           R"((table (;2;) 3 (ref 0) (ref.func $start)))",
           R"((import "env" "r" (global (;1;) funcref)))",
           R"((global (;2;) i32 (i32.add (i32.const 1) (i32.const 2))))",
           R"((start $start))",
           R"((elem (;0;) declare func $start))",
           R"((elem (;1;) (table 1) (i32.const 0) (ref null 0) (ref.null 0) (ref.func $start)))",
           R"((elem (;2;) funcref (global.get 1) (ref.null func)))",
       }) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

TEST(PrinterNames, EverySubsectionOfTheNameSection) {
  // (func $f (param i32) (local i32) block block br 1 end end) with names for the module, the
  // function, both locals, the type, the memory, the global, the data segment and both labels
  // (called the same, so the branch to the outer one is printed as a number).
  Bytes code = {0x01, 0x0C, 0x01, 0x01, 0x7F, 0x02, 0x40, 0x02, 0x40, 0x0C, 0x01, 0x0B, 0x0B, 0x0B};
  Bytes localNames = {0x01, 0x00};
  append(localNames, nameMap({{0, "p"}, {1, "l l"}}));
  Bytes labelNames = {0x01, 0x00};
  append(labelNames, nameMap({{0, "a"}, {1, "a"}}));
  Bytes names;
  append(names, subsection(0, name("mod")));
  append(names, subsection(1, nameMap({{0, "f"}})));
  append(names, subsection(2, localNames));
  append(names, subsection(3, labelNames));
  append(names, subsection(4, nameMap({{0, "sig"}})));
  append(names, subsection(6, nameMap({{0, "mem"}})));
  append(names, subsection(7, nameMap({{0, "glob"}})));
  append(names, subsection(9, nameMap({{0, "bytes"}})));
  Bytes custom = name("name");
  append(custom, names);
  const Bytes bytes = moduleOf({{1, {0x01, 0x60, 0x01, 0x7F, 0x00}},
                                {3, {0x01, 0x00}},
                                {5, {0x01, 0x00, 0x01}},
                                {6, {0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B}},
                                {10, code},
                                {11, {0x01, 0x01, 0x00}},
                                {0, custom}});
  const std::string text = print(bytes);
  for (const char* expected : {
           "(module $mod\n",
           "(type $sig (func (param i32)))",
           "(func $f (type $sig) (param $p i32)",
           "(local $\"l l\" i32)",
           "    block $a\n      block $a\n        br 1\n",
           "(memory $mem 1)",
           "(global $glob i32 (i32.const 0))",
           "(data $bytes \"\")",
       }) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  // The text reads back to the same module; the parser writes the module, function and local
  // names only.
  const auto again = watToBinary(text);
  ASSERT_TRUE(again) << again.error().message() << "\n" << text;
  const Features features = Features::all();
  const auto original = binary::decodeModule(bytes, features);
  const auto printed = binary::decodeModule(*again, features);
  ASSERT_TRUE(original && printed);
  EXPECT_EQ(test::firstDifference(**original, **printed, features), std::nullopt);
}

TEST(PrinterFields, TagsAndExceptionHandling) {
  constexpr const char* kTags = R"((module
    (import "m" "t" (tag $imported))
    (tag $e (param i32 f64))
    (export "e" (tag $e))
    (func $f (param i32) (result exnref)
      (block $all (result exnref)
        (block $h (result i32 f64)
          (try_table (catch $e $h) (catch_all_ref $all)
            (throw $e (local.get 0) (f64.const 1)))
          (unreachable))
        (drop) (drop) (ref.null exn)))))";
  const std::string flat = print(kTags);
  for (const char* expected : {
           R"((import "m" "t" (tag (;0;) (type 0))))",
           R"((tag (;1;) (type 1) (param i32 f64)))",
           R"((export "e" (tag 1)))",
           "block (type 3) (result i32 f64)\n        try_table (catch 1 0) (catch_all_ref 1)\n",
       }) {
    EXPECT_NE(flat.find(expected), std::string::npos) << expected << "\n" << flat;
  }
  const std::string folded = print(kTags, {.folded = true, .names = true});
  EXPECT_NE(folded.find("(throw 1 (local.get 0) (f64.const 1))"), std::string::npos) << folded;
}

TEST(PrinterFields, CustomSectionsBecomeAnnotations) {
  Bytes custom = name("meta");
  custom.insert(custom.end(), {'a', 0x00, '"'});
  const Bytes bytes = moduleOf({{0, custom}, {1, {0x01, 0x60, 0x00, 0x00}}});
  const std::string text = print(bytes);
  EXPECT_NE(text.find(R"((@custom "meta" (before first) "a\00\""))"), std::string::npos) << text;
  EXPECT_TRUE(watToBinary(text)); // annotations are skipped by the parser
}

TEST(PrinterFields, GcTypesRecursionGroupsSubtypesAndFieldNames) {
  // Built by hand: the decoder does not read GC types yet (gc is recognised, not run).
  binary::Module module;
  const ValType nodeRef = ValType::ref(HeapType::concrete(0), true);
  using Packing = binary::FieldType::Packing;
  const std::vector<binary::FieldType> fields = {{Packing::None, ValType::I32, false},
                                                 {Packing::None, nodeRef, true}};
  binary::TypeDef node{binary::TypeDef::Kind::Struct, {}, fields, false, std::nullopt, 0, 2};
  binary::TypeDef leaf{binary::TypeDef::Kind::Struct, {}, fields, true, 0, 0, 2};
  binary::TypeDef bytes{binary::TypeDef::Kind::Array,
                        {},
                        {{Packing::I8, ValType::I32, true}},
                        true,
                        std::nullopt,
                        2,
                        1};
  binary::TypeDef function;
  function.func = FuncType{{ValType::ref(HeapType::concrete(2), false)}, {nodeRef}};
  function.recGroup = 3;
  binary::TypeDef open{binary::TypeDef::Kind::Struct,
                       {},
                       {{Packing::I16, ValType::I32, false}},
                       false,
                       std::nullopt,
                       4,
                       1};
  module.types = {node, leaf, bytes, function, open};
  Bytes fieldNames = {0x01, 0x00};
  append(fieldNames, nameMap({{0, "value"}, {1, "next"}}));
  Bytes names = subsection(4, nameMap({{0, "node"}, {1, "leaf"}}));
  append(names, subsection(10, fieldNames));
  module.customSections.push_back(binary::CustomSection{"name", names, 0});
  const auto text = printModule(module, Features::everything());
  ASSERT_TRUE(text) << text.error().message();
  EXPECT_EQ(*text, R"((module
  (rec
    (type $node (sub (struct (field $value i32) (field $next (mut (ref null $node))))))
    (type $leaf (sub final $node (struct (field i32) (field (mut (ref null $node)))))))
  (type (;2;) (array (mut i8)))
  (type (;3;) (func (param (ref 2)) (result (ref null $node))))
  (type (;4;) (sub (struct (field i16))))
)
)");
  const auto encoded = watToBinary(*text);
  ASSERT_TRUE(encoded) << encoded.error().message();
  const Bytes expected = {0x04,                                                       // groups
                          0x4E, 0x02,                                                 // rec
                          0x50, 0x00, 0x5F, 0x02, 0x7F, 0x00, 0x63, 0x00, 0x01,       // $node
                          0x4F, 0x01, 0x00, 0x5F, 0x02, 0x7F, 0x00, 0x63, 0x00, 0x01, // $leaf
                          0x5E, 0x78, 0x01,                                           // array
                          0x60, 0x01, 0x64, 0x02, 0x01, 0x63, 0x00,                   // func
                          0x50, 0x00, 0x5F, 0x01, 0x77, 0x00};                        // open
  EXPECT_EQ(section(*encoded, 1), expected);
}

TEST(PrinterErrors, ABodyThatDoesNotDecodeAgainIsAnError) {
  // A body using tail calls, printed with features that do not have them.
  const auto bytes = watToBinary("(module (func $f (return_call $f)))");
  ASSERT_TRUE(bytes);
  auto module = binary::decodeModule(*bytes, Features::all());
  ASSERT_TRUE(module) << module.error().message();
  const auto text = printModule(**module, Features{}, {});
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind(), ErrorKind::Malformed);
  EXPECT_NE(text.error().message().find("illegal opcode"), std::string::npos)
      << text.error().message();
}

} // namespace
} // namespace wasmline::text
