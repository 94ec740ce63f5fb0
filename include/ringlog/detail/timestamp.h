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

// The TSC read at the start of a log call, before the call's arguments are computed.
//
// On the AMD EPYC VMs we measure on, rdtsc overlaps poorly with the work ahead of it: a chain of
// ten multiplies placed before it made the pair take 8 more TSC ticks than the chain placed after
// it (of the chain's own 21), and in perf/latency's three_numbers the int-to-double conversion of
// an argument, computed before the read, cost 3-4 ns of IQM. Compilers sink argument computations
// down to the start of the block where they are first used, which is the block that holds this
// read. The empty asm goto ends that block: no instruction, but the computations then land after
// the read and overlap its latency.
[[gnu::always_inline]] inline std::uint64_t read_call_ticks() noexcept {
  const std::uint64_t ticks = read_ticks();
#if defined(__GNUC__) || defined(__clang__)
  asm goto("" : : : : block_end);
block_end:
#endif
  return ticks;
}

}  // namespace ringlog::detail
