// The interpreter's internal code, generated from ir.def: the IrOp enum, each instruction's
// operand layout (field offsets for the handlers, argument structs for the emitter, field kinds
// for the disassembler and relocation), and a compiled function.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "interp/stack_maps.h"

namespace wasmline::interp {

enum class IrOp : std::uint16_t {
#define IR_ANY(name, layout) name,
#include "interp/ir.def"
};

// The number of IR instructions.
inline constexpr std::size_t kIrOpCount = 0
#define IR_ANY(name, layout) +1
#include "interp/ir.def"
    ;

// What an operand word holds (see ir.def).
enum class FieldKind : std::uint8_t {
  Slot,
  Target,
  Value,
  Offset,
  Lane,
  Count,
  Fuel,
  Function,
  Global,
  Table,
  Memory,
  Data,
  Elem,
  Tag,
  TypeId,
  Opcode,
  ByteOffset,
  Word,
};

// Operand offsets: ops::Binary::dst is the word index of Binary's dst after the opcode word;
// kWords counts the fixed operand words.
namespace ops {
#define IR_FIELD(kind, name) name,
#define IR_LAYOUT(Name, fields)                                                                    \
  struct Name {                                                                                    \
    enum : unsigned { fields kEnd };                                                               \
    static constexpr unsigned kWords = kEnd;                                                       \
  };
#define IR_OP(Name, fields)                                                                        \
  struct Name {                                                                                    \
    enum : unsigned { fields kEnd };                                                               \
    static constexpr unsigned kWords = kEnd;                                                       \
  };
#define IR_OP_TRAILING(Name, fields, kind, extra)                                                  \
  struct Name {                                                                                    \
    enum : unsigned { fields kEnd };                                                               \
    static constexpr unsigned kWords = kEnd;                                                       \
  };
#include "interp/ir.def"
} // namespace ops

// The emitter's arguments: one member per operand field, in order.
namespace args {
#define IR_FIELD(kind, name) std::uint64_t name;
#define IR_LAYOUT(Name, fields)                                                                    \
  struct Name {                                                                                    \
    fields                                                                                         \
  };
#define IR_OP(Name, fields)                                                                        \
  struct Name {                                                                                    \
    fields                                                                                         \
  };
#define IR_OP_TRAILING(Name, fields, kind, extra)                                                  \
  struct Name {                                                                                    \
    fields                                                                                         \
  };
#include "interp/ir.def"
} // namespace args

// The layout of instruction `op`: its operand offsets and argument struct.
template <IrOp op> struct Layout;
#define IR_ANY(name, layout)                                                                       \
  template <> struct Layout<IrOp::name> {                                                          \
    using Fields = ops::layout;                                                                    \
    using Args = args::layout;                                                                     \
  };
#include "interp/ir.def"

// What the table says about one instruction, for code that walks IR (disassembler, relocation).
struct IrOpInfo {
  std::string_view name;
  std::span<const FieldKind> kinds; // the fixed operand fields
  std::span<const std::string_view> names;
  bool trailing = false; // variable-length: trailing words follow
  FieldKind trailingKind = FieldKind::Word;
  unsigned trailingExtra = 0; // trailing words: the `count` field's value plus this
  unsigned countField = 0;    // the index of the `count` field
};

// The table's entry for `op`.
const IrOpInfo& irOpInfo(IrOp op);

// The words instruction `op` takes at `operands` (its first operand word), opcode word excluded.
std::size_t operandWords(IrOp op, const std::uint64_t* operands);

// Appends instruction `op` with `arguments` (its Layout's Args, fields in order) to `code`.
template <IrOp op>
void appendInstruction(std::vector<std::uint64_t>& code,
                       const typename Layout<op>::Args& arguments) {
  using Args = typename Layout<op>::Args;
  code.push_back(static_cast<std::uint64_t>(op));
  if constexpr (!std::is_empty_v<Args>) {
    static_assert(sizeof(Args) == Layout<op>::Fields::kWords * sizeof(std::uint64_t));
    const auto words = std::bit_cast<std::array<std::uint64_t, sizeof(Args) / 8>>(arguments);
    code.insert(code.end(), words.begin(), words.end());
  }
}

// A function compiled to IR: one 64-bit word per opcode and per operand. Branch targets are the
// addresses of the code words they jump to, so a CompiledFunction moves but is never copied.
// What a try_table or legacy try does with an exception thrown in its body: a catch clause (in
// order), where the handler's code starts and where the payload goes.
struct HandlerCatch {
  static constexpr std::uint32_t kAnyTag = ~std::uint32_t{0}; // catch_all, catch_all_ref
  static constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};
  std::uint32_t tag = kAnyTag;           // tag index in the instance
  bool withReference = false;            // catch_ref, catch_all_ref: the exnref follows the payload
  std::uint32_t pad = 0;                 // code index the handler continues at
  std::uint32_t payloadSlot = 0;         // the payload's first slot
  std::uint32_t exceptionSlot = kNoSlot; // legacy catch: keeps the exception for rethrow
};

// One try_table or legacy try of a function: its body's code range, the group enclosing it, and
// its catch clauses, or the group a legacy delegate passes exceptions on to.
struct HandlerGroup {
  static constexpr std::int32_t kNone = -1;
  std::uint32_t start = 0; // code indices [start, end) of the body
  std::uint32_t end = 0;
  std::int32_t parent = kNone; // the innermost group whose body contains this one
  bool delegates = false;
  std::int32_t delegateTo = kNone; // delegates: the group next asked (kNone: the caller)
  std::vector<HandlerCatch> catches;
};

struct CompiledFunction {
  CompiledFunction() = default;
  CompiledFunction(CompiledFunction&&) = default;
  CompiledFunction& operator=(CompiledFunction&&) = default;
  CompiledFunction(const CompiledFunction&) = delete;
  CompiledFunction& operator=(const CompiledFunction&) = delete;

  std::vector<std::uint64_t> code;
  std::uint32_t paramSlots = 0;  // slots of the parameters (v128 takes two)
  std::uint32_t resultSlots = 0; // slots of the results, written from slot 0 on return
  std::uint32_t frameSlots = 0;  // parameters, locals, constants and the deepest operand stack
  std::uint32_t stackSlots = 0;  // the frame's reach: frameSlots, or resultSlots if larger
  // (code index, byte offset in the module binary) at the start of each compiled instruction,
  // in code order: traps name the instruction they happened in.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> offsets;
  // Exception handlers, in the order their bodies start (enclosing before enclosed).
  std::vector<HandlerGroup> handlers;
  // The reference slots the collector visits at each safepoint (interp/stack_maps.h).
  StackMaps stackMaps;

  // The module byte offset of the instruction whose code contains `codeIndex`.
  std::uint32_t offsetAt(std::size_t codeIndex) const;
};

} // namespace wasmline::interp
