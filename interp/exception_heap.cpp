#include "interp/exception_heap.h"

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
  live_.insert(exception);
  return exception;
}

void ExceptionHeap::recycle(ExceptionObject* exception) {
  if (exception->shared || live_.erase(exception) == 0) return;
  exception->payload.clear();
  free_.push_back(exception);
}

bool ExceptionHeap::owns(const ExceptionObject* exception) const {
  return live_.contains(exception);
}

} // namespace wasmline::interp
