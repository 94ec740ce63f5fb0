// What does logging a user type cost its caller? One log call's latency for a described 4-field
// struct against the same 4 fields logged separately, a std::vector<double> of 10, and an enum
// logged by name (described) against one logged as its integer. Method: common/case_table.h.
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "common/case_table.h"
#include "common/discard_sink.h"
#include "common/order_types.h"
#include "common/run_main.h"
#include "ringlog/ringlog.h"

namespace {

const std::string kUsage =
    std::string("usage: ringlog-perf-types [options]\n") + perf::kCaseOptionsUsage;

std::vector<perf::LatencyCase> cases(ringlog::Logger& log) {
  using bench::Order;
  using bench::Side;
  using perf::CaseTiming;
  return {
      {"struct4", "described 4-field struct",
       [&log](const CaseTiming& t) {
         return perf::time_calls(t, [&](std::uint64_t i) {
           const Order o{i, Side::sell, 100, 101.25};
           RLOG_INFO(log, "order {}", o);
         });
       }},
      {"fields4", "the same 4 fields, separately",
       [&log](const CaseTiming& t) {
         return perf::time_calls(t, [&](std::uint64_t i) {
           const Order o{i, Side::sell, 100, 101.25};
           RLOG_INFO(log, "order {} {} {} {}", o.id, static_cast<std::uint8_t>(o.side), o.qty,
                     o.px);
         });
       }},
      {"vector10", "std::vector<double> of 10",
       [&log](const CaseTiming& t) {
         const std::vector<double> levels{1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5};
         return perf::time_calls(t, [&](std::uint64_t) { RLOG_INFO(log, "book {}", levels); });
       }},
      {"enum_name", "enum by name (described)",
       [&log](const CaseTiming& t) {
         return perf::time_calls(t, [&](std::uint64_t i) {
           RLOG_INFO(log, "side {}", (i & 1) != 0 ? Side::buy : Side::sell);
         });
       }},
      {"enum_int", "enum as integer (not described)",
       [&log](const CaseTiming& t) {
         return perf::time_calls(t, [&](std::uint64_t i) {
           RLOG_INFO(log, "side {}", (i & 1) != 0 ? bench::RawSide::buy : bench::RawSide::sell);
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
  const perf::CaseRun run = perf::open_case_run(args, "ringlog-perf-types");
  ringlog::start({}, {std::make_shared<perf::DiscardSink>()});
  ringlog::preallocate();
  ringlog::Logger& log = ringlog::get_logger("perf-types");
  perf::run_latency_cases(
      "types", cases(log), run.timing, run.reps, run.ns_per_tick, [] { ringlog::flush(); },
      run.json);
  ringlog::stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return perf::run_main("ringlog-perf-types", kUsage.c_str(), [&] { return run(argc, argv); });
}
