// The interpreter loop: one switch over the IR of ir.def, frames on an explicit stack (no C
// recursion for wasm calls), memory base and size cached in locals and refreshed after calls
// and memory.grow.
#include "interp/interpreter.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "interp/compiler.h"
#include WASMLINE_DISPATCH_HEADER
#include "binary/opcode.h"
#include "interp/semantics.h"
#include "interp/simd.h"
#include "memory/atomics.h"
#include "memory/bounds.h"
#include "memory/endian.h"

namespace wasmline::interp {
namespace {

using runtime::FuncInstance;
using runtime::RawValue;

template <class T> T readSlot(const std::uint64_t* slot) {
  T value;
  std::memcpy(&value, slot, sizeof(T));
  return value;
}

template <class T> void writeSlot(std::uint64_t* slot, T value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(T));
  *slot = bits;
}

// The object an IR operand word points to.
template <class T> T* pointerAt(std::uint64_t word) {
  return reinterpret_cast<T*>(static_cast<std::uintptr_t>(word));
}

// A v128 in two consecutive slots (lane bytes in order on a little-endian host).
V128 readVector(const std::uint64_t* slot) {
  V128 value;
  std::memcpy(value.bytes.data(), slot, 16);
  return value;
}
void writeVector(std::uint64_t* slot, const V128& value) {
  std::memcpy(slot, value.bytes.data(), 16);
}

// A call in progress: where the caller continues.
struct CallFrame {
  FuncInstance* function;
  const std::uint64_t* returnTo;
  std::uint64_t* callerFrame;
};

// The value stack and call-frame array of one call into the interpreter. Allocating them costs a
// pair of mmap/munmap calls, so each thread keeps a few for the next calls (with the same limits).
struct Stacks {
  std::size_t valueSlots = 0;
  std::size_t frameCount = 0;
  // Not zero-filled: every slot is written before it is read.
  std::unique_ptr<std::uint64_t[]> values;
  std::unique_ptr<CallFrame[]> frames;

  static Stacks acquire(const ExecutionLimits& limits) {
    auto& spare = spares();
    for (auto it = spare.begin(); it != spare.end(); ++it) {
      if (it->valueSlots == limits.valueStackSlots && it->frameCount == limits.maxCallDepth) {
        Stacks stacks = std::move(*it);
        spare.erase(it);
        return stacks;
      }
    }
    return Stacks{limits.valueStackSlots, limits.maxCallDepth,
                  std::make_unique_for_overwrite<std::uint64_t[]>(limits.valueStackSlots),
                  std::make_unique_for_overwrite<CallFrame[]>(limits.maxCallDepth)};
  }
  static void release(Stacks stacks) {
    auto& spare = spares();
    if (spare.size() < kMaxSpares) spare.push_back(std::move(stacks));
  }

private:
  static constexpr std::size_t kMaxSpares = 2;
  static std::vector<Stacks>& spares() {
    thread_local std::vector<Stacks> spare;
    return spare;
  }
};

class Machine {
public:
  Machine(runtime::StoreData& store, const ExecutionLimits& limits)
      : store_(store), limits_(limits), stacks_(Stacks::acquire(limits)),
        stack_(stacks_.values.get()), frames_(stacks_.frames.get()) {}
  ~Machine() { Stacks::release(std::move(stacks_)); }
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  Result<std::vector<RawValue>> invoke(FuncInstance& function, std::span<const RawValue> args) {
    if (args.size() != function.type.params.size()) {
      return Error(ErrorKind::InvalidArgument,
                   "expected " + std::to_string(function.type.params.size()) + " arguments, got " +
                       std::to_string(args.size()));
    }
    std::uint64_t* frame = stack_;
    std::size_t slot = 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
      frame[slot++] = args[i].low;
      if (function.type.params[i] == ValType::V128) frame[slot++] = args[i].high;
    }
    if (auto result = run(function, frame); !result) return result.error();
    std::vector<RawValue> results;
    slot = 0;
    for (ValType type : function.type.results) {
      RawValue value{frame[slot++], 0};
      if (type == ValType::V128) value.high = frame[slot++];
      results.push_back(value);
    }
    return results;
  }

private:
  Error trap(TrapKind kind) {
    return Error(ErrorKind::Trap, std::string(interp::trapMessage(kind)));
  }

  // Compiles `function` on its first call, with `handlers` as its opcode words (see compiler.h).
  Result<void> ensureCompiled(FuncInstance& function, const void* const* handlers) {
    if (function.compiled) return {};
    auto compiled = compileFunction(store_, *function.instance, function.index,
                                    store_.config().features, handlers);
    if (!compiled) return compiled.error();
    function.compiled = std::make_unique<CompiledFunction>(std::move(*compiled));
    return {};
  }

  // Runs a host function whose arguments start at `frame`; its results replace them.
  Result<void> callHost(FuncInstance& function, std::uint64_t* frame) {
    std::vector<RawValue> args;
    std::size_t slot = 0;
    for (ValType type : function.type.params) {
      RawValue value{frame[slot++], 0};
      if (type == ValType::V128) value.high = frame[slot++];
      args.push_back(value);
    }
    std::vector<RawValue> results(function.type.results.size());
    if (auto result = function.host(args, results); !result) return result.error();
    slot = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
      frame[slot++] = results[i].low;
      if (function.type.results[i] == ValType::V128) frame[slot++] = results[i].high;
    }
    return {};
  }

  // Checks that a frame of `function` starting at `frame` fits the stack and depth limits.
  bool fits(const FuncInstance& function, const std::uint64_t* frame) const {
    const std::size_t used = static_cast<std::size_t>(frame - stack_);
    return depth_ < limits_.maxCallDepth &&
           used + function.compiled->stackSlots <= limits_.valueStackSlots;
  }

  Result<void> run(FuncInstance& entry, std::uint64_t* frame);

  // The trap's message followed by the wasm call stack, innermost first: `function` was at code
  // word `at`; the frames above `entryDepth` are its callers.
  // Cold and out of line, like every trap path: the dispatch loop stays small.
  [[gnu::cold, gnu::noinline]] Error trapWithTrace(TrapKind kind, const FuncInstance* function,
                                                   const std::uint64_t* at, std::size_t entryDepth,
                                                   std::string_view detail = {}) const {
    std::string message(interp::trapMessage(kind));
    message += detail;
    message += "\nwasm backtrace:";
    auto describe = [&](const FuncInstance* frame, const std::uint64_t* position) {
      const CompiledFunction& code = *frame->compiled;
      const std::size_t index = static_cast<std::size_t>(position - code.code.data());
      char offset[24];
      std::snprintf(offset, sizeof offset, "0x%x", code.offsetAt(index));
      message += "\n  func " + std::to_string(frame->index);
      const auto& names = frame->instance->module->names.functions;
      if (const auto name = names.find(frame->index); name != names.end()) {
        message += " \"" + name->second + "\"";
      }
      message += " at offset " + std::string(offset);
    };
    describe(function, at);
    for (std::size_t i = depth_; i-- > entryDepth;) {
      describe(frames_[i].function, frames_[i].returnTo - 1);
    }
    return Error(ErrorKind::Trap, std::move(message));
  }

  // trapWithTrace for an out-of-bounds access of `bytes` bytes at `base` + `offset` in a memory
  // of `length` bytes.
  [[gnu::cold, gnu::noinline]] Error trapOutOfBounds(const FuncInstance* function,
                                                     const std::uint64_t* at,
                                                     std::size_t entryDepth, std::uint64_t base,
                                                     std::uint64_t offset, std::uint64_t bytes,
                                                     std::uint64_t length) const {
    return trapWithTrace(TrapKind::OutOfBoundsMemoryAccess, function, at, entryDepth,
                         outOfBoundsDetail(base, offset, bytes, length));
  }

  // ": N bytes at address A (base + offset), memory size S" for an out-of-bounds access.
  static std::string outOfBoundsDetail(std::uint64_t base, std::uint64_t offset,
                                       std::uint64_t bytes, std::uint64_t memoryLength) {
    char text[160];
    const std::uint64_t address = base + offset;
    if (address < base) { // past 2^64 (memory64 only)
      std::snprintf(text, sizeof text, ": %llu byte%s at address 0x%llx + offset 0x%llx",
                    static_cast<unsigned long long>(bytes), bytes == 1 ? "" : "s",
                    static_cast<unsigned long long>(base), static_cast<unsigned long long>(offset));
    } else {
      std::snprintf(text, sizeof text, ": %llu byte%s at address 0x%llx, memory size 0x%llx",
                    static_cast<unsigned long long>(bytes), bytes == 1 ? "" : "s",
                    static_cast<unsigned long long>(address),
                    static_cast<unsigned long long>(memoryLength));
    }
    return text;
  }

  // memory.atomic.wait on `cell` of a shared memory: blocks while `stillEqual` holds, up to
  // `timeout` nanoseconds (forever when negative); 0 woken, 1 not equal, 2 timed out.
  static WaitResult waitAt(detail::LinearMemory& memory, const std::uint8_t* cell,
                           const std::function<bool()>& stillEqual, std::int64_t timeout) {
    std::optional<std::chrono::nanoseconds> limit;
    if (timeout >= 0) limit = std::chrono::nanoseconds(timeout);
    return memory.waiters().wait(static_cast<std::uint64_t>(cell - memory.base()), stillEqual,
                                 limit);
  }

  // Reports one executed instruction to the engine's trace callback.
  void trace(const FuncInstance& function, std::uint64_t offset, std::uint64_t opcode) const {
    const auto& callback = store_.config().execution.trace;
    if (!callback) return;
    std::string_view name;
    const auto& names = function.instance->module->names.functions;
    if (const auto found = names.find(function.index); found != names.end()) name = found->second;
    callback(TraceEvent{function.index, name, static_cast<std::uint32_t>(offset),
                        binary::opcodeName(static_cast<binary::Opcode>(opcode))});
  }

  runtime::StoreData& store_;
  ExecutionLimits limits_;
  Stacks stacks_;
  std::uint64_t* stack_;
  CallFrame* frames_; // the callers of the running function
  std::size_t depth_ = 0;
};

Result<void> Machine::run(FuncInstance& entry, std::uint64_t* fp) {
  // Handler addresses in IrOp order (placeholders in the switch build).
  [[maybe_unused]] static const void* const kHandlers[] = {
#define IR_ANY(name) WASMLINE_HANDLER_ADDRESS(name),
#include "interp/ir.def"
  };
  const void* const* handlers = WASMLINE_THREADED_HANDLERS(kHandlers);

  if (entry.host) return callHost(entry, fp);
  if (auto compiled = ensureCompiled(entry, handlers); !compiled) return compiled.error();
  if (!fits(entry, fp)) return trap(TrapKind::CallStackExhausted);

  FuncInstance* function = &entry;
  const std::uint64_t* code = function->compiled->code.data();
  const std::uint64_t* ip = code;
  std::uint8_t* memoryBase = nullptr;
  std::uint64_t memoryLength = 0;
  bool memory64 = false;
  auto refreshMemory = [&]() __attribute__((always_inline)) {
    const auto& memories = function->instance->memories;
    if (memories.empty()) return;
    memoryBase = memories[0]->base();
    memoryLength = memories[0]->byteLength();
    memory64 = memories[0]->type().is64;
  };
  refreshMemory();
  auto address = [&](std::uint64_t slot) __attribute__((always_inline))->std::uint64_t {
    return memory64 ? fp[slot] : static_cast<std::uint32_t>(fp[slot]);
  };
  // The cell of an atomic access of `bytes` bytes at the address in `slot` plus `offset`, or
  // why there is none (out of bounds, then unaligned).
  auto atomicCell = [&](detail::LinearMemory & memory, std::uint64_t slot, std::uint64_t offset,
                        std::uint64_t bytes, std::uint8_t * &cell) __attribute__((always_inline))
                        ->TrapKind {
    const std::uint64_t at = memory.type().is64 ? fp[slot] : static_cast<std::uint32_t>(fp[slot]);
    if (!detail::inBounds(at, offset, bytes, memory.byteLength())) {
      return TrapKind::OutOfBoundsMemoryAccess;
    }
    if ((at + offset) % bytes != 0) return TrapKind::UnalignedAtomic;
    cell = memory.base() + at + offset;
    return TrapKind::None;
  };
  // An address (or length) operand of `memory`'s index type.
  auto addressIn = [&](const detail::LinearMemory& memory, std::uint64_t slot)
                       __attribute__((always_inline))
                           ->std::uint64_t {
    return memory.type().is64 ? fp[slot] : static_cast<std::uint32_t>(fp[slot]);
  };

  // Enters `callee` with its frame at `calleeFrame`; false when it trapped or failed.
  const std::size_t entryDepth = depth_;
  Result<void> status;
  auto enter = [&](FuncInstance * callee, std::uint64_t * calleeFrame)
                   __attribute__((always_inline))
                       ->bool {
    if (callee->host) {
      status = callHost(*callee, calleeFrame);
      refreshMemory(); // the host may have grown the memory
      return status.has_value();
    }
    if (!callee->compiled) {
      if (status = ensureCompiled(*callee, handlers); !status) return false;
    }
    if (!fits(*callee, calleeFrame)) {
      status = trapWithTrace(TrapKind::CallStackExhausted, function, ip - 1, entryDepth);
      return false;
    }
    frames_[depth_++] = CallFrame{function, ip, fp};
    const bool otherInstance = callee->instance != function->instance;
    function = callee;
    fp = calleeFrame;
    code = function->compiled->code.data();
    ip = code;
    if (otherInstance) refreshMemory();
    return true;
  };

  // `ip` is past the current instruction's opcode, so ip - 1 lies within it.
  // Returns to the caller (the results are in the frame's first slots); false when the
  // function run() was entered with is returning.
  auto leave = [&]() __attribute__((always_inline))->bool {
    if (depth_ == entryDepth) return false;
    const CallFrame caller = frames_[--depth_];
    const bool otherInstance = caller.function->instance != function->instance;
    function = caller.function;
    fp = caller.callerFrame;
    code = function->compiled->code.data();
    ip = caller.returnTo;
    // A memory.grow in a callee of the same instance refreshed the cached state already.
    if (otherInstance) refreshMemory();
    return true;
  };
  // A tail call: the arguments (`argumentSlots` slots at `arguments`) move to this frame's start
  // and `callee` takes the frame over; a host callee runs and then this function returns.
  enum class TailOutcome { Continue, Returned, Failed };
  auto tailEnter = [&](FuncInstance * callee, const std::uint64_t* arguments,
                       std::uint64_t argumentSlots) __attribute__((always_inline))
                       ->TailOutcome {
    std::memmove(fp, arguments, argumentSlots * sizeof(std::uint64_t));
    if (callee->host) {
      status = callHost(*callee, fp);
      refreshMemory(); // the host may have grown the memory
      if (!status) return TailOutcome::Failed;
      return leave() ? TailOutcome::Continue : TailOutcome::Returned;
    }
    if (!callee->compiled) {
      if (status = ensureCompiled(*callee, handlers); !status) return TailOutcome::Failed;
    }
    if (!fits(*callee, fp)) {
      status = trapWithTrace(TrapKind::CallStackExhausted, function, ip - 1, entryDepth);
      return TailOutcome::Failed;
    }
    const bool otherInstance = callee->instance != function->instance;
    function = callee;
    code = function->compiled->code.data();
    ip = code;
    if (otherInstance) refreshMemory();
    return TailOutcome::Continue;
  };

  // Always inlined, like every lambda here: a call taking the address of ip or fp would keep them
  // in memory instead of registers.
  auto fault = [&](TrapKind kind) __attribute__((always_inline)) {
    return trapWithTrace(kind, function, ip - 1, entryDepth);
  }; // An out-of-bounds access of `bytes` bytes at `base` + `offset` in a memory of `length` bytes
  // (memory 0 for outOfBounds).
  auto outOfBoundsIn = [&](std::uint64_t base, std::uint64_t offset, std::uint64_t bytes,
                           std::uint64_t length) __attribute__((always_inline)) {
    return trapOutOfBounds(function, ip - 1, entryDepth, base, offset, bytes, length);
  };
  auto outOfBounds = [&](std::uint64_t base, std::uint64_t offset, std::uint64_t bytes)
      __attribute__((always_inline)) {
    return outOfBoundsIn(base, offset, bytes, memoryLength);
  };
  // The trap for an atomic access atomicCell refused.
  auto atomicFault = [&](TrapKind kind, detail::LinearMemory & memory, std::uint64_t slot,
                         std::uint64_t offset, std::uint64_t bytes) __attribute__((always_inline)) {
    if (kind != TrapKind::OutOfBoundsMemoryAccess) return fault(kind);
    const std::uint64_t at = memory.type().is64 ? fp[slot] : static_cast<std::uint32_t>(fp[slot]);
    return outOfBoundsIn(at, offset, bytes, memory.byteLength());
  };
  WASMLINE_DISPATCH_BEGIN
  WASMLINE_HANDLE(Unreachable) : return fault(TrapKind::Unreachable);
  WASMLINE_HANDLE(Copy) : fp[ip[0]] = fp[ip[1]];
  ip += 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(Copy128) : fp[ip[0]] = fp[ip[1]];
  fp[ip[0] + 1] = fp[ip[1] + 1];
  ip += 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(SetConst) : fp[ip[0]] = ip[1];
  ip += 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(SetConst128) : fp[ip[0]] = ip[1];
  fp[ip[0] + 1] = ip[2];
  ip += 3;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(InitFrame) : {
    std::uint64_t* slot = fp + ip[0];
    const std::uint64_t count = ip[1];
    ip += 2;
    for (std::uint64_t i = 0; i < count; ++i) // usually a few words: no memcpy call
      slot[i] = ip[i];
    ip += count;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(ConsumeFuel) : {
    if (store_.fuel < ip[0]) {
      store_.fuel = 0;
      return fault(TrapKind::OutOfFuel);
    }
    store_.fuel -= ip[0];
    ip += 1;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(Trace) : trace(*function, ip[0], ip[1]);
  ip += 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(Jump) : ip = code + ip[0];
  WASMLINE_NEXT;
  WASMLINE_HANDLE(JumpIfZero)
      : ip = static_cast<std::uint32_t>(fp[ip[0]]) == 0 ? code + ip[1] : ip + 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(JumpIfNonZero)
      : ip = static_cast<std::uint32_t>(fp[ip[0]]) != 0 ? code + ip[1] : ip + 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(JumpIfZero64) : ip = fp[ip[0]] == 0 ? code + ip[1] : ip + 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(JumpIfNonZero64) : ip = fp[ip[0]] != 0 ? code + ip[1] : ip + 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(JumpTable) : {
    const std::uint64_t index = static_cast<std::uint32_t>(fp[ip[0]]);
    const std::uint64_t count = ip[1];
    ip = code + ip[2 + (index < count ? index : count)];
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(Call) : {
    auto* callee = reinterpret_cast<FuncInstance*>(static_cast<std::uintptr_t>(ip[0]));
    std::uint64_t* calleeFrame = fp + ip[1];
    ip += 2;
    if (!enter(callee, calleeFrame)) return status;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(CallIndirect) : {
    auto* table = reinterpret_cast<runtime::TableInstance*>(static_cast<std::uintptr_t>(ip[0]));
    const std::uint64_t typeId = ip[1];
    const std::uint32_t index = static_cast<std::uint32_t>(fp[ip[2]]);
    std::uint64_t* calleeFrame = fp + ip[3];
    ip += 4;
    if (index >= table->elements.size()) return fault(TrapKind::UndefinedElement);
    auto* callee =
        reinterpret_cast<FuncInstance*>(static_cast<std::uintptr_t>(table->elements[index].low));
    if (callee == nullptr) return fault(TrapKind::UninitializedElement);
    if (callee->typeId != typeId) return fault(TrapKind::IndirectCallTypeMismatch);
    if (!enter(callee, calleeFrame)) return status;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(Return) : {
    if (!leave()) return {};
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(TailCall) : {
    auto* callee = pointerAt<FuncInstance>(ip[0]);
    switch (tailEnter(callee, fp + ip[1], ip[2])) {
    case TailOutcome::Continue: break;
    case TailOutcome::Returned: return {};
    case TailOutcome::Failed: return status;
    }
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(TailCallIndirect) : {
    const auto* table = pointerAt<runtime::TableInstance>(ip[0]);
    const std::uint32_t index = static_cast<std::uint32_t>(fp[ip[2]]);
    if (index >= table->elements.size()) return fault(TrapKind::UndefinedElement);
    auto* callee = pointerAt<FuncInstance>(table->elements[index].low);
    if (callee == nullptr) return fault(TrapKind::UninitializedElement);
    if (callee->typeId != ip[1]) return fault(TrapKind::IndirectCallTypeMismatch);
    switch (tailEnter(callee, fp + ip[3], ip[4])) {
    case TailOutcome::Continue: break;
    case TailOutcome::Returned: return {};
    case TailOutcome::Failed: return status;
    }
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(Select)
      : fp[ip[0]] = static_cast<std::uint32_t>(fp[ip[3]]) != 0 ? fp[ip[1]] : fp[ip[2]];
  ip += 4;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(Select128) : {
    const std::uint64_t source = static_cast<std::uint32_t>(fp[ip[3]]) != 0 ? ip[1] : ip[2];
    fp[ip[0]] = fp[source];
    fp[ip[0] + 1] = fp[source + 1];
    ip += 4;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(GlobalGet)
      : fp[ip[0]] = reinterpret_cast<runtime::GlobalInstance*>(static_cast<std::uintptr_t>(ip[1]))
                        ->value.low;
  ip += 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(GlobalGet128) : {
    const auto* global =
        reinterpret_cast<runtime::GlobalInstance*>(static_cast<std::uintptr_t>(ip[1]));
    fp[ip[0]] = global->value.low;
    fp[ip[0] + 1] = global->value.high;
    ip += 2;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(GlobalSet)
      : reinterpret_cast<runtime::GlobalInstance*>(static_cast<std::uintptr_t>(ip[0]))->value.low =
      fp[ip[1]];
  ip += 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(GlobalSet128) : {
    auto* global = reinterpret_cast<runtime::GlobalInstance*>(static_cast<std::uintptr_t>(ip[0]));
    global->value = RawValue{fp[ip[1]], fp[ip[1] + 1]};
    ip += 2;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(MemorySize)
      : fp[ip[0]] = pointerAt<detail::LinearMemory>(ip[1])->byteLength() / kWasmPageSize;
  ip += 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(MemoryGrow) : {
    auto* memory = pointerAt<detail::LinearMemory>(ip[2]);
    const bool is64 = memory->type().is64;
    const std::uint64_t delta = is64 ? fp[ip[1]] : static_cast<std::uint32_t>(fp[ip[1]]);
    const auto outcome = memory->grow(delta);
    if (outcome.ok()) {
      fp[ip[0]] = outcome.previousPages;
    } else {
      fp[ip[0]] = is64 ? ~std::uint64_t{0} : std::uint64_t{0xFFFFFFFF};
    }
    refreshMemory(); // memory 0 may be the same memory under another index
    ip += 3;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(MemoryFill) : {
    auto* memory = pointerAt<detail::LinearMemory>(ip[0]);
    const std::uint64_t at = addressIn(*memory, ip[1]);
    const std::uint64_t length = addressIn(*memory, ip[3]);
    if (!memory->fill(at, static_cast<std::uint8_t>(fp[ip[2]]), length)) {
      return outOfBoundsIn(at, 0, length, memory->byteLength());
    }
    ip += 4;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(MemoryCopy) : {
    auto* destination = pointerAt<detail::LinearMemory>(ip[0]);
    auto* source = pointerAt<detail::LinearMemory>(ip[1]);
    const std::uint64_t to = addressIn(*destination, ip[2]);
    const std::uint64_t from = addressIn(*source, ip[3]);
    // The length is i64 only when both memories are 64-bit.
    const std::uint64_t length = destination->type().is64 && source->type().is64
                                     ? fp[ip[4]]
                                     : static_cast<std::uint32_t>(fp[ip[4]]);
    if (!detail::inBounds(to, length, destination->byteLength())) {
      return outOfBoundsIn(to, 0, length, destination->byteLength());
    }
    if (!detail::inBounds(from, length, source->byteLength())) {
      return outOfBoundsIn(from, 0, length, source->byteLength());
    }
    if (destination == source) {
      destination->copy(to, from, length);
    } else if (length != 0) {
      std::memcpy(destination->base() + to, source->base() + from, length);
    }
    ip += 5;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(MemoryInit) : {
    auto* segment = pointerAt<runtime::DataInstance>(ip[0]);
    auto* memory = pointerAt<detail::LinearMemory>(ip[1]);
    const std::uint64_t at = addressIn(*memory, ip[2]);
    const std::uint32_t length = static_cast<std::uint32_t>(fp[ip[4]]);
    if (!memory->init(at, segment->bytes, static_cast<std::uint32_t>(fp[ip[3]]), length)) {
      return outOfBoundsIn(at, 0, length, memory->byteLength());
    }
    ip += 5;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(MemoryAtomicNotify) : {
    auto* memory = pointerAt<detail::LinearMemory>(ip[4]);
    std::uint8_t* cell = nullptr;
    if (const TrapKind kind = atomicCell(*memory, ip[1], ip[3], 4, cell); kind != TrapKind::None) {
      return atomicFault(kind, *memory, ip[1], ip[3], 4);
    }
    // An unshared memory has no waiters.
    const std::uint64_t at = static_cast<std::uint64_t>(cell - memory->base());
    fp[ip[0]] = memory->type().shared
                    ? memory->waiters().notify(at, static_cast<std::uint32_t>(fp[ip[2]]))
                    : 0;
    ip += 5;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(MemoryAtomicWait32) : {
    auto* memory = pointerAt<detail::LinearMemory>(ip[5]);
    std::uint8_t* cell = nullptr;
    if (const TrapKind kind = atomicCell(*memory, ip[1], ip[4], 4, cell); kind != TrapKind::None) {
      return atomicFault(kind, *memory, ip[1], ip[4], 4);
    }
    if (!memory->type().shared) return fault(TrapKind::ExpectedSharedMemory);
    const auto expected = static_cast<std::uint32_t>(fp[ip[2]]);
    fp[ip[0]] = static_cast<std::uint32_t>(waitAt(
        *memory, cell, [&] { return detail::atomicLoadCell<std::uint32_t>(cell) == expected; },
        static_cast<std::int64_t>(fp[ip[3]])));
    ip += 6;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(MemoryAtomicWait64) : {
    auto* memory = pointerAt<detail::LinearMemory>(ip[5]);
    std::uint8_t* cell = nullptr;
    if (const TrapKind kind = atomicCell(*memory, ip[1], ip[4], 8, cell); kind != TrapKind::None) {
      return atomicFault(kind, *memory, ip[1], ip[4], 8);
    }
    if (!memory->type().shared) return fault(TrapKind::ExpectedSharedMemory);
    const std::uint64_t expected = fp[ip[2]];
    fp[ip[0]] = static_cast<std::uint32_t>(waitAt(
        *memory, cell, [&] { return detail::atomicLoadCell<std::uint64_t>(cell) == expected; },
        static_cast<std::int64_t>(fp[ip[3]])));
    ip += 6;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(AtomicFence) : std::atomic_thread_fence(std::memory_order_seq_cst);
  WASMLINE_NEXT;
  WASMLINE_HANDLE(DataDrop) : pointerAt<runtime::DataInstance>(ip[0])->bytes = {};
  ip += 1;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(TableGet) : {
    const auto* table = pointerAt<runtime::TableInstance>(ip[1]);
    const std::uint32_t index = static_cast<std::uint32_t>(fp[ip[2]]);
    if (index >= table->elements.size()) return fault(TrapKind::OutOfBoundsTableAccess);
    fp[ip[0]] = table->elements[index].low;
    ip += 3;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(TableSet) : {
    auto* table = pointerAt<runtime::TableInstance>(ip[0]);
    const std::uint32_t index = static_cast<std::uint32_t>(fp[ip[1]]);
    if (index >= table->elements.size()) return fault(TrapKind::OutOfBoundsTableAccess);
    table->elements[index].low = fp[ip[2]];
    ip += 3;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(TableSize)
      : fp[ip[0]] = pointerAt<runtime::TableInstance>(ip[1])->elements.size();
  ip += 2;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(TableGrow) : {
    auto* table = pointerAt<runtime::TableInstance>(ip[1]);
    const std::uint64_t size = table->elements.size();
    const std::uint64_t delta = static_cast<std::uint32_t>(fp[ip[3]]);
    const std::uint64_t maximum = std::min<std::uint64_t>(
        table->type.limits.max.value_or(0xFFFFFFFF), limits_.maxTableElements);
    if (delta > maximum - std::min(maximum, size) || size > maximum) {
      fp[ip[0]] = 0xFFFFFFFF;
    } else {
      table->elements.resize(size + delta, RawValue{fp[ip[2]], 0});
      fp[ip[0]] = size;
    }
    ip += 4;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(TableFill) : {
    auto* table = pointerAt<runtime::TableInstance>(ip[0]);
    const std::uint64_t index = static_cast<std::uint32_t>(fp[ip[1]]);
    const std::uint64_t length = static_cast<std::uint32_t>(fp[ip[3]]);
    if (!detail::inBounds(index, length, table->elements.size())) {
      return fault(TrapKind::OutOfBoundsTableAccess);
    }
    for (std::uint64_t i = 0; i < length; ++i)
      table->elements[index + i] = RawValue{fp[ip[2]], 0};
    ip += 4;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(TableCopy) : {
    auto* destination = pointerAt<runtime::TableInstance>(ip[0]);
    const auto* source = pointerAt<runtime::TableInstance>(ip[1]);
    const std::uint64_t d = static_cast<std::uint32_t>(fp[ip[2]]);
    const std::uint64_t s = static_cast<std::uint32_t>(fp[ip[3]]);
    const std::uint64_t n = static_cast<std::uint32_t>(fp[ip[4]]);
    if (!detail::inBounds(d, n, destination->elements.size()) ||
        !detail::inBounds(s, n, source->elements.size())) {
      return fault(TrapKind::OutOfBoundsTableAccess);
    }
    std::memmove(destination->elements.data() + d, source->elements.data() + s,
                 n * sizeof(RawValue));
    ip += 5;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(TableInit) : {
    auto* table = pointerAt<runtime::TableInstance>(ip[0]);
    const auto* segment = pointerAt<runtime::ElementInstance>(ip[1]);
    const std::uint64_t d = static_cast<std::uint32_t>(fp[ip[2]]);
    const std::uint64_t s = static_cast<std::uint32_t>(fp[ip[3]]);
    const std::uint64_t n = static_cast<std::uint32_t>(fp[ip[4]]);
    if (!detail::inBounds(d, n, table->elements.size()) ||
        !detail::inBounds(s, n, segment->references.size())) {
      return fault(TrapKind::OutOfBoundsTableAccess);
    }
    std::copy_n(segment->references.begin() + static_cast<std::ptrdiff_t>(s), n,
                table->elements.begin() + static_cast<std::ptrdiff_t>(d));
    ip += 5;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(ElemDrop) : pointerAt<runtime::ElementInstance>(ip[0])->references.clear();
  ip += 1;
  WASMLINE_NEXT;
  WASMLINE_HANDLE(RefIsNull) : fp[ip[0]] = fp[ip[1]] == 0 ? 1 : 0;
  ip += 2;
  WASMLINE_NEXT;

#define IR_OP(name, operands)
#define IR_JUMP_IF(name, Type, condition)                                                          \
  WASMLINE_HANDLE(name) : {                                                                        \
    const Type a = readSlot<Type>(fp + ip[0]);                                                     \
    const Type b = readSlot<Type>(fp + ip[1]);                                                     \
    ip = (condition) ? code + ip[2] : ip + 3;                                                      \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_LOAD(name, Memory, Value)                                                               \
  WASMLINE_HANDLE(name) : {                                                                        \
    const std::uint64_t at = address(ip[1]);                                                       \
    if (!detail::inBounds(at, ip[2], sizeof(Memory), memoryLength)) {                              \
      return outOfBounds(at, ip[2], sizeof(Memory));                                               \
    }                                                                                              \
    writeSlot<Value>(fp + ip[0], static_cast<Value>(                                               \
                                     detail::loadLittleEndian<Memory>(memoryBase + at + ip[2])));  \
    ip += 3;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }                                                                                                \
  WASMLINE_HANDLE(name##Mem) : {                                                                   \
    const auto* memory = pointerAt<detail::LinearMemory>(ip[3]);                                   \
    const std::uint64_t at = addressIn(*memory, ip[1]);                                            \
    const std::uint64_t length = memory->byteLength();                                             \
    if (!detail::inBounds(at, ip[2], sizeof(Memory), length)) {                                    \
      return outOfBoundsIn(at, ip[2], sizeof(Memory), length);                                     \
    }                                                                                              \
    writeSlot<Value>(fp + ip[0], static_cast<Value>(detail::loadLittleEndian<Memory>(              \
                                     memory->base() + at + ip[2])));                               \
    ip += 4;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_STORE(name, Memory)                                                                     \
  WASMLINE_HANDLE(name) : {                                                                        \
    const std::uint64_t at = address(ip[0]);                                                       \
    if (!detail::inBounds(at, ip[2], sizeof(Memory), memoryLength)) {                              \
      return outOfBounds(at, ip[2], sizeof(Memory));                                               \
    }                                                                                              \
    detail::storeLittleEndian<Memory>(memoryBase + at + ip[2], readSlot<Memory>(fp + ip[1]));      \
    ip += 3;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }                                                                                                \
  WASMLINE_HANDLE(name##Mem) : {                                                                   \
    auto* memory = pointerAt<detail::LinearMemory>(ip[3]);                                         \
    const std::uint64_t at = addressIn(*memory, ip[0]);                                            \
    const std::uint64_t length = memory->byteLength();                                             \
    if (!detail::inBounds(at, ip[2], sizeof(Memory), length)) {                                    \
      return outOfBoundsIn(at, ip[2], sizeof(Memory), length);                                     \
    }                                                                                              \
    detail::storeLittleEndian<Memory>(memory->base() + at + ip[2], readSlot<Memory>(fp + ip[1]));  \
    ip += 4;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_ATOMIC_LOAD(name, Cell, Value)                                                          \
  WASMLINE_HANDLE(name) : {                                                                        \
    auto* memory = pointerAt<detail::LinearMemory>(ip[3]);                                         \
    std::uint8_t* cell = nullptr;                                                                  \
    if (const TrapKind kind = atomicCell(*memory, ip[1], ip[2], sizeof(Cell), cell);               \
        kind != TrapKind::None) {                                                                  \
      return atomicFault(kind, *memory, ip[1], ip[2], sizeof(Cell));                               \
    }                                                                                              \
    writeSlot<Value>(fp + ip[0], static_cast<Value>(detail::atomicLoadCell<Cell>(cell)));          \
    ip += 4;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_ATOMIC_STORE(name, Cell)                                                                \
  WASMLINE_HANDLE(name) : {                                                                        \
    auto* memory = pointerAt<detail::LinearMemory>(ip[3]);                                         \
    std::uint8_t* cell = nullptr;                                                                  \
    if (const TrapKind kind = atomicCell(*memory, ip[0], ip[2], sizeof(Cell), cell);               \
        kind != TrapKind::None) {                                                                  \
      return atomicFault(kind, *memory, ip[0], ip[2], sizeof(Cell));                               \
    }                                                                                              \
    detail::atomicStoreCell<Cell>(cell, static_cast<Cell>(fp[ip[1]]));                             \
    ip += 4;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_ATOMIC_RMW(name, Cell, Value, Op)                                                       \
  WASMLINE_HANDLE(name) : {                                                                        \
    auto* memory = pointerAt<detail::LinearMemory>(ip[4]);                                         \
    std::uint8_t* cell = nullptr;                                                                  \
    if (const TrapKind kind = atomicCell(*memory, ip[1], ip[3], sizeof(Cell), cell);               \
        kind != TrapKind::None) {                                                                  \
      return atomicFault(kind, *memory, ip[1], ip[3], sizeof(Cell));                               \
    }                                                                                              \
    const Cell old =                                                                               \
        detail::atomicRmwCell<Cell>(AtomicOp::Op, cell, static_cast<Cell>(fp[ip[2]]));             \
    writeSlot<Value>(fp + ip[0], static_cast<Value>(old));                                         \
    ip += 5;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_ATOMIC_CMPXCHG(name, Cell, Value)                                                       \
  WASMLINE_HANDLE(name) : {                                                                        \
    auto* memory = pointerAt<detail::LinearMemory>(ip[5]);                                         \
    std::uint8_t* cell = nullptr;                                                                  \
    if (const TrapKind kind = atomicCell(*memory, ip[1], ip[4], sizeof(Cell), cell);               \
        kind != TrapKind::None) {                                                                  \
      return atomicFault(kind, *memory, ip[1], ip[4], sizeof(Cell));                               \
    }                                                                                              \
    const Cell old = detail::atomicCompareExchangeCell<Cell>(cell, static_cast<Cell>(fp[ip[2]]),   \
                                                             static_cast<Cell>(fp[ip[3]]));        \
    writeSlot<Value>(fp + ip[0], static_cast<Value>(old));                                         \
    ip += 6;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_UNARY(name, In, Out, expression)                                                        \
  WASMLINE_HANDLE(name) : {                                                                        \
    const In a = readSlot<In>(fp + ip[1]);                                                         \
    writeSlot<Out>(fp + ip[0], static_cast<Out>(expression));                                      \
    ip += 2;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_BINARY(name, In, Out, expression)                                                       \
  WASMLINE_HANDLE(name) : {                                                                        \
    const In a = readSlot<In>(fp + ip[1]);                                                         \
    const In b = readSlot<In>(fp + ip[2]);                                                         \
    writeSlot<Out>(fp + ip[0], static_cast<Out>(expression));                                      \
    ip += 3;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_TRAPPING(name, In, Out, function)                                                       \
  WASMLINE_HANDLE(name) : {                                                                        \
    Out result{};                                                                                  \
    const TrapKind kind = function(readSlot<In>(fp + ip[1]), readSlot<In>(fp + ip[2]), &result);   \
    if (kind != TrapKind::None) return fault(kind);                                                \
    writeSlot<Out>(fp + ip[0], result);                                                            \
    ip += 3;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_CONVERT(name, In, Out, function)                                                        \
  WASMLINE_HANDLE(name) : {                                                                        \
    Out result{};                                                                                  \
    const TrapKind kind = function(readSlot<In>(fp + ip[1]), &result);                             \
    if (kind != TrapKind::None) return fault(kind);                                                \
    writeSlot<Out>(fp + ip[0], result);                                                            \
    ip += 2;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_V_UN(name, expression)                                                                  \
  WASMLINE_HANDLE(name) : {                                                                        \
    const V128 a = readVector(fp + ip[1]);                                                         \
    writeVector(fp + ip[0], expression);                                                           \
    ip += 2;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_V_BIN(name, expression)                                                                 \
  WASMLINE_HANDLE(name) : {                                                                        \
    const V128 a = readVector(fp + ip[1]);                                                         \
    const V128 b = readVector(fp + ip[2]);                                                         \
    writeVector(fp + ip[0], expression);                                                           \
    ip += 3;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_V_TER(name, expression)                                                                 \
  WASMLINE_HANDLE(name) : {                                                                        \
    const V128 a = readVector(fp + ip[1]);                                                         \
    const V128 b = readVector(fp + ip[2]);                                                         \
    const V128 c = readVector(fp + ip[3]);                                                         \
    writeVector(fp + ip[0], expression);                                                           \
    ip += 4;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_V_SHIFT(name, expression)                                                               \
  WASMLINE_HANDLE(name) : {                                                                        \
    const V128 a = readVector(fp + ip[1]);                                                         \
    const std::uint32_t b = readSlot<std::uint32_t>(fp + ip[2]);                                   \
    writeVector(fp + ip[0], expression);                                                           \
    ip += 3;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_V_TEST(name, expression)                                                                \
  WASMLINE_HANDLE(name) : {                                                                        \
    const V128 a = readVector(fp + ip[1]);                                                         \
    writeSlot<std::uint32_t>(fp + ip[0], expression);                                              \
    ip += 2;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_V_SPLAT(name, In, expression)                                                           \
  WASMLINE_HANDLE(name) : {                                                                        \
    const In a = readSlot<In>(fp + ip[1]);                                                         \
    writeVector(fp + ip[0], expression);                                                           \
    ip += 2;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_V_EXTRACT(name, Out, expression)                                                        \
  WASMLINE_HANDLE(name) : {                                                                        \
    const V128 a = readVector(fp + ip[1]);                                                         \
    const int lane = static_cast<int>(ip[2]);                                                      \
    writeSlot<Out>(fp + ip[0], expression);                                                        \
    ip += 3;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#define IR_V_REPLACE(name, In, expression)                                                         \
  WASMLINE_HANDLE(name) : {                                                                        \
    const V128 a = readVector(fp + ip[1]);                                                         \
    const In b = readSlot<In>(fp + ip[2]);                                                         \
    const int lane = static_cast<int>(ip[3]);                                                      \
    writeVector(fp + ip[0], expression);                                                           \
    ip += 4;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
// Vector memory accesses, in two forms like the scalar ones: memory 0 (cached base and size) and
// name##Mem naming its memory in the last operand word. `words` is the instruction's length.
#define WASMLINE_V_LOAD(bytes, expression, base, length, address, words)                           \
  const std::uint64_t at = address;                                                                \
  const std::uint64_t size = length;                                                               \
  if (!detail::inBounds(at, ip[2], bytes, size)) return outOfBoundsIn(at, ip[2], bytes, size);     \
  const std::uint8_t* p = base + at + ip[2];                                                       \
  writeVector(fp + ip[0], expression);                                                             \
  ip += words;                                                                                     \
  WASMLINE_NEXT;
#define IR_V_LOAD(name, bytes, expression)                                                         \
  WASMLINE_HANDLE(name)                                                                            \
      : {WASMLINE_V_LOAD(bytes, expression, memoryBase, memoryLength, address(ip[1]),              \
                         3)} WASMLINE_HANDLE(name##Mem)                                            \
      : {                                                                                          \
    const auto* memory = pointerAt<detail::LinearMemory>(ip[3]);                                   \
    WASMLINE_V_LOAD(bytes, expression, memory->base(), memory->byteLength(),                       \
                    addressIn(*memory, ip[1]), 4)                                                  \
  }
#define WASMLINE_V_STORE(base, length, address, words)                                             \
  const std::uint64_t at = address;                                                                \
  const std::uint64_t size = length;                                                               \
  if (!detail::inBounds(at, ip[2], 16, size)) return outOfBoundsIn(at, ip[2], 16, size);           \
  const V128 value = readVector(fp + ip[1]);                                                       \
  std::memcpy(base + at + ip[2], value.bytes.data(), 16);                                          \
  ip += words;                                                                                     \
  WASMLINE_NEXT;
#define IR_V_STORE(name)                                                                           \
  WASMLINE_HANDLE(name)                                                                            \
      : {WASMLINE_V_STORE(memoryBase, memoryLength, address(ip[0]), 3)} WASMLINE_HANDLE(name##Mem) \
      : {                                                                                          \
    auto* memory = pointerAt<detail::LinearMemory>(ip[3]);                                         \
    WASMLINE_V_STORE(memory->base(), memory->byteLength(), addressIn(*memory, ip[0]), 4)           \
  }
#define WASMLINE_V_LOAD_LANE(Lane, base, length, address, words)                                   \
  const std::uint64_t at = address;                                                                \
  const std::uint64_t size = length;                                                               \
  if (!detail::inBounds(at, ip[3], sizeof(Lane), size)) {                                          \
    return outOfBoundsIn(at, ip[3], sizeof(Lane), size);                                           \
  }                                                                                                \
  V128 value = readVector(fp + ip[2]);                                                             \
  value.setLane<Lane>(static_cast<int>(ip[4]), detail::loadLittleEndian<Lane>(base + at + ip[3])); \
  writeVector(fp + ip[0], value);                                                                  \
  ip += words;                                                                                     \
  WASMLINE_NEXT;
#define IR_V_LOAD_LANE(name, Lane)                                                                 \
  WASMLINE_HANDLE(name)                                                                            \
      : {WASMLINE_V_LOAD_LANE(Lane, memoryBase, memoryLength, address(ip[1]), 5)} WASMLINE_HANDLE( \
            name##Mem)                                                                             \
      : {                                                                                          \
    const auto* memory = pointerAt<detail::LinearMemory>(ip[5]);                                   \
    WASMLINE_V_LOAD_LANE(Lane, memory->base(), memory->byteLength(), addressIn(*memory, ip[1]), 6) \
  }
#define WASMLINE_V_STORE_LANE(Lane, base, length, address, words)                                  \
  const std::uint64_t at = address;                                                                \
  const std::uint64_t size = length;                                                               \
  if (!detail::inBounds(at, ip[2], sizeof(Lane), size)) {                                          \
    return outOfBoundsIn(at, ip[2], sizeof(Lane), size);                                           \
  }                                                                                                \
  const V128 value = readVector(fp + ip[1]);                                                       \
  detail::storeLittleEndian<Lane>(base + at + ip[2], value.lane<Lane>(static_cast<int>(ip[3])));   \
  ip += words;                                                                                     \
  WASMLINE_NEXT;
#define IR_V_STORE_LANE(name, Lane)                                                                \
  WASMLINE_HANDLE(name)                                                                            \
      : {WASMLINE_V_STORE_LANE(Lane, memoryBase, memoryLength, address(ip[0]),                     \
                               4)} WASMLINE_HANDLE(name##Mem)                                      \
      : {                                                                                          \
    auto* memory = pointerAt<detail::LinearMemory>(ip[4]);                                         \
    WASMLINE_V_STORE_LANE(Lane, memory->base(), memory->byteLength(), addressIn(*memory, ip[0]),   \
                          5)                                                                       \
  }
#define IR_V_SHUFFLE(name)                                                                         \
  WASMLINE_HANDLE(name) : {                                                                        \
    std::array<std::uint8_t, 16> lanes{};                                                          \
    std::memcpy(lanes.data(), ip + 3, 16);                                                         \
    writeVector(fp + ip[0], shuffleBytes(readVector(fp + ip[1]), readVector(fp + ip[2]), lanes));  \
    ip += 5;                                                                                       \
    WASMLINE_NEXT;                                                                                 \
  }
#include "interp/ir.def"
  WASMLINE_DISPATCH_END
}

} // namespace

Result<std::vector<RawValue>> invoke(runtime::StoreData& store, FuncInstance& function,
                                     std::span<const RawValue> args,
                                     const ExecutionLimits& limits) {
  Machine machine(store, limits);
  return machine.invoke(function, args);
}

} // namespace wasmline::interp
