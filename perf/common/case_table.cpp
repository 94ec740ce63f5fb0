#include "common/case_table.h"

#include <algorithm>
#include <stdexcept>

#include "common/json_line.h"
#include "common/percentiles.h"

namespace perf {

CaseRun::~CaseRun() {
  if (json != nullptr) std::fclose(json);
}

CaseRun open_case_run(const Args& args, const char* program) {
  CaseRun run{{args.num("samples", 100000), args.num("warmup", 10000), 0},
              args.num("reps", 5),
              calibrate_ns_per_tick(),
              nullptr};
  run.timing.pause_ticks = static_cast<std::uint64_t>(100'000 / run.ns_per_tick);
  if (args.has("json")) {
    run.json = std::fopen(args.str("json", "").c_str(), "a");
    if (run.json == nullptr) throw std::runtime_error("cannot open " + args.str("json", ""));
  }
  std::printf("%s: %llu timed calls x %llu reps per case; TSC step %.1f ns\n", program,
              static_cast<unsigned long long>(run.timing.samples),
              static_cast<unsigned long long>(run.reps),
              static_cast<double>(tsc_step_ticks()) * run.ns_per_tick);
  return run;
}

void run_latency_cases(const char* program, const std::vector<LatencyCase>& cases,
                       const CaseTiming& timing, std::uint64_t reps, double ns_per_tick,
                       const std::function<void()>& settle, std::FILE* json) {
  constexpr double kPs[] = {50, 90, 99, 99.9};
  struct Result {
    std::vector<std::vector<double>> ps;
    std::vector<double> iqm;
  };
  std::vector<Result> results(cases.size());
  for (std::uint64_t rep = 0; rep < reps; ++rep) {
    for (std::size_t k = 0; k < cases.size(); ++k) {
      // Rotate the order each repetition, so no case always follows the same one.
      const std::size_t index = (k + rep) % cases.size();
      CallSamples s = cases[index].run(timing);
      settle();
      std::sort(s.empty.begin(), s.empty.end());
      const double overhead = static_cast<double>(percentile(s.empty, 50));
      std::sort(s.call.begin(), s.call.end());
      results[index].ps.push_back(net_percentiles_ns(s.call, kPs, overhead, ns_per_tick));
      results[index].iqm.push_back((interquartile_mean(s.call) - interquartile_mean(s.empty)) *
                                   ns_per_tick);
    }
  }
  std::printf("\n%-34s %8s %8s %8s %8s %8s   (ns, net of timing; median of %llu reps)\n", "case",
              "IQM", "p50", "p90", "p99", "p99.9", static_cast<unsigned long long>(reps));
  for (std::size_t k = 0; k < cases.size(); ++k) {
    std::vector<double> row;
    for (std::size_t p = 0; p < std::size(kPs); ++p) {
      std::vector<double> column;
      for (const auto& r : results[k].ps) column.push_back(r[p]);
      row.push_back(median(column));
    }
    const double iqm = median(results[k].iqm);
    std::printf("%-34s %8.1f %8.0f %8.0f %8.0f %8.0f\n", cases[k].name.c_str(), iqm, row[0], row[1],
                row[2], row[3]);
    JsonLine line;
    line.add("program", program).add("case", cases[k].key).add("iqm_ns", iqm);
    line.add("p50_ns", row[0]).add("p90_ns", row[1]).add("p99_ns", row[2]).add("p999_ns", row[3]);
    line.add("samples", timing.samples).add("reps", reps);
    emit(json, line);
  }
}

}  // namespace perf
