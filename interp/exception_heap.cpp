#include "interp/exception_heap.h"

#include <algorithm>

namespace wasmline::interp {

ExceptionObject* ExceptionHeap::create(const TagInstance* tag,
                                       std::span<const std::uint64_t> payload) {
  ExceptionObject* exception = nullptr;
  if (!free_.empty()) {
    exception = free_.back();
    free_.pop_back();
  } else {
    exception = &objects_.emplace_back();
  }
  exception->tag = tag;
  exception->payload.assign(payload.begin(), payload.end());
  exception->shared = false;
  exception->pinned = false;
  exception->marked = false;
  live_.insert(exception);
  return exception;
}

void ExceptionHeap::recycle(ExceptionObject* exception) {
  if (exception->shared || live_.erase(exception) == 0) return;
  exception->payload.clear();
  free_.push_back(exception);
}

bool ExceptionHeap::owns(const ExceptionObject* exception) const {
  return live_.contains(const_cast<ExceptionObject*>(exception));
}

void ExceptionHeap::sweep() {
  for (auto it = live_.begin(); it != live_.end();) {
    ExceptionObject* exception = *it;
    if (exception->marked || exception->pinned) {
      exception->marked = false;
      ++it;
      continue;
    }
    it = live_.erase(it);
    exception->payload.clear();
    free_.push_back(exception);
  }
  // The next collection when the live exceptions have doubled (at least kMinCollection).
  nextCollection_ = std::max(kMinCollection, 2 * live_.size());
}

} // namespace wasmline::interp
