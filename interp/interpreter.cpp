// The interpreter loop: one handler per IR instruction of ir.def, operands named by the row's
// fields, frames on an explicit stack (no C recursion for wasm calls). The running function's
// instance context (its functions, globals, memory 0's base and size) is cached in registers and
// reloaded when a call or return crosses into another instance, and memory 0 after anything that
// may grow it.
#include "interp/interpreter.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <chrono>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "binary/opcode.h"
#include "binary/subtyping.h"
#include "interp/backtrace.h"
#include "interp/gc_ops.h"
#include "interp/module_code.h"
#include WASMLINE_DISPATCH_HEADER
#include "interp/relaxed_simd.h"
#include "interp/semantics.h"
#include "interp/simd.h"
#include "memory/atomics.h"
#include "memory/bounds.h"
#include "memory/endian.h"

// A local of run() of `type` that GCC on x86-64 keeps in callee-saved register `reg` for the whole
// loop (an explicit register variable) rather than spilling it in so large a function; elsewhere
// a plain local.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(WASMLINE_NO_PINNED)
#define WASMLINE_PINNED(type, name, reg) register type name asm(reg)
#else
#define WASMLINE_PINNED(type, name, reg) type name
#endif

namespace wasmline::interp {
namespace {

template <class T> T readSlot(const std::uint64_t* slot) {
  T value;
  std::memcpy(&value, slot, sizeof(T));
  return value;
}

// The code a branch target word points to.
inline const std::uint64_t* target(std::uint64_t word) {
  return reinterpret_cast<const std::uint64_t*>(static_cast<std::uintptr_t>(word));
}

template <class T> void writeSlot(std::uint64_t* slot, T value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(T));
  *slot = bits;
}

// The slot value of `value` (zero-extended bits), as writeSlot stores it, and back.
template <class T> std::uint64_t slotBits(T value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(T));
  return bits;
}
template <class T> T fromSlotBits(std::uint64_t bits) {
  T value;
  std::memcpy(&value, &bits, sizeof(T));
  return value;
}

// The object a raw value's low word points to.
template <class T> T* pointerAt(std::uint64_t word) {
  return reinterpret_cast<T*>(static_cast<std::uintptr_t>(word));
}

// A table index, size or length operand: 64 bits for a 64-bit table (table64), the slot's low
// 32 bits for a 32-bit one. `-1` as the table's index type is indexMask(table).
inline std::uint64_t indexMask(const TableInstance& table) {
  return table.type.is64 ? ~std::uint64_t{0} : std::uint64_t{0xFFFFFFFF};
}
inline std::uint64_t tableIndex(const TableInstance& table, std::uint64_t slot) {
  return slot & indexMask(table);
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

// What the running code needs at hand besides ip and fp (which run() keeps in locals of their
// own, so that the compiler holds them in registers): the running function and its instance
// context.
struct Registers {
  FuncInstance* function = nullptr;
  // The instance context of `function`.
  Instance* instance = nullptr;
  FuncInstance* const* functions = nullptr;
  GlobalInstance* const* globals = nullptr;
  // Memory 0 of the instance (the memory-0 forms of loads and stores, which the compiler picks
  // only for a 32-bit memory 0).
  std::uint8_t* memoryBase = nullptr;
  std::uint64_t memoryLength = 0;
};

enum class TailOutcome { Continue, Returned, Failed };

// Where unwinding an exception lands: the handler's code and frame, or (ip null) nowhere in this
// run, with the frames it left for the backtrace.
// ip and fp passed to the call protocol (see WITH_IP_FP in run()).
struct IpFp {
  const std::uint64_t* ip;
  std::uint64_t* fp;
};

struct Landing {
  const std::uint64_t* ip = nullptr;
  std::uint64_t* fp = nullptr;
  std::vector<BacktraceFrame> left;
};

class Machine {
public:
  explicit Machine(const Execution& execution) : execution_(execution), stack_(execution.limits) {}

  Result<std::vector<RawValue>> invoke(FuncInstance& function, std::span<const RawValue> args) {
    if (const Error* failure = stack_.failure()) return *failure;
    if (args.size() != function.type.params.size()) {
      return Error(ErrorKind::InvalidArgument,
                   "expected " + std::to_string(function.type.params.size()) + " arguments, got " +
                       std::to_string(args.size()));
    }
    std::uint64_t* frame = stack_.values();
    std::size_t slot = 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
      frame[slot++] = args[i].low;
      if (function.type.params[i] == ValType::V128) frame[slot++] = args[i].high;
    }
    RootsRegistration registration(execution_.gc, roots_, stack_);
    if (auto result = run(&function, frame); !result) return result.error();
    std::vector<RawValue> results;
    slot = 0;
    for (ValType type : function.type.results) {
      RawValue value{frame[slot++], 0};
      if (type == ValType::V128) value.high = frame[slot++];
      results.push_back(value);
    }
    return results;
  }

  // Runs `entry` with its frame at `fp`; with a null `entry`, only publishes the handler table.
  Result<void> run(FuncInstance* entry, std::uint64_t* fp);

  // The handler addresses in IrOp order (nullptr in the switch build), set by run().
  static inline const void* const* handlers = nullptr;

private:
  // --- the call protocol: small, always inlined into run() ------------------------------------

  // Loads the instance context of r.function.
  [[gnu::always_inline]] void loadInstance(Registers& r) const {
    r.instance = r.function->instance;
    r.functions = r.instance->functions.data();
    r.globals = r.instance->globals.data();
    loadMemory(r);
  }
  // Reloads memory 0's base and size (after anything that may have grown it).
  [[gnu::always_inline]] static void loadMemory(Registers& r) {
    const auto& memories = r.instance->memories;
    if (memories.empty()) return;
    r.memoryBase = memories[0]->base();
    r.memoryLength = memories[0]->byteLength();
  }

  // Enters `callee` with its frame at `calleeFrame`; false (with `status` set) when it trapped.
  [[gnu::always_inline]] bool enter(Registers& r, const std::uint64_t*& ip, std::uint64_t*& fp,
                                    FuncInstance* callee, std::uint64_t* calleeFrame,
                                    std::size_t entryDepth, Result<void>& status) {
    // One test on the common path: a compiled wasm function (a host function has no code slot).
    const CodeSlot* slot = callee->code;
    const CompiledFunction* code =
        slot != nullptr ? slot->load(std::memory_order_acquire) : nullptr;
    if (code == nullptr) [[unlikely]] {
      if (callee->host) {
        publishTop(r.function, fp, ip);
        status = callHost(*callee, calleeFrame, r.instance);
        loadMemory(r); // the host may have grown the memory
        if (!status) status = hostTrap(status.error(), r.function, ip - 1, entryDepth);
        return status.has_value();
      }
      auto compiled = compile(*callee);
      if (!compiled) {
        status = compiled.error();
        return false;
      }
      code = *compiled;
    }
    if (!stack_.fits(*code, calleeFrame)) {
      status = trap(TrapKind::CallStackExhausted, r.function, ip - 1, entryDepth);
      return false;
    }
    stack_.push(CallFrame{r.function, ip, fp});
    const bool otherInstance = callee->instance != r.instance;
    r.function = callee;
    fp = calleeFrame;
    ip = code->code.data();
    if (otherInstance) loadInstance(r);
    return true;
  }

  // Returns to the caller (the results are in the frame's first slots); false when the function
  // run() was entered with is returning.
  [[gnu::always_inline]] bool leave(Registers& r, const std::uint64_t*& ip, std::uint64_t*& fp,
                                    std::size_t entryDepth) {
    const std::size_t depth = stack_.depth();
    if (depth == entryDepth) return false;
    // Field by field from the frame array (a copy of the whole CallFrame went through the C stack).
    const CallFrame& caller = stack_.caller(depth - 1);
    FuncInstance* const function = caller.function;
    fp = caller.callerFrame;
    ip = caller.returnTo;
    stack_.pop();
    const bool otherInstance = function->instance != r.instance;
    r.function = function;
    // A memory.grow in a callee of the same instance refreshed the cached state already.
    if (otherInstance) loadInstance(r);
    return true;
  }

  // A tail call: the arguments (`argumentSlots` slots at `arguments`) move to this frame's start
  // and `callee` takes the frame over; a host callee runs and then this function returns.
  [[gnu::always_inline]] TailOutcome tailEnter(Registers& r, const std::uint64_t*& ip,
                                               std::uint64_t*& fp, FuncInstance* callee,
                                               const std::uint64_t* arguments,
                                               std::uint64_t argumentSlots, std::size_t entryDepth,
                                               Result<void>& status) {
    std::memmove(fp, arguments, argumentSlots * sizeof(std::uint64_t));
    if (callee->host) {
      publishTop(nullptr, nullptr, nullptr); // this frame is gone: only the arguments live
      status = callHost(*callee, fp, r.instance);
      loadMemory(r); // the host may have grown the memory
      if (!status) {
        status = hostTrap(status.error(), r.function, ip - 1, entryDepth);
        return TailOutcome::Failed;
      }
      return leave(r, ip, fp, entryDepth) ? TailOutcome::Continue : TailOutcome::Returned;
    }
    const CompiledFunction* code = callee->code->load(std::memory_order_acquire);
    if (code == nullptr) {
      auto compiled = compile(*callee);
      if (!compiled) {
        status = compiled.error();
        return TailOutcome::Failed;
      }
      code = *compiled;
    }
    if (!stack_.fits(*code, fp)) {
      status = trap(TrapKind::CallStackExhausted, r.function, ip - 1, entryDepth);
      return TailOutcome::Failed;
    }
    const bool otherInstance = callee->instance != r.instance;
    r.function = callee;
    ip = code->code.data();
    if (otherInstance) loadInstance(r);
    return TailOutcome::Continue;
  }

  // --- cold paths
  // ---------------------------------------------------------------------------------

  // The exception a failed call raised: a host function's (or a nested call's) uncaught
  // exception of this store, else nullptr (a trap or another error).
  [[gnu::cold, gnu::noinline]] ExceptionObject* raisedBy(const Result<void>& status) const {
    if (status || status.error().kind() != ErrorKind::Exception) return nullptr;
    auto* exception = reinterpret_cast<ExceptionObject*>(status.error().exceptionHandle());
    if (execution_.exceptions == nullptr || !execution_.exceptions->owns(exception)) return nullptr;
    return exception;
  }

  // The handler of `exception` thrown at code word `at` of r.function (its frame at `fp`): the
  // innermost try of the frame whose body holds `at` and its enclosing ones are asked in turn
  // (a delegate passes on to the one it names), then the callers', up to the frame run() was
  // entered with. Frames without a handler are left (r follows the landing frame). The payload
  // (and the exnref) go to the handler's slots.
  [[gnu::cold, gnu::noinline]] Landing findHandler(Registers& r, const std::uint64_t* at,
                                                   std::uint64_t* fp, std::size_t entryDepth,
                                                   ExceptionObject* exception) {
    Landing landing;
    for (;;) {
      const CompiledFunction* code = r.function->code->load(std::memory_order_acquire);
      if (const HandlerCatch* handler = matchIn(*code, *r.instance, at, *exception)) {
        std::copy(exception->payload.begin(), exception->payload.end(), fp + handler->payloadSlot);
        const std::uintptr_t reference = reinterpret_cast<std::uintptr_t>(exception);
        if (handler->withReference) {
          fp[handler->payloadSlot + exception->payload.size()] = reference;
          exception->shared = true;
        }
        if (handler->exceptionSlot != HandlerCatch::kNoSlot) {
          fp[handler->exceptionSlot] = reference;
          exception->shared = true;
        }
        if (!exception->shared) execution_.exceptions->recycle(exception);
        landing.ip = code->code.data() + handler->pad;
        landing.fp = fp;
        loadMemory(r);
        return landing;
      }
      landing.left.push_back({r.function, at});
      if (stack_.depth() == entryDepth) return landing;
      const CallFrame caller = stack_.pop();
      const bool otherInstance = caller.function->instance != r.instance;
      r.function = caller.function;
      fp = caller.callerFrame;
      at = caller.returnTo - 1;
      if (otherInstance) loadInstance(r);
    }
  }

  // The catch clause of `code` that takes `exception` thrown at `at`, if any.
  static const HandlerCatch* matchIn(const CompiledFunction& code, const Instance& instance,
                                     const std::uint64_t* at, const ExceptionObject& exception) {
    const auto index = static_cast<std::uint32_t>(at - code.code.data());
    std::int32_t group = HandlerGroup::kNone;
    for (std::size_t i = code.handlers.size(); i-- > 0;) { // the innermost body holding `at`
      if (code.handlers[i].start <= index && index < code.handlers[i].end) {
        group = static_cast<std::int32_t>(i);
        break;
      }
    }
    while (group != HandlerGroup::kNone) {
      const HandlerGroup& handlers = code.handlers[group];
      if (handlers.delegates) {
        group = handlers.delegateTo;
        continue;
      }
      for (const HandlerCatch& handler : handlers.catches) {
        if (handler.tag == HandlerCatch::kAnyTag || instance.tags[handler.tag] == exception.tag) {
          return &handler;
        }
      }
      group = handlers.parent;
    }
    return nullptr;
  }

  // The error an exception nothing in this run caught returns with; `left` are the frames it
  // passed, innermost first.
  [[gnu::cold, gnu::noinline]] static Error uncaught(ExceptionObject* exception,
                                                     std::span<const BacktraceFrame> left) {
    ExceptionHeap::pin(exception); // the host may hold it now
    return uncaughtExceptionError(*exception, reinterpret_cast<std::uintptr_t>(exception), left);
  }

  // Compiles `function` on its first call.
  [[gnu::cold, gnu::noinline]] Result<const CompiledFunction*> compile(FuncInstance& function) {
    return function.instance->code->compile(function.index, execution_.options, handlers);
  }

  // Runs a host function called from `caller` (null: from the host) whose arguments start at
  // `frame`; its results replace them.
  [[gnu::noinline]] Result<void> callHost(FuncInstance& function, std::uint64_t* frame,
                                          Instance* caller) {
    std::vector<RawValue> args;
    std::size_t slot = 0;
    for (ValType type : function.type.params) {
      RawValue value{frame[slot++], 0};
      if (type == ValType::V128) value.high = frame[slot++];
      args.push_back(value);
    }
    roots_.host = &function; // the arguments stay roots while the host runs
    roots_.hostArgs = frame;
    std::vector<RawValue> results(function.type.results.size());
    if (auto result = function.host(caller, args, results); !result) return result.error();
    slot = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
      frame[slot++] = results[i].low;
      if (function.type.results[i] == ValType::V128) frame[slot++] = results[i].high;
    }
    return {};
  }

  // The trap `kind` in `function` at code word `at` (within the trapping instruction), with the
  // callers above `entryDepth` in its backtrace.
  [[gnu::cold, gnu::noinline]] Error trap(TrapKind kind, const FuncInstance* function,
                                          const std::uint64_t* at, std::size_t entryDepth,
                                          std::string_view detail = {}) const {
    std::vector<BacktraceFrame> frames{{function, at}};
    for (std::size_t i = stack_.depth(); i-- > entryDepth;) {
      frames.push_back({stack_.caller(i).function, stack_.caller(i).returnTo - 1});
    }
    return trapWithBacktrace(kind, detail, frames);
  }

  // The Trap a host function's `error` becomes when it was called by `function` at code word
  // `at`: the error's message with the wasm backtrace (see hostErrorWithBacktrace).
  [[gnu::cold, gnu::noinline]] Error hostTrap(const Error& error, const FuncInstance* function,
                                              const std::uint64_t* at,
                                              std::size_t entryDepth) const {
    std::vector<BacktraceFrame> frames{{function, at}};
    for (std::size_t i = stack_.depth(); i-- > entryDepth;) {
      frames.push_back({stack_.caller(i).function, stack_.caller(i).returnTo - 1});
    }
    return hostErrorWithBacktrace(error, frames);
  }

  // trap() for an out-of-bounds access of `bytes` bytes at `base` + `offset` in a memory of
  // `length` bytes.
  [[gnu::cold, gnu::noinline]] Error outOfBounds(const FuncInstance* function,
                                                 const std::uint64_t* at, std::size_t entryDepth,
                                                 std::uint64_t base, std::uint64_t offset,
                                                 std::uint64_t bytes, std::uint64_t length) const {
    return trap(TrapKind::OutOfBoundsMemoryAccess, function, at, entryDepth,
                outOfBoundsDetail(base, offset, bytes, length));
  }

  // Reports one executed instruction to the trace callback.
  [[gnu::cold, gnu::noinline]] void trace(const FuncInstance& function, std::uint64_t offset,
                                          std::uint64_t opcode) const {
    if (execution_.trace == nullptr || !*execution_.trace) return;
    std::string_view name;
    const auto& names = function.instance->code->module().names.functions;
    if (const auto found = names.find(function.index); found != names.end()) name = found->second;
    (*execution_.trace)(TraceEvent{function.index, name, static_cast<std::uint32_t>(offset),
                                   binary::opcodeName(static_cast<binary::Opcode>(opcode))});
  }

  // memory.atomic.wait on `cell` of a shared memory: blocks while `stillEqual` holds, up to
  // `timeout` nanoseconds (forever when negative): 0 woken, 1 not equal, 2 timed out. The trap
  // instead: WaitDeadlock when nothing else holds the memory (no thread could ever notify) and
  // the wait has no timeout; Interrupt when the epoch deadline passes during the wait.
  [[gnu::noinline]] std::variant<WaitResult, TrapKind>
  waitAt(detail::LinearMemory& memory, const std::uint8_t* cell,
         const std::function<bool()>& stillEqual, std::int64_t timeout) const {
    std::optional<std::chrono::nanoseconds> limit;
    if (timeout >= 0) limit = std::chrono::nanoseconds(timeout);
    if (!limit && memory.weak_from_this().use_count() <= 1 && stillEqual()) {
      return TrapKind::WaitDeadlock;
    }
    std::function<bool()> interrupted;
    if (execution_.options.epoch) {
      interrupted = [this] {
        return execution_.epoch->load(std::memory_order_relaxed) >= *execution_.epochDeadline;
      };
    }
    const WaitResult result = memory.waiters().wait(
        static_cast<std::uint64_t>(cell - memory.base()), stillEqual, limit, interrupted);
    if (result == WaitResult::TimedOut && interrupted && interrupted()) return TrapKind::Interrupt;
    return result;
  }

  // Registers a run's value stack with the store's GC heap for its duration.
  class RootsRegistration {
  public:
    RootsRegistration(GcHeap* heap, StackRoots& roots, const CallStack& calls)
        : heap_(heap), roots_(roots) {
      if (heap_ == nullptr) return;
      roots_.calls = &calls;
      roots_.thread = std::this_thread::get_id();
      heap_->registerStack(&roots_);
    }
    ~RootsRegistration() {
      if (heap_ != nullptr) heap_->unregisterStack(&roots_);
    }
    RootsRegistration(const RootsRegistration&) = delete;
    RootsRegistration& operator=(const RootsRegistration&) = delete;

  private:
    GcHeap* heap_;
    StackRoots& roots_;
  };

  // Publishes the top frame's safepoint for the collector: `function`'s frame at `fp` stopped
  // at the instruction ending at code address `site` (function null: no wasm frame on top).
  void publishTop(const FuncInstance* function, const std::uint64_t* fp,
                  const std::uint64_t* site) {
    roots_.function = function;
    roots_.fp = fp;
    roots_.site = site;
    roots_.host = nullptr;
  }
  // The heap for an allocation by `function` in the frame at `fp`, at the safepoint ending at
  // `site`.
  [[gnu::cold, gnu::noinline]] GcHeap* heapFor(const FuncInstance* function,
                                               const std::uint64_t* fp, const std::uint64_t* site) {
    publishTop(function, fp, site);
    return execution_.gc;
  }

  // Before a throw creates an exception at the safepoint ending at `site`: collects when the
  // store's exceptions are due for it.
  [[gnu::cold, gnu::noinline]] void collectForThrow(const FuncInstance* function,
                                                    const std::uint64_t* fp,
                                                    const std::uint64_t* site) {
    publishTop(function, fp, site);
    execution_.gc->collectForExceptions();
  }

  // A failed cast: the trap names the reference's type and the target.
  [[gnu::cold, gnu::noinline]] Error castFailed(const FuncInstance* function,
                                                const std::uint64_t* at, std::size_t entryDepth,
                                                std::uint64_t word,
                                                const CastTarget& target) const {
    const HeapKind hierarchy =
        target.kind == HeapKind::Concrete
            ? (target.type->kind == GcType::Kind::Func ? HeapKind::Func : HeapKind::Any)
            : binary::canonicalTopOf(HeapType(target.kind));
    std::string wanted = target.kind == HeapKind::Concrete ? canonicalTypeText(target.type->id)
                                                           : HeapType(target.kind).toString();
    return trap(TrapKind::CastFailure, function, at, entryDepth,
                ": " + describeReference(word, hierarchy) + " is not a (ref " +
                    (target.nullable ? "null " : "") + wanted + ")");
  }

  Execution execution_;
  CallStack stack_;
  StackRoots roots_;
};

// Operands of the running handler, by the names its ir.def row gives them.
#define OPERANDS(layout) using Ops = ops::layout
#define OP(field) ip[Ops::field]
#define NEXT_AFTER_OPERANDS()                                                                      \
  ip += Ops::kWords;                                                                               \
  WASMLINE_NEXT
// After a call failed: an exception it raised unwinds from the call, anything else returns.
#define CALL_FAILED()                                                                              \
  do {                                                                                             \
    if (ExceptionObject* raised = raisedBy(status)) {                                              \
      thrown = raised;                                                                             \
      goto unwind;                                                                                 \
    }                                                                                              \
    return status;                                                                                 \
  } while (false)
// After a tail call failed: its frame replaced this function's, so an exception unwinds from the
// caller's call.
#define TAIL_CALL_FAILED()                                                                         \
  do {                                                                                             \
    if (ExceptionObject* raised = raisedBy(status)) {                                              \
      thrown = raised;                                                                             \
      IpFp caller{ip, fp};                                                                         \
      const bool left = leave(r, caller.ip, caller.fp, entryDepth);                                \
      ip = caller.ip;                                                                              \
      fp = caller.fp;                                                                              \
      SYNC_MEMORY0();                                                                              \
      if (left) goto unwind;                                                                       \
      return uncaught(thrown, {});                                                                 \
    }                                                                                              \
    return status;                                                                                 \
  } while (false)

Result<void> Machine::run(FuncInstance* entry, std::uint64_t* entryFrame) {
  // Handler addresses in IrOp order (placeholders in the switch build).
  [[maybe_unused]] static const void* const kHandlers[] = {
#define IR_ANY(name, layout) WASMLINE_HANDLER_ADDRESS(name),
#include "interp/ir.def"
  };
  handlers = WASMLINE_THREADED_HANDLERS(kHandlers);
  if (entry == nullptr) return {};

  if (entry->host) {
    publishTop(nullptr, nullptr, nullptr);
    auto status = callHost(*entry, entryFrame, nullptr);
    if (!status) return hostErrorWithBacktrace(status.error(), {});
    return status;
  }
  const CompiledFunction* entryCode = entry->code->load(std::memory_order_acquire);
  if (entryCode == nullptr) {
    auto compiled = compile(*entry);
    if (!compiled) return compiled.error();
    entryCode = *compiled;
  }
  if (!stack_.fits(*entryCode, entryFrame)) {
    return Error(ErrorKind::Trap, std::string(trapMessage(TrapKind::CallStackExhausted)));
  }

  Registers r;
  r.function = entry;
  loadInstance(r);
  // Past the current instruction's opcode word; the current frame's first slot.
  WASMLINE_PINNED(const std::uint64_t*, ip, "r13") = entryCode->code.data();
  WASMLINE_PINNED(std::uint64_t*, fp, "r15") = entryFrame;
  // Memory 0's base and size for the memory-0 load and store forms: r.memoryBase and
  // r.memoryLength, copied after everything that may reload those (SYNC_MEMORY0: the call
  // protocol, memory.grow, unwinding, trace callbacks). Debug builds check that they agree.
  WASMLINE_PINNED(std::uint8_t*, memoryBase, "r14") = r.memoryBase;
  WASMLINE_PINNED(std::uint64_t, memoryLength, "r12") = r.memoryLength;
#define SYNC_MEMORY0()                                                                             \
  do {                                                                                             \
    memoryBase = r.memoryBase;                                                                     \
    memoryLength = r.memoryLength;                                                                 \
  } while (false)
#define CHECK_MEMORY0() assert(memoryBase == r.memoryBase && memoryLength == r.memoryLength)
  const std::size_t entryDepth = stack_.depth();
  Result<void> status;
  ExceptionObject* thrown = nullptr; // the exception being unwound (at `unwind`)
  // The slot value the last accumulator-setting instruction wrote (interp/ir.def): name##Acc
  // forms read their first operand here.
  WASMLINE_PINNED(std::uint64_t, acc, "rbx") = 0;

  // ip, fp and acc are explicit register variables on GCC x86-64, whose address cannot be taken:
  // the helpers below that read them are macros, and the call protocol (enter, leave, tailEnter)
  // updates copies of ip and fp (WITH_IP_FP). Everything run() calls on its hot paths is inlined.
#define FAULT(kind) trap((kind), r.function, ip - 1, entryDepth)
  // A GC allocation that did not fit the heap's limit (saying why no collection made room).
#define HEAP_EXHAUSTED()                                                                           \
  trap(TrapKind::GcHeapExhausted, r.function, ip - 1, entryDepth, GcHeap::exhaustedDetail())
  // An out-of-bounds access of `bytes` bytes at `base` + `offset` in a memory of `length` bytes.
#define OUT_OF_BOUNDS_IN(base, offset, bytes, length)                                              \
  outOfBounds(r.function, ip - 1, entryDepth, (base), (offset), (bytes), (length))
  // An address operand of a memory-0 access (memory 0 is 32-bit there), or of `memory`'s index
  // type.
#define ADDRESS(slot) static_cast<std::uint64_t>(static_cast<std::uint32_t>(fp[slot]))
#define ADDRESS_IN(memory, slot) ((memory).type().is64 ? fp[slot] : ADDRESS(slot))
  // Calls `function`(r, ip, fp, arguments...) of the call protocol, declaring `result` with what
  // it returns; ip and fp pass through a local pair and are written back after.
#define WITH_IP_FP(result, function, ...)                                                          \
  IpFp pair{ip, fp};                                                                               \
  result = function(r, pair.ip, pair.fp, __VA_ARGS__);                                             \
  ip = pair.ip;                                                                                    \
  fp = pair.fp;                                                                                    \
  SYNC_MEMORY0()
  auto memoryAt = [&](std::uint64_t index) __attribute__((always_inline))->detail::LinearMemory* {
    return r.instance->memories[index];
  };
  auto tableAt = [&](std::uint64_t index) __attribute__((always_inline))->TableInstance* {
    return r.instance->tables[index];
  };
  // The cell of an atomic access of `bytes` bytes at address `at` plus `offset`, or why there is
  // none (out of bounds, then unaligned).
  auto atomicCell = [&](detail::LinearMemory & memory, std::uint64_t at, std::uint64_t offset,
                        std::uint64_t bytes, std::uint8_t * &cell) __attribute__((always_inline))
                        ->TrapKind {
    if (!detail::inBounds(at, offset, bytes, memory.byteLength())) {
      return TrapKind::OutOfBoundsMemoryAccess;
    }
    if ((at + offset) % bytes != 0) return TrapKind::UnalignedAtomic;
    cell = memory.base() + at + offset;
    return TrapKind::None;
  };
    // The trap for an atomic access atomicCell refused.
#define ATOMIC_FAULT(kind, memory, slot, offset, bytes)                                            \
  ((kind) != TrapKind::OutOfBoundsMemoryAccess                                                     \
       ? FAULT(kind)                                                                               \
       : OUT_OF_BOUNDS_IN(ADDRESS_IN(memory, slot), (offset), (bytes), (memory).byteLength()))

  WASMLINE_DISPATCH_BEGIN
  WASMLINE_HANDLE(Unreachable) : return FAULT(TrapKind::Unreachable);
  WASMLINE_HANDLE(Copy) : {
    OPERANDS(Copy);
    fp[OP(dst)] = fp[OP(src)];
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(Copy128) : {
    OPERANDS(Copy128);
    fp[OP(dst)] = fp[OP(src)];
    fp[OP(dst) + 1] = fp[OP(src) + 1];
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(SetConst) : {
    OPERANDS(SetConst);
    fp[OP(dst)] = OP(value);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(SetConst128) : {
    OPERANDS(SetConst128);
    fp[OP(dst)] = OP(low);
    fp[OP(dst) + 1] = OP(high);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(InitFrame) : {
    OPERANDS(InitFrame);
    // Usually a few words, at least one (interp/code_buffer.cpp): a plain copy loop, no memcpy
    // call, no vectorized path.
    std::uint64_t* __restrict slot = fp + OP(first);
    const std::uint64_t* __restrict word = ip + Ops::kWords;
    const std::uint64_t* const end = word + OP(count);
    do {
      std::uint64_t value = *word++;
      asm("" : "+r"(value)); // keeps GCC from vectorizing the loop (overlap and length checks)
      *slot++ = value;
    } while (word != end);
    ip = end;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(ConsumeFuel) : {
    OPERANDS(ConsumeFuel);
    std::uint64_t& fuel = *execution_.fuel;
    if (fuel < OP(fuel)) {
      fuel = 0;
      return FAULT(TrapKind::OutOfFuel);
    }
    fuel -= OP(fuel);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(CheckEpoch) : {
    if (execution_.epoch->load(std::memory_order_relaxed) >= *execution_.epochDeadline) {
      return FAULT(TrapKind::Interrupt);
    }
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(Trace) : {
    OPERANDS(Trace);
    trace(*r.function, OP(offset), OP(opcode));
    loadMemory(r); // the callback may have grown it
    SYNC_MEMORY0();
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(Jump) : {
    OPERANDS(Jump);
    ip = target(OP(target));
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(JumpIfZero) : {
    OPERANDS(JumpIfZero);
    ip = static_cast<std::uint32_t>(fp[OP(condition)]) == 0 ? target(OP(target)) : ip + Ops::kWords;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(JumpIfNonZero) : {
    OPERANDS(JumpIfNonZero);
    ip = static_cast<std::uint32_t>(fp[OP(condition)]) != 0 ? target(OP(target)) : ip + Ops::kWords;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(JumpIfZero64) : {
    OPERANDS(JumpIfZero64);
    ip = fp[OP(condition)] == 0 ? target(OP(target)) : ip + Ops::kWords;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(JumpIfNonZero64) : {
    OPERANDS(JumpIfNonZero64);
    ip = fp[OP(condition)] != 0 ? target(OP(target)) : ip + Ops::kWords;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(JumpIfZeroAcc) : {
    OPERANDS(JumpIfZeroAcc);
    ip = static_cast<std::uint32_t>(acc) == 0 ? target(OP(target)) : ip + Ops::kWords;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(JumpIfNonZeroAcc) : {
    OPERANDS(JumpIfNonZeroAcc);
    ip = static_cast<std::uint32_t>(acc) != 0 ? target(OP(target)) : ip + Ops::kWords;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(JumpIfZero64Acc) : {
    OPERANDS(JumpIfZero64Acc);
    ip = acc == 0 ? target(OP(target)) : ip + Ops::kWords;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(JumpIfNonZero64Acc) : {
    OPERANDS(JumpIfNonZero64Acc);
    ip = acc != 0 ? target(OP(target)) : ip + Ops::kWords;
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(JumpTable) : {
    OPERANDS(JumpTable);
    const std::uint64_t index = static_cast<std::uint32_t>(fp[OP(index)]);
    const std::uint64_t count = OP(count);
    ip = target(ip[Ops::kWords + (index < count ? index : count)]);
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(JumpTableAcc) : {
    OPERANDS(JumpTableAcc);
    const std::uint64_t index = static_cast<std::uint32_t>(acc);
    const std::uint64_t count = OP(count);
    ip = target(ip[Ops::kWords + (index < count ? index : count)]);
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(Call) : {
    OPERANDS(Call);
    FuncInstance* callee = r.functions[OP(function)];
    std::uint64_t* calleeFrame = fp + OP(arguments);
    ip += Ops::kWords;
    WITH_IP_FP(const bool entered, enter, callee, calleeFrame, entryDepth, status);
    if (!entered) CALL_FAILED();
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(CallIndirect) : {
    OPERANDS(CallIndirect);
    const TableInstance* table = tableAt(OP(table));
    const std::uint64_t typeId = OP(type);
    const std::uint64_t index = tableIndex(*table, fp[OP(index)]);
    std::uint64_t* calleeFrame = fp + OP(arguments);
    ip += Ops::kWords;
    if (index >= table->elements.size()) return FAULT(TrapKind::UndefinedElement);
    auto* callee = pointerAt<FuncInstance>(table->elements[index]);
    if (callee == nullptr) return FAULT(TrapKind::UninitializedElement);
    if (callee->typeId != typeId &&
        !funcTypeMatches(callee->typeId, static_cast<std::uint32_t>(typeId))) {
      return FAULT(TrapKind::IndirectCallTypeMismatch);
    }
    WITH_IP_FP(const bool entered, enter, callee, calleeFrame, entryDepth, status);
    if (!entered) CALL_FAILED();
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(CallRef) : {
    OPERANDS(CallRef);
    auto* callee = pointerAt<FuncInstance>(fp[OP(reference)]);
    std::uint64_t* calleeFrame = fp + OP(arguments);
    ip += Ops::kWords;
    if (callee == nullptr) return FAULT(TrapKind::NullFunctionReference);
    WITH_IP_FP(const bool entered, enter, callee, calleeFrame, entryDepth, status);
    if (!entered) CALL_FAILED();
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(TailCallRef) : {
    OPERANDS(TailCallRef);
    auto* callee = pointerAt<FuncInstance>(fp[OP(reference)]);
    if (callee == nullptr) return FAULT(TrapKind::NullFunctionReference);
    WITH_IP_FP(const TailOutcome outcome, tailEnter, callee, fp + OP(arguments), OP(argumentSlots),
               entryDepth, status);
    switch (outcome) {
    case TailOutcome::Continue: break;
    case TailOutcome::Returned: return {};
    case TailOutcome::Failed: TAIL_CALL_FAILED();
    }
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(Throw) : {
    OPERANDS(Throw);
    if (execution_.gc != nullptr) collectForThrow(r.function, fp, ip + Ops::kWords);
    thrown = execution_.exceptions->create(
        r.instance->tags[OP(tag)], std::span<const std::uint64_t>(fp + OP(arguments), OP(count)));
    ip += Ops::kWords;
    goto unwind;
  }
  WASMLINE_HANDLE(ThrowRef) : {
    OPERANDS(ThrowRef);
    thrown = pointerAt<ExceptionObject>(fp[OP(src)]);
    ip += Ops::kWords;
    if (thrown == nullptr) return FAULT(TrapKind::NullExceptionReference);
    goto unwind;
  }
  WASMLINE_HANDLE(Rethrow) : {
    OPERANDS(Rethrow);
    thrown = pointerAt<ExceptionObject>(fp[OP(src)]);
    ip += Ops::kWords;
    goto unwind;
  }
  WASMLINE_HANDLE(Return) : {
    WITH_IP_FP(const bool left, leave, entryDepth);
    if (!left) return {};
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(TailCall) : {
    OPERANDS(TailCall);
    WITH_IP_FP(const TailOutcome outcome, tailEnter, r.functions[OP(function)], fp + OP(arguments),
               OP(argumentSlots), entryDepth, status);
    switch (outcome) {
    case TailOutcome::Continue: break;
    case TailOutcome::Returned: return {};
    case TailOutcome::Failed: TAIL_CALL_FAILED();
    }
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(TailCallIndirect) : {
    OPERANDS(TailCallIndirect);
    const TableInstance* table = tableAt(OP(table));
    const std::uint64_t index = tableIndex(*table, fp[OP(index)]);
    if (index >= table->elements.size()) return FAULT(TrapKind::UndefinedElement);
    auto* callee = pointerAt<FuncInstance>(table->elements[index]);
    if (callee == nullptr) return FAULT(TrapKind::UninitializedElement);
    if (callee->typeId != OP(type) &&
        !funcTypeMatches(callee->typeId, static_cast<std::uint32_t>(OP(type)))) {
      return FAULT(TrapKind::IndirectCallTypeMismatch);
    }
    WITH_IP_FP(const TailOutcome outcome, tailEnter, callee, fp + OP(arguments), OP(argumentSlots),
               entryDepth, status);
    switch (outcome) {
    case TailOutcome::Continue: break;
    case TailOutcome::Returned: return {};
    case TailOutcome::Failed: TAIL_CALL_FAILED();
    }
    WASMLINE_NEXT;
  }
  WASMLINE_HANDLE(Select) : {
    OPERANDS(Select);
    acc = static_cast<std::uint32_t>(fp[OP(condition)]) != 0 ? fp[OP(a)] : fp[OP(b)];
    fp[OP(dst)] = acc;
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(SelectAcc) : {
    OPERANDS(SelectAcc);
    acc = static_cast<std::uint32_t>(acc) != 0 ? fp[OP(a)] : fp[OP(b)];
    fp[OP(dst)] = acc;
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(Select128) : {
    OPERANDS(Select128);
    const std::uint64_t source = static_cast<std::uint32_t>(fp[OP(condition)]) != 0 ? OP(a) : OP(b);
    fp[OP(dst)] = fp[source];
    fp[OP(dst) + 1] = fp[source + 1];
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(GlobalGet) : {
    OPERANDS(GlobalGet);
    fp[OP(dst)] = r.globals[OP(global)]->value.low;
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(GlobalGet128) : {
    OPERANDS(GlobalGet128);
    const GlobalInstance* global = r.globals[OP(global)];
    fp[OP(dst)] = global->value.low;
    fp[OP(dst) + 1] = global->value.high;
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(GlobalSet) : {
    OPERANDS(GlobalSet);
    r.globals[OP(global)]->value.low = fp[OP(src)];
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(GlobalSet128) : {
    OPERANDS(GlobalSet128);
    r.globals[OP(global)]->value = RawValue{fp[OP(src)], fp[OP(src) + 1]};
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(MemorySize) : {
    OPERANDS(MemorySize);
    fp[OP(dst)] = memoryAt(OP(memory))->pages();
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(MemoryGrow) : {
    OPERANDS(MemoryGrow);
    detail::LinearMemory* memory = memoryAt(OP(memory));
    const bool is64 = memory->type().is64;
    const std::uint64_t delta = is64 ? fp[OP(delta)] : static_cast<std::uint32_t>(fp[OP(delta)]);
    const auto outcome = memory->grow(delta);
    if (outcome.ok()) {
      fp[OP(dst)] = outcome.previousPages;
    } else {
      fp[OP(dst)] = is64 ? ~std::uint64_t{0} : std::uint64_t{0xFFFFFFFF};
    }
    loadMemory(r); // memory 0 may be the same memory under another index
    SYNC_MEMORY0();
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(MemoryFill) : {
    OPERANDS(MemoryFill);
    detail::LinearMemory* memory = memoryAt(OP(memory));
    const std::uint64_t at = ADDRESS_IN(*memory, OP(destination));
    const std::uint64_t length = ADDRESS_IN(*memory, OP(length));
    if (!memory->fill(at, static_cast<std::uint8_t>(fp[OP(value)]), length)) {
      return OUT_OF_BOUNDS_IN(at, 0, length, memory->byteLength());
    }
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(MemoryCopy) : {
    OPERANDS(MemoryCopy);
    detail::LinearMemory* destination = memoryAt(OP(destinationMemory));
    detail::LinearMemory* source = memoryAt(OP(sourceMemory));
    const std::uint64_t to = ADDRESS_IN(*destination, OP(destination));
    const std::uint64_t from = ADDRESS_IN(*source, OP(source));
    // The length is i64 only when both memories are 64-bit.
    const std::uint64_t length = destination->type().is64 && source->type().is64
                                     ? fp[OP(length)]
                                     : static_cast<std::uint32_t>(fp[OP(length)]);
    if (!detail::inBounds(to, length, destination->byteLength())) {
      return OUT_OF_BOUNDS_IN(to, 0, length, destination->byteLength());
    }
    if (!detail::inBounds(from, length, source->byteLength())) {
      return OUT_OF_BOUNDS_IN(from, 0, length, source->byteLength());
    }
    if (destination == source) {
      destination->copy(to, from, length);
    } else if (length != 0) {
      std::memcpy(destination->base() + to, source->base() + from, length);
    }
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(MemoryInit) : {
    OPERANDS(MemoryInit);
    const DataInstance& segment = r.instance->data[OP(data)];
    detail::LinearMemory* memory = memoryAt(OP(memory));
    const std::uint64_t at = ADDRESS_IN(*memory, OP(destination));
    const std::uint32_t length = static_cast<std::uint32_t>(fp[OP(length)]);
    if (!memory->init(at, segment.bytes, static_cast<std::uint32_t>(fp[OP(source)]), length)) {
      return OUT_OF_BOUNDS_IN(at, 0, length, memory->byteLength());
    }
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(DataDrop) : {
    OPERANDS(DataDrop);
    r.instance->data[OP(data)].bytes = {};
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(MemoryAtomicNotify) : {
    OPERANDS(MemoryAtomicNotify);
    detail::LinearMemory* memory = memoryAt(OP(memory));
    std::uint8_t* cell = nullptr;
    if (const TrapKind kind =
            atomicCell(*memory, ADDRESS_IN(*memory, OP(address)), OP(offset), 4, cell);
        kind != TrapKind::None) {
      return ATOMIC_FAULT(kind, *memory, OP(address), OP(offset), 4);
    }
    // An unshared memory has no waiters.
    const std::uint64_t at = static_cast<std::uint64_t>(cell - memory->base());
    fp[OP(dst)] = memory->type().shared
                      ? memory->waiters().notify(at, static_cast<std::uint32_t>(fp[OP(count)]))
                      : 0;
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(MemoryAtomicWait32) : {
    OPERANDS(MemoryAtomicWait32);
    detail::LinearMemory* memory = memoryAt(OP(memory));
    std::uint8_t* cell = nullptr;
    if (const TrapKind kind =
            atomicCell(*memory, ADDRESS_IN(*memory, OP(address)), OP(offset), 4, cell);
        kind != TrapKind::None) {
      return ATOMIC_FAULT(kind, *memory, OP(address), OP(offset), 4);
    }
    if (!memory->type().shared) return FAULT(TrapKind::ExpectedSharedMemory);
    const auto expected = static_cast<std::uint32_t>(fp[OP(expected)]);
    const auto outcome = waitAt(
        *memory, cell, [&] { return detail::atomicLoadCell<std::uint32_t>(cell) == expected; },
        static_cast<std::int64_t>(fp[OP(timeout)]));
    if (const auto* kind = std::get_if<TrapKind>(&outcome)) return FAULT(*kind);
    fp[OP(dst)] = static_cast<std::uint32_t>(std::get<WaitResult>(outcome));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(MemoryAtomicWait64) : {
    OPERANDS(MemoryAtomicWait64);
    detail::LinearMemory* memory = memoryAt(OP(memory));
    std::uint8_t* cell = nullptr;
    if (const TrapKind kind =
            atomicCell(*memory, ADDRESS_IN(*memory, OP(address)), OP(offset), 8, cell);
        kind != TrapKind::None) {
      return ATOMIC_FAULT(kind, *memory, OP(address), OP(offset), 8);
    }
    if (!memory->type().shared) return FAULT(TrapKind::ExpectedSharedMemory);
    const std::uint64_t expected = fp[OP(expected)];
    const auto outcome = waitAt(
        *memory, cell, [&] { return detail::atomicLoadCell<std::uint64_t>(cell) == expected; },
        static_cast<std::int64_t>(fp[OP(timeout)]));
    if (const auto* kind = std::get_if<TrapKind>(&outcome)) return FAULT(*kind);
    fp[OP(dst)] = static_cast<std::uint32_t>(std::get<WaitResult>(outcome));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(AtomicFence) : std::atomic_thread_fence(std::memory_order_seq_cst);
  WASMLINE_NEXT;
  WASMLINE_HANDLE(TableGet) : {
    OPERANDS(TableGet);
    const TableInstance* table = tableAt(OP(table));
    const std::uint64_t index = tableIndex(*table, fp[OP(index)]);
    if (index >= table->elements.size()) return FAULT(TrapKind::OutOfBoundsTableAccess);
    fp[OP(dst)] = table->elements[index];
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(TableSet) : {
    OPERANDS(TableSet);
    TableInstance* table = tableAt(OP(table));
    const std::uint64_t index = tableIndex(*table, fp[OP(index)]);
    if (index >= table->elements.size()) return FAULT(TrapKind::OutOfBoundsTableAccess);
    table->elements[index] = fp[OP(value)];
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(TableSize) : {
    OPERANDS(TableSize);
    fp[OP(dst)] = tableAt(OP(table))->elements.size();
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(TableGrow) : {
    OPERANDS(TableGrow);
    TableInstance* table = tableAt(OP(table));
    const std::uint64_t size = table->elements.size();
    const std::uint64_t delta = tableIndex(*table, fp[OP(delta)]);
    const std::uint64_t maximum = table->type.limits.max.value_or(table->type.sizeLimit());
    if (delta > maximum - std::min(maximum, size) || size > maximum ||
        (table->budget != nullptr && !table->budget->growTable(size, size + delta))) {
      fp[OP(dst)] = indexMask(*table);
    } else {
      table->elements.resize(size + delta, fp[OP(initial)]);
      fp[OP(dst)] = size;
    }
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(TableFill) : {
    OPERANDS(TableFill);
    TableInstance* table = tableAt(OP(table));
    const std::uint64_t index = tableIndex(*table, fp[OP(index)]);
    const std::uint64_t length = tableIndex(*table, fp[OP(length)]);
    if (!detail::inBounds(index, length, table->elements.size())) {
      return FAULT(TrapKind::OutOfBoundsTableAccess);
    }
    for (std::uint64_t i = 0; i < length; ++i)
      table->elements[index + i] = fp[OP(value)];
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(TableCopy) : {
    OPERANDS(TableCopy);
    TableInstance* destination = tableAt(OP(destinationTable));
    const TableInstance* source = tableAt(OP(sourceTable));
    const std::uint64_t d = tableIndex(*destination, fp[OP(destination)]);
    const std::uint64_t s = tableIndex(*source, fp[OP(source)]);
    // The length has the smaller index type of the two.
    const std::uint64_t n = fp[OP(length)] & indexMask(*destination) & indexMask(*source);
    if (!detail::inBounds(d, n, destination->elements.size()) ||
        !detail::inBounds(s, n, source->elements.size())) {
      return FAULT(TrapKind::OutOfBoundsTableAccess);
    }
    std::memmove(destination->elements.data() + d, source->elements.data() + s,
                 n * sizeof(std::uint64_t));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(TableInit) : {
    OPERANDS(TableInit);
    TableInstance* table = tableAt(OP(table));
    const ElementInstance& segment = r.instance->elements[OP(elem)];
    const std::uint64_t d = tableIndex(*table, fp[OP(destination)]);
    const std::uint64_t s = static_cast<std::uint32_t>(fp[OP(source)]);
    const std::uint64_t n = static_cast<std::uint32_t>(fp[OP(length)]);
    if (!detail::inBounds(d, n, table->elements.size()) ||
        !detail::inBounds(s, n, segment.references.size())) {
      return FAULT(TrapKind::OutOfBoundsTableAccess);
    }
    std::copy_n(segment.references.begin() + static_cast<std::ptrdiff_t>(s), n,
                table->elements.begin() + static_cast<std::ptrdiff_t>(d));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ElemDrop) : {
    OPERANDS(ElemDrop);
    r.instance->elements[OP(elem)].references.clear();
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(RefIsNull) : {
    OPERANDS(RefIsNull);
    fp[OP(dst)] = fp[OP(src)] == 0 ? 1 : 0;
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(RefFunc) : {
    OPERANDS(RefFunc);
    fp[OP(dst)] = reinterpret_cast<std::uintptr_t>(r.functions[OP(function)]);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(RefAsNonNull) : {
    OPERANDS(RefAsNonNull);
    if (fp[OP(src)] == 0) return FAULT(TrapKind::NullReference);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(StructNew) : {
    OPERANDS(StructNew);
    GcObject* object = newStruct(heapFor(r.function, fp, ip + Ops::kWords),
                                 *pointerAt<const GcType>(OP(type)), fp + OP(arguments));
    if (object == nullptr) return HEAP_EXHAUSTED();
    fp[OP(dst)] = reinterpret_cast<std::uintptr_t>(object);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(StructNewDefault) : {
    OPERANDS(StructNewDefault);
    GcObject* object = newStruct(heapFor(r.function, fp, ip + Ops::kWords),
                                 *pointerAt<const GcType>(OP(type)), nullptr);
    if (object == nullptr) return HEAP_EXHAUSTED();
    fp[OP(dst)] = reinterpret_cast<std::uintptr_t>(object);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(StructGet) : {
    OPERANDS(StructGet);
    const std::uint64_t reference = fp[OP(object)];
    if (reference == 0) return FAULT(TrapKind::NullStructureReference);
    loadValue(reinterpret_cast<const std::uint8_t*>(objectAt(reference)->slots() + OP(field)),
              OP(storage), fp + OP(dst));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(StructSet) : {
    OPERANDS(StructSet);
    const std::uint64_t reference = fp[OP(object)];
    if (reference == 0) return FAULT(TrapKind::NullStructureReference);
    storeField(objectAt(reference)->slots() + OP(field), storageOfField(OP(storage)),
               fp + OP(value));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayNew) : {
    OPERANDS(ArrayNew);
    GcObject* object =
        newArray(heapFor(r.function, fp, ip + Ops::kWords), *pointerAt<const GcType>(OP(type)),
                 static_cast<std::uint32_t>(fp[OP(length)]), fp + OP(value));
    if (object == nullptr) return HEAP_EXHAUSTED();
    fp[OP(dst)] = reinterpret_cast<std::uintptr_t>(object);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayNewDefault) : {
    OPERANDS(ArrayNewDefault);
    GcObject* object =
        newArray(heapFor(r.function, fp, ip + Ops::kWords), *pointerAt<const GcType>(OP(type)),
                 static_cast<std::uint32_t>(fp[OP(length)]), nullptr);
    if (object == nullptr) return HEAP_EXHAUSTED();
    fp[OP(dst)] = reinterpret_cast<std::uintptr_t>(object);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayNewFixed) : {
    OPERANDS(ArrayNewFixed);
    const GcType& type = *pointerAt<const GcType>(OP(type));
    const auto count = static_cast<std::uint32_t>(OP(count));
    GcObject* object = newArray(heapFor(r.function, fp, ip + Ops::kWords), type, count, nullptr);
    if (object == nullptr) return HEAP_EXHAUSTED();
    const std::uint64_t step = type.element == Storage::V128 ? 2 : 1;
    for (std::uint32_t i = 0; i < count; ++i)
      storeValue(elementAt(object, i), type.element, fp + OP(arguments) + i * step);
    fp[OP(dst)] = reinterpret_cast<std::uintptr_t>(object);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayNewData) : {
    OPERANDS(ArrayNewData);
    const GcType& type = *pointerAt<const GcType>(OP(type));
    const std::span<const std::uint8_t> bytes = r.instance->data[OP(data)].bytes;
    const std::uint64_t offset = static_cast<std::uint32_t>(fp[OP(offset)]);
    const std::uint64_t length = static_cast<std::uint32_t>(fp[OP(length)]);
    const std::uint64_t size = length * storageBytes(type.element);
    if (!rangeWithin(offset, size, bytes.size())) {
      return FAULT(TrapKind::OutOfBoundsMemoryAccess);
    }
    GcObject* object = newArray(heapFor(r.function, fp, ip + Ops::kWords), type,
                                static_cast<std::uint32_t>(length), nullptr);
    if (object == nullptr) return HEAP_EXHAUSTED();
    if (size != 0) std::memcpy(object->data(), bytes.data() + offset, size);
    fp[OP(dst)] = reinterpret_cast<std::uintptr_t>(object);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayNewElem) : {
    OPERANDS(ArrayNewElem);
    const GcType& type = *pointerAt<const GcType>(OP(type));
    const std::uint64_t offset = static_cast<std::uint32_t>(fp[OP(offset)]);
    const std::uint64_t length = static_cast<std::uint32_t>(fp[OP(length)]);
    if (!rangeWithin(offset, length, r.instance->elements[OP(elem)].references.size())) {
      return FAULT(TrapKind::OutOfBoundsTableAccess);
    }
    GcObject* object = newArray(heapFor(r.function, fp, ip + Ops::kWords), type,
                                static_cast<std::uint32_t>(length), nullptr);
    if (object == nullptr) return HEAP_EXHAUSTED();
    const std::vector<std::uint64_t>& references = r.instance->elements[OP(elem)].references;
    if (length != 0) std::memcpy(object->data(), references.data() + offset, length * 8);
    fp[OP(dst)] = reinterpret_cast<std::uintptr_t>(object);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayGet) : {
    OPERANDS(ArrayGet);
    const std::uint64_t reference = fp[OP(object)];
    if (reference == 0) return FAULT(TrapKind::NullArrayReference);
    GcObject* object = objectAt(reference);
    const std::uint64_t index = static_cast<std::uint32_t>(fp[OP(index)]);
    if (index >= object->length) return FAULT(TrapKind::OutOfBoundsArrayAccess);
    loadValue(elementAt(object, index), OP(storage), fp + OP(dst));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArraySet) : {
    OPERANDS(ArraySet);
    const std::uint64_t reference = fp[OP(object)];
    if (reference == 0) return FAULT(TrapKind::NullArrayReference);
    GcObject* object = objectAt(reference);
    const std::uint64_t index = static_cast<std::uint32_t>(fp[OP(index)]);
    if (index >= object->length) return FAULT(TrapKind::OutOfBoundsArrayAccess);
    storeValue(elementAt(object, index), storageOfField(OP(storage)), fp + OP(value));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayLen) : {
    OPERANDS(ArrayLen);
    const std::uint64_t reference = fp[OP(object)];
    if (reference == 0) return FAULT(TrapKind::NullArrayReference);
    fp[OP(dst)] = objectAt(reference)->length;
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayFill) : {
    OPERANDS(ArrayFill);
    const std::uint64_t reference = fp[OP(object)];
    if (reference == 0) return FAULT(TrapKind::NullArrayReference);
    GcObject* object = objectAt(reference);
    const std::uint64_t index = static_cast<std::uint32_t>(fp[OP(index)]);
    const std::uint64_t length = static_cast<std::uint32_t>(fp[OP(length)]);
    if (!rangeWithin(index, length, object->length)) {
      return FAULT(TrapKind::OutOfBoundsArrayAccess);
    }
    const Storage storage = storageOfField(OP(storage));
    for (std::uint64_t i = 0; i < length; ++i)
      storeValue(elementAt(object, index + i), storage, fp + OP(value));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayCopy) : {
    OPERANDS(ArrayCopy);
    const std::uint64_t destination = fp[OP(destination)];
    const std::uint64_t source = fp[OP(source)];
    if (destination == 0 || source == 0) return FAULT(TrapKind::NullArrayReference);
    GcObject* to = objectAt(destination);
    GcObject* from = objectAt(source);
    const std::uint64_t d = static_cast<std::uint32_t>(fp[OP(destinationIndex)]);
    const std::uint64_t s = static_cast<std::uint32_t>(fp[OP(sourceIndex)]);
    const std::uint64_t n = static_cast<std::uint32_t>(fp[OP(length)]);
    if (!rangeWithin(d, n, to->length) || !rangeWithin(s, n, from->length)) {
      return FAULT(TrapKind::OutOfBoundsArrayAccess);
    }
    if (n != 0)
      std::memmove(elementAt(to, d), elementAt(from, s), n * storageBytes(to->type->element));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayInitData) : {
    OPERANDS(ArrayInitData);
    const std::uint64_t reference = fp[OP(object)];
    if (reference == 0) return FAULT(TrapKind::NullArrayReference);
    GcObject* object = objectAt(reference);
    const std::uint64_t d = static_cast<std::uint32_t>(fp[OP(index)]);
    const std::uint64_t s = static_cast<std::uint32_t>(fp[OP(offset)]);
    const std::uint64_t n = static_cast<std::uint32_t>(fp[OP(length)]);
    const std::span<const std::uint8_t> bytes = r.instance->data[OP(data)].bytes;
    const std::uint64_t size = n * storageBytes(object->type->element);
    if (!rangeWithin(d, n, object->length)) return FAULT(TrapKind::OutOfBoundsArrayAccess);
    if (!rangeWithin(s, size, bytes.size())) return FAULT(TrapKind::OutOfBoundsMemoryAccess);
    if (size != 0) std::memcpy(elementAt(object, d), bytes.data() + s, size);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(ArrayInitElem) : {
    OPERANDS(ArrayInitElem);
    const std::uint64_t reference = fp[OP(object)];
    if (reference == 0) return FAULT(TrapKind::NullArrayReference);
    GcObject* object = objectAt(reference);
    const std::uint64_t d = static_cast<std::uint32_t>(fp[OP(index)]);
    const std::uint64_t s = static_cast<std::uint32_t>(fp[OP(offset)]);
    const std::uint64_t n = static_cast<std::uint32_t>(fp[OP(length)]);
    const std::vector<std::uint64_t>& references = r.instance->elements[OP(elem)].references;
    if (!rangeWithin(d, n, object->length)) return FAULT(TrapKind::OutOfBoundsArrayAccess);
    if (!rangeWithin(s, n, references.size())) return FAULT(TrapKind::OutOfBoundsTableAccess);
    if (n != 0) std::memcpy(elementAt(object, d), references.data() + s, n * 8);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(RefI31) : {
    OPERANDS(RefI31);
    fp[OP(dst)] = makeI31(static_cast<std::uint32_t>(fp[OP(src)]));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(I31GetS) : {
    OPERANDS(I31GetS);
    const std::uint64_t reference = fp[OP(src)];
    if (reference == 0) return FAULT(TrapKind::NullI31Reference);
    fp[OP(dst)] = static_cast<std::uint32_t>(i31Signed(reference));
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(I31GetU) : {
    OPERANDS(I31GetU);
    const std::uint64_t reference = fp[OP(src)];
    if (reference == 0) return FAULT(TrapKind::NullI31Reference);
    fp[OP(dst)] = i31Unsigned(reference);
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(RefTest) : {
    OPERANDS(RefTest);
    fp[OP(dst)] = castMatches(fp[OP(src)], *pointerAt<const CastTarget>(OP(target))) ? 1 : 0;
    NEXT_AFTER_OPERANDS();
  }
  WASMLINE_HANDLE(RefCast) : {
    OPERANDS(RefCast);
    const CastTarget& target = *pointerAt<const CastTarget>(OP(target));
    if (!castMatches(fp[OP(src)], target)) {
      return castFailed(r.function, ip - 1, entryDepth, fp[OP(src)], target);
    }
    NEXT_AFTER_OPERANDS();
  }

#define IR_OP(name, fields)
#define IR_OP_TRAILING(name, fields, kind, extra)
#include "interp/handlers_atomic.h"
#include "interp/handlers_scalar.h"
#include "interp/handlers_simd.h"
#include "interp/ir.def"
unwind : {
  // `thrown` leaves the instruction before ip.
  Landing landing = findHandler(r, ip - 1, fp, entryDepth, thrown);
  if (landing.ip == nullptr) return uncaught(thrown, landing.left);
  ip = landing.ip;
  fp = landing.fp;
  SYNC_MEMORY0();
  WASMLINE_NEXT;
}
  WASMLINE_DISPATCH_END
}
#undef FAULT
#undef HEAP_EXHAUSTED
#undef OUT_OF_BOUNDS_IN
#undef ADDRESS
#undef ADDRESS_IN
#undef WITH_IP_FP
#undef ATOMIC_FAULT
#undef SYNC_MEMORY0
#undef CHECK_MEMORY0

} // namespace

Result<std::vector<RawValue>> invoke(const Execution& execution, FuncInstance& function,
                                     std::span<const RawValue> args) {
  Machine machine(execution);
  return machine.invoke(function, args);
}

const void* const* dispatchTable() {
  static const void* const* const table = [] {
    Machine machine(Execution{});
    static_cast<void>(machine.run(nullptr, nullptr));
    return Machine::handlers;
  }();
  return table;
}

} // namespace wasmline::interp
