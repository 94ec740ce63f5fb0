// "Am I the backend thread?": asked by every call that would wait for the backend (flush(),
// stop(), a blocking full ring, the fork hooks), since from the backend itself it would wait for
// itself. One thread-local pointer answers it.
#pragma once

namespace ringlog::detail {

class Backend;

// The Backend whose loop runs on the calling thread, or nullptr on every other thread.
Backend* backend_on_this_thread() noexcept;
// Set by the backend's thread when its loop starts (this) and ends (nullptr).
void set_backend_on_this_thread(Backend* backend) noexcept;

inline bool is_backend_thread() noexcept {
  return backend_on_this_thread() != nullptr;
}

}  // namespace ringlog::detail
