// Types in the text format: value, heap, table, memory and global types, function signatures,
// and the type section's definitions with their recursion groups, supertypes and fields.
#include "text/printer/context.h"

namespace wasmline::text {
namespace {

std::string fieldTypeText(const PrintContext& context, const binary::FieldType& field) {
  std::string storage;
  switch (field.packing) {
  case binary::FieldType::Packing::I8: storage = "i8"; break;
  case binary::FieldType::Packing::I16: storage = "i16"; break;
  case binary::FieldType::Packing::None: storage = valTypeText(context, field.type); break;
  }
  return field.isMutable ? "(mut " + storage + ")" : storage;
}

std::string compTypeText(const PrintContext& context, const binary::TypeDef& type,
                         std::uint32_t index) {
  switch (type.kind) {
  case binary::TypeDef::Kind::Func: return "(func" + signatureText(context, type.func) + ")";
  case binary::TypeDef::Kind::Array:
    return "(array " + fieldTypeText(context, type.fields.front()) + ")";
  case binary::TypeDef::Kind::Struct: break;
  }
  const IdTable& names = context.ids.fieldsOf(index);
  std::string text = "(struct";
  for (std::uint32_t i = 0; i < type.fields.size(); ++i) {
    text += " (field ";
    if (const std::string_view id = names.id(i); !id.empty()) {
      text += id;
      text += ' ';
    }
    text += fieldTypeText(context, type.fields[i]) + ")";
  }
  return text + ")";
}

// `(type $id? subtype)`, the subtype abbreviated to its composite type when it is final and
// has no supertype.
std::string typeDefText(const PrintContext& context, std::uint32_t index) {
  const binary::TypeDef& type = context.module.types[index];
  std::string text = "(type ";
  if (const std::string_view id = context.ids.space(NameSpaceKind::Type).id(index); !id.empty()) {
    text += id;
  } else {
    text += "(;" + std::to_string(index) + ";)";
  }
  text += ' ';
  const std::string comp = compTypeText(context, type, index);
  if (type.isFinal && !type.supertype) return text + comp + ")";
  text += type.isFinal ? "(sub final" : "(sub";
  if (type.supertype) text += " " + context.ref(NameSpaceKind::Type, *type.supertype);
  return text + " " + comp + "))";
}

} // namespace

std::string heapTypeText(const PrintContext& context, HeapType type) {
  if (type.isConcrete()) return context.ref(NameSpaceKind::Type, type.index());
  return type.toString();
}

std::string valTypeText(const PrintContext& context, ValType type) {
  if (!type.isRef() || (type.nullable() && !type.heapType().isConcrete())) return type.toString();
  return std::string(type.nullable() ? "(ref null " : "(ref ") +
         heapTypeText(context, type.heapType()) + ")";
}

std::string signatureText(const PrintContext& context, const FuncType& type) {
  std::string text;
  const auto list = [&](const char* keyword, const std::vector<ValType>& types) {
    if (types.empty()) return;
    text += " (";
    text += keyword;
    for (const ValType& value : types)
      text += " " + valTypeText(context, value);
    text += ")";
  };
  list("param", type.params);
  list("result", type.results);
  return text;
}

std::string typeUseText(const PrintContext& context, std::uint32_t typeIndex) {
  std::string text = "(type " + context.ref(NameSpaceKind::Type, typeIndex) + ")";
  if (typeIndex < context.module.types.size() &&
      context.module.types[typeIndex].kind == binary::TypeDef::Kind::Func) {
    text += signatureText(context, context.module.types[typeIndex].func);
  }
  return text;
}

std::string limitsText(const Limits& limits) {
  std::string text = std::to_string(limits.min);
  if (limits.max) text += " " + std::to_string(*limits.max);
  return text;
}

std::string tableTypeText(const PrintContext& context, const TableType& type) {
  return limitsText(type.limits) + " " + valTypeText(context, type.element);
}

std::string memoryTypeText(const MemoryType& type) {
  std::string text = type.is64 ? "i64 " : "";
  text += limitsText(type.limits);
  if (type.shared) text += " shared";
  return text;
}

std::string globalTypeText(const PrintContext& context, const GlobalType& type) {
  const std::string value = valTypeText(context, type.type);
  return type.isMutable ? "(mut " + value + ")" : value;
}

void printTypes(const PrintContext& context, TextOut& out) {
  const auto& types = context.module.types;
  for (std::uint32_t index = 0; index < types.size();) {
    const binary::TypeDef& type = types[index];
    const std::uint32_t size = std::max<std::uint32_t>(type.recGroupSize, 1);
    if (size == 1) {
      out.newline(1);
      out.put(typeDefText(context, index));
      ++index;
      continue;
    }
    out.newline(1);
    out.put("(rec");
    const std::uint32_t end = std::min<std::uint32_t>(index + size, types.size());
    for (; index < end; ++index) {
      out.newline(2);
      out.put(typeDefText(context, index));
    }
    out.put(")");
  }
}

} // namespace wasmline::text
