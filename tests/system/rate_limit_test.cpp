// Rate-limited and once-only calls: the limiters (ringlog/detail/rate_limit.h) with a controlled
// clock, and the macros end to end.
#include "ringlog/detail/rate_limit.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"

using ringlog::detail::EveryInterval;
using ringlog::detail::EveryN;

TEST_CASE("EVERY passes once per interval on a controlled clock, counting what it suppressed",
          "[rate_limit]") {
  EveryInterval limit;
  std::vector<std::uint64_t> passed_at;
  std::vector<std::uint64_t> reported;
  std::uint64_t suppressed = 0;
  const std::uint64_t start = 1'000'000;
  for (std::uint64_t t = start; t < start + 1000; t += 3) {  // a call every 3 ticks
    if (limit.admit_at(t, 100, suppressed)) {
      passed_at.push_back(t);
      reported.push_back(suppressed);
    }
  }
  // 334 calls over 1000 ticks: one pass per 100 ticks, on the 100-tick grid (no drift from
  // the 3-tick call spacing): 1000000, 1000101 (first call at or after +100), 1000201, ...
  REQUIRE(passed_at.size() == 10);
  for (std::size_t i = 1; i < passed_at.size(); ++i) {
    CHECK(passed_at[i] >= start + 100 * i);
    CHECK(passed_at[i] < start + 100 * i + 3);
  }
  CHECK(reported[0] == 0);
  std::uint64_t total_reported = 0;
  for (const std::uint64_t r : reported) total_reported += r;
  // Every call is either a pass or suppressed; all but the ones after the last pass reported.
  const std::uint64_t calls = (1000 + 2) / 3;
  const std::uint64_t after_last = (start + 1000 - passed_at.back() - 1) / 3;
  CHECK(total_reported + passed_at.size() + after_last == calls);
}

TEST_CASE("EVERY restarts its schedule after a long silence", "[rate_limit]") {
  EveryInterval limit;
  std::uint64_t suppressed = 0;
  REQUIRE(limit.admit_at(1000, 100, suppressed));
  CHECK_FALSE(limit.admit_at(1050, 100, suppressed));
  REQUIRE(limit.admit_at(5000, 100, suppressed));  // long after: passes, reports one
  CHECK(suppressed == 1);
  CHECK_FALSE(limit.admit_at(5099, 100, suppressed));  // next slot is 5100, not 1200
  CHECK(limit.admit_at(5100, 100, suppressed));
  CHECK(suppressed == 1);
}

TEST_CASE("EVERY from several threads: every call passes or is reported exactly once",
          "[rate_limit]") {
  EveryInterval limit;
  std::atomic<std::uint64_t> clock{0};
  std::atomic<std::uint64_t> passes{0};
  std::atomic<std::uint64_t> reported{0};
  constexpr int kThreads = 4;
  constexpr std::uint64_t kCalls = 50'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (std::uint64_t i = 0; i < kCalls; ++i) {
        std::uint64_t suppressed = 0;
        const std::uint64_t now = clock.fetch_add(1, std::memory_order_relaxed);
        if (limit.admit_at(now, 1000, suppressed)) {
          passes.fetch_add(1, std::memory_order_relaxed);
          reported.fetch_add(suppressed, std::memory_order_relaxed);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  // Whatever is still pending is reported by the next pass.
  std::uint64_t pending = 0;
  REQUIRE(limit.admit_at(~std::uint64_t{0} / 2, 1000, pending));
  CHECK(passes.load() + reported.load() + pending == kThreads * kCalls);
  // 200,000 ticks at one pass per 1000 (a thread may pass a little late; never early).
  CHECK(passes.load() <= 200);
  CHECK(passes.load() >= 100);
}

TEST_CASE("EVERY_N passes calls 1, n+1, 2n+1 with n-1 suppressed before each", "[rate_limit]") {
  EveryN limit;
  std::vector<std::uint64_t> passed;
  std::uint64_t suppressed = 0;
  for (std::uint64_t i = 1; i <= 25; ++i) {
    if (limit.admit(10, suppressed)) passed.push_back(i * 100 + suppressed);
  }
  CHECK(passed == std::vector<std::uint64_t>{100, 1109, 2109});
  EveryN every;
  for (int i = 0; i < 5; ++i) CHECK(every.admit(0, suppressed));  // n = 0 and 1: every call
}

TEST_CASE("the macros log what passes, with the suppressed count as a field", "[rate_limit]") {
  ringlog::test::ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("rate.limit");
  constexpr int kThreads = 3;
  constexpr int kCalls = 3'500;  // 10,500 calls in all: 11 pass
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&log] {
      for (int i = 0; i < kCalls; ++i) {
        RLOG_WARN_EVERY_N(log, 1000, "queue full, depth {}", i);
        RLOG_ERROR_ONCE(log, "first failure {}", i);
        RLOG_INFO_EVERY(log, std::chrono::hours{1}, "hourly {}", i);
        RLOG_DEBUG_EVERY_N(log, 1, "below the level {}", i);  // logger at info: never counted
      }
    });
  }
  for (auto& t : threads) t.join();
  ringlog::flush();
  int every_n = 0;
  int once = 0;
  int hourly = 0;
  int with_count = 0;
  for (const auto& r : capture.sink().records()) {
    if (r.message.rfind("queue full", 0) == 0) {
      ++every_n;
      if (!r.fields.empty()) {
        ++with_count;
        CHECK(r.fields == "suppressed=999");
      }
    } else if (r.message.rfind("first failure", 0) == 0) {
      ++once;
      CHECK(r.fields.empty());
    } else if (r.message.rfind("hourly", 0) == 0) {
      ++hourly;
    } else {
      FAIL("unexpected record: " << r.message);
    }
  }
  CHECK(every_n == 11);
  CHECK(with_count == 10);
  CHECK(once == 1);
  CHECK(hourly == 1);
}

TEST_CASE("a suppressed call does not evaluate its arguments", "[rate_limit]") {
  ringlog::test::ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("rate.args");
  int evaluated = 0;
  for (int i = 0; i < 10; ++i) RLOG_INFO_ONCE(log, "value {}", ++evaluated);
  CHECK(evaluated == 1);
}
