// What does logging cost a tick-to-order path? Runs the same trading workload without logging,
// with ringlog three ways and with spdlog async, then prints one table and plots the latencies.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <string>
#include <system_error>
#include <vector>

#include "options.h"
#include "report.h"
#include "runs.h"

namespace {

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return in ? one + " " + five + " " + fifteen : "unknown";
}

// A run counts only if it stored every record it logged and sent the same orders as the
// baseline (same seed, same quotes): otherwise its latencies are not comparable.
bool check(const demo::RunResult& r, const demo::RunResult& base) {
  bool ok = true;
  if (r.dropped != 0 || r.written != r.pipeline.logged) {
    fmt::print(stderr, "trading_demo: {}: {} records logged, {} stored, {} dropped\n", r.name,
               r.pipeline.logged, r.written, r.dropped);
    ok = false;
  }
  if (r.pipeline.tick_to_order_ns.size() != base.pipeline.tick_to_order_ns.size()) {
    fmt::print(stderr, "trading_demo: {}: {} orders, the baseline sent {}\n", r.name,
               r.pipeline.tick_to_order_ns.size(), base.pipeline.tick_to_order_ns.size());
    ok = false;
  }
  return ok;
}

// Adds one round's result to the run's total.
void merge(demo::RunResult& total, demo::RunResult&& round) {
  auto& lat = total.pipeline.tick_to_order_ns;
  const auto& more = round.pipeline.tick_to_order_ns;
  if (lat.empty()) {
    total.name = round.name;
    total.log_path = round.log_path;
  }
  lat.insert(lat.end(), more.begin(), more.end());
  total.pipeline.logged += round.pipeline.logged;
  total.written += round.written;
  total.dropped += round.dropped;
}

// The workload is cut into rounds and the ways of logging take turns within each round, so a
// burst of load from other programs on the machine falls on every way alike instead of on
// whichever happened to run at that moment.
constexpr std::uint64_t kRounds = 5;

int run(const demo::Options& o) {
  const demo::Workload& w = o.workload;
  std::filesystem::create_directories(o.out_dir);
  const std::uint64_t rounds = std::min(kRounds, w.quotes);
  fmt::print(
      "{} quotes per run at {}/s in {} rounds, seed {}; feed and strategy pinned to the "
      "first two allowed CPUs; load average {}\n",
      w.quotes, w.rate, rounds, w.seed, load_average());
  using Way = std::function<demo::RunResult(const demo::Workload&, bool fresh)>;
  std::vector<Way> ways = {
      [](const demo::Workload& rw, bool) { return demo::run_without_logging(rw); },
      [&](const demo::Workload& rw, bool fresh) {
        return demo::run_ringlog(demo::RinglogMode::text, rw, o.out_dir, fresh);
      },
      [&](const demo::Workload& rw, bool fresh) {
        return demo::run_ringlog(demo::RinglogMode::binary, rw, o.out_dir, fresh);
      },
      [&](const demo::Workload& rw, bool fresh) {
        return demo::run_ringlog(demo::RinglogMode::sync, rw, o.out_dir, fresh);
      }};
  if (demo::spdlog_available()) {
    ways.push_back([&](const demo::Workload& rw, bool fresh) {
      return demo::run_spdlog(rw, o.out_dir, fresh);
    });
  } else {
    fmt::print(
        "skipped: spdlog async (built without spdlog's headers: apt-get install "
        "libspdlog-dev, then rebuild)\n");
  }
  std::vector<demo::RunResult> runs(ways.size());
  for (std::uint64_t round = 0; round < rounds; ++round) {
    demo::Workload rw = w;
    // Every way gets the same quotes in a round; rounds differ so the total is not one
    // stretch of prices repeated.
    rw.seed = w.seed + round;
    rw.quotes = w.quotes / rounds + (round < w.quotes % rounds ? 1 : 0);
    fmt::print("round {}/{}\n", round + 1, rounds);
    std::fflush(stdout);
    for (std::size_t i = 0; i < ways.size(); ++i) merge(runs[i], ways[i](rw, round == 0));
  }
  fmt::print("\n");
  demo::print_table(runs);
  bool ok = true;
  for (const demo::RunResult& r : runs) ok = check(r, runs.front()) && ok;
  std::string why;
  const auto png = demo::write_plot(runs, o.out_dir, why);
  fmt::print("\n");
  if (png.empty()) {
    fmt::print("plot: skipped, {}\n", why);
  } else {
    fmt::print("plot: {}\n", png.string());
  }
  fmt::print("logs:");
  for (const demo::RunResult& r : runs) {
    if (!r.log_path.empty()) fmt::print(" {}", r.log_path);
  }
  fmt::print("\n");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  const auto options = demo::parse_options(argc, argv, error);
  if (!options) {
    fmt::print(stderr, "trading_demo: {}\ntry 'trading_demo --help'\n", error);
    return 2;
  }
  if (options->help) {
    fmt::print("{}", demo::usage());
    return 0;
  }
  try {
    return run(*options);
  } catch (const std::exception& e) {
    fmt::print(stderr, "trading_demo: {}\n", e.what());
    return 1;
  }
}
