#include "runtime/instantiate.h"

#include "interp/gc_ops.h"

#include <string>
#include <vector>

#include "binary/subtyping.h"
#include "binary/type_registry.h"
#include "interp/trap.h"
#include "memory/bounds.h"
#include "memory/host_errors.h"
#include "wasmline/memory.h"

namespace wasmline::runtime {
namespace {

// Limits of a provided table or memory (with its current size) against the declared ones.
bool limitsMatch(std::uint64_t currentSize, std::optional<std::uint64_t> providedMax,
                 const Limits& declared) {
  if (currentSize < declared.min) return false;
  if (!declared.max) return true;
  return providedMax && *providedMax <= *declared.max;
}

std::string describe(const Limits& limits) {
  std::string text = std::to_string(limits.min);
  if (limits.max) text += " " + std::to_string(*limits.max);
  return text;
}

} // namespace

std::optional<std::string> checkImport(const binary::Module& module, const binary::Import& import,
                                       const interp::ExternRef& provided) {
  const std::string what =
      "incompatible import type for \"" + import.module + "\" \"" + import.name + "\": ";
  if (provided.kind != import.kind) {
    return what + "expected a " + std::string(externKindName(import.kind)) + ", got a " +
           std::string(externKindName(provided.kind));
  }
  switch (import.kind) {
  case ExternKind::Func: {
    // Canonical ids: equal types across modules have equal ids; a subtype declares its supertype.
    const std::uint32_t expected = module.canonicalTypeIds[import.funcType];
    const ValType want = ValType::ref(HeapType::concrete(expected), false);
    const ValType got = ValType::ref(HeapType::concrete(provided.func->typeId), false);
    if (!binary::isCanonicalSubtype(got, want)) {
      return what + "expected " + module.funcType(import.funcType).toString() + ", got " +
             provided.func->type.toString();
    }
    return std::nullopt;
  }
  case ExternKind::Table: {
    const interp::TableInstance& table = *provided.table;
    const ValType element = binary::canonicalValType(import.table.element, module.canonicalTypeIds);
    if (table.type.element != element || table.type.is64 != import.table.is64 ||
        !limitsMatch(table.elements.size(), table.type.limits.max, import.table.limits)) {
      return what + "expected table " + std::string(import.table.is64 ? "i64 " : "") +
             describe(import.table.limits) + " " + std::string(valTypeName(import.table.element)) +
             ", got " + std::to_string(table.elements.size()) +
             (table.elements.size() == 1 ? " element of " : " elements of ") +
             std::string(valTypeName(table.type.element)) + " (limits " +
             std::string(table.type.is64 ? "i64 " : "") + describe(table.type.limits) + ")";
    }
    return std::nullopt;
  }
  case ExternKind::Memory: {
    const detail::LinearMemory& memory = *provided.memory;
    const MemoryType& declared = import.memory;
    if (memory.type().shared != declared.shared || memory.type().is64 != declared.is64 ||
        memory.type().pageSizeLog2 != declared.pageSizeLog2 ||
        !limitsMatch(memory.pages(), memory.type().limits.max, declared.limits)) {
      return what + "expected memory " + declared.toString() + ", got " +
             detail::pageCount(memory.pages()) + " (type " + memory.type().toString() + ")";
    }
    return std::nullopt;
  }
  case ExternKind::Global: {
    const GlobalType& providedType = provided.global->type;
    const ValType declared = binary::canonicalValType(import.global.type, module.canonicalTypeIds);
    // Immutable globals are covariant, mutable ones invariant.
    const bool matches =
        providedType.isMutable == import.global.isMutable &&
        (import.global.isMutable ? providedType.type == declared
                                 : binary::isCanonicalSubtype(providedType.type, declared));
    if (!matches) {
      auto text = [](const GlobalType& type) {
        return std::string(type.isMutable ? "mut " : "") + std::string(valTypeName(type.type));
      };
      return what + "expected global " + text(import.global) + ", got " + text(providedType);
    }
    return std::nullopt;
  }
  case ExternKind::Tag: {
    // Tags match exactly (their types are equal), not by subtyping.
    if (provided.tag->typeId != module.canonicalTypeIds[import.tagType]) {
      return what + "expected tag " + module.funcType(import.tagType).toString() + ", got " +
             provided.tag->type.toString();
    }
    return std::nullopt;
  }
  }
  return what + "unknown kind";
}

namespace {

Error heapExhausted() {
  return Error(ErrorKind::Trap,
               std::string(interp::trapMessage(interp::TrapKind::GcHeapExhausted)));
}

// The slots of the top `count` values of `stack`, popped (a v128 takes two).
std::vector<std::uint64_t> popSlots(std::vector<interp::RawValue>& stack, std::size_t count,
                                    bool vectors) {
  std::vector<std::uint64_t> slots;
  for (std::size_t i = stack.size() - count; i < stack.size(); ++i) {
    slots.push_back(stack[i].low);
    if (vectors) slots.push_back(stack[i].high);
  }
  stack.resize(stack.size() - count);
  return slots;
}

// A GC instruction of a constant expression.
Result<void> evaluateGc(const binary::ConstInstr& instr, const interp::Instance& instance,
                        interp::GcHeap* heap, std::vector<interp::RawValue>& stack) {
  using binary::Opcode;
  if (instr.op == Opcode::RefI31) {
    stack.back() = {interp::makeI31(static_cast<std::uint32_t>(stack.back().low)), 0};
    return {};
  }
  if (instr.op == Opcode::AnyConvertExtern || instr.op == Opcode::ExternConvertAny) return {};
  const binary::Module& m = instance.code->module();
  const interp::GcType& type = interp::gcType(m.canonicalTypeIds[instr.value]);
  interp::GcObject* object = nullptr;
  switch (instr.op) {
  case Opcode::StructNew: {
    std::vector<std::uint64_t> slots;
    const std::size_t first = stack.size() - type.fieldStorage.size();
    for (std::size_t i = 0; i < type.fieldStorage.size(); ++i) {
      slots.push_back(stack[first + i].low);
      if (type.fieldStorage[i] == interp::Storage::V128) slots.push_back(stack[first + i].high);
    }
    stack.resize(first);
    object = interp::newStruct(heap, type, slots.data());
    break;
  }
  case Opcode::StructNewDefault: object = interp::newStruct(heap, type, nullptr); break;
  case Opcode::ArrayNew:
  case Opcode::ArrayNewDefault: {
    const auto length = static_cast<std::uint32_t>(stack.back().low);
    stack.pop_back();
    if (instr.op == Opcode::ArrayNew) {
      const interp::RawValue value = stack.back();
      stack.pop_back();
      const std::uint64_t slots[2] = {value.low, value.high};
      object = interp::newArray(heap, type, length, slots);
    } else {
      object = interp::newArray(heap, type, length, nullptr);
    }
    break;
  }
  case Opcode::ArrayNewFixed: {
    const bool vectors = type.element == interp::Storage::V128;
    const std::vector<std::uint64_t> slots = popSlots(stack, instr.index2, vectors);
    object = interp::newArray(heap, type, instr.index2, nullptr);
    if (object == nullptr) return heapExhausted();
    for (std::uint32_t i = 0; i < instr.index2; ++i)
      interp::storeValue(interp::elementAt(object, i), type.element,
                         slots.data() + i * (vectors ? 2 : 1));
    break;
  }
  default: return {};
  }
  if (object == nullptr) return heapExhausted();
  stack.push_back({reinterpret_cast<std::uintptr_t>(object), 0});
  return {};
}

} // namespace

Result<interp::RawValue> evaluateConstExpr(const binary::ConstExpr& expr,
                                           const interp::Instance& instance, interp::GcHeap* heap) {
  std::vector<interp::RawValue> stack;
  for (const binary::ConstInstr& instr : expr.instrs) {
    switch (instr.op) {
    case binary::Opcode::I32Const:
    case binary::Opcode::F32Const: stack.push_back({instr.value & 0xFFFFFFFF, 0}); break;
    case binary::Opcode::I64Const:
    case binary::Opcode::F64Const: stack.push_back({instr.value, 0}); break;
    case binary::Opcode::V128Const: {
      interp::RawValue value;
      for (int i = 7; i >= 0; --i)
        value.low = (value.low << 8) | instr.v128[i];
      for (int i = 15; i >= 8; --i)
        value.high = (value.high << 8) | instr.v128[i];
      stack.push_back(value);
      break;
    }
    case binary::Opcode::RefNull: stack.push_back({}); break;
    case binary::Opcode::RefFunc:
      stack.push_back({reinterpret_cast<std::uintptr_t>(instance.functions[instr.value]), 0});
      break;
    case binary::Opcode::GlobalGet: stack.push_back(instance.globals[instr.value]->value); break;
    case binary::Opcode::I32Add:
    case binary::Opcode::I32Sub:
    case binary::Opcode::I32Mul:
    case binary::Opcode::I64Add:
    case binary::Opcode::I64Sub:
    case binary::Opcode::I64Mul: {
      const std::uint64_t b = stack.back().low;
      stack.pop_back();
      std::uint64_t& a = stack.back().low;
      if (instr.op == binary::Opcode::I32Add || instr.op == binary::Opcode::I64Add) a += b;
      if (instr.op == binary::Opcode::I32Sub || instr.op == binary::Opcode::I64Sub) a -= b;
      if (instr.op == binary::Opcode::I32Mul || instr.op == binary::Opcode::I64Mul) a *= b;
      if (instr.op == binary::Opcode::I32Add || instr.op == binary::Opcode::I32Sub ||
          instr.op == binary::Opcode::I32Mul) {
        a &= 0xFFFFFFFF;
      }
      break;
    }
    default:
      if (binary::opcodeInfo(instr.op).feature == Feature::Gc) {
        if (auto done = evaluateGc(instr, instance, heap, stack); !done) return done.error();
      }
      break; // validation admits nothing else
    }
  }
  return stack.empty() ? interp::RawValue{} : stack.back();
}

Result<Instantiation> instantiate(StoreData& store, std::shared_ptr<interp::ModuleCode> code,
                                  std::span<const interp::ExternRef> imports) {
  const binary::Module& m = code->module();
  if (imports.size() != m.imports.size()) {
    return Error(ErrorKind::Unlinkable, "unknown import: the module has " +
                                            std::to_string(m.imports.size()) + " imports, " +
                                            std::to_string(imports.size()) + " were provided");
  }
  for (std::size_t i = 0; i < imports.size(); ++i) {
    if (auto problem = checkImport(m, m.imports[i], imports[i])) {
      return Error(ErrorKind::Unlinkable, *problem);
    }
  }

  // Values made by constant expressions wait in locals until they reach their global, table or
  // segment: no collection meanwhile.
  interp::GcHeap* heap = &store.gcHeap();
  const interp::GcHeap::NoCollect noCollect(*heap);
  interp::Instance instance;
  instance.code = code;
  for (const interp::ExternRef& provided : imports) {
    switch (provided.kind) {
    case ExternKind::Func: instance.functions.push_back(provided.func); break;
    case ExternKind::Table: instance.tables.push_back(provided.table); break;
    case ExternKind::Memory: instance.memories.push_back(provided.memory); break;
    case ExternKind::Global: instance.globals.push_back(provided.global); break;
    case ExternKind::Tag: instance.tags.push_back(provided.tag); break;
    }
  }
  // Tables and memories first: taking them from the store's budget is what can fail.
  std::uint64_t admitted = 0;
  for (std::size_t i = m.importedTables; i < m.tables.size(); ++i) {
    if (auto result = store.admitTable(m.tables[i].limits.min); !result) {
      store.budget().releaseTable(admitted);
      return result.error();
    }
    admitted += m.tables[i].limits.min;
  }
  for (std::size_t i = m.importedMemories; i < m.memories.size(); ++i) {
    auto memory = store.createMemory(m.memories[i]);
    if (!memory) {
      store.budget().releaseTable(admitted);
      return memory.error();
    }
    instance.memories.push_back(&store.addMemory(std::move(*memory)));
  }
  interp::Instance& placed = store.addInstance(std::move(instance));
  for (std::size_t i = m.importedFunctions; i < m.functions.size(); ++i) {
    interp::FuncInstance function;
    function.type = binary::canonicalFuncType(m.functionType(static_cast<std::uint32_t>(i)),
                                              m.canonicalTypeIds);
    function.typeId = m.canonicalTypeIds[m.functions[i]];
    function.instance = &placed;
    function.index = static_cast<std::uint32_t>(i);
    function.code = &code->slot(function.index, store.compileOptions());
    placed.functions.push_back(&store.addFunction(std::move(function)));
  }
  for (std::size_t i = m.importedTables; i < m.tables.size(); ++i) {
    interp::TableInstance table;
    table.type = m.tables[i];
    table.type.element = binary::canonicalValType(table.type.element, m.canonicalTypeIds);
    // A table's initializer (typed references) fills every element; it sees the imported globals.
    const binary::ConstExpr& init = m.tableInits[i - m.importedTables];
    std::uint64_t initial = 0;
    if (!init.instrs.empty()) {
      auto value = evaluateConstExpr(init, placed, heap);
      if (!value) return value.error();
      initial = value->low;
    }
    table.elements.assign(m.tables[i].limits.min, initial);
    placed.tables.push_back(&store.addTable(std::move(table)));
  }
  for (std::size_t i = m.importedTags; i < m.tags.size(); ++i) {
    interp::TagInstance tag;
    tag.type = binary::canonicalFuncType(m.funcType(m.tags[i]), m.canonicalTypeIds);
    tag.typeId = m.canonicalTypeIds[m.tags[i]];
    placed.tags.push_back(&store.addTag(std::move(tag)));
  }
  for (std::size_t i = m.importedGlobals; i < m.globals.size(); ++i) {
    interp::GlobalInstance global;
    global.type = m.globals[i].type;
    global.type.type = binary::canonicalValType(global.type.type, m.canonicalTypeIds);
    auto value = evaluateConstExpr(m.globals[i].init, placed, heap);
    if (!value) return value.error();
    global.value = *value;
    placed.globals.push_back(&store.addGlobal(global));
  }
  for (const binary::ElementSegment& segment : m.elements) {
    interp::ElementInstance element;
    element.type = binary::canonicalValType(segment.type, m.canonicalTypeIds);
    if (segment.mode == binary::SegmentMode::Passive) {
      for (const binary::ConstExpr& item : segment.items) {
        auto value = evaluateConstExpr(item, placed, heap);
        if (!value) return value.error();
        element.references.push_back(value->low);
      }
    }
    placed.elements.push_back(std::move(element));
  }
  for (const binary::DataSegment& segment : m.data) {
    placed.data.push_back(interp::DataInstance{segment.mode == binary::SegmentMode::Passive
                                                   ? segment.bytes
                                                   : std::span<const std::uint8_t>{}});
  }
  for (const binary::Export& entry : m.exports) {
    interp::ExternRef value;
    value.kind = entry.kind;
    switch (entry.kind) {
    case ExternKind::Func: value.func = placed.functions[entry.index]; break;
    case ExternKind::Table: value.table = placed.tables[entry.index]; break;
    case ExternKind::Memory: value.memory = placed.memories[entry.index]; break;
    case ExternKind::Global: value.global = placed.globals[entry.index]; break;
    case ExternKind::Tag: value.tag = placed.tags[entry.index]; break;
    }
    placed.exports.emplace(entry.name, value);
  }

  // Active segments, in order; a segment out of bounds traps, leaving earlier ones applied.
  for (const binary::ElementSegment& segment : m.elements) {
    if (segment.mode != binary::SegmentMode::Active) continue;
    interp::TableInstance& table = *placed.tables[segment.table];
    auto offsetValue = evaluateConstExpr(segment.offset, placed, heap);
    if (!offsetValue) return offsetValue.error();
    std::uint64_t offset = offsetValue->low;
    if (!table.type.is64) offset &= 0xFFFFFFFF;
    if (!detail::inBounds(offset, segment.items.size(), table.elements.size())) {
      return Error(ErrorKind::Trap,
                   std::string(interp::trapMessage(interp::TrapKind::OutOfBoundsTableAccess)) +
                       ": element segment of " + std::to_string(segment.items.size()) + " at " +
                       std::to_string(offset) + ", table size " +
                       std::to_string(table.elements.size()));
    }
    for (std::size_t i = 0; i < segment.items.size(); ++i) {
      auto value = evaluateConstExpr(segment.items[i], placed, heap);
      if (!value) return value.error();
      table.elements[offset + i] = value->low;
    }
  }
  for (const binary::DataSegment& segment : m.data) {
    if (segment.mode != binary::SegmentMode::Active) continue;
    detail::LinearMemory& memory = *placed.memories[segment.memory];
    auto offsetValue = evaluateConstExpr(segment.offset, placed, heap);
    if (!offsetValue) return offsetValue.error();
    std::uint64_t offset = offsetValue->low;
    if (!memory.type().is64) offset &= 0xFFFFFFFF;
    if (!memory.init(offset, segment.bytes, 0, segment.bytes.size())) {
      return Error(ErrorKind::Trap,
                   std::string(interp::trapMessage(interp::TrapKind::OutOfBoundsMemoryAccess)) +
                       ": data segment of " + std::to_string(segment.bytes.size()) + " bytes at " +
                       std::to_string(offset) + ", memory size " +
                       std::to_string(memory.byteLength()) + " bytes");
    }
  }
  return Instantiation{&placed, m.start};
}

} // namespace wasmline::runtime
