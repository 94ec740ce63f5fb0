// The TSC clock: ticks to wall-clock nanoseconds by an anchor, calibration and re-anchoring.
// The machine is shared and noisy: live checks assert relations (order, containment) and only
// bounds with wide margins, never a measured duration.
#include "runtime/tsc_clock.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "ringlog/detail/timestamp.h"

using ringlog::detail::ClockAnchor;
using ringlog::detail::read_ticks;
using ringlog::detail::realtime_ns;
using ringlog::detail::sample_clock;
using ringlog::detail::TscClock;

namespace {

constexpr std::int64_t kMs = 1'000'000;
// Far wider than any error calibration leaves over the spans below (its rate is measured over
// at least 10 ms with microsecond-close samples), yet it still catches a wrong rate or offset.
constexpr std::int64_t kGenerous = 50 * kMs;

}  // namespace

TEST_CASE("an anchor maps its own ticks to its own time and scales ticks by its rate") {
  const ClockAnchor anchor{1000, 1'700'000'000'000'000'000, 0.5};
  CHECK(anchor.to_unix_ns(1000) == 1'700'000'000'000'000'000);
  CHECK(anchor.to_unix_ns(3000) == 1'700'000'000'000'001'000);
  CHECK(anchor.to_unix_ns(1001) == 1'700'000'000'000'000'000);  // half a ns: truncated
  CHECK(anchor.to_unix_ns(0) == 1'699'999'999'999'999'500);     // ticks before the anchor
  const ClockAnchor ghz4{5'000'000'000, 1'000'000'000'000'000'000, 0.25};
  CHECK(ghz4.to_unix_ns(5'000'000'000 + 4'000'000'000) == 1'000'000'001'000'000'000);
}

TEST_CASE("ticks that wrapped past 2^64 since the anchor still count forward") {
  const ClockAnchor anchor{std::numeric_limits<std::uint64_t>::max() - 9, 5'000, 1.0};
  CHECK(anchor.to_unix_ns(10) == 5'020);
  CHECK(anchor.to_unix_ns(std::numeric_limits<std::uint64_t>::max()) == 5'009);
}

TEST_CASE("a damaged anchor clamps to the ends of time instead of overflowing") {
  const ClockAnchor huge_rate{0, 0, 1e30};
  CHECK(huge_rate.to_unix_ns(10) == INT64_MAX);
  CHECK(huge_rate.to_unix_ns(std::numeric_limits<std::uint64_t>::max()) == INT64_MIN);  // -1 tick
  const ClockAnchor nan_rate{0, 0, std::nan("")};
  CHECK(nan_rate.to_unix_ns(10) == INT64_MIN);
  // A start near the end plus a legal offset wraps (defined), it does not trap under UBSan.
  const ClockAnchor late{0, INT64_MAX - 5, 1.0};
  CHECK(late.to_unix_ns(5) == INT64_MAX);
  CHECK(late.to_unix_ns(6) == INT64_MIN);
}

TEST_CASE("a clock sample's two readings lie between readings taken around it") {
  const std::uint64_t ticks_before = read_ticks();
  const std::int64_t ns_before = realtime_ns();
  const ClockAnchor sample = sample_clock();
  const std::int64_t ns_after = realtime_ns();
  const std::uint64_t ticks_after = read_ticks();
  CHECK(sample.ticks >= ticks_before);
  CHECK(sample.ticks <= ticks_after);
  CHECK(sample.unix_ns >= ns_before);
  CHECK(sample.unix_ns <= ns_after);
}

TEST_CASE("calibration finds a positive, finite rate and converts later ticks to now") {
  TscClock clock;
  clock.calibrate(10);
  const double rate = clock.anchor().ns_per_tick;
  CHECK(std::isfinite(rate));
  CHECK(rate > 0.0);
  CHECK(rate < 1000.0);  // a tick is less than a microsecond on any machine this runs on

  const std::int64_t before = realtime_ns();
  const std::uint64_t ticks = read_ticks();
  const std::int64_t after = realtime_ns();
  const std::int64_t converted = clock.to_unix_ns(ticks);
  CHECK(converted >= before - kGenerous);
  CHECK(converted <= after + kGenerous);
}

TEST_CASE("converted ticks never go backwards") {
  TscClock clock;
  clock.calibrate(10);
  std::vector<std::uint64_t> ticks;
  for (int i = 0; i < 10000; ++i) ticks.push_back(read_ticks());
  std::int64_t previous = clock.to_unix_ns(ticks.front());
  std::size_t backwards = 0;
  for (const std::uint64_t t : ticks) {
    const std::int64_t now = clock.to_unix_ns(t);
    if (now < previous) ++backwards;
    previous = now;
  }
  CHECK(backwards == 0);
}

TEST_CASE("re-anchoring moves the anchor forward and keeps time continuous") {
  TscClock clock;
  clock.calibrate(10);
  const ClockAnchor old_anchor = clock.anchor();
  const std::uint64_t t = read_ticks();
  const std::int64_t by_old = clock.to_unix_ns(t);
  clock.reanchor();
  const ClockAnchor& now = clock.anchor();
  CHECK(now.ticks >= old_anchor.ticks);
  CHECK(now.unix_ns >= old_anchor.unix_ns);
  CHECK(now.ns_per_tick > old_anchor.ns_per_tick / 2);
  CHECK(now.ns_per_tick < old_anchor.ns_per_tick * 2);
  // The same tick, read just before the switch, lands at (nearly) the same time by either anchor:
  // no jump in the log when the backend re-anchors.
  const std::int64_t by_new = clock.to_unix_ns(t);
  CHECK(std::llabs(by_new - by_old) < kGenerous);
  CHECK(clock.to_unix_ns(now.ticks) == now.unix_ns);
}

TEST_CASE("calibrating again starts a new baseline that still tells the time") {
  TscClock clock;
  clock.calibrate(10);
  clock.calibrate(10);
  for (int i = 0; i < 3; ++i) clock.reanchor();
  const std::int64_t before = realtime_ns();
  const std::int64_t converted = clock.to_unix_ns(read_ticks());
  const std::int64_t after = realtime_ns();
  CHECK(converted >= before - kGenerous);
  CHECK(converted <= after + kGenerous);
}
