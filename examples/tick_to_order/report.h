// The demo's results: the table on stdout and the plot of the distributions.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "workload.h"

namespace demo {

// Sorts each run's latencies (in place) and prints one Markdown table: orders, p50 / p99 /
// p99.9 / max tick-to-order in µs, records stored, records dropped, and what each percentile
// gained over runs[0], the run without logging.
void print_table(std::vector<RunResult>& runs);

// Writes dir/latency.dat and dir/latency.gp and runs gnuplot on them to make dir/latency.png:
// latency against percentile, one curve per run. Call after print_table (sorted latencies).
// Returns the PNG's path, or an empty path with why set when there is no plot (no gnuplot, or
// gnuplot failed).
std::filesystem::path write_plot(const std::vector<RunResult>& runs,
                                 const std::filesystem::path& dir, std::string& why);

}  // namespace demo
