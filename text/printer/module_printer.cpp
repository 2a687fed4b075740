// The module's fields, in section order.
#include "text/printer/body_printer.h"
#include "text/printer/printer.h"

namespace wasmline::text {
namespace {

// Data strings are split into literals of this many bytes, one per line.
constexpr std::size_t kDataChunk = 32;

// " $id" of a definition, or " (;N;)" giving the index of an unnamed one.
std::string definitionId(const PrintContext& context, NameSpaceKind kind, std::uint32_t index) {
  const std::string_view id = context.ids.space(kind).id(index);
  if (!id.empty()) return " " + std::string(id);
  return " (;" + std::to_string(index) + ";)";
}

std::string quoted(std::string_view text) {
  std::string out;
  appendQuoted(out, text);
  return out;
}

// The parameters of function `function` with their names, then its results:
// ` (param $a i32) (param i64 f32) (result i32)`.
std::string namedSignature(const PrintContext& context, std::uint32_t function,
                           const FuncType& type) {
  const IdTable& locals = context.ids.localsOf(function);
  std::string text;
  bool openGroup = false; // an unnamed `(param ...` is open
  for (std::uint32_t i = 0; i < type.params.size(); ++i) {
    const std::string value = valTypeText(context, type.params[i]);
    const std::string_view id = locals.id(i);
    if (!id.empty()) {
      if (openGroup) text += ")";
      openGroup = false;
      text += " (param " + std::string(id) + " " + value + ")";
    } else if (openGroup) {
      text += " " + value;
    } else {
      text += " (param " + value;
      openGroup = true;
    }
  }
  if (openGroup) text += ")";
  if (!type.results.empty()) text += signatureText(context, FuncType{{}, type.results});
  return text;
}

// `(type x)` and the signature of function `function`.
std::string functionTypeUse(const PrintContext& context, std::uint32_t function) {
  const std::uint32_t typeIndex = context.module.functions[function];
  return " (type " + context.ref(NameSpaceKind::Type, typeIndex) + ")" +
         namedSignature(context, function, context.module.funcType(typeIndex));
}

// `(keyword expr)`, or the expression alone when it is one folded instruction (the text
// format's abbreviation of offsets and element items).
std::string wrapped(const char* keyword, const ConstExprText& expr) {
  if (expr.single) return expr.text;
  return "(" + std::string(keyword) + (expr.text.empty() ? "" : " ") + expr.text + ")";
}

class ModulePrinter {
public:
  ModulePrinter(const PrintContext& context, TextOut& out) : context_(context), out_(out) {}

  Result<void> run() {
    out_.put("(module");
    if (!context_.ids.module.empty()) out_.word(context_.ids.module);
    printTypes(context_, out_);
    imports();
    if (auto printed = functions(); !printed) return printed;
    tables();
    memories();
    tags();
    globals();
    exports();
    if (module().start) {
      out_.newline(1);
      out_.put("(start " + context_.ref(NameSpaceKind::Function, *module().start) + ")");
    }
    elements();
    datas();
    customSections();
    out_.newline(0);
    out_.put(")\n");
    return {};
  }

private:
  const binary::Module& module() const { return context_.module; }

  void line(const std::string& text) {
    out_.newline(1);
    out_.put(text);
  }

  void imports() {
    std::uint32_t functions = 0, tables = 0, memories = 0, globals = 0, tags = 0;
    for (const binary::Import& import : module().imports) {
      std::string text = "(import " + quoted(import.module) + " " + quoted(import.name) + " (";
      switch (import.kind) {
      case ExternKind::Func: {
        const std::uint32_t index = functions++;
        text += "func" + definitionId(context_, NameSpaceKind::Function, index) +
                functionTypeUse(context_, index);
        break;
      }
      case ExternKind::Table:
        text += "table" + definitionId(context_, NameSpaceKind::Table, tables++) + " " +
                tableTypeText(context_, import.table);
        break;
      case ExternKind::Memory:
        text += "memory" + definitionId(context_, NameSpaceKind::Memory, memories++) + " " +
                memoryTypeText(import.memory);
        break;
      case ExternKind::Global:
        text += "global" + definitionId(context_, NameSpaceKind::Global, globals++) + " " +
                globalTypeText(context_, import.global);
        break;
      case ExternKind::Tag:
        text += "tag" + definitionId(context_, NameSpaceKind::Tag, tags++) + " " +
                typeUseText(context_, import.tagType);
        break;
      }
      line(text + "))");
    }
  }

  // The locals after the parameters: `(local $x i32)` for named ones, runs of unnamed ones
  // together.
  std::string locals(std::uint32_t function, const binary::FunctionBody& body) {
    const IdTable& names = context_.ids.localsOf(function);
    std::uint32_t index = static_cast<std::uint32_t>(module().functionType(function).params.size());
    std::string text;
    bool openGroup = false;
    for (const binary::LocalRun& run : body.locals) {
      const std::string value = valTypeText(context_, run.type);
      for (std::uint32_t i = 0; i < run.count; ++i, ++index) {
        const std::string_view id = names.id(index);
        if (!id.empty()) {
          if (openGroup) text += ")";
          openGroup = false;
          text += (text.empty() ? "" : " ") + std::string("(local ") + std::string(id) + " " +
                  value + ")";
        } else if (openGroup) {
          text += " " + value;
        } else {
          text += (text.empty() ? "" : " ") + std::string("(local ") + value;
          openGroup = true;
        }
      }
    }
    if (openGroup) text += ")";
    return text;
  }

  Result<void> functions() {
    for (std::uint32_t function = module().importedFunctions; function < module().functions.size();
         ++function) {
      line("(func" + definitionId(context_, NameSpaceKind::Function, function) +
           functionTypeUse(context_, function));
      const binary::FunctionBody& body = module().bodies[function - module().importedFunctions];
      if (const std::string declared = locals(function, body); !declared.empty()) {
        out_.newline(2);
        out_.put(declared);
      }
      if (auto printed = printBody(context_, function, 2, out_); !printed) return printed;
      line(")");
    }
    return {};
  }

  void tables() {
    for (std::uint32_t index = module().importedTables; index < module().tables.size(); ++index) {
      std::string text = "(table" + definitionId(context_, NameSpaceKind::Table, index) + " " +
                         tableTypeText(context_, module().tables[index]);
      const std::size_t defined = index - module().importedTables;
      if (defined < module().tableInits.size() && !module().tableInits[defined].instrs.empty()) {
        text += " " + constExprText(context_, module().tableInits[defined]).text;
      }
      line(text + ")");
    }
  }

  void memories() {
    for (std::uint32_t index = module().importedMemories; index < module().memories.size();
         ++index) {
      line("(memory" + definitionId(context_, NameSpaceKind::Memory, index) + " " +
           memoryTypeText(module().memories[index]) + ")");
    }
  }

  // Tags in the order of the binary (whose tag section comes between memories and globals):
  // `(tag $id (type x) (param t*))`.
  void tags() {
    for (std::uint32_t index = module().importedTags; index < module().tags.size(); ++index) {
      line("(tag" + definitionId(context_, NameSpaceKind::Tag, index) + " " +
           typeUseText(context_, module().tags[index]) + ")");
    }
  }

  void globals() {
    for (std::uint32_t index = module().importedGlobals; index < module().globals.size(); ++index) {
      const binary::Global& global = module().globals[index];
      line("(global" + definitionId(context_, NameSpaceKind::Global, index) + " " +
           globalTypeText(context_, global.type) + " " + constExprText(context_, global.init).text +
           ")");
    }
  }

  void exports() {
    for (const binary::Export& entry : module().exports) {
      NameSpaceKind kind = NameSpaceKind::Function;
      switch (entry.kind) {
      case ExternKind::Func: kind = NameSpaceKind::Function; break;
      case ExternKind::Table: kind = NameSpaceKind::Table; break;
      case ExternKind::Memory: kind = NameSpaceKind::Memory; break;
      case ExternKind::Global: kind = NameSpaceKind::Global; break;
      case ExternKind::Tag: kind = NameSpaceKind::Tag; break;
      }
      line("(export " + quoted(entry.name) + " (" + std::string(externKindName(entry.kind)) + " " +
           context_.ref(kind, entry.index) + "))");
    }
  }

  // A segment of type (ref func) whose items are all `ref.func x` is written `func x*`: the
  // parser encodes it with function indices, which decode to that type (a funcref segment
  // keeps its expressions, or it would come back as (ref func)).
  static bool functionList(const binary::ElementSegment& segment) {
    if (segment.type != ValType::ref(HeapType(HeapKind::Func), false)) return false;
    for (const binary::ConstExpr& item : segment.items) {
      if (item.instrs.size() != 1 || item.instrs.front().op != binary::Opcode::RefFunc) {
        return false;
      }
    }
    return true;
  }

  void elements() {
    for (std::uint32_t index = 0; index < module().elements.size(); ++index) {
      const binary::ElementSegment& segment = module().elements[index];
      std::string text = "(elem" + definitionId(context_, NameSpaceKind::Elem, index);
      switch (segment.mode) {
      case binary::SegmentMode::Active:
        if (segment.table != 0 || !context_.ids.space(NameSpaceKind::Table).id(0).empty()) {
          text += " (table " + context_.ref(NameSpaceKind::Table, segment.table) + ")";
        }
        text += " " + wrapped("offset", constExprText(context_, segment.offset));
        break;
      case binary::SegmentMode::Declarative: text += " declare"; break;
      case binary::SegmentMode::Passive: break;
      }
      if (functionList(segment)) {
        text += " func";
        for (const binary::ConstExpr& item : segment.items) {
          text += " " + context_.ref(NameSpaceKind::Function,
                                     static_cast<std::uint32_t>(item.instrs.front().value));
        }
      } else {
        text += " " + valTypeText(context_, segment.type);
        for (const binary::ConstExpr& item : segment.items)
          text += " " + wrapped("item", constExprText(context_, item));
      }
      line(text + ")");
    }
  }

  void datas() {
    for (std::uint32_t index = 0; index < module().data.size(); ++index) {
      const binary::DataSegment& segment = module().data[index];
      std::string text = "(data" + definitionId(context_, NameSpaceKind::Data, index);
      if (segment.mode == binary::SegmentMode::Active) {
        if (segment.memory != 0 || !context_.ids.space(NameSpaceKind::Memory).id(0).empty()) {
          text += " (memory " + context_.ref(NameSpaceKind::Memory, segment.memory) + ")";
        }
        text += " " + wrapped("offset", constExprText(context_, segment.offset));
      }
      line(text);
      bytes(segment.bytes);
      out_.put(")");
    }
  }

  // Bytes as string literals of kDataChunk bytes, one per line (a lone "" when empty).
  void bytes(std::span<const std::uint8_t> bytes) {
    if (bytes.size() <= kDataChunk) {
      out_.put(' ');
      appendQuoted(out_.text(), bytes);
      return;
    }
    for (std::size_t at = 0; at < bytes.size(); at += kDataChunk) {
      out_.newline(2);
      appendQuoted(out_.text(), bytes.subspan(at, std::min(kDataChunk, bytes.size() - at)));
    }
  }

  // Custom sections other than "name" (whose names are the identifiers), placed after the
  // section they followed in the binary: `(@custom "name" (after code) "...")`.
  void customSections() {
    static constexpr const char* kPlaces[] = {"",       "type",   "import",    "func",  "table",
                                              "memory", "global", "export",    "start", "elem",
                                              "code",   "data",   "datacount", "tag"};
    std::uint8_t after = 0; // the last non-custom section before
    std::size_t custom = 0;
    for (const binary::SectionRange& section : module().sections) {
      if (section.id != 0) {
        after = section.id;
        continue;
      }
      if (custom >= module().customSections.size()) break;
      const binary::CustomSection& entry = module().customSections[custom++];
      if (entry.name == "name") continue;
      std::string text = "(@custom " + quoted(entry.name);
      text += after == 0 || after >= std::size(kPlaces)
                  ? " (before first)"
                  : std::string(" (after ") + kPlaces[after] + ")";
      line(text);
      bytes(entry.content);
      out_.put(")");
    }
  }

  const PrintContext& context_;
  TextOut& out_;
};

} // namespace

Result<std::string> printModule(const binary::Module& module, const Features& features,
                                const PrintOptions& options) {
  const NameMaps names = readNameMaps(module);
  const ModuleIds ids = makeIds(names, options.names);
  const PrintContext context{module, features, ids, options};
  TextOut out;
  if (auto printed = ModulePrinter(context, out).run(); !printed) return printed.error();
  return std::move(out.text());
}

} // namespace wasmline::text
