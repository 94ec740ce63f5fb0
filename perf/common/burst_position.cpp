#include "common/burst_position.h"

#include <algorithm>

#include "common/percentiles.h"

namespace perf {

BurstSplit split_by_burst_position(std::span<const std::uint64_t> call_ticks,
                                   std::size_t per_thread, int burst, double overhead_ticks,
                                   double ns_per_tick) {
  BurstSplit out;
  if (call_ticks.empty() || per_thread == 0 || burst <= 0) return out;
  const auto is_first = [&](std::size_t i) {
    return (i % per_thread) % static_cast<std::size_t>(burst) == 0;
  };
  std::vector<std::uint64_t> first, others;
  for (std::size_t i = 0; i < call_ticks.size(); ++i)
    (is_first(i) ? first : others).push_back(call_ticks[i]);
  out.first_ns = net_percentiles_ns(first, kSplitPercentiles, overhead_ticks, ns_per_tick);
  out.others_ns = net_percentiles_ns(others, kSplitPercentiles, overhead_ticks, ns_per_tick);

  std::vector<std::uint64_t> all(call_ticks.begin(), call_ticks.end());
  std::sort(all.begin(), all.end());
  const std::uint64_t p999 = percentile(all, 99.9);
  std::size_t above = 0, first_above = 0;
  for (std::size_t i = 0; i < call_ticks.size(); ++i) {
    if (call_ticks[i] <= p999) continue;
    ++above;
    if (is_first(i)) ++first_above;
  }
  if (above > 0)
    out.first_share_above_p999 = static_cast<double>(first_above) / static_cast<double>(above);
  return out;
}

}  // namespace perf
