// Converts hot-path ticks (TSC) into wall-clock nanoseconds.
#pragma once

#include <climits>
#include <cstdint>

namespace ringlog::detail {

// A (ticks, unix ns) pair taken as close together as the machine allows, plus the rate.
struct ClockAnchor {
  std::uint64_t ticks = 0;
  std::int64_t unix_ns = 0;
  double ns_per_tick = 1.0;

  // Wall-clock ns of `ticks` by this anchor. The backend and the binary log decoder both call
  // this, so a decoded timestamp equals the live one to the nanosecond.
  std::int64_t to_unix_ns(std::uint64_t ticks) const noexcept {
    const auto delta = static_cast<std::int64_t>(ticks - this->ticks);
    const double offset = static_cast<double>(delta) * ns_per_tick;
    // Only an anchor read from a damaged binary log gets here (or NaN): clamped, never UB.
    constexpr double kLimit = 9.0e18;
    if (!(offset > -kLimit && offset < kLimit)) [[unlikely]] {
      return offset > 0 ? INT64_MAX : INT64_MIN;
    }
    // Wrapping addition: a damaged unix_ns plus an offset must not be signed overflow.
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(unix_ns) +
                                     static_cast<std::uint64_t>(static_cast<std::int64_t>(offset)));
  }
};

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
