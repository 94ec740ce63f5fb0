// Per-call-site state of the rate-limited macros (RLOG_<LEVEL>_EVERY, _EVERY_N, _ONCE). Each
// lives in static storage at its call site and is shared by every thread that reaches it; all of
// it is lock-free, and a call that is suppressed costs a few loads and one relaxed add.
//
// Memory orders: every atomic here is relaxed. They only count and schedule calls; no other data
// is published through them, and the record that passes carries its count in its own arguments.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "ringlog/detail/timestamp.h"

namespace ringlog::detail {

// TSC ticks per nanosecond for converting rate-limit intervals; 0 until known. start() stores its
// calibration here; a rate-limited call made before any start() measures it once (2 ms).
inline std::atomic<double> g_ticks_per_ns{0.0};
[[gnu::cold]] double measure_ticks_per_ns() noexcept;

inline std::uint64_t ticks_in(std::chrono::nanoseconds interval) noexcept {
  double rate = g_ticks_per_ns.load(std::memory_order_relaxed);
  if (rate == 0.0) [[unlikely]] {
    rate = measure_ticks_per_ns();
  }
  if (interval.count() <= 0) return 0;
  return static_cast<std::uint64_t>(static_cast<double>(interval.count()) * rate);
}

// At most one call per interval passes, whichever thread makes it.
class EveryInterval {
 public:
  // True when a call at `now` may log. Then `suppressed` holds the calls suppressed since the
  // previous call that passed (they are counted exactly, also across threads: each suppressed
  // call is reported by exactly one later call that passes).
  bool admit_at(std::uint64_t now, std::uint64_t interval, std::uint64_t& suppressed) noexcept {
    std::uint64_t next = next_.load(std::memory_order_relaxed);
    if (now >= next) [[unlikely]] {
      // Keep the schedule when less than an interval late, so the rate does not drift with the
      // call pattern; restart it from now after a longer silence.
      const std::uint64_t after = now - next < interval ? next + interval : now + interval;
      if (next_.compare_exchange_strong(next, after, std::memory_order_relaxed)) {
        suppressed = suppressed_.exchange(0, std::memory_order_relaxed);
        return true;
      }
    }
    suppressed_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  bool admit(std::chrono::nanoseconds interval, std::uint64_t& suppressed) noexcept {
    return admit_at(read_ticks(), ticks_in(interval), suppressed);
  }

 private:
  std::atomic<std::uint64_t> next_{0};        // first tick at which a call may pass
  std::atomic<std::uint64_t> suppressed_{0};  // calls suppressed and not yet reported
};

// The 1st, (n+1)th, (2n+1)th ... call passes (n == 0 counts as 1).
class EveryN {
 public:
  // True when this call may log; then `suppressed` holds the calls suppressed since the
  // previous one that passed (n - 1, or 0 for the first).
  bool admit(std::uint64_t n, std::uint64_t& suppressed) noexcept {
    if (n <= 1) {
      suppressed = 0;
      return true;
    }
    const std::uint64_t index = calls_.fetch_add(1, std::memory_order_relaxed);
    if (index % n != 0) [[likely]] {
      return false;
    }
    suppressed = index == 0 ? 0 : n - 1;
    return true;
  }

 private:
  std::atomic<std::uint64_t> calls_{0};
};

// Only the first call passes.
class Once {
 public:
  bool admit() noexcept {
    if (done_.load(std::memory_order_relaxed)) [[likely]] {
      return false;
    }
    return !done_.exchange(true, std::memory_order_relaxed);
  }

 private:
  std::atomic<bool> done_{false};
};

}  // namespace ringlog::detail
