// Does ringlog::Context cost the hot path anything? One log call's latency for its caller with
// 0 and with 3 context fields open, plus, for scale, the same call with 3 kv() fields, and the
// cost of opening + closing a 3-field Context scope.
//
// Method: perf/common/case_table.h (as perf/latency), with a sink that discards.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/case_table.h"
#include "common/discard_sink.h"
#include "common/run_main.h"
#include "ringlog/ringlog.h"

namespace {

const std::string kUsage =
    std::string("usage: ringlog-perf-context [options]\n") + perf::kCaseOptionsUsage;

std::vector<perf::LatencyCase> cases(ringlog::Logger& log) {
  const double px = 101.25;
  using perf::CaseTiming;
  return {
      {"context0", "log, 0 context fields",
       [&log, px](const CaseTiming& t) {
         return perf::time_calls(
             t, [&](std::uint64_t i) { RLOG_INFO(log, "order {} px {} qty {}", i, px, 100); });
       }},
      {"context3", "log, 3 context fields",
       [&log, px](const CaseTiming& t) {
         ringlog::Context order{{"order_id", 42}, {"venue", "XNAS"}, {"account", "ACC-000042"}};
         return perf::time_calls(
             t, [&](std::uint64_t i) { RLOG_INFO(log, "order {} px {} qty {}", i, px, 100); });
       }},
      {"kv3", "log + 3 kv() fields",
       [&log, px](const CaseTiming& t) {
         return perf::time_calls(t, [&](std::uint64_t i) {
           RLOG_INFO(log, "order {} px {} qty {}", i, px, 100, ringlog::kv("order_id", 42),
                     ringlog::kv("venue", "XNAS"), ringlog::kv("account", "ACC-000042"));
         });
       }},
      {"scope3", "open+close 3-field Context",
       [](const CaseTiming& t) {
         return perf::time_calls(t, [&](std::uint64_t i) {
           ringlog::Context order{{"order_id", i}, {"venue", "XNAS"}, {"account", "ACC-000042"}};
         });
       }},
  };
}

int run(int argc, char** argv) {
  const perf::Args args(argc, argv, {"help"}, kUsage);
  if (args.has("help")) {
    std::fputs(kUsage.c_str(), stdout);
    return 0;
  }
  const perf::CaseRun run = perf::open_case_run(args, "ringlog-perf-context");
  ringlog::start({}, {std::make_shared<perf::DiscardSink>()});
  ringlog::preallocate();
  ringlog::Logger& log = ringlog::get_logger("perf-context");

  perf::run_latency_cases(
      "context", cases(log), run.timing, run.reps, run.ns_per_tick, [] { ringlog::flush(); },
      run.json);
  ringlog::stop();
  std::printf(
      "\nThe context rides in control records sent when a scope opens or closes; a log call\n"
      "inside a scope writes exactly the record it writes outside one.\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return perf::run_main("ringlog-perf-context", kUsage.c_str(), [&] { return run(argc, argv); });
}
