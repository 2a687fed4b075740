// Where a store's exceptions live: created by throw (or the host), recycled when a catch takes
// the payload of one nothing else refers to, and kept for the store's lifetime otherwise (until
// the collector of the GC work reclaims unreachable ones).
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
  // Calls `visit` with every payload word of every live exception (the GC heap's roots).
  template <class Visit> void forEachPayloadWord(const Visit& visit) const {
    for (const ExceptionObject* exception : live_) {
      for (std::uint64_t word : exception->payload)
        visit(word);
    }
  }
  // Exceptions created and not recycled.
  std::size_t live() const { return live_.size(); }

private:
  std::deque<ExceptionObject> objects_; // stable addresses
  std::vector<ExceptionObject*> free_;
  std::unordered_set<const ExceptionObject*> live_;
};

} // namespace wasmline::interp
