// Cycle-accurate timing of one call: rdtscp fenced on both sides, and the TSC's rate.
#pragma once

#include <cstdint>

namespace perf {

// Reads the TSC once every earlier instruction has executed (rdtscp), and keeps every later
// instruction from starting before the read (lfence). Used on both sides of the timed call, so
// the call's own work cannot leak out of the window and nothing outside can leak in. The
// "memory" clobber keeps the compiler from moving loads and stores across it.
inline std::uint64_t fenced_ticks() noexcept {
#if defined(__x86_64__)
  std::uint32_t lo, hi;
  asm volatile("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi) : : "rcx", "memory");
  return (std::uint64_t{hi} << 32) | lo;
#else
#error "the perf harness times calls with rdtscp: x86-64 only"
#endif
}

// Nanoseconds per TSC tick, measured against CLOCK_MONOTONIC_RAW over `window_ms`.
double calibrate_ns_per_tick(int window_ms = 200);

// Spins (no system call) for `ticks` TSC ticks.
void spin_ticks(std::uint64_t ticks) noexcept;

}  // namespace perf
