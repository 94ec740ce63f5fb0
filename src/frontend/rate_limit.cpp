// The tick rate for rate-limit intervals when no start() has provided it yet.
#include <chrono>

#include "ringlog/detail/rate_limit.h"
#include "runtime/tsc_clock.h"

namespace ringlog::detail {

double measure_ticks_per_ns() noexcept {
  const ClockAnchor first = sample_clock();
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(2);
  while (std::chrono::steady_clock::now() < until) {
  }
  const ClockAnchor second = sample_clock();
  const double ticks = static_cast<double>(second.ticks - first.ticks);
  const double ns = static_cast<double>(second.unix_ns - first.unix_ns);
  const double rate = ticks > 0 && ns > 0 ? ticks / ns : 1.0;
  // Another thread (or start()) may have stored a rate meanwhile: keep the first one stored.
  double expected = 0.0;
  g_ticks_per_ns.compare_exchange_strong(expected, rate, std::memory_order_relaxed);
  return expected == 0.0 ? rate : expected;
}

}  // namespace ringlog::detail
