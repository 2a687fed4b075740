// Where a store's exceptions live: created by throw (or the host), recycled when a catch takes
// the payload of one nothing else refers to, and otherwise traced by the store's collector
// (interp/gc_heap.h): exceptions no root reaches are recycled by sweep(). Pinned exceptions (the
// host may hold them) are roots and live as long as the store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <unordered_set>
#include <vector>

#include "interp/objects.h"

namespace wasmline::interp {

class ExceptionHeap {
public:
  // A new exception of `tag` carrying `payload` (slots).
  ExceptionObject* create(const TagInstance* tag, std::span<const std::uint64_t> payload);
  // Recycles `exception`, which nothing refers to any more (it must not be shared).
  void recycle(ExceptionObject* exception);
  // True when `exception` is one of this heap's live exceptions.
  bool owns(const ExceptionObject* exception) const;
  // Keeps `exception` for the store's lifetime (the host may hold it).
  static void pin(ExceptionObject* exception) {
    exception->shared = true;
    exception->pinned = true;
  }
  // Calls `visit` with every pinned exception (the collector's roots).
  template <class Visit> void forEachPinned(const Visit& visit) const {
    for (ExceptionObject* exception : live_) {
      if (exception->pinned) visit(exception);
    }
  }
  // After the collector marked the reachable exceptions: recycles the others, clears the marks.
  void sweep();
  // True when enough exceptions were created since the last sweep that a collection is due.
  bool dueForCollection() const { return live_.size() >= nextCollection_; }
  // Exceptions created and not recycled.
  std::size_t live() const { return live_.size(); }

private:
  std::deque<ExceptionObject> objects_; // stable addresses
  std::vector<ExceptionObject*> free_;
  std::unordered_set<ExceptionObject*> live_;
  std::size_t nextCollection_ = kMinCollection;
  static constexpr std::size_t kMinCollection = 4096;
};

} // namespace wasmline::interp
