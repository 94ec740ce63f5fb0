#include "common/tsc.h"

#include <time.h>
#include <x86intrin.h>

namespace perf {
namespace {

std::int64_t raw_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

double calibrate_ns_per_tick(int window_ms) {
  const std::int64_t ns0 = raw_ns();
  const std::uint64_t t0 = fenced_ticks();
  const std::int64_t end = ns0 + std::int64_t{window_ms} * 1'000'000;
  std::int64_t ns1 = ns0;
  while (ns1 < end) ns1 = raw_ns();
  const std::uint64_t t1 = fenced_ticks();
  return static_cast<double>(ns1 - ns0) / static_cast<double>(t1 - t0);
}

void spin_ticks(std::uint64_t ticks) noexcept {
  const std::uint64_t end = __rdtsc() + ticks;
  while (__rdtsc() < end) _mm_pause();
}

}  // namespace perf
