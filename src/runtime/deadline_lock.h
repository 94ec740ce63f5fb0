// A bounded wait for a mutex, visible to ThreadSanitizer.
#pragma once

#include <algorithm>
#include <chrono>
#include <thread>

namespace ringlog::detail {

// Takes `m` before `deadline`; false when the deadline passed first.
//
// Polls try_lock() with a growing pause (50 us to 2 ms) rather than a timed lock: GCC 12's
// std::timed_mutex::try_lock_until and pthread_mutex_clocklock have no ThreadSanitizer
// interceptor, so TSan never sees the lock taken and reports every later unlock as an unlock of
// an unlocked mutex. Only cold paths wait like this (stop with a timeout, fork), and a lock
// released while we pause costs at most one pause.
template <typename Mutex>
bool lock_before(Mutex& m, std::chrono::steady_clock::time_point deadline) {
  auto pause = std::chrono::microseconds{50};
  for (;;) {
    if (m.try_lock()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::microseconds{2000});
  }
}

// What is left of the wait until `deadline`, in whole milliseconds, never negative.
inline std::chrono::milliseconds left_until(std::chrono::steady_clock::time_point deadline) {
  const auto left = deadline - std::chrono::steady_clock::now();
  return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(left),
                  std::chrono::milliseconds{0});
}

}  // namespace ringlog::detail
