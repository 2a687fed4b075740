// Function bodies: the validator decodes and types each instruction once more and reports it to
// a CodeSink, which prints it flat, or folds it over the trees of the operands it popped.
// Folding never reorders instructions: `(op a b)` is `a b op`, so whatever the trees look
// like, the text encodes to the same instructions.
#include "text/printer/body_printer.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "binary/function_validator.h"
#include "binary/reader.h"

namespace wasmline::text {
namespace {

using binary::Opcode;

// Trees of folded instructions waiting to be printed.
class Forest {
public:
  // A tree on one line when it is no wider than this.
  static constexpr std::size_t kInlineWidth = 80;

  // Adds an instruction written `head` that consumes `operands` values (nullopt when unknown)
  // and produces `results`: the pending trees that produce exactly its operands become its
  // children; when there are none such, every pending tree is printed first (at `depth`).
  // An instruction without results is a statement, printed at once with what is pending.
  // A `prefix` (an annotation on the instruction) is written before the tree's parenthesis; such
  // a tree is printed at once, never becoming another's operand, so that the annotation stays
  // right before its instruction.
  void add(std::string head, std::optional<std::uint32_t> operands, std::uint32_t results,
           TextOut& out, std::size_t depth, std::string prefix = {}) {
    std::optional<std::vector<std::uint32_t>> children;
    if (operands) children = take(*operands);
    if (!children) {
      flush(out, depth);
      children.emplace();
    }
    const bool alone = !prefix.empty();
    push(std::move(head), std::move(*children), results, std::move(prefix));
    if (results == 0 || alone) flush(out, depth);
  }

  // Removes and returns the topmost pending trees when their results add up to exactly
  // `operands` values; nullopt (nothing removed) otherwise.
  std::optional<std::vector<std::uint32_t>> take(std::uint32_t operands) {
    std::uint64_t sum = 0;
    std::size_t count = 0;
    while (sum < operands && count < pending_.size()) {
      sum += nodes_[pending_[pending_.size() - 1 - count]].results;
      ++count;
    }
    if (sum != operands) return std::nullopt;
    std::vector<std::uint32_t> taken(pending_.end() - static_cast<std::ptrdiff_t>(count),
                                     pending_.end());
    pending_.resize(pending_.size() - count);
    return taken;
  }

  // Prints every pending tree, oldest first, each starting a line at `depth`.
  void flush(TextOut& out, std::size_t depth) {
    for (const std::uint32_t root : pending_)
      print(root, out, depth);
    pending_.clear();
  }

  // Prints tree `root` starting a line at `depth`: on that line when it is narrow, else with
  // each child on a line of its own one level deeper.
  void print(std::uint32_t root, TextOut& out, std::size_t depth) {
    out.newline(depth);
    out.put(nodes_[root].prefix);
    if (nodes_[root].width <= kInlineWidth) return inlineText(root, out.text());
    struct Open {
      std::uint32_t node;
      std::size_t next;
      std::size_t depth;
    };
    std::vector<Open> stack{{root, 0, depth}};
    out.put('(');
    out.put(nodes_[root].head);
    while (!stack.empty()) {
      Open& top = stack.back();
      const Node& node = nodes_[top.node];
      if (top.next == node.children.size()) {
        out.put(')');
        stack.pop_back();
        continue;
      }
      const std::uint32_t child = node.children[top.next++];
      const std::size_t childDepth = top.depth + 1;
      out.newline(childDepth);
      if (nodes_[child].width <= kInlineWidth) {
        inlineText(child, out.text());
      } else {
        out.put('(');
        out.put(nodes_[child].head);
        stack.push_back({child, 0, childDepth});
      }
    }
  }

  // Appends tree `root` on one line: `(head child...)`.
  void inlineText(std::uint32_t root, std::string& out) const {
    std::vector<std::pair<std::uint32_t, std::size_t>> stack{{root, 0}};
    out += '(';
    out += nodes_[root].head;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next == nodes_[node].children.size()) {
        out += ')';
        stack.pop_back();
        continue;
      }
      const std::uint32_t child = nodes_[node].children[next++];
      out += " (";
      out += nodes_[child].head;
      stack.emplace_back(child, 0);
    }
  }

  // Every pending tree on one line, separated by spaces (constant expressions).
  std::string inlineAll() {
    std::string text;
    for (const std::uint32_t root : pending_) {
      if (!text.empty()) text += ' ';
      inlineText(root, text);
    }
    pending_.clear();
    return text;
  }

  // Frees the trees once nothing is pending.
  void compact() {
    if (pending_.empty()) nodes_.clear();
  }

  // Adds a tree: `head` over `children` (taken before), producing `results` values.
  void push(std::string head, std::vector<std::uint32_t> children, std::uint32_t results,
            std::string prefix = {}) {
    std::size_t width = head.size() + 2;
    for (const std::uint32_t child : children)
      width = std::min(kWidthCap, width + 1 + nodes_[child].width);
    nodes_.push_back(Node{std::move(head), std::move(children), results, width, std::move(prefix)});
    pending_.push_back(static_cast<std::uint32_t>(nodes_.size() - 1));
  }

private:
  struct Node {
    std::string head;
    std::vector<std::uint32_t> children;
    std::uint32_t results = 0;
    std::size_t width = 0; // of the tree on one line, at most kWidthCap
    std::string prefix;    // written before the tree (roots only)
  };
  static constexpr std::size_t kWidthCap = std::size_t{1} << 20;

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> pending_;
};

class BodyPrinter final : public binary::CodeSink, public LabelNames {
public:
  BodyPrinter(const PrintContext& context, std::uint32_t function, std::size_t depth, TextOut& out)
      : context_(context), function_(function), labelIds_(context.ids.labelsOf(function)),
        out_(out),
        bodyOffset_(context.module.bodies[function - context.module.importedFunctions].bodyOffset) {
    if (context.branchHintAnnotations) {
      const auto& all = context.module.branchHints;
      const auto found = std::lower_bound(all.begin(), all.end(), function,
                                          [](const binary::FunctionBranchHints& entry,
                                             std::uint32_t f) { return entry.function < f; });
      if (found != all.end() && found->function == function) hints_ = found->hints;
    }
    // The function body is the outermost block; its instructions are at `depth`.
    frames_.push_back(Frame{Opcode::Nop, {}, depth - 1, true, false});
  }

  Result<void> begin(std::span<const ValType>) override { return {}; }

  Result<void> instruction(const binary::Instr& instr, const binary::InstrEffect& effect) override {
    switch (instr.op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::TryTable:
    case Opcode::Try: open(instr, effect); break;
    case Opcode::Else: elseClause(); break;
    case Opcode::Catch:
    case Opcode::CatchAll:
      forest_.flush(out_, bodyDepth());
      out_.newline(frames_.back().depth);
      out_.put(instrText(context_, instr, *this, function_));
      break;
    case Opcode::Delegate:
      forest_.flush(out_, bodyDepth());
      out_.newline(frames_.back().depth);
      out_.put("delegate " + labelAt(instr.index, 1));
      frames_.pop_back();
      break;
    case Opcode::End: end(); break;
    default: plain(instr, effect); break;
    }
    forest_.compact();
    return {};
  }

  std::string label(std::uint32_t depth) const override { return labelAt(depth, 0); }

private:
  struct Frame {
    Opcode kind;       // Block, Loop, If, TryTable or Try; Nop for the function body
    std::string id;    // the label's identifier, empty when it has none
    std::size_t depth; // indentation of the construct's first line
    bool flat;         // written with `end` (flat mode, and legacy try blocks always)
    bool inElse;
  };

  bool folded() const { return context_.options.folded; }

  // The branch hint annotation on `instr` followed by a space, or "" when it has none.
  std::string hint(const binary::Instr& instr) {
    const std::size_t at = instr.offset - bodyOffset_;
    while (nextHint_ < hints_.size() && hints_[nextHint_].offset < at)
      ++nextHint_;
    if (nextHint_ == hints_.size() || hints_[nextHint_].offset != at) return {};
    return hints_[nextHint_++].likely ? "(@metadata.code.branch_hint \"\\01\") "
                                      : "(@metadata.code.branch_hint \"\\00\") ";
  }

  // Indentation of the instructions of the innermost block.
  std::size_t bodyDepth() const {
    const Frame& frame = frames_.back();
    return frame.depth + (!frame.flat && frame.kind == Opcode::If ? 2 : 1);
  }

  // The label `depth` levels out, `skip` frames above the innermost: its identifier when the
  // label has one that no inner label shadows, else its number.
  std::string labelAt(std::uint32_t depth, std::size_t skip) const {
    if (frames_.size() < skip + 1 + std::size_t{depth}) return std::to_string(depth);
    const std::size_t target = frames_.size() - 1 - skip - depth;
    const std::string& id = frames_[target].id;
    if (id.empty()) return std::to_string(depth);
    for (std::size_t inner = target + 1; inner + skip < frames_.size(); ++inner) {
      if (frames_[inner].id == id) return std::to_string(depth);
    }
    return id;
  }

  void open(const binary::Instr& instr, const binary::InstrEffect& effect) {
    std::string id(labelIds_.id(labelCount_++));
    std::string header(binary::opcodeName(instr.op));
    if (!id.empty()) header += " " + id;
    header += blockTypeText(context_, instr.block);
    if (instr.op == Opcode::TryTable) header += catchesText(context_, instr, *this);
    const bool flat = !folded() || instr.op == Opcode::Try;
    std::optional<std::vector<std::uint32_t>> condition;
    if (!flat && instr.op == Opcode::If) {
      condition = forest_.take(effect.reachable ? effect.popped : 0);
    }
    const std::size_t depth = bodyDepth();
    forest_.flush(out_, depth);
    out_.newline(depth);
    out_.put(hint(instr));
    if (!flat) out_.put('(');
    out_.put(header);
    if (condition) {
      for (const std::uint32_t tree : *condition)
        forest_.print(tree, out_, depth + 1);
    }
    if (!flat && instr.op == Opcode::If) {
      out_.newline(depth + 1);
      out_.put("(then");
    }
    frames_.push_back(Frame{instr.op, std::move(id), depth, flat, false});
  }

  void elseClause() {
    forest_.flush(out_, bodyDepth());
    Frame& frame = frames_.back();
    frame.inElse = true;
    if (frame.flat) {
      out_.newline(frame.depth);
      out_.put("else");
      return;
    }
    out_.newline(frame.depth + 1);
    out_.put(")");
    out_.newline(frame.depth + 1);
    out_.put("(else");
  }

  void end() {
    forest_.flush(out_, bodyDepth());
    const Frame frame = frames_.back();
    frames_.pop_back();
    if (frames_.empty()) return; // the function's own end
    if (frame.flat) {
      out_.newline(frame.depth);
      out_.put("end");
      return;
    }
    if (frame.kind == Opcode::If) {
      out_.newline(frame.depth + 1);
      out_.put(")");
    }
    out_.newline(frame.depth);
    out_.put(")");
  }

  // How many values an instruction that ends reachable code takes: the validator reports no
  // operands for those (the stack is polymorphic after them), so they come from the label or
  // callee types; nullopt for the others.
  std::optional<std::uint32_t> polymorphicOperands(const binary::Instr& instr,
                                                   const binary::InstrEffect& effect) const {
    const binary::Module& module = context_.module;
    const auto count = [](std::size_t n) { return static_cast<std::uint32_t>(n); };
    switch (instr.op) {
    case Opcode::Unreachable: return 0;
    case Opcode::Br: return count(effect.labelTypes.size());
    case Opcode::BrTable: return count(effect.labelTypes.size() + 1);
    case Opcode::Return: return count(module.functionType(function_).results.size());
    case Opcode::ReturnCall: return count(module.functionType(instr.index).params.size());
    case Opcode::ReturnCallIndirect: return count(module.funcType(instr.index).params.size() + 1);
    case Opcode::ReturnCallRef: return count(module.funcType(instr.index).params.size() + 1);
    case Opcode::Throw: return count(module.funcType(module.tags[instr.index]).params.size());
    case Opcode::ThrowRef: return 1;
    case Opcode::Rethrow: return 0;
    default: return std::nullopt;
    }
  }

  void plain(const binary::Instr& instr, const binary::InstrEffect& effect) {
    std::string text = instrText(context_, instr, *this, function_);
    std::string annotation = hint(instr);
    if (!folded()) {
      out_.newline(bodyDepth());
      out_.put(annotation);
      out_.put(text);
      return;
    }
    std::uint32_t operands = 0;
    std::uint32_t results = 0;
    if (effect.reachable) {
      const std::optional<std::uint32_t> polymorphic = polymorphicOperands(instr, effect);
      operands = polymorphic ? *polymorphic : effect.popped;
      results = polymorphic ? 0 : static_cast<std::uint32_t>(effect.pushed.size());
    }
    forest_.add(std::move(text), operands, results, out_, bodyDepth(), std::move(annotation));
  }

  const PrintContext& context_;
  std::uint32_t function_;
  const IdTable& labelIds_;
  TextOut& out_;
  std::vector<Frame> frames_;
  std::uint32_t labelCount_ = 0;
  Forest forest_;
  std::uint32_t bodyOffset_;
  std::span<const binary::BranchHint> hints_; // of this function, by ascending offset
  std::size_t nextHint_ = 0;
};

// No labels in constant expressions.
class NoLabels final : public LabelNames {
public:
  std::string label(std::uint32_t depth) const override { return std::to_string(depth); }
};

} // namespace

Result<void> printBody(const PrintContext& context, std::uint32_t function, std::size_t depth,
                       TextOut& out) {
  const binary::Module& module = context.module;
  const binary::FunctionBody& body = module.bodies[function - module.importedFunctions];
  binary::Reader reader(module.binary);
  reader.seek(body.codeOffset);
  reader.setInsideSection(true);
  BodyPrinter printer(context, function, depth, out);
  binary::ExprErrors errors;
  binary::validateFunctionBody(reader, module, context.features, function, body, errors, &printer);
  if (errors.malformed) return *errors.malformed;
  if (errors.invalid) return *errors.invalid;
  if (errors.sink) return *errors.sink;
  return {};
}

ConstExprText constExprText(const PrintContext& context, const binary::ConstExpr& expr) {
  const NoLabels labels;
  Forest forest;
  std::string text;
  std::size_t trees = 0;
  const auto append = [&text, &trees](std::string more, std::size_t count) {
    if (more.empty()) return;
    if (!text.empty()) text += ' ';
    text += more;
    trees += count;
  };
  std::size_t pending = 0;
  for (const binary::ConstInstr& constant : expr.instrs) {
    binary::Instr instr;
    instr.op = constant.op;
    const binary::OpcodeInfo& info = binary::opcodeInfo(constant.op);
    if (info.imm == binary::ImmKind::FuncIdx || info.imm == binary::ImmKind::GlobalIdx ||
        info.imm == binary::ImmKind::TypeIdx || info.imm == binary::ImmKind::ArrayFixed) {
      instr.index = static_cast<std::uint32_t>(constant.value); // GC: the type index
      instr.index2 = constant.index2;                           // array.new_fixed's count
    } else {
      instr.value = constant.value;
    }
    instr.heap = constant.heap;
    std::copy(std::begin(constant.v128), std::end(constant.v128), instr.v128.begin());
    std::string head = instrText(context, instr, labels, 0);
    // Every constant instruction produces one value; the operands of the simple ones come from
    // the table, and global.get, ref.func and ref.null take none.
    std::optional<std::uint32_t> operands;
    if (info.typing == binary::Typing::Simple) {
      operands = static_cast<std::uint32_t>(info.params.size());
    } else if (info.imm == binary::ImmKind::FuncIdx || info.imm == binary::ImmKind::GlobalIdx ||
               info.imm == binary::ImmKind::HeapType) {
      operands = 0;
    }
    std::optional<std::vector<std::uint32_t>> children;
    if (operands) children = forest.take(*operands);
    if (!children) {
      append(forest.inlineAll(), pending);
      pending = 0;
      children.emplace();
    }
    pending = pending + 1 - children->size();
    forest.push(std::move(head), std::move(*children), 1);
  }
  append(forest.inlineAll(), pending);
  return ConstExprText{std::move(text), trees == 1};
}

} // namespace wasmline::text
