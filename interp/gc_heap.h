// A store's garbage-collected heap of structs and arrays: a non-moving mark-sweep collector over
// size-segregated blocks, triggered by allocation pressure and bounded by a byte limit.
//
// Roots: the value stacks of every interpreter run inside the store (scanned conservatively:
// a word counts when it is the address of one of this heap's live objects, so numbers never make
// anything dangle, at worst keep an object one more cycle), and whatever the store reports
// through its root callback (globals, tables, element segments, exception payloads, host
// handles). Inside objects the collector follows exactly the fields the types declare as
// references of the any or extern hierarchy.
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
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "interp/gc_types.h"

namespace wasmline::interp {

// The live part of one interpreter run's value stack: [base, top).
struct StackRoots {
  const std::uint64_t* base = nullptr;
  const std::uint64_t* top = nullptr;
  std::thread::id thread;
};

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
};

class GcHeap {
public:
  // A heap that never holds more than `limitBytes` in objects.
  explicit GcHeap(std::uint64_t limitBytes);
  ~GcHeap();
  GcHeap(const GcHeap&) = delete;
  GcHeap& operator=(const GcHeap&) = delete;

  // Visits every root word outside the value stacks; set by the store.
  using RootScanner = std::function<void(const std::function<void(std::uint64_t)>& visit)>;
  void setRootScanner(RootScanner scanner) { scanner_ = std::move(scanner); }

  // A new zeroed object of `type` with `length` (array elements, or struct slots) and `bytes`
  // after its header; collects first when allocation pressure says so. Null when the limit
  // would be exceeded even after a collection.
  GcObject* allocate(const GcType& type, std::uint32_t length, std::uint64_t bytes);

  // Collects now (if no other thread runs code of the store).
  void collect();

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
  void markWord(std::uint64_t word, std::vector<GcObject*>& stack);
  void sweep();
  Block* newBlock(std::uint32_t sizeClass);
  static int sizeClassOf(std::uint64_t bytes);

  mutable std::mutex mutex_;
  std::uint64_t limit_;
  std::uint64_t nextCollection_;
  int noCollect_ = 0;
  RootScanner scanner_;
  std::vector<StackRoots*> stacks_;
  std::vector<SizeClass> classes_;
  std::unordered_map<std::uintptr_t, std::unique_ptr<Block>> blocks_; // by base address
  std::unordered_map<std::uintptr_t, std::uint64_t> large_;           // object -> bytes
  GcStats stats_;
};

} // namespace wasmline::interp
