// Requests that reach the backend thread without a lock, so signal handlers can make them.
#pragma once

#include <atomic>
#include <cstdint>

namespace ringlog::detail {

struct SignalRequests {
  // Flush the sinks soon (SIGINT/SIGTERM passed on to the program's own handler).
  static constexpr std::uint32_t kFlushSoon = 1u << 0;
  // Drain every ring, write the crash report, flush; then set the same bit in `done`.
  static constexpr std::uint32_t kCrashDrain = 1u << 1;

  // Bits set by requesters with a release fetch_or (what they wrote before, e.g. the crash
  // details, is visible to the backend's acquire load); the backend clears a bit once served.
  std::atomic<std::uint32_t> pending{0};
  // Bits the backend sets (release) when it has served a request that someone waits for.
  std::atomic<std::uint32_t> done{0};
};

// Signal handlers may only touch atomics that never take a lock.
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

}  // namespace ringlog::detail
