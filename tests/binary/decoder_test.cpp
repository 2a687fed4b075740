#include "binary/decoder.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace wasmline::binary {
namespace {

// A module binary built from the header and the given section bytes.
std::vector<std::uint8_t> moduleBytes(std::initializer_list<int> sections) {
  std::vector<std::uint8_t> bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (int byte : sections)
    bytes.push_back(static_cast<std::uint8_t>(byte));
  return bytes;
}

Result<std::shared_ptr<const Module>> decode(std::vector<std::uint8_t> bytes,
                                             const Features& features = {}) {
  return decodeModule(std::move(bytes), features);
}

void expectError(const Result<std::shared_ptr<const Module>>& result, ErrorKind kind,
                 std::string_view prefix) {
  ASSERT_FALSE(result) << "expected: " << prefix;
  EXPECT_EQ(result.error().kind(), kind) << result.error().message();
  EXPECT_EQ(result.error().message().substr(0, prefix.size()), prefix) << result.error().message();
  EXPECT_TRUE(result.error().hasByteOffset());
}

void expectMalformed(std::vector<std::uint8_t> bytes, std::string_view prefix) {
  expectError(decode(std::move(bytes)), ErrorKind::Malformed, prefix);
}

void expectInvalid(std::vector<std::uint8_t> bytes, std::string_view prefix) {
  expectError(decode(std::move(bytes)), ErrorKind::Invalid, prefix);
}

TEST(Decoder, EmptyModule) {
  auto module = decode(moduleBytes({}));
  ASSERT_TRUE(module) << module.error().message();
  EXPECT_TRUE((*module)->functions.empty());
}

TEST(Decoder, Header) {
  expectMalformed({}, "unexpected end");
  expectMalformed({0x00, 0x61, 0x73}, "unexpected end");
  expectMalformed({0x00, 0x41, 0x53, 0x4D, 1, 0, 0, 0}, "magic header not detected");
  expectMalformed({0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0}, "unknown binary version");
  expectMalformed({0x00, 0x61, 0x73, 0x6D, 1, 0, 0}, "unexpected end");
}

TEST(Decoder, SectionIdsAndOrder) {
  expectMalformed(moduleBytes({0x0D, 0x00}), "malformed section id");
  expectMalformed(moduleBytes({0x80, 0x00, 0x01, 0x00}), "malformed section id");
  // a memory section (5) after a global section (6)
  expectMalformed(moduleBytes({0x06, 0x01, 0x00, 0x05, 0x01, 0x00}),
                  "unexpected content after last section");
  // two type sections
  expectMalformed(moduleBytes({0x01, 0x01, 0x00, 0x01, 0x01, 0x00}),
                  "unexpected content after last section");
}

TEST(Decoder, SectionSizes) {
  // type section claims 7 bytes, 4 follow
  expectMalformed(moduleBytes({0x01, 0x07, 0x02, 0x60, 0x00, 0x00}), "length out of bounds");
  // type section with 1 type declared and 2 given
  expectMalformed(moduleBytes({0x01, 0x07, 0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00}),
                  "section size mismatch");
  // a table section whose entry runs past the end
  expectMalformed(moduleBytes({0x04, 0x01, 0x01}), "unexpected end of section or function");
}

TEST(Decoder, TypesAndImports) {
  auto good = decode(moduleBytes({
      0x01, 0x09, 0x02, 0x60, 0x01, 0x7F, 0x01, 0x7E, 0x60,
      0x00, 0x00, 0x02, 0x1E, 0x04,                         // import section: 4 imports
      0x01, 'm',  0x01, 'f',  0x00, 0x01,                   // func, type 1
      0x01, 'm',  0x01, 't',  0x01, 0x70, 0x01, 0x01, 0x02, // table funcref 1..2
      0x01, 'm',  0x01, 'g',  0x03, 0x7E, 0x01,             // global mut i64
      0x01, 'm',  0x01, 'M',  0x02, 0x00, 0x01,             // memory 1
  }));
  ASSERT_TRUE(good) << good.error().message();
  const Module& m = **good;
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].func.params, std::vector<ValType>{ValType::I32});
  EXPECT_EQ(m.types[0].func.results, std::vector<ValType>{ValType::I64});
  ASSERT_EQ(m.imports.size(), 4u);
  EXPECT_EQ(m.importedFunctions, 1u);
  EXPECT_EQ(m.functions, std::vector<std::uint32_t>{1});
  EXPECT_EQ(m.tables[0].limits, (Limits{1, 2}));
  EXPECT_TRUE(m.globals[0].type.isMutable);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
}

TEST(Decoder, ImportErrors) {
  expectMalformed(moduleBytes({0x02, 0x04, 0x01, 0x00, 0x00, 0x04}), "malformed import kind");
  expectMalformed(moduleBytes({0x02, 0x06, 0x01, 0x00, 0x00, 0x03, 0x7F, 0x02}),
                  "malformed mutability");
  expectMalformed(moduleBytes({0x02, 0x05, 0x01, 0x01, 0xFF, 0x00, 0x00}),
                  "malformed UTF-8 encoding");
  expectInvalid(moduleBytes({0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00}), "unknown type");
}

TEST(Decoder, MemoryLimits) {
  expectInvalid(moduleBytes({0x05, 0x04, 0x01, 0x01, 0x02, 0x01}),
                "size minimum must not be greater than maximum");
  expectInvalid(moduleBytes({0x05, 0x05, 0x01, 0x00, 0x81, 0x80, 0x04}),
                "memory size must be at most 65536 pages (4GiB)");
  expectInvalid(moduleBytes({0x05, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00}), "multiple memories");
  expectMalformed(moduleBytes({0x05, 0x03, 0x01, 0x02, 0x00}), "integer too large");
  // minimum 2 with unused bits set in the last LEB byte
  expectMalformed(moduleBytes({0x05, 0x07, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x70}),
                  "integer too large");

  Features threads;
  threads.threads = true;
  auto shared = decode(moduleBytes({0x05, 0x04, 0x01, 0x03, 0x01, 0x02}), threads);
  ASSERT_TRUE(shared) << shared.error().message();
  EXPECT_TRUE((*shared)->memories[0].shared);
  expectError(decode(moduleBytes({0x05, 0x03, 0x01, 0x02, 0x01}), threads), ErrorKind::Invalid,
              "shared memory must have maximum");
  Features memory64;
  memory64.memory64 = true;
  auto wide = decode(moduleBytes({0x05, 0x03, 0x01, 0x04, 0x01}), memory64);
  ASSERT_TRUE(wide) << wide.error().message();
  EXPECT_TRUE((*wide)->memories[0].is64);
}

// WebAssembly 3.0 (memory64 enabled): u64 limits for every index type, their range checked by
// validation; custom page sizes; 64-bit tables.
TEST(Decoder, WideLimitsPageSizesAndTable64) {
  Features modern;
  modern.memory64 = true;
  modern.customPageSizes = true;
  // memory 0x1_0000_0000: malformed in 2.0, invalid in 3.0
  const auto huge = moduleBytes({0x05, 0x07, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10});
  expectMalformed(huge, "integer too large");
  expectError(decode(huge, modern), ErrorKind::Invalid, "memory size must be at most 65536 pages");
  // table 0x1_0000_0000 funcref
  const auto bigTable = moduleBytes({0x04, 0x08, 0x01, 0x70, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10});
  expectMalformed(bigTable, "integer too large");
  expectError(decode(bigTable, modern), ErrorKind::Invalid, "table size must be at most 2^32-1");
  // table i64 0x1_0000_0000 funcref
  auto table64 =
      decode(moduleBytes({0x04, 0x08, 0x01, 0x70, 0x04, 0x80, 0x80, 0x80, 0x80, 0x10}), modern);
  ASSERT_TRUE(table64) << table64.error().message();
  EXPECT_TRUE((*table64)->tables[0].is64);
  EXPECT_EQ((*table64)->tables[0].limits.min, std::uint64_t{1} << 32);
  // memory 1 (pagesize 1), (pagesize 65536); pagesize 2 is invalid, 2^64 malformed
  auto small = decode(moduleBytes({0x05, 0x04, 0x01, 0x08, 0x01, 0x00}), modern);
  ASSERT_TRUE(small) << small.error().message();
  EXPECT_EQ((*small)->memories[0].pageSizeLog2, 0u);
  auto large = decode(moduleBytes({0x05, 0x04, 0x01, 0x08, 0x01, 0x10}), modern);
  ASSERT_TRUE(large) << large.error().message();
  EXPECT_EQ((*large)->memories[0].pageSize(), 65536u);
  expectError(decode(moduleBytes({0x05, 0x04, 0x01, 0x08, 0x01, 0x01}), modern), ErrorKind::Invalid,
              "invalid custom page size");
  expectError(decode(moduleBytes({0x05, 0x04, 0x01, 0x08, 0x01, 0x40}), modern),
              ErrorKind::Malformed, "invalid custom page size");
  // a 1-byte page memory of 2^32 - 1 pages is valid, 2^32 is not
  expectError(
      decode(moduleBytes({0x05, 0x08, 0x01, 0x08, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00}), modern),
      ErrorKind::Invalid, "memory size must be at most 4294967295 pages of 1 byte");
  EXPECT_TRUE(
      decode(moduleBytes({0x05, 0x08, 0x01, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00}), modern));
  // without the feature the flag is malformed
  expectMalformed(moduleBytes({0x05, 0x04, 0x01, 0x08, 0x01, 0x00}), "integer too large");
}

// Memory arguments in 3.0: flags of 128 and above are malformed; offsets are u64, those of a
// 32-bit memory at most 2^32 - 1.
TEST(Decoder, MemargFlagsAndOffsets) {
  Features modern;
  modern.memory64 = true;
  modern.multiMemory = true;
  auto withLoad = [](std::initializer_list<int> memarg) {
    // (memory 1) (func (drop (i32.load <memarg> (i32.const 0))))
    std::vector<std::uint8_t> body{0x00, 0x41, 0x00, 0x28};
    for (int byte : memarg)
      body.push_back(static_cast<std::uint8_t>(byte));
    body.push_back(0x1A);
    body.push_back(0x0B);
    std::vector<std::uint8_t> bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                                    0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
                                    0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0A};
    bytes.push_back(static_cast<std::uint8_t>(body.size() + 2));
    bytes.push_back(0x01);
    bytes.push_back(static_cast<std::uint8_t>(body.size()));
    bytes.insert(bytes.end(), body.begin(), body.end());
    return bytes;
  };
  EXPECT_TRUE(decode(withLoad({0x02, 0x00}), modern));
  expectError(decode(withLoad({0x80, 0x01, 0x00}), modern), ErrorKind::Malformed,
              "malformed memop flags");
  expectError(decode(withLoad({0x80, 0x02, 0x00}), modern), ErrorKind::Malformed,
              "malformed memop flags");
  expectError(decode(withLoad({0x3F, 0x00}), modern), ErrorKind::Invalid,
              "alignment must not be larger than natural");
  // offset 2^32: malformed for a 32-bit memory in 2.0, out of range in 3.0
  const std::initializer_list<int> offset32 = {0x02, 0x80, 0x80, 0x80, 0x80, 0x10};
  expectMalformed(withLoad(offset32), "integer too large");
  expectError(decode(withLoad(offset32), modern), ErrorKind::Invalid, "offset out of range");
  EXPECT_TRUE(decode(withLoad({0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), modern));
}

TEST(Decoder, ExportsAndStart) {
  const std::initializer_list<int> typeAndFunction{0x01, 0x04, 0x01, 0x60, 0x00,
                                                   0x00, 0x03, 0x02, 0x01, 0x00};
  auto withSections = [&](std::initializer_list<int> more) {
    std::vector<int> all(typeAndFunction);
    all.insert(all.end(), more);
    all.insert(all.end(), {0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B}); // code: one empty body
    std::vector<std::uint8_t> bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    for (int byte : all)
      bytes.push_back(static_cast<std::uint8_t>(byte));
    return bytes;
  };
  auto good = decode(withSections({0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00, 0x08, 0x01, 0x00}));
  ASSERT_TRUE(good) << good.error().message();
  EXPECT_EQ((*good)->exports[0].name, "f");
  EXPECT_EQ((*good)->start, 0u);
  EXPECT_TRUE((*good)->declaredFunctionRefs[0]);

  expectInvalid(withSections({0x07, 0x09, 0x02, 0x01, 'f', 0x00, 0x00, 0x01, 'f', 0x00, 0x00}),
                "duplicate export name");
  expectInvalid(withSections({0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x01}), "unknown function 1");
  expectInvalid(withSections({0x07, 0x05, 0x01, 0x01, 'm', 0x02, 0x00}), "unknown memory 0");
  expectMalformed(withSections({0x07, 0x05, 0x01, 0x01, 'f', 0x04, 0x00}), "malformed export kind");
  expectInvalid(withSections({0x08, 0x01, 0x01}), "unknown function 1");
}

TEST(Decoder, FunctionAndCodeCountsMustAgree) {
  expectMalformed(moduleBytes({0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00}),
                  "function and code section have inconsistent lengths");
  expectMalformed(moduleBytes({0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B}),
                  "function and code section have inconsistent lengths");
}

TEST(Decoder, DataCountMustMatchTheDataSection) {
  expectMalformed(moduleBytes({0x0C, 0x01, 0x01}),
                  "data count and data section have inconsistent lengths");
  expectMalformed(
      moduleBytes({0x05, 0x03, 0x01, 0x00, 0x01, 0x0C, 0x01, 0x02, 0x0B, 0x03, 0x01, 0x01, 0x00}),
      "data count and data section have inconsistent lengths");
  auto good = decode(moduleBytes(
      {0x05, 0x03, 0x01, 0x00, 0x01, 0x0C, 0x01, 0x01, 0x0B, 0x05, 0x01, 0x01, 0x02, 'h', 'i'}));
  ASSERT_TRUE(good) << good.error().message();
  ASSERT_EQ((*good)->data.size(), 1u);
  EXPECT_EQ((*good)->data[0].mode, SegmentMode::Passive);
  EXPECT_EQ(std::string((*good)->data[0].bytes.begin(), (*good)->data[0].bytes.end()), "hi");
}

TEST(Decoder, ActiveDataSegments) {
  auto good = decode(moduleBytes({0x05, 0x03, 0x01, 0x00, 0x01, // memory
                                  0x0B, 0x07, 0x01, 0x00, 0x41, 0x10, 0x0B, 0x01, 'x'}));
  ASSERT_TRUE(good) << good.error().message();
  const DataSegment& segment = (*good)->data[0];
  EXPECT_EQ(segment.mode, SegmentMode::Active);
  ASSERT_EQ(segment.offset.instrs.size(), 1u);
  EXPECT_EQ(segment.offset.instrs[0].op, Opcode::I32Const);
  EXPECT_EQ(segment.offset.instrs[0].value, 16u);
  expectInvalid(moduleBytes({0x0B, 0x06, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x00}), "unknown memory 0");
  expectMalformed(moduleBytes({0x0B, 0x03, 0x01, 0x03, 0x00}), "malformed data segment kind");
}

TEST(Decoder, ElementSegments) {
  const std::initializer_list<int> prefix{0x01, 0x04, 0x01, 0x60, 0x00, 0x00,  // type
                                          0x03, 0x02, 0x01, 0x00,              // function
                                          0x04, 0x04, 0x01, 0x70, 0x00, 0x01}; // table
  auto build = [&](std::initializer_list<int> element) {
    std::vector<std::uint8_t> bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    for (int byte : prefix)
      bytes.push_back(static_cast<std::uint8_t>(byte));
    for (int byte : element)
      bytes.push_back(static_cast<std::uint8_t>(byte));
    for (int byte : {0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B}) {
      bytes.push_back(static_cast<std::uint8_t>(byte));
    }
    return bytes;
  };
  auto active = decode(build({0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00}));
  ASSERT_TRUE(active) << active.error().message();
  const ElementSegment& segment = (*active)->elements[0];
  EXPECT_EQ(segment.mode, SegmentMode::Active);
  ASSERT_EQ(segment.items.size(), 1u);
  EXPECT_EQ(segment.items[0].instrs[0].op, Opcode::RefFunc);
  EXPECT_TRUE((*active)->declaredFunctionRefs[0]);

  auto passive = decode(build({0x09, 0x07, 0x01, 0x05, 0x70, 0x01, 0xD2, 0x00, 0x0B}));
  ASSERT_TRUE(passive) << passive.error().message();
  EXPECT_EQ((*passive)->elements[0].mode, SegmentMode::Passive);

  auto declarative = decode(build({0x09, 0x05, 0x01, 0x03, 0x00, 0x01, 0x00}));
  ASSERT_TRUE(declarative) << declarative.error().message();
  EXPECT_EQ((*declarative)->elements[0].mode, SegmentMode::Declarative);

  expectMalformed(build({0x09, 0x07, 0x01, 0x05, 0x7F, 0x01, 0xD2, 0x00, 0x0B}),
                  "malformed reference type");
  expectInvalid(build({0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x05}),
                "unknown function 5");
  expectInvalid(build({0x09, 0x08, 0x01, 0x02, 0x03, 0x41, 0x00, 0x0B, 0x00, 0x00}),
                "unknown table 3");
  expectInvalid(build({0x09, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0x0B, 0x6F, 0x00}),
                "type mismatch");
}

TEST(Decoder, CustomAndNameSections) {
  auto module = decode(moduleBytes({
      0x00, 0x05, 0x03, 'a',  'b',  'c',  0x42,                   // custom "abc"
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, // type, function
      0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,                         // code
      0x00, 0x11, 0x04, 'n',  'a',  'm',  'e',                    // name section
      0x00, 0x03, 0x02, 'm',  'd',                                // module name "md"
      0x01, 0x05, 0x01, 0x00, 0x02, 'f',  '0',                    // function 0: "f0"
  }));
  ASSERT_TRUE(module) << module.error().message();
  const Module& m = **module;
  ASSERT_EQ(m.customSections.size(), 2u);
  EXPECT_EQ(m.customSections[0].name, "abc");
  EXPECT_EQ(m.customSections[0].content.size(), 1u);
  EXPECT_EQ(m.names.module, "md");
  EXPECT_EQ(m.names.functions.at(0), "f0");

  expectMalformed(moduleBytes({0x00, 0x00}), "unexpected end");
  expectMalformed(moduleBytes({0x00, 0x26, 0x10}), "length out of bounds");
  expectMalformed(moduleBytes({0x00, 0x02, 0x01, 0xFF}), "malformed UTF-8 encoding");
  // a damaged name section does not make the module malformed
  auto damaged = decode(moduleBytes({0x00, 0x08, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x09, 0x00}));
  ASSERT_TRUE(damaged) << damaged.error().message();
}

TEST(Decoder, FunctionBodies) {
  const std::initializer_list<int> header{0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F, // [] -> [i32]
                                          0x03, 0x02, 0x01, 0x00};
  auto build = [&](std::initializer_list<int> code) {
    std::vector<std::uint8_t> bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    for (int byte : header)
      bytes.push_back(static_cast<std::uint8_t>(byte));
    for (int byte : code)
      bytes.push_back(static_cast<std::uint8_t>(byte));
    return bytes;
  };
  auto good = decode(build({0x0A, 0x08, 0x01, 0x06, 0x01, 0x01, 0x7F, 0x20, 0x00, 0x0B}));
  ASSERT_TRUE(good) << good.error().message();
  const FunctionBody& body = (*good)->bodies[0];
  EXPECT_EQ(body.localCount, 1u);
  EXPECT_EQ(body.code.size(), 3u); // local.get 0, end
  expectInvalid(build({0x0A, 0x05, 0x01, 0x03, 0x00, 0x01, 0x0B}), "type mismatch");
  // missing end at the end of the binary
  expectMalformed(build({0x0A, 0x05, 0x01, 0x03, 0x00, 0x41, 0x00}),
                  "unexpected end of section or function");
  // too many locals
  expectMalformed(build({0x0A, 0x0A, 0x01, 0x08, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B}),
                  "too many locals");
  // an invalid body followed by a malformed section: the malformation wins
  auto both = build({0x0A, 0x05, 0x01, 0x03, 0x00, 0x01, 0x0B, 0x0D, 0x00});
  expectMalformed(both, "malformed section id");
}

TEST(Decoder, InputsFoundByFuzzing) {
  // a start function whose type index is unknown (there is no type section)
  expectInvalid(
      moduleBytes({0x03, 0x02, 0x01, 0x00, 0x08, 0x01, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B}),
      "unknown type");
}

} // namespace
} // namespace wasmline::binary
