// Converts hot-path ticks (TSC) into wall-clock nanoseconds.
#pragma once

#include <cstdint>

#include "ringlog/clock_anchor.h"

namespace ringlog::detail {

// Public (ringlog/clock_anchor.h): sinks receive it with each record.
using ClockAnchor = ringlog::ClockAnchor;

class TscClock {
 public:
  // Measures the tick rate against CLOCK_REALTIME over `window_ms` of spinning. Called by
  // start(); later calls start a new baseline.
  void calibrate(int window_ms = 10);
  // Takes a fresh anchor and refines the rate over the whole time since calibrate(), so
  // accumulated drift stays small. The backend calls it about once a second.
  void reanchor();

  std::int64_t to_unix_ns(std::uint64_t ticks) const noexcept { return anchor_.to_unix_ns(ticks); }
  const ClockAnchor& anchor() const noexcept { return anchor_; }

 private:
  ClockAnchor base_;
  ClockAnchor anchor_;
};

// CLOCK_REALTIME in ns since 1970: what the ticks are calibrated against, and the timestamp of
// records from synchronous loggers.
std::int64_t realtime_ns() noexcept;

// A (ticks, unix ns) sample with the smallest gap between its two readings out of a few tries.
ClockAnchor sample_clock() noexcept;

}  // namespace ringlog::detail
