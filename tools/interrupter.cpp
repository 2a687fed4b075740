#include "tools/interrupter.h"

#include <atomic>
#include <csignal>
#include <cstddef>

#include <unistd.h>

namespace wasmline::tools {
namespace {

// The engine the handlers interrupt, and the signal that came (0 for none).
const Engine* gEngine = nullptr; // null: the code does not check the epoch
volatile std::sig_atomic_t gSignal = 0;
struct sigaction gPreviousInt {};
struct sigaction gPreviousTerm {};

extern "C" void onSignal(int signal) {
  if (gSignal != 0) { // the second one: the code did not stop (it may be blocked in the host)
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  gSignal = signal;
  if (gEngine != nullptr) {
    gEngine->incrementEpoch(); // a lock-free atomic: async-signal-safe
    return;
  }
  // Nothing would see the epoch: say why and end (write and _exit are async-signal-safe).
  const char* message =
      signal == SIGINT ? "error: interrupted by SIGINT\n" : "error: interrupted by SIGTERM\n";
  std::size_t length = 0;
  while (message[length] != '\0')
    ++length;
  [[maybe_unused]] const ssize_t written = ::write(2, message, length);
  ::_exit(128 + signal);
}

} // namespace

Interrupter::Interrupter(const Engine& engine, std::optional<std::chrono::milliseconds> timeout)
    : timeout_(timeout) {
  static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
  gEngine = engine.config().execution.epochInterruption ? &engine : nullptr;
  gSignal = 0;
  struct sigaction action {};
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &gPreviousInt);
  sigaction(SIGTERM, &action, &gPreviousTerm);
  if (timeout_) {
    timer_ = std::thread([this, &engine] {
      std::unique_lock lock(mutex_);
      if (!stop_.wait_for(lock, *timeout_, [this] { return stopping_; })) {
        timedOut_ = true;
        engine.incrementEpoch();
      }
    });
  }
}

Interrupter::~Interrupter() {
  if (timer_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    stop_.notify_all();
    timer_.join();
  }
  sigaction(SIGINT, &gPreviousInt, nullptr);
  sigaction(SIGTERM, &gPreviousTerm, nullptr);
  gEngine = nullptr;
}

std::string Interrupter::reason() const {
  if (gSignal == SIGINT) return "SIGINT";
  if (gSignal == SIGTERM) return "SIGTERM";
  if (timedOut_) return "the timeout of " + std::to_string(timeout_->count()) + " ms";
  return "";
}

int Interrupter::exitCode() const {
  return gSignal != 0 ? 128 + gSignal : 134;
}

} // namespace wasmline::tools
