// Parking the backend across fork(), so the child inherits no half-written sink buffer and no
// lock held by it (process/fork_handler.cpp).
#include "backend/backend.h"

namespace ringlog::detail {

bool Backend::pause(std::chrono::milliseconds timeout) {
  std::unique_lock lock(control_mutex_);
  if (!thread_.joinable() || finished_ || stop_requested_) return false;
  pause_requested_ = true;
  rt_.bell.ring();
  if (state_changed_.wait_for(lock, timeout, [this] { return paused_; })) return true;
  // Withdrawn under the lock: the backend either parked already (seen above) or never will.
  pause_requested_ = false;
  return false;
}

void Backend::resume() {
  {
    std::lock_guard lock(control_mutex_);
    pause_requested_ = false;
  }
  wake_.notify_one();
}

void Backend::park_for_fork() {
  {
    // Empty sink buffers, so the child does not inherit (and write again) our buffered lines.
    const auto lock = dispatch_.lock();
    dispatch_.flush();
  }
  std::unique_lock lock(control_mutex_);
  if (!pause_requested_) return;  // the requester gave up waiting
  paused_ = true;
  state_changed_.notify_all();
  wake_.wait(lock, [this] { return !pause_requested_; });
  paused_ = false;
}

}  // namespace ringlog::detail
