// Sustained overload with the drop policy: one thread logs in a tight loop, far faster than
// the backend formats, while another keeps calling flush(). Memory stays bounded (peak RSS),
// every drop is counted and reported, and flush() keeps answering.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "ringlog/ringlog.h"
#include "stress_support.h"

using namespace ringlog::test;

TEST_CASE("drop policy overload: bounded memory, exact drop count, flush() answers") {
  const int flushes_wanted = 500 / stress_scale() + 10;  // a few seconds in a release build
  auto sink = std::make_shared<VerifyingSink>(1, /*gapless=*/false);
  ringlog::Config config;
  config.full_policy = ringlog::FullPolicy::drop;
  const auto dropped_before = ringlog::stats().dropped;
  ringlog::start(config, {sink});
  ringlog::Logger& log = ringlog::get_logger("overload");

  std::atomic<bool> flusher_done{false};
  std::atomic<bool> producer_ready{false};
  std::uint64_t attempted = 0;
  long hwm_before = 0;
  std::thread producer([&] {
    ringlog::preallocate();  // the ring (1 MiB, touched) counts before the measurement
    producer_ready.store(true, std::memory_order_release);
    producer_ready.notify_one();
    // Relaxed: only the loop's end depends on it, nothing else is published through it.
    while (!flusher_done.load(std::memory_order_relaxed)) {
      RLOG_INFO(log, "p=0 s={}", attempted);
      ++attempted;
    }
  });
  producer_ready.wait(false, std::memory_order_acquire);
  hwm_before = proc_status_kib("VmHWM");
  // The producer runs until this thread has seen flush() return enough times: at least 10,
  // then up to flushes_wanted or about 3 s, whichever comes first.
  int flushes = 0;
  double slowest_flush = 0;
  const auto started = std::chrono::steady_clock::now();
  const auto soft_end = started + std::chrono::seconds{3};
  for (; flushes < flushes_wanted; ++flushes) {
    const auto before = std::chrono::steady_clock::now();
    if (flushes >= 10 && before > soft_end) break;
    ringlog::flush();
    slowest_flush =
        std::max(slowest_flush,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  flusher_done.store(true, std::memory_order_relaxed);
  producer.join();
  ringlog::stop();
  const long hwm_after = proc_status_kib("VmHWM");
  const std::uint64_t dropped = ringlog::stats().dropped - dropped_before;

  std::printf(
      "overload: attempted %llu, written %llu, dropped %llu (%.1f%%) in %.2f s; "
      "%d flush() calls answered (%.2f ms on average, %.1f ms at most); VmHWM %ld -> %ld "
      "KiB\n",
      static_cast<unsigned long long>(attempted), static_cast<unsigned long long>(sink->total()),
      static_cast<unsigned long long>(dropped),
      100.0 * static_cast<double>(dropped) / static_cast<double>(attempted), seconds, flushes,
      1000.0 * seconds / flushes, 1000.0 * slowest_flush, hwm_before, hwm_after);
  CHECK(dropped > 0);  // it was an overload
  CHECK(sink->errors() == 0);
  CHECK(sink->total() + dropped == attempted);
  CHECK(sink->reported_drops() == dropped);
  // Nothing grows with the number of records: the peak may rise by a few buffers, not more.
  CHECK(hwm_after - hwm_before < 16 * 1024);
}
