// The hot path never allocates once the thread's ring exists: global operator new and malloc are
// replaced by counting versions, and 1M log calls must leave the logging thread's count at zero.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"
#include "support/counting_allocator.h"
#include "support/trading_types.h"

using ringlog::test::allocations_on_this_thread;

TEST_CASE("1M log calls after preallocate() allocate nothing on the logging thread") {
  ringlog::Config config;
  config.queue_bytes = 1 << 16;  // small: the ring wraps and fills many times
  ringlog::test::ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("alloc");
  ringlog::preallocate();
  const std::string order_id = "ORD-0000000000000042";
  // First call at each statement registers it; do that before counting (also allocation-free,
  // but not what this test is about).
  auto log_all = [&](int i) {
    RLOG_INFO(log, "order {} filled {} @ {:.2f}", i, 100, 101.25);
    RLOG_INFO(log, "id {} venue {}", order_id, "XNAS");
    RLOG_DEBUG(log, "disabled {}", i);
  };
  log_all(-1);
  const std::uint64_t before = allocations_on_this_thread();
  for (int i = 0; i < 500000; ++i) log_all(i);
  const std::uint64_t during = allocations_on_this_thread() - before;
  ringlog::flush();
  CHECK(during == 0);
  // The records really went through (block policy: none dropped).
  CHECK(capture.sink().records().size() == 2 * 500001);
}

TEST_CASE("logging described structs, vectors and maps after preallocate() allocates nothing") {
  ringlog::Config config;
  config.queue_bytes = 1 << 16;
  ringlog::test::ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("alloc-types");
  ringlog::preallocate();
  // Built before counting: the values' own allocations are the program's, not ringlog's.
  const trading::Order order{42, trading::Side::sell, 100, 101.25};
  const trading::Book book{"AAPL", trading::Side::buy, {{101.5, 200}, {101.25, 300}}};
  const std::vector<double> prices{1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5};
  const std::map<int, std::string> names{{1, "one"}, {2, "two"}, {3, "three"}};
  auto log_all = [&](int i) {
    RLOG_INFO(log, "order {} side {} i {}", order, trading::Side::buy, i);
    RLOG_INFO(log, "book {} prices {}", book, prices);
    RLOG_INFO(log, "names {} latency {}", names, std::chrono::nanoseconds{i});
  };
  log_all(-1);
  const std::uint64_t before = allocations_on_this_thread();
  for (int i = 0; i < 100000; ++i) log_all(i);
  const std::uint64_t during = allocations_on_this_thread() - before;
  ringlog::flush();
  CHECK(during == 0);
  CHECK(capture.sink().records().size() == 3 * 100001);
}

TEST_CASE("rate-limited and once-only calls allocate nothing, suppressed or passing") {
  ringlog::Config config;
  config.queue_bytes = 1 << 16;
  ringlog::test::ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("alloc-limited");
  ringlog::preallocate();
  auto log_all = [&](int i) {
    RLOG_INFO_EVERY_N(log, 1000, "every n {}", i);  // mostly suppressed
    RLOG_WARN_EVERY_N(log, 1, "every call {}", i);  // passes every time
    RLOG_INFO_EVERY(log, std::chrono::hours{1}, "every hour {}", i);
    RLOG_ERROR_ONCE(log, "once {}", i);
  };
  log_all(-1);  // registers the sites; each passes once here
  const std::uint64_t before = allocations_on_this_thread();
  for (int i = 0; i < 200000; ++i) log_all(i);
  const std::uint64_t during = allocations_on_this_thread() - before;
  ringlog::flush();
  CHECK(during == 0);
  // The calls really ran: what passed reached the sink (EVERY_N passes calls 1, n+1, 2n+1, ...).
  const std::vector<ringlog::test::Captured> records = capture.sink().records();
  const auto passed = [&records](std::string_view prefix) {
    return std::count_if(records.begin(), records.end(),
                         [prefix](const auto& r) { return r.message.starts_with(prefix); });
  };
  CHECK(passed("every n ") == 201);
  CHECK(passed("every call ") == 200001);
  CHECK(passed("every hour ") == 1);
  CHECK(passed("once ") == 1);
}

TEST_CASE("calls kept for a backtrace and calls on a logger with its own sinks allocate nothing") {
  ringlog::Config config;
  config.queue_bytes = 1 << 16;
  ringlog::test::ScopedCapture capture(config);
  auto own = std::make_shared<ringlog::test::CaptureSink>();
  ringlog::Logger& kept = ringlog::get_logger("alloc-backtrace");
  kept.set_level(ringlog::Level::info);
  kept.enable_backtrace(128, ringlog::Level::error);
  ringlog::Logger& routed = ringlog::get_logger("alloc-own", {own});
  ringlog::preallocate();
  auto log_all = [&](int i) {
    RLOG_DEBUG(kept, "kept {} {}", i, 2.5);  // below the level: kept by the backend
    RLOG_INFO(routed, "routed {}", i);
  };
  log_all(-1);
  const std::uint64_t before = allocations_on_this_thread();
  for (int i = 0; i < 200000; ++i) log_all(i);
  const std::uint64_t during = allocations_on_this_thread() - before;
  kept.dump_backtrace();  // the records really were kept: the last 128 come out
  ringlog::flush();
  CHECK(during == 0);
  CHECK(own->records().size() == 200001);
  const auto records = capture.sink().records();
  REQUIRE(records.size() == 129);  // the header line and the 128 kept
  CHECK(records[0].message == "backtrace of alloc-backtrace, 128 records");
  CHECK(records.back().message == "kept 199999 2.5");
  CHECK(ringlog::remove_logger("alloc-own"));
}
