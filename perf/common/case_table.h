// A table of single-call latency cases for programs that measure ringlog alone (context,
// user types): each case times one statement the way perf/latency does, the cases take turns
// within each repetition, and the table shows medians over repetitions.
//
// Method: rdtscp+lfence on both sides of each call, minus the median cost of timing an empty
// statement the same way; 20 calls per burst, then a 100 us spinning pause so the backend
// keeps up; `warmup` untimed calls, then `samples` timed calls per case and repetition. The
// interquartile mean (IQM, net) is not quantised by the TSC step.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "common/args.h"
#include "common/tsc.h"

namespace perf {

struct CallSamples {
  std::vector<std::uint64_t> call;
  std::vector<std::uint64_t> empty;
};

struct CaseTiming {
  std::uint64_t samples;
  std::uint64_t warmup;
  std::uint64_t pause_ticks;
};

// Times `timing.samples` runs of `body(i)` (after the warm-up), each bracketed by fenced TSC
// reads, and as many empty brackets, in bursts of 20.
template <typename Body>
CallSamples time_calls(const CaseTiming& timing, Body&& body) {
  constexpr int kBurst = 20;
  for (std::uint64_t i = 0; i < timing.warmup; ++i) {
    body(i);
    if (i % kBurst == kBurst - 1) spin_ticks(timing.pause_ticks);
  }
  CallSamples s;
  s.call.reserve(timing.samples);
  s.empty.reserve(timing.samples);
  for (std::uint64_t i = 0; i < timing.samples; ++i) {
    const std::uint64_t t0 = fenced_ticks();
    body(i);
    const std::uint64_t t1 = fenced_ticks();
    s.call.push_back(t1 - t0);
    const std::uint64_t e0 = fenced_ticks();
    const std::uint64_t e1 = fenced_ticks();
    s.empty.push_back(e1 - e0);
    if (i % kBurst == kBurst - 1) spin_ticks(timing.pause_ticks);
  }
  return s;
}

struct LatencyCase {
  std::string key;   // for JSON
  std::string name;  // for the table
  std::function<CallSamples(const CaseTiming&)> run;
};

// What a case-table program is told on its command line (--samples, --warmup, --reps, --json;
// see kCaseOptionsUsage), with the TSC calibrated.
struct CaseRun {
  CaseTiming timing;
  std::uint64_t reps;
  double ns_per_tick;
  std::FILE* json;  // null without --json
  ~CaseRun();
};

inline constexpr const char* kCaseOptionsUsage =
    R"(  --samples N     timed calls per case per repetition (default 100000)
  --warmup N      untimed calls per case first (default 10000)
  --reps N        repetitions; figures are medians over them (default 5)
  --json FILE     append one JSON object per case to FILE
)";

// Reads the options, calibrates the TSC and prints "<program>: N timed calls x R reps ...".
// Throws std::runtime_error when the JSON file cannot be opened.
CaseRun open_case_run(const Args& args, const char* program);

// Runs every case `reps` times (the order rotating each repetition), calling `settle()` after
// each run (e.g. ringlog::flush()), prints the table and appends one JSON line per case, tagged
// with `program`, to `json` (may be null).
void run_latency_cases(const char* program, const std::vector<LatencyCase>& cases,
                       const CaseTiming& timing, std::uint64_t reps, double ns_per_tick,
                       const std::function<void()>& settle, std::FILE* json);

}  // namespace perf
