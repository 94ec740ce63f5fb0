// Hot-path latency: what one log call costs its caller, per peer, message shape and number of
// producer threads. Method (also printed): rdtscp+lfence on both sides of each call, minus the
// median cost of timing an empty statement the same way; calls in bursts with a spinning pause
// between bursts so every backend keeps up; warm-up calls first; several repetitions, each
// percentile reported as the median over repetitions.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "common/args.h"
#include "common/burst_position.h"
#include "common/json_line.h"
#include "common/percentiles.h"
#include "common/process.h"
#include "common/run_main.h"
#include "common/tsc.h"
#include "peers/isolated_run.h"
#include "peers/peer.h"

namespace perf {
namespace {

constexpr const char* kUsage = R"(usage: ringlog-perf-latency [options]
  --peers all|k1,k2     peers to measure (default all)
  --shapes all|k1,k2    three_numbers,string20,string40,string100,many_args,disabled
  --threads 1,2         producer thread counts (default 1,2)
  --samples N           timed calls per thread per run (default 200000)
  --warmup N            untimed calls per thread first (default 10000)
  --burst N             calls per burst (default 20)
  --pause-us N          spinning pause between bursts, microseconds (default 20)
  --reps N              repetitions; percentiles are medians over them (default 3)
  --ring-kib N          ringlog: ring KiB per producer thread (default 1024, the library's)
  --dir PATH            parent of the scratch directory for log files (default /tmp)
  --keep                keep the log files (one scratch directory per run)
  --json FILE           append one JSON object per (peer, threads, shape) to FILE
  --no-pin              do not pin producer threads to CPUs
)";

struct Key {
  std::string peer;
  int threads;
  Shape shape;
  auto operator<=>(const Key&) const = default;
};

struct Collected {
  std::vector<std::vector<double>> reported;  // per rep: kReportedPercentiles, net ns
  std::vector<std::vector<double>> curve;     // per rep: kCurvePercentiles, net ns
  std::vector<double> iqm_ns;                 // per rep: interquartile mean, net
  std::vector<double> overhead_ns;            // per rep: median cost of an empty timing
  std::vector<double> overhead_min_ns;
  std::vector<std::vector<double>> first_call;   // per rep: kSplitPercentiles, net ns
  std::vector<std::vector<double>> other_calls;  // per rep: the same
  std::vector<double> first_share;               // per rep, where any call is above the p99.9
};

std::vector<double> median_by_column(const std::vector<std::vector<double>>& rows) {
  std::vector<double> out;
  for (std::size_t c = 0; !rows.empty() && c < rows[0].size(); ++c) {
    std::vector<double> column;
    for (const auto& r : rows) column.push_back(r[c]);
    out.push_back(median(column));
  }
  return out;
}

std::string ns_cell(double ns) {
  if (ns < 10) return fmt::format("{:.1f}", ns);
  if (ns < 100'000) return fmt::format("{:.0f}", ns);
  return fmt::format("{:.0f}k", ns / 1000);
}

// The tail split by burst position (common/burst_position.h), one row per peer and cell.
void print_burst_split(const std::vector<const PeerInfo*>& peers, const std::vector<int>& threads,
                       const std::vector<Shape>& shapes, const std::map<Key, Collected>& results,
                       int burst) {
  std::printf(
      "\nWhere the tail comes from: the first call of each burst (after the pause) against the "
      "others, ns (medians over rounds); 'share' = of the calls slower than the run's p99.9, the "
      "fraction that are first calls (1/%d if the position did not matter)\n",
      burst);
  std::printf("%-16s %-3s %-14s %8s %8s %8s %8s %8s %8s %6s\n", "peer", "thr", "shape", "1st p50",
              "1st p99", "1st p99.9", "oth p50", "oth p99", "oth p99.9", "share");
  for (const PeerInfo* info : peers) {
    if (!info->in_latency) continue;
    for (int t : threads) {
      for (Shape shape : shapes) {
        const Collected& c = results.at({std::string(info->key), t, shape});
        std::printf("%-16s %-3d %-14s", std::string(info->key).c_str(), t,
                    std::string(shape_key(shape)).c_str());
        for (double v : median_by_column(c.first_call)) std::printf(" %8s", ns_cell(v).c_str());
        for (double v : median_by_column(c.other_calls)) std::printf(" %8s", ns_cell(v).c_str());
        if (c.first_share.empty()) {
          std::printf(" %6s\n", "-");
        } else {
          std::printf(" %5.0f%%\n", 100 * median(c.first_share));
        }
      }
    }
  }
}

int run(int argc, char** argv) {
  const Args args(argc, argv, {"no-pin", "help", "keep"}, kUsage);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const auto peers = select_peers(args.list("peers", "all"));
  std::vector<Shape> shapes;
  for (const std::string& s : args.list("shapes", "all")) {
    bool found = false;
    for (Shape shape : kAllShapes) {
      if (s == "all" || s == shape_key(shape)) {
        shapes.push_back(shape);
        found = true;
      }
    }
    if (!found) throw std::invalid_argument("unknown shape '" + s + "'");
  }
  std::vector<int> thread_counts;
  for (const std::string& t : args.list("threads", "1,2")) thread_counts.push_back(std::stoi(t));
  const int reps = static_cast<int>(args.num("reps", 3));
  std::FILE* json = nullptr;
  if (args.has("json")) {
    json = std::fopen(args.str("json", "").c_str(), "a");
    if (json == nullptr) throw std::runtime_error("cannot open " + args.str("json", ""));
  }

  const double ns_per_tick = calibrate_ns_per_tick();
  LatencyPlan base;
  base.samples_per_thread = args.num("samples", 200'000);
  base.warmup_per_thread = args.num("warmup", 10'000);
  base.burst = static_cast<int>(args.num("burst", 20));
  base.pause_ticks = static_cast<std::uint64_t>(static_cast<double>(args.num("pause-us", 20)) *
                                                1000.0 / ns_per_tick);
  base.pin_threads = !args.has("no-pin");
  const int cpus = usable_cpus();

  std::printf("Hot-path latency, ns per call (net of the timing cost), TSC at %.4f GHz\n",
              1.0 / ns_per_tick);
  std::printf("This machine has %d usable CPU core(s)%s.\n", cpus,
              cpus <= 2 ? ": with 2 producer threads the producers and each peer's backend "
                          "thread share them, which shows in the tails"
                        : "");
  const std::uint64_t step = tsc_step_ticks();
  std::printf("TSC resolution: %llu ticks = %.1f ns; single-call percentiles are multiples of it\n",
              static_cast<unsigned long long>(step), static_cast<double>(step) * ns_per_tick);
  std::printf(
      "%zu samples/thread/run, bursts of %d with %llu us spinning pauses, %d rep(s), "
      "producers %s\n",
      base.samples_per_thread, base.burst,
      static_cast<unsigned long long>(args.num("pause-us", 20)), reps,
      base.pin_threads ? "pinned to the last CPUs" : "not pinned");
  for (auto s : skipped_peers()) std::printf("note: %.*s\n", static_cast<int>(s.size()), s.data());
  std::fflush(stdout);

  std::map<Key, Collected> results;
  for (int rep = 0; rep < reps; ++rep) {
    for (int threads : thread_counts) {
      for (Shape shape : shapes) {
        // Rotate the peer order each repetition so no peer always runs first or last.
        for (std::size_t k = 0; k < peers.size(); ++k) {
          const PeerInfo& info = *peers[(k + static_cast<std::size_t>(rep)) % peers.size()];
          if (!info.in_latency) continue;
          LatencyPlan plan = base;
          plan.shape = shape;
          plan.threads = threads;
          ScratchDir dir(args.str("dir", "/tmp"), "ringlog-perf-latency-", args.has("keep"));
          PeerSetup setup;
          setup.dir = dir.path();
          setup.ring_bytes = args.num("ring-kib", setup.ring_bytes / 1024) * 1024;
          // Each run in a fresh process: see peers/isolated_run.h.
          LatencySamples samples =
              latency_in_child(info, plan, setup,
                               fmt::format("{}, round {}, {} thread(s), {}", info.key, rep + 1,
                                           threads, shape_key(shape)));
          std::sort(samples.empty_ticks.begin(), samples.empty_ticks.end());
          const double overhead = static_cast<double>(percentile(samples.empty_ticks, 50));
          Collected& c = results[{std::string(info.key), threads, shape}];
          // Before the sort below: the split needs the samples in the order they were taken.
          const BurstSplit split = split_by_burst_position(
              samples.call_ticks, plan.samples_per_thread, plan.burst, overhead, ns_per_tick);
          c.first_call.push_back(split.first_ns);
          c.other_calls.push_back(split.others_ns);
          if (split.first_share_above_p999 >= 0)
            c.first_share.push_back(split.first_share_above_p999);
          c.overhead_ns.push_back(overhead * ns_per_tick);
          c.overhead_min_ns.push_back(static_cast<double>(samples.empty_ticks.front()) *
                                      ns_per_tick);
          c.reported.push_back(
              net_percentiles_ns(samples.call_ticks, kReportedPercentiles, overhead, ns_per_tick));
          // call_ticks is sorted now.
          c.iqm_ns.push_back(
              (interquartile_mean(samples.call_ticks) - interquartile_mean(samples.empty_ticks)) *
              ns_per_tick);
          c.curve.push_back(
              net_percentiles_ns(samples.call_ticks, kCurvePercentiles, overhead, ns_per_tick));
        }
        std::fprintf(stderr, "  rep %d/%d, %d thread(s), %s: done\n", rep + 1, reps, threads,
                     std::string(shape_key(shape)).c_str());
      }
    }
  }

  // One table per peer: rows = threads x shape, ratio columns against ringlog async.
  for (const PeerInfo* info : peers) {
    if (!info->in_latency) continue;
    std::printf("\n%s\n", std::string(info->name).c_str());
    std::printf("%-3s %-14s", "thr", "shape");
    for (auto n : kReportedNames) std::printf(" %8.*s", static_cast<int>(n.size()), n.data());
    std::printf(" %6s %9s %9s %7s\n", "iqm", "p50/ours", "p99.9/ours", "timing");
    for (int threads : thread_counts) {
      for (Shape shape : shapes) {
        const Collected& c = results.at({std::string(info->key), threads, shape});
        const auto med = median_by_column(c.reported);
        const auto curve = median_by_column(c.curve);
        std::printf("%-3d %-14s", threads, std::string(shape_key(shape)).c_str());
        for (double v : med) std::printf(" %8s", ns_cell(v).c_str());
        const double iqm = median(c.iqm_ns);
        std::printf(" %6.1f", iqm);
        double r50 = 0, r999 = 0;
        auto ours = results.find({"ringlog_async", threads, shape});
        if (ours != results.end()) {
          const auto o = median_by_column(ours->second.reported);
          r50 = o[0] > 0 ? med[0] / o[0] : 0;
          r999 = o[4] > 0 ? med[4] / o[4] : 0;
        }
        std::printf(" %8.1fx %8.1fx %7.1f\n", r50, r999, median(c.overhead_ns));
        std::vector<double> p50_runs, p999_runs;
        for (const auto& r : c.reported) {
          p50_runs.push_back(r[0]);
          p999_runs.push_back(r[4]);
        }
        JsonLine line;
        line.add("kind", "latency").add("peer", info->key).add("peer_name", info->name);
        line.add("threads", threads)
            .add("shape", shape_key(shape))
            .add("shape_label", shape_label(shape));
        line.add("reps", reps)
            .add("samples_per_thread", static_cast<std::uint64_t>(base.samples_per_thread));
        line.add("percentiles", std::span<const double>(kReportedPercentiles)).add("ns", med);
        line.add("curve_percentiles", std::span<const double>(kCurvePercentiles))
            .add("curve_ns", curve);
        line.add("p50_per_rep", p50_runs).add("p999_per_rep", p999_runs);
        line.add("iqm_ns", iqm).add("iqm_ns_per_rep", c.iqm_ns);
        line.add("timing_overhead_ns", median(c.overhead_ns));
        line.add("timing_overhead_min_ns", median(c.overhead_min_ns));
        line.add("ratio_p50_to_ringlog", r50).add("ratio_p999_to_ringlog", r999);
        line.add("split_percentiles", std::span<const double>(kSplitPercentiles))
            .add("first_call_ns", median_by_column(c.first_call))
            .add("other_calls_ns", median_by_column(c.other_calls));
        if (!c.first_share.empty()) line.add("first_call_share_above_p999", median(c.first_share));
        line.add("tsc_step_ns", static_cast<double>(step) * ns_per_tick);
        line.add("cpus", cpus).add("ghz", 1.0 / ns_per_tick).add("burst", base.burst);
        line.add("pause_us", args.num("pause-us", 20)).add("pinned", base.pin_threads);
        emit(json, line);
      }
    }
  }
  print_burst_split(peers, thread_counts, shapes, results, base.burst);
  std::printf(
      "\n'iqm' = interquartile mean (mean of the samples between p25 and p75) minus the same "
      "for the empty timing: not quantised by the TSC step.");
  std::printf(
      "\n'timing' = median cost of the rdtscp pair around an empty statement (ns), already "
      "subtracted. Ratios: this peer's percentile / ringlog async's (same run).\n");
  if (json != nullptr) std::fclose(json);
  return 0;
}

}  // namespace
}  // namespace perf

int main(int argc, char** argv) {
  return perf::run_main("ringlog-perf-latency", perf::kUsage,
                        [&] { return perf::run(argc, argv); });
}
