// Overload: what a caller sees when it logs faster than the backend can write.
//  * burst: one thread logs a burst many times larger than its ring, with the block and the
//    drop policy: per-call latency, the burst's duration, records dropped (exact: checked
//    against the file), peak RSS.
//  * sustained: one thread logs flat out for a few seconds while the process's RSS is sampled,
//    to show memory stays bounded (the rings are fixed-size; nothing grows under pressure).
// Each case runs in its own forked process so its peak RSS is its own.
#include <ringlog/ringlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/args.h"
#include "common/json_line.h"
#include "common/percentiles.h"
#include "common/process.h"
#include "common/run_main.h"
#include "common/tsc.h"

namespace perf {
namespace {

constexpr const char* kUsage = R"(usage: ringlog-perf-overload [options]
  --ring-kib N          ring size per thread, KiB (default 64)
  --burst N             records in the burst (default 500000)
  --seconds S           duration of the sustained overload, ms (default 2000)
  --sample-ms N         RSS sampling period in the sustained case (default 20)
  --dir PATH            parent of the scratch directory (default /tmp)
  --json FILE           append one JSON object per case to FILE
)";

struct Options {
  std::size_t ring_bytes;
  std::uint64_t burst;
  std::uint64_t sustained_ms;
  std::uint64_t sample_ms;
  std::string dir;
  std::FILE* json;
  double ns_per_tick;
  ringlog::FullPolicy policy;
};

const char* policy_name(ringlog::FullPolicy p) {
  return p == ringlog::FullPolicy::block ? "block" : "drop";
}

// Lines holding a logged record, and the drop reports the backend wrote ("dropped N records").
struct FileCount {
  std::uint64_t records = 0;
  std::uint64_t drop_reports = 0;
  std::uint64_t dropped_reported = 0;  // sum of N over the drop reports
};

FileCount count_file(const std::filesystem::path& path) {
  FileCount c;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("Iteration: ") != std::string::npos) {
      ++c.records;
    } else if (auto at = line.find("dropped "); at != std::string::npos) {
      ++c.drop_reports;
      c.dropped_reported += std::strtoull(line.c_str() + at + 8, nullptr, 10);
    }
  }
  return c;
}

ringlog::Config config_for(const Options& o) {
  ringlog::Config cfg;
  cfg.queue_bytes = o.ring_bytes;
  cfg.full_policy = o.policy;
  return cfg;
}

int burst_case(void* context) {
  const Options& o = *static_cast<const Options*>(context);
  ScratchDir dir(o.dir, "ringlog-perf-overload-");
  const auto file = dir.path() / "burst.log";
  ringlog::start(config_for(o), {ringlog::file_sink(file.string())});
  ringlog::Logger& log = ringlog::get_logger("overload");
  const std::uint64_t dropped_before = ringlog::stats().dropped;
  std::vector<std::uint64_t> ticks(o.burst);  // zero-filled: its pages count in rss_before
  const std::uint64_t rss_before = rss_kib();
  double seconds = 0;
  std::thread producer([&] {
    ringlog::preallocate();
    const auto t0 = std::chrono::steady_clock::now();
    for (std::uint64_t i = 0; i < o.burst; ++i) {
      const std::uint64_t a = fenced_ticks();
      RLOG_INFO(log, "Iteration: {} int: {} double: {}", i, static_cast<int>(i & 0xffff),
                static_cast<double>(i) * 0.5);
      ticks[i] = fenced_ticks() - a;
    }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  });
  producer.join();
  ringlog::flush();
  ringlog::stop();
  const std::uint64_t dropped = ringlog::stats().dropped - dropped_before;
  const FileCount fc = count_file(file);
  const bool exact = fc.records + dropped == o.burst && fc.dropped_reported == dropped;
  const auto ns = net_percentiles_ns(ticks, kReportedPercentiles, 0, o.ns_per_tick);
  std::printf("%-6s %9llu %9.1f %9llu %9llu %7s %8.0f %8.0f %8.0f %9.0f %10llu %10llu\n",
              policy_name(o.policy), static_cast<unsigned long long>(o.burst), seconds * 1e3,
              static_cast<unsigned long long>(fc.records), static_cast<unsigned long long>(dropped),
              exact ? "yes" : "NO", ns[0], ns[3], ns[4], ns[6],
              static_cast<unsigned long long>(rss_before),
              static_cast<unsigned long long>(peak_rss_kib()));
  JsonLine line;
  line.add("kind", "burst").add("policy", policy_name(o.policy));
  line.add("ring_kib", static_cast<std::uint64_t>(o.ring_bytes / 1024)).add("burst", o.burst);
  line.add("seconds", seconds).add("records_in_file", fc.records).add("dropped", dropped);
  line.add("drop_reports", fc.drop_reports).add("exact", exact);
  line.add("percentiles", std::span<const double>(kReportedPercentiles)).add("ns", ns);
  line.add("rss_before_kib", rss_before).add("peak_rss_kib", peak_rss_kib());
  emit(o.json, line);
  return exact ? 0 : 1;
}

int sustained_case(void* context) {
  const Options& o = *static_cast<const Options*>(context);
  ScratchDir dir(o.dir, "ringlog-perf-overload-");
  const auto file = dir.path() / "sustained.log";
  ringlog::start(config_for(o), {ringlog::file_sink(file.string())});
  ringlog::Logger& log = ringlog::get_logger("overload");
  const std::uint64_t dropped_before = ringlog::stats().dropped;
  std::atomic<bool> stop{false};
  std::uint64_t attempted = 0;
  std::thread producer([&] {
    ringlog::preallocate();
    std::uint64_t i = 0;
    // Relaxed: only a stop signal, no data travels with it.
    while (!stop.load(std::memory_order_relaxed)) {
      RLOG_INFO(log, "Iteration: {} int: {} double: {}", i, static_cast<int>(i & 0xffff),
                static_cast<double>(i) * 0.5);
      ++i;
    }
    attempted = i;
  });
  std::vector<double> t_ms, rss;
  const auto t0 = std::chrono::steady_clock::now();
  for (;;) {
    const double t =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    t_ms.push_back(t);
    rss.push_back(static_cast<double>(rss_kib()));
    if (t >= static_cast<double>(o.sustained_ms)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(o.sample_ms));
  }
  stop.store(true, std::memory_order_relaxed);
  producer.join();
  ringlog::flush();
  ringlog::stop();
  const std::uint64_t dropped = ringlog::stats().dropped - dropped_before;
  const FileCount fc = count_file(file);
  const bool exact = fc.records + dropped == attempted;
  double lo = rss.front(), hi = rss.front();
  for (double r : rss) lo = std::min(lo, r), hi = std::max(hi, r);
  std::printf("%-6s %8.1f s %12llu %12llu %12llu %7s %9.0f %9.0f %9llu\n", policy_name(o.policy),
              static_cast<double>(o.sustained_ms) / 1e3, static_cast<unsigned long long>(attempted),
              static_cast<unsigned long long>(fc.records), static_cast<unsigned long long>(dropped),
              exact ? "yes" : "NO", lo, hi, static_cast<unsigned long long>(peak_rss_kib()));
  JsonLine line;
  line.add("kind", "sustained").add("policy", policy_name(o.policy));
  line.add("ring_kib", static_cast<std::uint64_t>(o.ring_bytes / 1024));
  line.add("seconds", static_cast<double>(o.sustained_ms) / 1e3).add("attempted", attempted);
  line.add("records_in_file", fc.records).add("dropped", dropped).add("exact", exact);
  line.add("t_ms", t_ms).add("rss_kib", rss).add("peak_rss_kib", peak_rss_kib());
  emit(o.json, line);
  return exact ? 0 : 1;
}

int run(int argc, char** argv) {
  const Args args(argc, argv, {"help"}, kUsage);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  Options o{};
  o.ring_bytes = args.num("ring-kib", 64) * 1024;
  o.burst = args.num("burst", 500'000);
  o.sustained_ms = args.num("seconds", 2000);
  o.sample_ms = args.num("sample-ms", 20);
  o.dir = args.str("dir", "/tmp");
  if (args.has("json")) {
    o.json = std::fopen(args.str("json", "").c_str(), "a");
    if (o.json == nullptr) throw std::runtime_error("cannot open " + args.str("json", ""));
  }
  o.ns_per_tick = calibrate_ns_per_tick();
  int failures = 0;

  std::printf(
      "Burst of %llu records into a %zu KiB ring (%.0fx its size), one thread, "
      "\"Iteration: {} int: {} double: {}\"\n",
      static_cast<unsigned long long>(o.burst), o.ring_bytes / 1024,
      static_cast<double>(o.burst) * 32.0 / static_cast<double>(o.ring_bytes));
  std::printf("caller latency in ns (gross: includes ~20 ns of timing), RSS in KiB\n");
  std::printf("%-6s %9s %9s %9s %9s %7s %8s %8s %8s %9s %10s %10s\n", "policy", "logged",
              "burst ms", "in file", "dropped", "exact", "p50", "p99", "p99.9", "max", "RSS before",
              "peak RSS");
  for (auto policy : {ringlog::FullPolicy::block, ringlog::FullPolicy::drop}) {
    o.policy = policy;
    failures += run_in_child(burst_case, &o) != 0;
  }
  std::printf("\nSustained overload: one thread logs flat out; RSS sampled every %llu ms (KiB)\n",
              static_cast<unsigned long long>(o.sample_ms));
  std::printf("%-6s %10s %12s %12s %12s %7s %9s %9s %9s\n", "policy", "duration", "logged",
              "in file", "dropped", "exact", "RSS min", "RSS max", "peak RSS");
  for (auto policy : {ringlog::FullPolicy::block, ringlog::FullPolicy::drop}) {
    o.policy = policy;
    failures += run_in_child(sustained_case, &o) != 0;
  }
  std::printf(
      "'exact': records in the file + ringlog::stats().dropped == records logged, and the "
      "backend's \"dropped N\" lines add up to the same N.\n");
  if (o.json != nullptr) std::fclose(o.json);
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace perf

int main(int argc, char** argv) {
  return perf::run_main("ringlog-perf-overload", perf::kUsage,
                        [&] { return perf::run(argc, argv); });
}
