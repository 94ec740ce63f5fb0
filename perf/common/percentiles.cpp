#include "common/percentiles.h"

#include <algorithm>
#include <cmath>

#include <x86intrin.h>

namespace perf {

std::uint64_t percentile(std::span<const std::uint64_t> sorted, double p) noexcept {
  if (sorted.empty()) return 0;
  // Nearest rank: the smallest sample with at least p% of the samples at or below it.
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

std::vector<double> net_percentiles_ns(std::vector<std::uint64_t>& ticks,
                                       std::span<const double> ps, double overhead_ticks,
                                       double ns_per_tick) {
  std::sort(ticks.begin(), ticks.end());
  std::vector<double> out;
  out.reserve(ps.size());
  for (double p : ps) {
    const double net = static_cast<double>(percentile(ticks, p)) - overhead_ticks;
    out.push_back(std::max(0.0, net) * ns_per_tick);
  }
  return out;
}

double interquartile_mean(std::span<const std::uint64_t> sorted) noexcept {
  if (sorted.empty()) return 0;
  const std::size_t lo = sorted.size() / 4,
                    hi = std::max(lo + 1, sorted.size() - sorted.size() / 4);
  double sum = 0;
  for (std::size_t i = lo; i < hi; ++i) sum += static_cast<double>(sorted[i]);
  return sum / static_cast<double>(hi - lo);
}

std::uint64_t tsc_step_ticks() noexcept {
  std::uint64_t step = ~std::uint64_t{0};
  std::uint64_t prev = __rdtsc();
  for (int i = 0; i < 100'000; ++i) {
    const std::uint64_t now = __rdtsc();
    if (now != prev && now - prev < step) step = now - prev;
    prev = now;
  }
  return step;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace perf
