// The last step of the module parser: element segments and the sections in binary order.
#include "text/module_parser.h"

#include <algorithm>

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
  using Place = CustomPlacement;
  // Custom sections placed (before X) and (after X) around section X, present or not.
  const auto around = [&](Place::Anchor anchor, const auto& write) {
    writeCustomSections(out, anchor, false);
    write();
    writeCustomSections(out, anchor, true);
  };
  writeCustomSections(out, Place::First, false);
  writeCustomSections(out, Place::First, true);

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
  around(Place::Type, [&] { section(out, 1, static_cast<std::uint32_t>(groups_.size()), types); });
  around(Place::Import, [&] { section(out, 2, importCount_, importSection_); });
  around(Place::Func, [&] { section(out, 3, definedFuncs_, functionSection_); });
  around(Place::Table, [&] { section(out, 4, definedTables_, tableSection_); });
  around(Place::Memory, [&] { section(out, 5, definedMemories_, memorySection_); });
  around(Place::Tag, [&] { section(out, 13, definedTags_, tagSection_); });
  around(Place::Global, [&] { section(out, 6, definedGlobals_, globalSection_); });
  around(Place::Export, [&] { section(out, 7, exportCount_, exportSection_); });
  around(Place::Start, [&] {
    if (!startFunc_) return;
    ByteWriter start;
    start.u32(*startFunc_);
    out.u8(8);
    out.u32(static_cast<std::uint32_t>(start.size()));
    out.raw(start.bytes());
  });
  around(Place::Elem, [&] { section(out, 9, elemCount_, elemSection_); });
  around(Place::DataCount, [&] {
    if (!dataReferenced_) return;
    ByteWriter count;
    count.u32(dataCount_);
    out.u8(12);
    out.u32(static_cast<std::uint32_t>(count.size()));
    out.raw(count.bytes());
  });
  around(Place::Code, [&] {
    // Branch hints come before the code they describe (functions and offsets ascending).
    if (!branchHints_.empty()) {
      std::sort(branchHints_.begin(), branchHints_.end());
      ByteWriter hints;
      hints.name("metadata.code.branch_hint");
      hints.u32(static_cast<std::uint32_t>(branchHints_.size()));
      for (const auto& [func, entries] : branchHints_) {
        hints.u32(func);
        hints.u32(static_cast<std::uint32_t>(entries.size()));
        for (const auto& [offset, hint] : entries) {
          hints.u32(offset);
          hints.u32(1);
          hints.u8(hint);
        }
      }
      out.u8(0);
      out.u32(static_cast<std::uint32_t>(hints.size()));
      out.raw(hints.bytes());
    }
    section(out, 10, codeCount_, codeSection_);
  });
  around(Place::Data, [&] { section(out, 11, dataCount_, dataSection_); });
  writeCustomSections(out, Place::Last, false);

  // The name section: module, function, local and tag names.
  if (!moduleName_.empty() || !funcNames_.empty() || !localNames_.empty() || !tagNames_.empty()) {
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
    if (!tagNames_.empty()) {
      std::sort(tagNames_.begin(), tagNames_.end());
      ByteWriter tags;
      tags.u32(static_cast<std::uint32_t>(tagNames_.size()));
      for (const auto& [index, name] : tagNames_) {
        tags.u32(index);
        tags.name(name);
      }
      subsection(names, 11, tags);
    }
    out.u8(0);
    out.u32(static_cast<std::uint32_t>(names.size()));
    out.raw(names.bytes());
  }
  writeCustomSections(out, Place::Last, true);
  binary_ = std::move(out.bytes());
}

void ModuleParser::writeCustomSections(ByteWriter& out, CustomPlacement::Anchor anchor,
                                       bool after) const {
  for (const CustomSectionText& custom : customSections_) {
    if (custom.place.anchor != anchor || custom.place.after != after) continue;
    ByteWriter content;
    content.name(custom.name);
    content.raw(reinterpret_cast<const std::uint8_t*>(custom.bytes.data()), custom.bytes.size());
    out.u8(0);
    out.u32(static_cast<std::uint32_t>(content.size()));
    out.raw(content.bytes());
  }
}

} // namespace wasmline::text
