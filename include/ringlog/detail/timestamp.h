// The hot path's time source: raw TSC ticks on x86-64 (converted to wall-clock time by the
// backend, which calibrates the TSC against the system clock), nanoseconds elsewhere.
#pragma once

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#else
#include <chrono>
#endif

namespace ringlog::detail {

inline std::uint64_t read_ticks() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  // Plain rdtsc, not rdtscp: ordering against neighbouring instructions costs more than the few
  // cycles of skew it would remove, and records are only ordered to the reorder window anyway.
  return __rdtsc();
#else
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}

}  // namespace ringlog::detail
