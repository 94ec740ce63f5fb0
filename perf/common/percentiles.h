// Latency samples (TSC ticks) -> percentiles in nanoseconds.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace perf {

// The percentiles every latency table reports, in this order.
inline constexpr std::array<double, 7> kReportedPercentiles = {50, 75, 90, 99, 99.9, 99.99, 100};
inline constexpr std::array<std::string_view, 7> kReportedNames = {"p50",   "p75",    "p90", "p99",
                                                                   "p99.9", "p99.99", "max"};

// Finer grid for the percentile-curve plots (0 = min, 100 = max).
inline constexpr std::array<double, 21> kCurvePercentiles = {
    0,  10, 20, 30, 40,   50,   60,    70,    75,     80, 85,
    90, 95, 97, 99, 99.5, 99.9, 99.95, 99.99, 99.995, 100};

// Nearest-rank percentile of sorted samples.
std::uint64_t percentile(std::span<const std::uint64_t> sorted, double p) noexcept;

// Sorts `ticks` in place and returns, for each of `ps`, the percentile in ns after subtracting
// `overhead_ticks` (the cost of timing an empty call), floored at 0.
std::vector<double> net_percentiles_ns(std::vector<std::uint64_t>& ticks,
                                       std::span<const double> ps, double overhead_ticks,
                                       double ns_per_tick);

// Interquartile mean of sorted samples: the mean of those between p25 and p75. The TSC on this
// kind of CPU advances in coarse steps (about 10 ns on AMD Zen), so single-call percentiles are
// quantised to that step; calls start at random phases of it, so this mean is not.
double interquartile_mean(std::span<const std::uint64_t> sorted) noexcept;

// The smallest non-zero difference between back-to-back TSC reads (its resolution), in ticks.
std::uint64_t tsc_step_ticks() noexcept;

// Median of a few values (runs): the middle one, or the mean of the middle two.
double median(std::vector<double> values);

}  // namespace perf
