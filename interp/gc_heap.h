// A store's garbage-collected heap of structs and arrays: a non-moving mark-sweep collector over
// size-segregated blocks, triggered by allocation pressure and bounded by a byte limit.
//
// Roots are precise: the frames of every interpreter run inside the store, through the stack
// maps the compiler records at each safepoint (interp/stack_roots.h, interp/stack_maps.h), and
// whatever the store reports through its root callback (globals, tables, element segments, host
// handles, pinned exceptions). Inside objects the collector follows exactly the fields the types
// declare as references of the any, extern or exn hierarchy. The store's exceptions
// (interp/exception_heap.h) are traced with the objects: an exception's payload is followed by its
// tag's types, and unreachable exceptions are recycled by the same collection.
//
// Thread safety: allocation and collection take the heap's lock. A collection runs only when
// every interpreter run registered with the heap belongs to the allocating thread (the others
// would hold references in registers); otherwise it is deferred, and the heap grows up to its
// limit.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "interp/gc_types.h"
#include "interp/stack_roots.h"

namespace wasmline::interp {

class ExceptionHeap;

// Counters of a GC heap (GcHeap::stats()).
struct GcStats {
  std::uint64_t bytesInUse = 0;     // in allocated objects (cell sizes), now
  std::uint64_t liveAfterLast = 0;  // bytesInUse right after the last collection
  std::uint64_t peakBytesInUse = 0; // the most bytesInUse has been
  std::uint64_t bytesAllocated = 0; // by every allocation so far
  std::uint64_t objectsAllocated = 0;
  std::uint64_t collections = 0;
  std::uint64_t totalPauseNanos = 0;
  std::uint64_t maxPauseNanos = 0;
  std::uint64_t reservedBytes = 0; // blocks and large objects held from the system
  std::uint64_t deferred = 0;      // collections due but put off (another thread runs code)
};

class GcHeap {
public:
  // A heap that never holds more than `limitBytes` in objects.
  explicit GcHeap(std::uint64_t limitBytes);
  ~GcHeap();
  GcHeap(const GcHeap&) = delete;
  GcHeap& operator=(const GcHeap&) = delete;

  // Visits every root outside the interpreter's frames; set by the store. Reference words may
  // be anything a reference slot holds (funcrefs too: only this heap's objects are followed).
  using RootScanner = std::function<void(const RootVisitor& visit)>;
  void setRootScanner(RootScanner scanner) { scanner_ = std::move(scanner); }
  // The store's exceptions, traced and swept with the objects.
  void setExceptions(ExceptionHeap* exceptions) { exceptions_ = exceptions; }
  // With `on`, every allocation collects first (slow: tests the roots; wasmtime's "gc zeal").
  void setCollectEveryAllocation(bool on) { everyAllocation_ = on; }

  // A new zeroed object of `type` with `length` (array elements, or struct slots) and `bytes`
  // after its header; collects first when allocation pressure says so. Null when the limit
  // would be exceeded even after a collection.
  GcObject* allocate(const GcType& type, std::uint32_t length, std::uint64_t bytes);

  // Collects now (if no other thread runs code of the store).
  void collect();
  // Collects if the store's exceptions are due for it (a throw is about to create one).
  void collectForExceptions();

  void registerStack(StackRoots* roots);
  void unregisterStack(StackRoots* roots);

  // While one lives, the heap does not collect (instantiation holds values outside any root).
  class NoCollect {
  public:
    explicit NoCollect(GcHeap& heap) : heap_(heap) {
      const std::lock_guard lock(heap_.mutex_);
      ++heap_.noCollect_;
    }
    ~NoCollect() {
      const std::lock_guard lock(heap_.mutex_);
      --heap_.noCollect_;
    }
    NoCollect(const NoCollect&) = delete;
    NoCollect& operator=(const NoCollect&) = delete;

  private:
    GcHeap& heap_;
  };

  // Why this thread's last failed allocation found no room: "" when a collection ran and live
  // data fills the limit, else a parenthesized reason (another thread was running the store's
  // code, so the collection had to be deferred).
  static std::string exhaustedDetail();

  std::uint64_t limit() const { return limit_; }
  GcStats stats() const;
  // True when `word` is the address of a live object of this heap.
  bool contains(std::uint64_t word) const;

private:
  struct Block;
  struct SizeClass {
    std::uint32_t cellSize = 0;
    std::uint64_t* freeList = nullptr; // through the cells' second word
    Block* bumping = nullptr;          // the block new cells are cut from
  };

  GcObject* allocateLocked(const GcType& type, std::uint32_t length, std::uint64_t bytes);
  bool canCollect() const;
  void collectLocked();
  void mark();
  void markObject(GcObject* object);
  void markException(ExceptionObject* exception);
  void markField(std::uint64_t word);
  void traceException(const ExceptionObject& exception);
  void missingStackMap(const FuncInstance& function, const std::uint64_t* fp, std::size_t slots);
  void sweep();
  Block* newBlock(std::uint32_t sizeClass);
  static int sizeClassOf(std::uint64_t bytes);

  mutable std::mutex mutex_;
  std::uint64_t limit_;
  std::uint64_t nextCollection_;
  int noCollect_ = 0;
  RootScanner scanner_;
  ExceptionHeap* exceptions_ = nullptr;
  bool everyAllocation_ = false;
  std::vector<GcObject*> markStack_;
  std::vector<ExceptionObject*> exceptionStack_;
  std::vector<StackRoots*> stacks_;
  std::vector<SizeClass> classes_;
  std::unordered_map<std::uintptr_t, std::unique_ptr<Block>> blocks_; // by base address
  std::unordered_map<std::uintptr_t, std::uint64_t> large_;           // object -> bytes
  GcStats stats_;
};

} // namespace wasmline::interp
