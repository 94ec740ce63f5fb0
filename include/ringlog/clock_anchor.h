// How a record's raw timestamp (TSC ticks) maps to wall-clock time.
#pragma once

#include <climits>
#include <cstdint>

namespace ringlog {

// A (ticks, unix ns) pair taken as close together as the machine allows, plus the tick rate.
// The backend converts each record's ticks with the anchor in force (LogEvent::clock()); a binary
// log stores the anchors so a decoder converts them the same way.
struct ClockAnchor {
  std::uint64_t ticks = 0;
  std::int64_t unix_ns = 0;
  double ns_per_tick = 1.0;

  // Wall-clock ns of `ticks` by this anchor. The backend and the binary log decoder both call
  // this, so a decoded timestamp equals the live one to the nanosecond. Thread-safe, a few ns.
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

}  // namespace ringlog
