// Where a latency run's tail comes from: the first call of each burst, which follows a spinning
// pause, against the calls that follow it back to back. On a shared VM the pause is when the
// core most often runs something else (an interrupt, the hypervisor, another thread), and the
// first call after it pays for what that displaced; splitting the samples shows how much of a
// logger's p99.9 is that, and how much is the call itself.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace perf {

// The percentiles reported for each half of the split, in this order.
inline constexpr std::array<double, 3> kSplitPercentiles = {50, 99, 99.9};

struct BurstSplit {
  std::vector<double> first_ns;   // kSplitPercentiles of each burst's first call, net ns
  std::vector<double> others_ns;  // the same for every other call
  // Of the calls slower than the run's own p99.9, the fraction that are first calls (1/burst if
  // position did not matter); negative when no call is slower than the p99.9.
  double first_share_above_p999 = -1;
};

// `call_ticks` in the order they were taken: `per_thread` samples per producer thread, one after
// the other, each thread's in bursts of `burst` from its first sample. Net of `overhead_ticks`.
BurstSplit split_by_burst_position(std::span<const std::uint64_t> call_ticks,
                                   std::size_t per_thread, int burst, double overhead_ticks,
                                   double ns_per_tick);

}  // namespace perf
