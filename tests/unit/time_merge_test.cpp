// The backend's time-ordered merge (src/backend/time_merge.h).
#include "backend/time_merge.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <deque>
#include <random>
#include <utility>
#include <vector>

using ringlog::detail::TimeMerge;

namespace {

// Merges `rings` (each a list of timestamps, in order) the way the backend does: pop the
// earliest ring, stay on it while goes_first() says so. Returns (ring, ticks) in merge order.
std::vector<std::pair<std::size_t, std::uint64_t>> merge_all(
    std::vector<std::deque<std::uint64_t>> rings) {
  TimeMerge merge;
  for (std::size_t i = 0; i < rings.size(); ++i) {
    if (!rings[i].empty()) merge.push({rings[i].front(), i});
  }
  std::vector<std::pair<std::size_t, std::uint64_t>> out;
  while (!merge.empty()) {
    TimeMerge::Front front = merge.pop();
    for (;;) {
      auto& ring = rings[front.ring];
      out.emplace_back(front.ring, ring.front());
      ring.pop_front();
      if (ring.empty()) break;
      front.ticks = ring.front();
      if (merge.goes_first(front)) continue;
      merge.push(front);
      break;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("merge yields every record in timestamp order", "[time_merge]") {
  const auto out = merge_all({{1, 4, 9}, {2, 3, 10}, {5, 6, 7, 8}});
  std::vector<std::uint64_t> ticks;
  for (const auto& [ring, t] : out) ticks.push_back(t);
  CHECK(ticks == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
}

TEST_CASE("equal timestamps come out by ring index, each ring in its own order", "[time_merge]") {
  const auto out = merge_all({{5, 5}, {3, 5}, {5}});
  const std::vector<std::pair<std::size_t, std::uint64_t>> expected{
      {1, 3}, {0, 5}, {0, 5}, {1, 5}, {2, 5}};
  CHECK(out == expected);
}

TEST_CASE("a ring whose next record ties with a lower-indexed ring yields to it", "[time_merge]") {
  TimeMerge merge;
  merge.push({7, 0});
  CHECK_FALSE(merge.goes_first({7, 1}));  // same time, later ring: ring 0 first
  CHECK(merge.goes_first({6, 1}));        // earlier time goes first whatever the index
  merge.clear();
  CHECK(merge.empty());
  CHECK(merge.goes_first({100, 5}));  // nothing queued
}

TEST_CASE("random rings merge into a sorted stream that keeps each ring's order", "[time_merge]") {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::deque<std::uint64_t>> rings(1 + rng() % 8);
    std::size_t total = 0;
    for (auto& ring : rings) {
      std::uint64_t t = rng() % 4;
      const std::size_t n = rng() % 40;
      for (std::size_t i = 0; i < n; ++i) ring.push_back(t += rng() % 3);  // ties are common
      total += n;
    }
    const auto out = merge_all(rings);
    REQUIRE(out.size() == total);
    std::vector<std::size_t> next(rings.size(), 0);
    for (std::size_t i = 0; i < out.size(); ++i) {
      const auto [ring, t] = out[i];
      REQUIRE(t == rings[ring][next[ring]++]);  // each ring's records in its own order
      if (i > 0) {
        const auto [prev_ring, prev_t] = out[i - 1];
        REQUIRE(prev_t <= t);
        if (prev_t == t) REQUIRE(prev_ring <= ring);  // ties by ring index
      }
    }
  }
}
