// The handlers of the atomic memory accesses (threads proposal), as the IR_ATOMIC_* rows of
// ir.def expand them. Included only by interp/interpreter.cpp, inside Machine::run() just before
// it includes ir.def: the macros use its locals (ip, fp) and helpers (memoryAt, atomicCell,
// ATOMIC_FAULT). ir.def undefines them after use.
#pragma once

// Declares `cell`, the address of the access's naturally aligned `Cell` in the memory the
// operands name, or returns the access's trap (out of bounds, unaligned).
#define WASMLINE_ATOMIC_CELL(Cell)                                                                 \
  detail::LinearMemory* memory = memoryAt(OP(memory));                                             \
  std::uint8_t* cell = nullptr;                                                                    \
  if (const TrapKind kind =                                                                        \
          atomicCell(*memory, ADDRESS_IN(*memory, OP(address)), OP(offset), sizeof(Cell), cell);   \
      kind != TrapKind::None) {                                                                    \
    return ATOMIC_FAULT(kind, *memory, OP(address), OP(offset), sizeof(Cell));                     \
  }
#define IR_ATOMIC_LOAD(name, Cell, Value)                                                          \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(AtomicLoad);                                                                          \
    WASMLINE_ATOMIC_CELL(Cell)                                                                     \
    writeSlot<Value>(fp + OP(dst), static_cast<Value>(detail::atomicLoadCell<Cell>(cell)));        \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_ATOMIC_STORE(name, Cell)                                                                \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(AtomicStore);                                                                         \
    WASMLINE_ATOMIC_CELL(Cell)                                                                     \
    detail::atomicStoreCell<Cell>(cell, static_cast<Cell>(fp[OP(value)]));                         \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_ATOMIC_RMW(name, Cell, Value, Op)                                                       \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(AtomicRmw);                                                                           \
    WASMLINE_ATOMIC_CELL(Cell)                                                                     \
    const Cell old =                                                                               \
        detail::atomicRmwCell<Cell>(AtomicOp::Op, cell, static_cast<Cell>(fp[OP(value)]));         \
    writeSlot<Value>(fp + OP(dst), static_cast<Value>(old));                                       \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_ATOMIC_CMPXCHG(name, Cell, Value)                                                       \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(AtomicCmpxchg);                                                                       \
    WASMLINE_ATOMIC_CELL(Cell)                                                                     \
    const Cell old = detail::atomicCompareExchangeCell<Cell>(                                      \
        cell, static_cast<Cell>(fp[OP(expected)]), static_cast<Cell>(fp[OP(replacement)]));        \
    writeSlot<Value>(fp + OP(dst), static_cast<Value>(old));                                       \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
