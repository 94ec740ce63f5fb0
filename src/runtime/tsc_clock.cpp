#include "runtime/tsc_clock.h"

#include <time.h>

#include <chrono>

#include "ringlog/detail/timestamp.h"

namespace ringlog::detail {

std::int64_t realtime_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

ClockAnchor sample_clock() noexcept {
  ClockAnchor best;
  std::uint64_t best_gap = ~std::uint64_t{0};
  for (int i = 0; i < 8; ++i) {
    const std::uint64_t before = read_ticks();
    const std::int64_t ns = realtime_ns();
    const std::uint64_t after = read_ticks();
    if (after - before < best_gap) {
      best_gap = after - before;
      best.ticks = before + (after - before) / 2;
      best.unix_ns = ns;
    }
  }
  return best;
}

void TscClock::calibrate(int window_ms) {
  base_ = sample_clock();
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(window_ms);
  while (std::chrono::steady_clock::now() < until) {
  }
  anchor_ = base_;
  reanchor();
}

void TscClock::reanchor() {
  ClockAnchor now = sample_clock();
  const double ticks = static_cast<double>(now.ticks - base_.ticks);
  const double ns = static_cast<double>(now.unix_ns - base_.unix_ns);
  now.ns_per_tick = ticks > 0 && ns > 0 ? ns / ticks : anchor_.ns_per_tick;
  anchor_ = now;
}

}  // namespace ringlog::detail
