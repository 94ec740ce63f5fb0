// 8 producers oversubscribing 2 cores, each logging 1M records through a chain of short-lived
// threads (a new thread every 10k records), so rings are created and retired all the time.
// block: every record arrives exactly once, in each producer's order.
// drop: written + dropped == attempted, and the drop reports add up to the drops.
// Counts are divided by stress_scale() (RINGLOG_STRESS_SCALE; 20 under TSan, 4 under ASan).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"
#include "stress_support.h"

using namespace ringlog::test;

namespace {

constexpr int kProducers = 8;
constexpr int kThreadsPerProducer = 100;

struct Result {
  std::uint64_t attempted;
  double seconds;
  std::uint64_t dropped;
};

// Runs the producers against `sink` with `policy`; returns when every record is handled.
Result run_producers(ringlog::FullPolicy policy, std::shared_ptr<VerifyingSink> sink,
                     long per_producer) {
  ringlog::Config config;
  config.queue_bytes = std::size_t{64} << 10;  // small rings: full-ring paths run constantly
  config.full_policy = policy;
  const auto dropped_before = ringlog::stats().dropped;
  ringlog::start(config, {sink});
  ringlog::Logger& log = ringlog::get_logger("stress");
  const long chunk = per_producer / kThreadsPerProducer;
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> drivers;
  for (int p = 0; p < kProducers; ++p) {
    drivers.emplace_back([&log, p, per_producer, chunk] {
      for (long first = 0; first < per_producer; first += chunk) {
        // A new thread (and ring) per chunk; joined before the next so the order is defined.
        std::thread([&log, p, first, last = std::min(first + chunk, per_producer)] {
          for (long s = first; s < last; ++s) RLOG_INFO(log, "p={} s={}", p, s);
        }).join();
      }
    });
  }
  for (auto& d : drivers) d.join();
  ringlog::stop();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return {static_cast<std::uint64_t>(per_producer) * kProducers, seconds,
          ringlog::stats().dropped - dropped_before};
}

}  // namespace

TEST_CASE("block policy under oversubscription: every record exactly once, order kept") {
  const long per_producer = 1'000'000 / stress_scale();
  auto sink = std::make_shared<VerifyingSink>(kProducers, /*gapless=*/true);
  const Result r = run_producers(ringlog::FullPolicy::block, sink, per_producer);
  std::printf(
      "stress block: %d producers x %ld records (%d threads each): attempted %llu, "
      "written %llu, dropped %llu, %.2f s, %.2f M records/s, VmHWM %ld KiB\n",
      kProducers, per_producer, kThreadsPerProducer, static_cast<unsigned long long>(r.attempted),
      static_cast<unsigned long long>(sink->total()), static_cast<unsigned long long>(r.dropped),
      r.seconds, static_cast<double>(r.attempted) / r.seconds / 1e6, proc_status_kib("VmHWM"));
  CHECK(sink->errors() == 0);
  CHECK(r.dropped == 0);
  for (int p = 0; p < kProducers; ++p)
    CHECK(sink->count(p) == static_cast<std::uint64_t>(per_producer));
}

TEST_CASE("drop policy under oversubscription: written + dropped == attempted") {
  const long per_producer = 1'000'000 / stress_scale();
  auto sink = std::make_shared<VerifyingSink>(kProducers, /*gapless=*/false);
  const Result r = run_producers(ringlog::FullPolicy::drop, sink, per_producer);
  std::printf(
      "stress drop: %d producers x %ld records (%d threads each): attempted %llu, "
      "written %llu, dropped %llu, %.2f s, VmHWM %ld KiB\n",
      kProducers, per_producer, kThreadsPerProducer, static_cast<unsigned long long>(r.attempted),
      static_cast<unsigned long long>(sink->total()), static_cast<unsigned long long>(r.dropped),
      r.seconds, proc_status_kib("VmHWM"));
  CHECK(sink->errors() == 0);
  CHECK(sink->total() + r.dropped == r.attempted);
  CHECK(sink->reported_drops() == r.dropped);
}
