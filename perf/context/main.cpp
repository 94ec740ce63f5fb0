// Does ringlog::Context cost the hot path anything? One log call's latency for its caller with
// 0 and with 3 context fields open (the question of issue 6), plus, for scale, the same call
// with 3 kv() fields, and the cost of opening + closing a 3-field Context scope.
//
// Method (as perf/latency): rdtscp+lfence on both sides of each call, minus the median cost of
// timing an empty statement the same way; 20 calls per burst, then a 100 us spinning pause so
// the backend (a sink that discards) keeps up; 10k warm-up calls; 100k timed calls per case and
// repetition; the cases take turns within each repetition; each figure is the median over
// repetitions. The interquartile mean (IQM, net) is not quantised by the TSC step.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/args.h"
#include "common/json_line.h"
#include "common/percentiles.h"
#include "common/tsc.h"
#include "ringlog/ringlog.h"

namespace {

constexpr const char* kUsage = R"(usage: ringlog-perf-context [options]
  --samples N     timed calls per case per repetition (default 100000)
  --warmup N      untimed calls per case first (default 10000)
  --reps N        repetitions; figures are medians over them (default 5)
  --json FILE     append one JSON object per case to FILE
)";

// Takes every record and throws it away: the backend's cost stays small and constant.
class DiscardSink final : public ringlog::Sink {
 public:
  void open(const ringlog::SinkContext&) override {}
  void write(const ringlog::LogEvent& e) override { records_ += e.context().size() + 1; }
  void flush() override {}

 private:
  std::uint64_t records_ = 0;
};

enum class Case { context0, context3, kv3, scope3 };
constexpr Case kCases[] = {Case::context0, Case::context3, Case::kv3, Case::scope3};

const char* name(Case c) {
  switch (c) {
    case Case::context0:
      return "log, 0 context fields";
    case Case::context3:
      return "log, 3 context fields";
    case Case::kv3:
      return "log + 3 kv() fields";
    case Case::scope3:
      return "open+close 3-field Context";
  }
  return "?";
}
const char* key(Case c) {
  switch (c) {
    case Case::context0:
      return "context0";
    case Case::context3:
      return "context3";
    case Case::kv3:
      return "kv3";
    case Case::scope3:
      return "scope3";
  }
  return "?";
}

struct Samples {
  std::vector<std::uint64_t> call;
  std::vector<std::uint64_t> empty;
};

// Times `samples` runs of `body` (after `warmup` untimed), each bracketed by fenced TSC reads,
// and as many empty brackets, in bursts.
template <typename Body>
Samples time_calls(std::uint64_t samples, std::uint64_t warmup, std::uint64_t pause_ticks,
                   Body&& body) {
  constexpr int kBurst = 20;
  for (std::uint64_t i = 0; i < warmup; ++i) {
    body(i);
    if (i % kBurst == kBurst - 1) perf::spin_ticks(pause_ticks);
  }
  Samples s;
  s.call.reserve(samples);
  s.empty.reserve(samples);
  for (std::uint64_t i = 0; i < samples; ++i) {
    const std::uint64_t t0 = perf::fenced_ticks();
    body(i);
    const std::uint64_t t1 = perf::fenced_ticks();
    s.call.push_back(t1 - t0);
    const std::uint64_t e0 = perf::fenced_ticks();
    const std::uint64_t e1 = perf::fenced_ticks();
    s.empty.push_back(e1 - e0);
    if (i % kBurst == kBurst - 1) perf::spin_ticks(pause_ticks);
  }
  return s;
}

Samples run_case(Case c, ringlog::Logger& log, std::uint64_t samples, std::uint64_t warmup,
                 std::uint64_t pause_ticks) {
  const double px = 101.25;
  switch (c) {
    case Case::context0:
      return time_calls(samples, warmup, pause_ticks, [&](std::uint64_t i) {
        RLOG_INFO(log, "order {} px {} qty {}", i, px, 100);
      });
    case Case::context3: {
      ringlog::Context order{{"order_id", 42}, {"venue", "XNAS"}, {"account", "ACC-000042"}};
      return time_calls(samples, warmup, pause_ticks, [&](std::uint64_t i) {
        RLOG_INFO(log, "order {} px {} qty {}", i, px, 100);
      });
    }
    case Case::kv3:
      return time_calls(samples, warmup, pause_ticks, [&](std::uint64_t i) {
        RLOG_INFO(log, "order {} px {} qty {}", i, px, 100, ringlog::kv("order_id", 42),
                  ringlog::kv("venue", "XNAS"), ringlog::kv("account", "ACC-000042"));
      });
    case Case::scope3:
      return time_calls(samples, warmup, pause_ticks, [&](std::uint64_t i) {
        ringlog::Context order{{"order_id", i}, {"venue", "XNAS"}, {"account", "ACC-000042"}};
      });
  }
  return {};
}

int run(int argc, char** argv) {
  const perf::Args args(argc, argv, {"help"}, kUsage);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const std::uint64_t samples = args.num("samples", 100000);
  const std::uint64_t warmup = args.num("warmup", 10000);
  const std::uint64_t reps = args.num("reps", 5);
  std::FILE* json = nullptr;
  if (args.has("json")) {
    json = std::fopen(args.str("json", "").c_str(), "a");
    if (json == nullptr) throw std::runtime_error("cannot open " + args.str("json", ""));
  }
  const double ns_per_tick = perf::calibrate_ns_per_tick();
  const auto pause_ticks = static_cast<std::uint64_t>(100'000 / ns_per_tick);
  std::printf("ringlog-perf-context: %llu timed calls x %llu reps per case; TSC step %.1f ns\n",
              static_cast<unsigned long long>(samples), static_cast<unsigned long long>(reps),
              static_cast<double>(perf::tsc_step_ticks()) * ns_per_tick);

  ringlog::start({}, {std::make_shared<DiscardSink>()});
  ringlog::preallocate();
  ringlog::Logger& log = ringlog::get_logger("perf-context");

  constexpr double kPs[] = {50, 90, 99, 99.9};
  struct Result {
    std::vector<std::vector<double>> ps;
    std::vector<double> iqm;
  };
  std::vector<Result> results(std::size(kCases));
  for (std::uint64_t rep = 0; rep < reps; ++rep) {
    for (std::size_t k = 0; k < std::size(kCases); ++k) {
      // Rotate the order each repetition, so no case always follows the same one.
      const std::size_t index = (k + rep) % std::size(kCases);
      Samples s = run_case(kCases[index], log, samples, warmup, pause_ticks);
      ringlog::flush();
      std::sort(s.empty.begin(), s.empty.end());
      const double overhead = static_cast<double>(perf::percentile(s.empty, 50));
      std::sort(s.call.begin(), s.call.end());
      results[index].ps.push_back(perf::net_percentiles_ns(s.call, kPs, overhead, ns_per_tick));
      results[index].iqm.push_back(
          (perf::interquartile_mean(s.call) - perf::interquartile_mean(s.empty)) * ns_per_tick);
    }
  }
  ringlog::stop();

  std::printf("\n%-28s %8s %8s %8s %8s %8s   (ns, net of timing; median of %llu reps)\n", "case",
              "IQM", "p50", "p90", "p99", "p99.9", static_cast<unsigned long long>(reps));
  for (std::size_t k = 0; k < std::size(kCases); ++k) {
    std::vector<double> row;
    for (std::size_t p = 0; p < std::size(kPs); ++p) {
      std::vector<double> column;
      for (const auto& r : results[k].ps) column.push_back(r[p]);
      row.push_back(perf::median(column));
    }
    const double iqm = perf::median(results[k].iqm);
    std::printf("%-28s %8.1f %8.0f %8.0f %8.0f %8.0f\n", name(kCases[k]), iqm, row[0], row[1],
                row[2], row[3]);
    perf::JsonLine line;
    line.add("program", "context").add("case", key(kCases[k])).add("iqm_ns", iqm);
    line.add("p50_ns", row[0]).add("p90_ns", row[1]).add("p99_ns", row[2]).add("p999_ns", row[3]);
    line.add("samples", samples).add("reps", reps);
    perf::emit(json, line);
  }
  std::printf(
      "\nThe context rides in control records sent when a scope opens or closes; a log call\n"
      "inside a scope writes exactly the record it writes outside one.\n");
  if (json != nullptr) std::fclose(json);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ringlog-perf-context: %s\n", e.what());
    return 2;
  }
}
