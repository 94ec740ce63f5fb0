// A whole RLOG_INFO call while the backend drains to a file: the hot path in a tight loop.
// Calls arrive faster than the backend writes, so this is bounded by the backend once the ring
// is full (block policy); the first ring's worth shows the hot path alone. See the latency
// harness for the per-call distribution.
#include <benchmark/benchmark.h>
#include <ringlog/ringlog.h>

#include <filesystem>

#include "common/process.h"

namespace {

void BM_log_call_backend_draining(benchmark::State& state) {
  perf::ScratchDir dir("/tmp", "ringlog-perf-micro-");
  ringlog::Config cfg;
  cfg.queue_bytes = std::size_t{1} << 24;
  ringlog::start(cfg, {ringlog::file_sink((dir.path() / "micro.log").string())});
  ringlog::Logger& log = ringlog::get_logger("micro");
  ringlog::preallocate();
  int i = 0;
  for (auto _ : state) {
    RLOG_INFO(log, "Logging int: {}, int: {}, double: {}", i, i * 2, i * 0.25);
    ++i;
  }
  ringlog::stop();
  state.SetItemsProcessed(state.iterations());
}
// 100k calls x 32 bytes fit in the 16 MiB ring: the backend never blocks the caller here.
BENCHMARK(BM_log_call_backend_draining)->Iterations(100'000)->Repetitions(5);

void BM_disabled_call(benchmark::State& state) {
  ringlog::Logger& log = ringlog::get_logger("micro_disabled");
  log.set_level(ringlog::Level::info);
  int i = 0;
  for (auto _ : state) {
    RLOG_DEBUG(log, "Logging int: {}, int: {}, double: {}", i, i * 2, i * 0.25);
    benchmark::DoNotOptimize(++i);
  }
}
BENCHMARK(BM_disabled_call);

}  // namespace

BENCHMARK_MAIN();
