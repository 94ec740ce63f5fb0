// Memory: peak RSS against the configured ring size and the number of logging threads. Each
// configuration runs in its own forked process: start ringlog, T threads each create their ring
// and log a few records, all rings live at once, flush, stop; the peak RSS (VmHWM) minus the
// RSS before start() is what ringlog cost. Expected: about T x ring size (rings are touched
// up-front so the hot path never page-faults) plus a small fixed part.
#include <ringlog/ringlog.h>

#include <barrier>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "common/args.h"
#include "common/json_line.h"
#include "common/process.h"
#include "common/run_main.h"

namespace perf {
namespace {

constexpr const char* kUsage = R"(usage: ringlog-perf-memory [options]
  --ring-kib a,b,...    ring sizes per thread, KiB (default 64,256,1024,4096,16384)
  --threads a,b,...     logging thread counts (default 1,2,4,8)
  --records N           records each thread logs (default 10000)
  --dir PATH            parent of the scratch directory (default /tmp)
  --json FILE           append one JSON object per configuration to FILE
)";

struct Case {
  std::size_t ring_bytes;
  int threads;
  std::uint64_t records;
  std::string dir;
  std::FILE* json;
};

int memory_case(void* context) {
  const Case& c = *static_cast<const Case*>(context);
  ScratchDir dir(c.dir, "ringlog-perf-memory-");
  const std::uint64_t before = rss_kib();
  ringlog::Config cfg;
  cfg.queue_bytes = c.ring_bytes;
  ringlog::start(cfg, {ringlog::file_sink((dir.path() / "memory.log").string())});
  ringlog::Logger& log = ringlog::get_logger("memory");
  std::barrier all_logged(c.threads);
  std::vector<std::thread> threads;
  for (int t = 0; t < c.threads; ++t) {
    threads.emplace_back([&] {
      ringlog::preallocate();
      for (std::uint64_t i = 0; i < c.records; ++i) {
        RLOG_INFO(log, "Iteration: {} int: {} double: {}", i, static_cast<int>(i), 0.5);
      }
      all_logged.arrive_and_wait();  // every ring exists at this point
    });
  }
  for (auto& th : threads) th.join();
  ringlog::flush();
  ringlog::stop();
  const std::uint64_t peak = peak_rss_kib();
  const std::uint64_t rings_kib = c.ring_bytes / 1024 * static_cast<std::uint64_t>(c.threads);
  const std::uint64_t delta = peak > before ? peak - before : 0;
  std::printf("%9zu %7d %11llu %11llu %11llu %11llu %11lld\n", c.ring_bytes / 1024, c.threads,
              static_cast<unsigned long long>(before), static_cast<unsigned long long>(peak),
              static_cast<unsigned long long>(delta), static_cast<unsigned long long>(rings_kib),
              static_cast<long long>(delta) - static_cast<long long>(rings_kib));
  JsonLine line;
  line.add("kind", "memory").add("ring_kib", static_cast<std::uint64_t>(c.ring_bytes / 1024));
  line.add("threads", c.threads).add("rss_before_kib", before).add("peak_rss_kib", peak);
  line.add("delta_kib", delta).add("rings_kib", rings_kib);
  emit(c.json, line);
  return 0;
}

int run(int argc, char** argv) {
  const Args args(argc, argv, {"help"}, kUsage);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  Case c{};
  c.records = args.num("records", 10'000);
  c.dir = args.str("dir", "/tmp");
  if (args.has("json")) {
    c.json = std::fopen(args.str("json", "").c_str(), "a");
    if (c.json == nullptr) throw std::runtime_error("cannot open " + args.str("json", ""));
  }
  std::printf(
      "Peak RSS (KiB) against ring size and logging threads; delta = peak - RSS before "
      "start(); rings = threads x ring size\n");
  std::printf("%9s %7s %11s %11s %11s %11s %11s\n", "ring KiB", "threads", "RSS before", "peak RSS",
              "delta", "rings", "delta-rings");
  int failures = 0;
  for (const std::string& ring : args.list("ring-kib", "64,256,1024,4096,16384")) {
    for (const std::string& threads : args.list("threads", "1,2,4,8")) {
      c.ring_bytes = std::stoull(ring) * 1024;
      c.threads = std::stoi(threads);
      failures += run_in_child(memory_case, &c) != 0;
    }
  }
  if (c.json != nullptr) std::fclose(c.json);
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace perf

int main(int argc, char** argv) {
  return perf::run_main("ringlog-perf-memory", perf::kUsage, [&] { return perf::run(argc, argv); });
}
