// The handlers of the scalar families of ir.def: IR_JUMP_IF, IR_LOAD/IR_STORE (memory 0 from the
// pinned base and size, name##Mem forms from the memory their last field names), IR_UNARY,
// IR_BINARY (with their name##Acc forms, interp/ir.def), IR_TRAPPING, IR_CONVERT and the wide
// arithmetic. Included only by interp/interpreter.cpp, inside Machine::run() just before it
// includes ir.def: the macros use its locals (ip, fp, acc, memoryBase, memoryLength, r) and
// helpers (ADDRESS, ADDRESS_IN, OUT_OF_BOUNDS_IN, FAULT, memoryAt). ir.def undefines them after
// use.
#pragma once
#define IR_JUMP_IF(name, Type, condition)                                                          \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(JumpIf);                                                                              \
    const Type a = readSlot<Type>(fp + OP(a));                                                     \
    const Type b = readSlot<Type>(fp + OP(b));                                                     \
    ip = (condition) ? target(OP(target)) : ip + Ops::kWords;                                      \
    WASMLINE_NEXT;                                                                                 \
  }                                                                                                \
  WASMLINE_HANDLE(name##Acc) : {                                                                   \
    OPERANDS(JumpIf);                                                                              \
    const Type a = fromSlotBits<Type>(acc);                                                        \
    const Type b = readSlot<Type>(fp + OP(b));                                                     \
    ip = (condition) ? target(OP(target)) : ip + Ops::kWords;                                      \
    WASMLINE_NEXT;                                                                                 \
  }
// Scalar loads and stores: memory 0 from the cached base and size, name##Mem from the memory
// their last field names.
#define WASMLINE_LOAD(Memory, Value, base, length, at)                                             \
  if (!detail::inBounds(at, OP(offset), sizeof(Memory), length)) {                                 \
    return OUT_OF_BOUNDS_IN(at, OP(offset), sizeof(Memory), length);                               \
  }                                                                                                \
  writeSlot<Value>(fp + OP(dst),                                                                   \
                   static_cast<Value>(detail::loadLittleEndian<Memory>(base + at + OP(offset))));  \
  NEXT_AFTER_OPERANDS();
// The memory-0 forms: a 32-bit address plus a 32-bit offset cannot overflow 64 bits, so one
// compare of the access's end against the cached size checks it.
// Declares `effective`, the access's offset in memory 0, after its bounds check.
#define WASMLINE_CHECK0(Memory, address32)                                                         \
  const std::uint64_t at = (address32);                                                            \
  const std::uint64_t effective = at + OP(offset);                                                 \
  CHECK_MEMORY0();                                                                                 \
  if (effective + sizeof(Memory) > memoryLength) {                                                 \
    return OUT_OF_BOUNDS_IN(at, OP(offset), sizeof(Memory), memoryLength);                         \
  }
#define WASMLINE_LOAD0(Memory, Value, address32)                                                   \
  WASMLINE_CHECK0(Memory, address32)                                                               \
  acc = slotBits(static_cast<Value>(detail::loadLittleEndian<Memory>(memoryBase + effective)));    \
  fp[OP(dst)] = acc;                                                                               \
  NEXT_AFTER_OPERANDS();
#define WASMLINE_STORE0(Memory, address32, stored)                                                 \
  WASMLINE_CHECK0(Memory, address32)                                                               \
  detail::storeLittleEndian<Memory>(memoryBase + effective, (stored));                             \
  NEXT_AFTER_OPERANDS();
#define IR_LOAD(name, Memory, Value)                                                               \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(Load);                                                                                \
    WASMLINE_LOAD0(Memory, Value, ADDRESS(OP(address)))                                            \
  }                                                                                                \
  WASMLINE_HANDLE(name##Add) : {                                                                   \
    OPERANDS(LoadAdd);                                                                             \
    WASMLINE_LOAD0(Memory, Value, static_cast<std::uint32_t>(fp[OP(a)] + fp[OP(b)]))               \
  }                                                                                                \
  WASMLINE_HANDLE(name##Acc) : {                                                                   \
    OPERANDS(Load);                                                                                \
    WASMLINE_LOAD0(Memory, Value, static_cast<std::uint32_t>(acc))                                 \
  }                                                                                                \
  WASMLINE_HANDLE(name##AddAcc) : {                                                                \
    OPERANDS(LoadAdd);                                                                             \
    WASMLINE_LOAD0(Memory, Value, static_cast<std::uint32_t>(acc + fp[OP(b)]))                     \
  }                                                                                                \
  WASMLINE_HANDLE(name##Mem) : {                                                                   \
    OPERANDS(LoadMem);                                                                             \
    const detail::LinearMemory* memory = memoryAt(OP(memory));                                     \
    const std::uint64_t at = ADDRESS_IN(*memory, OP(address));                                     \
    WASMLINE_LOAD(Memory, Value, memory->base(), memory->byteLength(), at)                         \
  }
#define WASMLINE_STORE(Memory, base, length, at)                                                   \
  if (!detail::inBounds(at, OP(offset), sizeof(Memory), length)) {                                 \
    return OUT_OF_BOUNDS_IN(at, OP(offset), sizeof(Memory), length);                               \
  }                                                                                                \
  detail::storeLittleEndian<Memory>(base + at + OP(offset), readSlot<Memory>(fp + OP(value)));     \
  NEXT_AFTER_OPERANDS();
#define IR_STORE(name, Memory)                                                                     \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(Store);                                                                               \
    WASMLINE_STORE0(Memory, ADDRESS(OP(address)), readSlot<Memory>(fp + OP(value)))                \
  }                                                                                                \
  WASMLINE_HANDLE(name##Add) : {                                                                   \
    OPERANDS(StoreAdd);                                                                            \
    WASMLINE_STORE0(Memory, static_cast<std::uint32_t>(fp[OP(a)] + fp[OP(b)]),                     \
                    readSlot<Memory>(fp + OP(value)))                                              \
  }                                                                                                \
  WASMLINE_HANDLE(name##Acc) : {                                                                   \
    OPERANDS(Store);                                                                               \
    WASMLINE_STORE0(Memory, ADDRESS(OP(address)), fromSlotBits<Memory>(acc))                       \
  }                                                                                                \
  WASMLINE_HANDLE(name##Mem) : {                                                                   \
    OPERANDS(StoreMem);                                                                            \
    detail::LinearMemory* memory = memoryAt(OP(memory));                                           \
    const std::uint64_t at = ADDRESS_IN(*memory, OP(address));                                     \
    WASMLINE_STORE(Memory, memory->base(), memory->byteLength(), at)                               \
  }
// Unary and binary instructions leave their result in the accumulator too; their name##Acc forms
// take `a` from it.
#define IR_UNARY(name, In, Out, expression)                                                        \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(Unary);                                                                               \
    const In a = readSlot<In>(fp + OP(a));                                                         \
    acc = slotBits(static_cast<Out>(expression));                                                  \
    fp[OP(dst)] = acc;                                                                             \
    NEXT_AFTER_OPERANDS();                                                                         \
  }                                                                                                \
  WASMLINE_HANDLE(name##Acc) : {                                                                   \
    OPERANDS(Unary);                                                                               \
    const In a = fromSlotBits<In>(acc);                                                            \
    acc = slotBits(static_cast<Out>(expression));                                                  \
    fp[OP(dst)] = acc;                                                                             \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_BINARY(name, In, Out, expression)                                                       \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(Binary);                                                                              \
    const In a = readSlot<In>(fp + OP(a));                                                         \
    const In b = readSlot<In>(fp + OP(b));                                                         \
    acc = slotBits(static_cast<Out>(expression));                                                  \
    fp[OP(dst)] = acc;                                                                             \
    NEXT_AFTER_OPERANDS();                                                                         \
  }                                                                                                \
  WASMLINE_HANDLE(name##Acc) : {                                                                   \
    OPERANDS(Binary);                                                                              \
    const In a = fromSlotBits<In>(acc);                                                            \
    const In b = readSlot<In>(fp + OP(b));                                                         \
    acc = slotBits(static_cast<Out>(expression));                                                  \
    fp[OP(dst)] = acc;                                                                             \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_TRAPPING(name, In, Out, function)                                                       \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(Binary);                                                                              \
    Out result{};                                                                                  \
    const TrapKind kind = function(readSlot<In>(fp + OP(a)), readSlot<In>(fp + OP(b)), &result);   \
    if (kind != TrapKind::None) return FAULT(kind);                                                \
    acc = slotBits(result);                                                                        \
    fp[OP(dst)] = acc;                                                                             \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_CONVERT(name, In, Out, function)                                                        \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(Unary);                                                                               \
    Out result{};                                                                                  \
    const TrapKind kind = function(readSlot<In>(fp + OP(a)), &result);                             \
    if (kind != TrapKind::None) return FAULT(kind);                                                \
    acc = slotBits(result);                                                                        \
    fp[OP(dst)] = acc;                                                                             \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
// Wide arithmetic: every operand is read before either result is written (they may share slots).
#define IR_WIDE128(name, function)                                                                 \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(Wide128);                                                                             \
    const Wide128 result = function(fp[OP(aLow)], fp[OP(aHigh)], fp[OP(bLow)], fp[OP(bHigh)]);     \
    fp[OP(low)] = result.low;                                                                      \
    fp[OP(high)] = result.high;                                                                    \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_WIDE_MUL(name, function)                                                                \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(WideMul);                                                                             \
    const Wide128 result = function(fp[OP(a)], fp[OP(b)]);                                         \
    fp[OP(low)] = result.low;                                                                      \
    fp[OP(high)] = result.high;                                                                    \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
