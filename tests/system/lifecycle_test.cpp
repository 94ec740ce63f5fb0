// start()/stop() against threads that keep logging.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"

namespace {

// Yields the CPU after each record, so producers run while the final drain is freeing their
// rings: the moment when a producer that just dropped could slip a record into freed space.
class YieldingSink : public ringlog::test::CaptureSink {
 public:
  void write(const ringlog::LogEvent& e) override {
    CaptureSink::write(e);
    std::this_thread::yield();
  }
};

}  // namespace

TEST_CASE("stop() while threads log: each thread's output ends at its first dropped record") {
  constexpr int kThreads = 4, kRounds = 12, kPerThread = 30000, kBeforeStop = 500;
  ringlog::Config config;
  config.queue_bytes = 4096;  // full at once: producers wait on the backend when stop() comes
  config.full_policy = ringlog::FullPolicy::block;
  ringlog::Logger& log = ringlog::get_logger("cut");
  for (int round = 0; round < kRounds; ++round) {
    auto sink = std::make_shared<YieldingSink>();
    const auto dropped_before = ringlog::stats().dropped;
    ringlog::start(config, {sink});
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([t, &log, &ready] {
        for (int i = 0; i < kPerThread; ++i) {
          RLOG_INFO(log, "t={} i={}", t, i);
          // Release pairs with the acquire below: stop() comes while every thread is logging.
          if (i == kBeforeStop) ready.fetch_add(1, std::memory_order_release);
        }
      });
    }
    while (ready.load(std::memory_order_acquire) < kThreads) std::this_thread::yield();
    ringlog::stop();
    for (auto& th : threads) th.join();
    // Records left in the rings are written by the next run, and the drops reported by it.
    ringlog::start(config, {sink});
    ringlog::flush();
    ringlog::stop();

    std::map<int, int> next;  // per thread, the sequence number expected next
    std::uint64_t written = 0;
    for (const auto& r : sink->records()) {
      if (r.logger != "cut") continue;
      int t = -1, i = -1;
      REQUIRE(std::sscanf(r.message.c_str(), "t=%d i=%d", &t, &i) == 2);
      INFO("round " << round << ", thread " << t);
      // Nothing after a gap: the first record a thread lost ends its output for this stop.
      REQUIRE(i == next[t]);
      ++next[t];
      ++written;
    }
    const auto dropped = ringlog::stats().dropped - dropped_before;
    CHECK(written + dropped == std::uint64_t{kThreads} * kPerThread);
    for (int t = 0; t < kThreads; ++t) CHECK(next[t] > kBeforeStop);
  }
}
