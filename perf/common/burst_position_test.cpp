#include "common/burst_position.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

namespace {

// Two producer threads of 2010 samples each in bursts of 20: each thread's bursts start at its
// own first sample, so thread 2's first calls are not at multiples of 20 in the whole array.
constexpr std::size_t kPerThread = 2010;
constexpr int kBurst = 20;

std::vector<std::uint64_t> samples(std::uint64_t first, std::uint64_t other) {
  std::vector<std::uint64_t> v(2 * kPerThread);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = (i % kPerThread) % kBurst == 0 ? first : other;
  return v;
}

}  // namespace

TEST_CASE("the split puts each thread's burst starts in the first-call half") {
  const auto split = perf::split_by_burst_position(samples(50, 10), kPerThread, kBurst, 0, 1.0);
  REQUIRE(split.first_ns == std::vector<double>{50, 50, 50});
  REQUIRE(split.others_ns == std::vector<double>{10, 10, 10});
}

TEST_CASE("the split's percentiles are net of the timing overhead, in ns") {
  const auto split = perf::split_by_burst_position(samples(50, 10), kPerThread, kBurst, 4, 0.5);
  REQUIRE(split.first_ns == std::vector<double>{23, 23, 23});
  REQUIRE(split.others_ns == std::vector<double>{3, 3, 3});
}

TEST_CASE("the share counts the first calls among the calls slower than the p99.9") {
  auto v = samples(50, 10);
  // 4020 samples: the p99.9 is the 4016th smallest, so the 4 slowest are above it. Three are
  // first calls (index 2010 is thread 2's first), one is not.
  v[0] = 1000;
  v[40] = 1000;
  v[kPerThread] = 1000;
  v[kPerThread + 5] = 900;
  const auto split = perf::split_by_burst_position(v, kPerThread, kBurst, 0, 1.0);
  REQUIRE(split.first_share_above_p999 == Approx(0.75));
  REQUIRE(split.first_ns[2] == 1000);
  REQUIRE(split.others_ns[2] == 10);
}

TEST_CASE("no call above the p99.9 gives no share") {
  const auto split = perf::split_by_burst_position(samples(10, 10), kPerThread, kBurst, 0, 1.0);
  REQUIRE(split.first_share_above_p999 < 0);
}
