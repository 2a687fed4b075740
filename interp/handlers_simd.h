// The handlers of the SIMD family (v128 operands in two consecutive slots, semantics from
// interp/simd.h and interp/relaxed_simd.h), as the IR_V_* rows of ir.def expand them. Included
// only by interp/interpreter.cpp, inside Machine::run() just before it includes ir.def: the
// macros use its locals (ip, fp, r) and helpers (readVector, writeVector, ADDRESS, ADDRESS_IN,
// memoryAt, OUT_OF_BOUNDS_IN). ir.def undefines them after use.
#pragma once

#define IR_V_UN(name, expression)                                                                  \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VUnary);                                                                              \
    const V128 a = readVector(fp + OP(a));                                                         \
    writeVector(fp + OP(dst), expression);                                                         \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_V_BIN(name, expression)                                                                 \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VBinary);                                                                             \
    const V128 a = readVector(fp + OP(a));                                                         \
    const V128 b = readVector(fp + OP(b));                                                         \
    writeVector(fp + OP(dst), expression);                                                         \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_V_TER(name, expression)                                                                 \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VTernary);                                                                            \
    const V128 a = readVector(fp + OP(a));                                                         \
    const V128 b = readVector(fp + OP(b));                                                         \
    const V128 c = readVector(fp + OP(c));                                                         \
    writeVector(fp + OP(dst), expression);                                                         \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_V_SHIFT(name, expression)                                                               \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VBinary);                                                                             \
    const V128 a = readVector(fp + OP(a));                                                         \
    const std::uint32_t b = readSlot<std::uint32_t>(fp + OP(b));                                   \
    writeVector(fp + OP(dst), expression);                                                         \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_V_TEST(name, expression)                                                                \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VUnary);                                                                              \
    const V128 a = readVector(fp + OP(a));                                                         \
    writeSlot<std::uint32_t>(fp + OP(dst), expression);                                            \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_V_SPLAT(name, In, expression)                                                           \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VUnary);                                                                              \
    const In a = readSlot<In>(fp + OP(a));                                                         \
    writeVector(fp + OP(dst), expression);                                                         \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_V_EXTRACT(name, Out, expression)                                                        \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VExtract);                                                                            \
    const V128 a = readVector(fp + OP(a));                                                         \
    const int lane = static_cast<int>(OP(lane));                                                   \
    writeSlot<Out>(fp + OP(dst), expression);                                                      \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
#define IR_V_REPLACE(name, In, expression)                                                         \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VReplace);                                                                            \
    const V128 a = readVector(fp + OP(a));                                                         \
    const In b = readSlot<In>(fp + OP(b));                                                         \
    const int lane = static_cast<int>(OP(lane));                                                   \
    writeVector(fp + OP(dst), expression);                                                         \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
// Vector memory accesses, in two forms like the scalar ones.
#define WASMLINE_V_LOAD(bytes, expression, base, length, address)                                  \
  const std::uint64_t at = address;                                                                \
  const std::uint64_t size = length;                                                               \
  if (!detail::inBounds(at, OP(offset), bytes, size)) {                                            \
    return OUT_OF_BOUNDS_IN(at, OP(offset), bytes, size);                                          \
  }                                                                                                \
  const std::uint8_t* p = base + at + OP(offset);                                                  \
  writeVector(fp + OP(dst), expression);                                                           \
  NEXT_AFTER_OPERANDS();
#define IR_V_LOAD(name, bytes, expression)                                                         \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VLoad);                                                                               \
    WASMLINE_V_LOAD(bytes, expression, memoryBase, memoryLength, ADDRESS(OP(address)))             \
  }                                                                                                \
  WASMLINE_HANDLE(name##Mem) : {                                                                   \
    OPERANDS(VLoadMem);                                                                            \
    const detail::LinearMemory* memory = memoryAt(OP(memory));                                     \
    WASMLINE_V_LOAD(bytes, expression, memory->base(), memory->byteLength(),                       \
                    ADDRESS_IN(*memory, OP(address)))                                              \
  }
#define WASMLINE_V_STORE(base, length, address)                                                    \
  const std::uint64_t at = address;                                                                \
  const std::uint64_t size = length;                                                               \
  if (!detail::inBounds(at, OP(offset), 16, size))                                                 \
    return OUT_OF_BOUNDS_IN(at, OP(offset), 16, size);                                             \
  const V128 value = readVector(fp + OP(value));                                                   \
  std::memcpy(base + at + OP(offset), value.bytes.data(), 16);                                     \
  NEXT_AFTER_OPERANDS();
#define IR_V_STORE(name)                                                                           \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VStore);                                                                              \
    WASMLINE_V_STORE(memoryBase, memoryLength, ADDRESS(OP(address)))                               \
  }                                                                                                \
  WASMLINE_HANDLE(name##Mem) : {                                                                   \
    OPERANDS(VStoreMem);                                                                           \
    detail::LinearMemory* memory = memoryAt(OP(memory));                                           \
    WASMLINE_V_STORE(memory->base(), memory->byteLength(), ADDRESS_IN(*memory, OP(address)))       \
  }
#define WASMLINE_V_LOAD_LANE(Lane, base, length, address)                                          \
  const std::uint64_t at = address;                                                                \
  const std::uint64_t size = length;                                                               \
  if (!detail::inBounds(at, OP(offset), sizeof(Lane), size)) {                                     \
    return OUT_OF_BOUNDS_IN(at, OP(offset), sizeof(Lane), size);                                   \
  }                                                                                                \
  V128 value = readVector(fp + OP(vector));                                                        \
  value.setLane<Lane>(static_cast<int>(OP(lane)),                                                  \
                      detail::loadLittleEndian<Lane>(base + at + OP(offset)));                     \
  writeVector(fp + OP(dst), value);                                                                \
  NEXT_AFTER_OPERANDS();
#define IR_V_LOAD_LANE(name, Lane)                                                                 \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VLoadLane);                                                                           \
    WASMLINE_V_LOAD_LANE(Lane, memoryBase, memoryLength, ADDRESS(OP(address)))                     \
  }                                                                                                \
  WASMLINE_HANDLE(name##Mem) : {                                                                   \
    OPERANDS(VLoadLaneMem);                                                                        \
    const detail::LinearMemory* memory = memoryAt(OP(memory));                                     \
    WASMLINE_V_LOAD_LANE(Lane, memory->base(), memory->byteLength(),                               \
                         ADDRESS_IN(*memory, OP(address)))                                         \
  }
#define WASMLINE_V_STORE_LANE(Lane, base, length, address)                                         \
  const std::uint64_t at = address;                                                                \
  const std::uint64_t size = length;                                                               \
  if (!detail::inBounds(at, OP(offset), sizeof(Lane), size)) {                                     \
    return OUT_OF_BOUNDS_IN(at, OP(offset), sizeof(Lane), size);                                   \
  }                                                                                                \
  const V128 value = readVector(fp + OP(vector));                                                  \
  detail::storeLittleEndian<Lane>(base + at + OP(offset),                                          \
                                  value.lane<Lane>(static_cast<int>(OP(lane))));                   \
  NEXT_AFTER_OPERANDS();
#define IR_V_STORE_LANE(name, Lane)                                                                \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VStoreLane);                                                                          \
    WASMLINE_V_STORE_LANE(Lane, memoryBase, memoryLength, ADDRESS(OP(address)))                    \
  }                                                                                                \
  WASMLINE_HANDLE(name##Mem) : {                                                                   \
    OPERANDS(VStoreLaneMem);                                                                       \
    detail::LinearMemory* memory = memoryAt(OP(memory));                                           \
    WASMLINE_V_STORE_LANE(Lane, memory->base(), memory->byteLength(),                              \
                          ADDRESS_IN(*memory, OP(address)))                                        \
  }
#define IR_V_SHUFFLE(name)                                                                         \
  WASMLINE_HANDLE(name) : {                                                                        \
    OPERANDS(VShuffle);                                                                            \
    std::array<std::uint8_t, 16> lanes{};                                                          \
    std::memcpy(lanes.data(), ip + Ops::low, 16);                                                  \
    writeVector(fp + OP(dst),                                                                      \
                shuffleBytes(readVector(fp + OP(a)), readVector(fp + OP(b)), lanes));              \
    NEXT_AFTER_OPERANDS();                                                                         \
  }
