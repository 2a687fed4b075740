// The last step of the module parser: element segments and the sections in binary order.
#include "text/module_parser.h"

namespace wasmline::text {
namespace {

// Appends section `id` holding `count` entries of `content` (nothing when there are none).
void section(ByteWriter& out, std::uint8_t id, std::uint32_t count, const ByteWriter& content) {
  if (count == 0) return;
  ByteWriter head;
  head.u32(count);
  out.u8(id);
  out.u32(static_cast<std::uint32_t>(head.size() + content.size()));
  out.raw(head.bytes());
  out.raw(content.bytes());
}

void subsection(ByteWriter& out, std::uint8_t id, const ByteWriter& content) {
  out.u8(id);
  out.u32(static_cast<std::uint32_t>(content.size()));
  out.raw(content.bytes());
}

} // namespace

void ModuleParser::writeElem(const ElemSegment& segment) {
  ByteWriter& out = elemSection_;
  ++elemCount_;
  const bool funcKind = segment.type == ValType{ValKind::Ref, false, HeapType{HeapKind::Func, 0}};
  const bool indices = funcKind && segment.allFuncs && segment.funcs.size() == segment.count;
  const auto writeFuncs = [&] {
    out.u32(static_cast<std::uint32_t>(segment.funcs.size()));
    for (const std::uint32_t func : segment.funcs)
      out.u32(func);
  };
  const auto writeExprs = [&] {
    out.u32(segment.count);
    if (segment.items.size() > 0 || segment.count == 0) {
      out.raw(segment.items.bytes());
      return;
    }
    for (const std::uint32_t func : segment.funcs) { // a `func x*` list written as expressions
      out.u8(0xD2);
      out.u32(func);
      out.u8(0x0B);
    }
  };
  using Mode = ElemSegment::Mode;
  if (indices) {
    switch (segment.mode) {
    case Mode::Passive:
      out.u32(0x01);
      out.u8(0x00);
      break;
    case Mode::Active:
      if (segment.table == 0) {
        out.u32(0x00);
        out.raw(segment.offset.bytes());
      } else {
        out.u32(0x02);
        out.u32(segment.table);
        out.raw(segment.offset.bytes());
        out.u8(0x00);
      }
      break;
    case Mode::Declarative:
      out.u32(0x03);
      out.u8(0x00);
      break;
    }
    writeFuncs();
    return;
  }
  const bool funcref = segment.type == ValType{ValKind::Ref, true, HeapType{HeapKind::Func, 0}};
  switch (segment.mode) {
  case Mode::Passive:
    out.u32(0x05);
    encodeValType(out, segment.type);
    break;
  case Mode::Active:
    if (segment.table == 0 && funcref) {
      out.u32(0x04);
      out.raw(segment.offset.bytes());
    } else {
      out.u32(0x06);
      out.u32(segment.table);
      out.raw(segment.offset.bytes());
      encodeValType(out, segment.type);
    }
    break;
  case Mode::Declarative:
    out.u32(0x07);
    encodeValType(out, segment.type);
    break;
  }
  writeExprs();
}

void ModuleParser::writeModule() {
  ByteWriter out;
  out.bytes().reserve(64 + 16 * 16 + importSection_.size() + functionSection_.size() +
                      tableSection_.size() + memorySection_.size() + tagSection_.size() +
                      globalSection_.size() + exportSection_.size() + elemSection_.size() +
                      codeSection_.size() + dataSection_.size() + 32 * typeDefs_.size() +
                      16 * (funcNames_.size() + localNames_.size()));
  static constexpr std::uint8_t kHeader[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  out.raw(kHeader, sizeof kHeader);

  ByteWriter types;
  for (const auto& [first, count] : groups_) {
    if (count == 1) {
      encodeTypeDef(types, typeDefs_[first]);
      continue;
    }
    types.u8(0x4E);
    types.u32(count);
    for (std::uint32_t i = first; i < first + count; ++i)
      encodeTypeDef(types, typeDefs_[i]);
  }
  section(out, 1, static_cast<std::uint32_t>(groups_.size()), types);
  section(out, 2, importCount_, importSection_);
  section(out, 3, definedFuncs_, functionSection_);
  section(out, 4, definedTables_, tableSection_);
  section(out, 5, definedMemories_, memorySection_);
  section(out, 13, definedTags_, tagSection_);
  section(out, 6, definedGlobals_, globalSection_);
  section(out, 7, exportCount_, exportSection_);
  if (startFunc_) {
    ByteWriter start;
    start.u32(*startFunc_);
    out.u8(8);
    out.u32(static_cast<std::uint32_t>(start.size()));
    out.raw(start.bytes());
  }
  section(out, 9, elemCount_, elemSection_);
  if (dataReferenced_) {
    ByteWriter count;
    count.u32(dataCount_);
    out.u8(12);
    out.u32(static_cast<std::uint32_t>(count.size()));
    out.raw(count.bytes());
  }
  section(out, 10, codeCount_, codeSection_);
  section(out, 11, dataCount_, dataSection_);

  // The name section: module, function and local names.
  if (!moduleName_.empty() || !funcNames_.empty() || !localNames_.empty()) {
    ByteWriter names;
    names.name("name");
    if (!moduleName_.empty()) {
      ByteWriter module;
      module.name(moduleName_);
      subsection(names, 0, module);
    }
    if (!funcNames_.empty()) {
      ByteWriter funcs;
      funcs.u32(static_cast<std::uint32_t>(funcNames_.size()));
      for (const auto& [index, name] : funcNames_) {
        funcs.u32(index);
        funcs.name(name);
      }
      subsection(names, 1, funcs);
    }
    if (!localNames_.empty()) {
      ByteWriter locals;
      locals.u32(static_cast<std::uint32_t>(localNames_.size()));
      for (const auto& [func, entries] : localNames_) {
        locals.u32(func);
        locals.u32(static_cast<std::uint32_t>(entries.size()));
        for (const auto& [index, name] : entries) {
          locals.u32(index);
          locals.name(name);
        }
      }
      subsection(names, 2, locals);
    }
    out.u8(0);
    out.u32(static_cast<std::uint32_t>(names.size()));
    out.raw(names.bytes());
  }
  binary_ = std::move(out.bytes());
}

} // namespace wasmline::text
