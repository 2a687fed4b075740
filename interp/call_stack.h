// The stacks of one call into the interpreter: the value stack (frames of 8-byte slots) and the
// array of callers' frames, both bounded by the execution limits. Allocating them costs a pair of
// mmap/munmap calls, so each thread keeps a few for later calls with the same limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "interp/ir.h"
#include "interp/objects.h"
#include "memory/virtual_region.h"

namespace wasmline::interp {

// Limits of one call into the interpreter.
struct ExecutionLimits {
  std::size_t maxCallDepth = 10000;      // nested wasm calls
  std::size_t valueStackSlots = 1 << 20; // 8-byte slots for all frames (8 MiB)
};

// A call in progress: where the caller continues.
struct CallFrame {
  FuncInstance* function;
  const std::uint64_t* returnTo;
  std::uint64_t* callerFrame;
};

class CallStack {
public:
  // Stacks for `limits`, reserved as address space and committed as they are touched; when the
  // system refuses the reservation, failure() says so and nothing may run.
  explicit CallStack(const ExecutionLimits& limits);
  ~CallStack();
  CallStack(const CallStack&) = delete;
  CallStack& operator=(const CallStack&) = delete;

  // Why the stacks could not be had (ResourceExhausted naming their size), or null.
  const Error* failure() const { return failure_ ? &*failure_ : nullptr; }
  // The bottom of the value stack: the first frame starts here.
  std::uint64_t* values() const { return values_; }
  // The number of callers on the stack.
  std::size_t depth() const { return depth_; }
  // The caller `index` frames up from the bottom.
  const CallFrame& caller(std::size_t index) const { return frames_[index]; }

  // True when a frame of `code` starting at `frame` fits the stack and one more call the depth.
  bool fits(const CompiledFunction& code, const std::uint64_t* frame) const {
    const auto used = static_cast<std::size_t>(frame - values_);
    return depth_ < limits_.maxCallDepth && used + code.stackSlots <= limits_.valueStackSlots;
  }
  void push(const CallFrame& frame) { frames_[depth_++] = frame; }
  CallFrame pop() { return frames_[--depth_]; }

private:
  ExecutionLimits limits_;
  std::optional<detail::VirtualRegion> storage_; // the value stack, then the frames
  std::optional<Error> failure_;
  std::uint64_t* values_ = nullptr;
  CallFrame* frames_ = nullptr;
  std::size_t depth_ = 0;
};

} // namespace wasmline::interp
