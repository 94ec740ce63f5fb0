// The whole path: macros -> rings -> backend -> sinks.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"

using ringlog::test::ScopedCapture;

namespace {

// Starts `threads` producers named prefix0, prefix1, ..., each logging "t=<t> i=<i>" for i in
// [0, messages) on `log`, and joins them.
void log_numbered(ringlog::Logger& log, int threads, int messages, const std::string& prefix) {
  std::vector<std::thread> producers;
  for (int t = 0; t < threads; ++t) {
    producers.emplace_back([t, messages, &log, &prefix] {
      ringlog::set_thread_name(prefix + std::to_string(t));
      for (int i = 0; i < messages; ++i) RLOG_INFO(log, "t={} i={}", t, i);
    });
  }
  for (auto& p : producers) p.join();
}

// Checks the records of `logger` among `records` as log_numbered() wrote them: each thread's
// messages exactly once and in order, under the thread's own name. Returns thread -> count.
std::map<std::string, int> check_numbered(const std::vector<ringlog::test::Captured>& records,
                                          const std::string& logger, const std::string& prefix) {
  std::map<std::string, int> next;
  for (const auto& r : records) {
    if (r.logger != logger) continue;
    int t = -1, i = -1;
    REQUIRE(std::sscanf(r.message.c_str(), "t=%d i=%d", &t, &i) == 2);
    CHECK(r.thread == prefix + std::to_string(t));
    REQUIRE(i == next[r.thread]);  // nothing lost, nothing repeated, this thread's order kept
    ++next[r.thread];
  }
  return next;
}

}  // namespace

TEST_CASE("N threads x M messages arrive exactly once, each thread's order kept") {
  ScopedCapture capture;
  constexpr int kThreads = 4, kMessages = 20000;
  ringlog::Logger& log = ringlog::get_logger("pipeline");
  log_numbered(log, kThreads, kMessages, "worker-");
  ringlog::flush();
  const auto records = capture.sink().records();
  REQUIRE(records.size() == kThreads * kMessages);
  const auto per_thread = check_numbered(records, "pipeline", "worker-");
  CHECK(per_thread.size() == kThreads);
  for (const auto& [thread, count] : per_thread) CHECK(count == kMessages);
}

TEST_CASE("records from several threads come out in timestamp order") {
  // The order guarantee holds for records committed within reorder_window of being stamped.
  // Threads here are oversubscribed (and slowed by sanitizers), so a thread can be preempted
  // between stamping and committing for a whole time slice: give the window room for that.
  ringlog::Config config;
  config.reorder_window = std::chrono::milliseconds{500};
  ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("order");
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&log] {
      for (int i = 0; i < 20000; ++i) RLOG_INFO(log, "{}", i);
    });
  }
  for (auto& th : threads) th.join();
  ringlog::flush();
  const auto records = capture.sink().records();
  REQUIRE(records.size() == 60000);
  std::size_t inversions = 0;
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (records[i].ticks < records[i - 1].ticks) ++inversions;
  }
  CHECK(inversions == 0);
}

TEST_CASE("producers blocked on small rings get space back while the backend takes runs") {
  // A 4 KiB ring holds about a hundred records: the producers block over and over, and the
  // backend takes runs of records that cross its hand-back points (every 64 records of a run,
  // and each run's end). A space never handed back would hang the producers here; a miscounted
  // one would lose or repeat records.
  ringlog::Config config;
  config.queue_bytes = 4096;
  config.full_policy = ringlog::FullPolicy::block;
  ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("handback");
  const auto written_before = ringlog::stats().written;
  constexpr int kThreads = 2, kMessages = 50000;
  log_numbered(log, kThreads, kMessages, "blocked-");
  ringlog::flush();
  const auto per_thread = check_numbered(capture.sink().records(), "handback", "blocked-");
  CHECK(per_thread.size() == kThreads);
  for (const auto& [thread, count] : per_thread) CHECK(count == kMessages);
  CHECK(ringlog::stats().written - written_before >= kThreads * kMessages);
}

TEST_CASE("a thread that exits right after logging loses nothing") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("exit");
  for (int round = 0; round < 50; ++round) {
    std::thread([&log, round] {
      for (int i = 0; i < 100; ++i) RLOG_INFO(log, "round {} msg {}", round, i);
    }).join();
  }
  ringlog::flush();
  CHECK(capture.sink().records().size() == 5000);
}

TEST_CASE("drop policy: accepted + dropped == attempted, and the loss is reported") {
  ringlog::Config config;
  config.queue_bytes = 4096;
  config.full_policy = ringlog::FullPolicy::drop;
  ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("drops");
  const auto before = ringlog::stats().dropped;
  constexpr int kAttempts = 200000;
  std::thread producer([&log] {
    ringlog::set_thread_name("flood");
    for (int i = 0; i < kAttempts; ++i) RLOG_INFO(log, "flood {} {} {}", i, i * 2.0, i);
  });
  producer.join();
  ringlog::flush();
  const auto records = capture.sink().records();
  std::size_t accepted = 0;
  std::uint64_t reported = 0;
  for (const auto& r : records) {
    if (r.logger == "drops") ++accepted;
    unsigned long long n = 0;
    if (r.logger == "ringlog" &&
        std::sscanf(r.message.c_str(), "dropped %llu records from thread 'flood'", &n) == 1) {
      reported += n;
    }
  }
  const auto dropped = ringlog::stats().dropped - before;
  CHECK(accepted + dropped == kAttempts);
  CHECK(reported == dropped);
  CHECK(dropped > 0);  // a 4 KiB ring cannot keep up with 200k records
}

TEST_CASE("every supported argument type formats as fmt would format it") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("types");
  enum class Side : std::uint8_t { buy = 1, sell = 2 };
  const std::string s = "std::string";
  const std::string_view sv = "view";
  const char* cstr = "c-string";
  const char* null_str = nullptr;
  char buffer[16] = "buf";
  int x = 0;
  RLOG_INFO(log, "{} {} {} {}", true, 'c', static_cast<signed char>(-5),
            static_cast<unsigned char>(250));
  RLOG_INFO(log, "{} {} {} {}", std::int16_t{-32768}, std::uint16_t{65535}, INT32_MIN, UINT32_MAX);
  RLOG_INFO(log, "{} {}", INT64_MIN, UINT64_MAX);
  RLOG_INFO(log, "{} {:.3f} {}", 1.5f, 3.14159, 2.5L);
  RLOG_INFO(log, "{}|{}|{}|{}|{}|{}", s, sv, cstr, null_str, buffer, "literal");
  RLOG_INFO(log, "{} {}", Side::sell, std::string());
  RLOG_INFO(log, "{}", static_cast<void*>(&x));
  RLOG_INFO(log, "no arguments");
  ringlog::flush();
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 8);
  CHECK(r[0].message == "true c -5 250");
  CHECK(r[1].message == "-32768 65535 -2147483648 4294967295");
  CHECK(r[2].message == "-9223372036854775808 18446744073709551615");
  CHECK(r[3].message == "1.5 3.142 2.5");
  CHECK(r[4].message == "std::string|view|c-string|(null)|buf|literal");
  CHECK(r[5].message == "2 ");
  CHECK(r[6].message == fmt::format("{}", static_cast<void*>(&x)));
  CHECK(r[7].message == "no arguments");
}

TEST_CASE("a string longer than a ring can hold is truncated with a marker") {
  ringlog::Config config;
  config.queue_bytes = 4096;
  ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("huge");
  const std::string huge(100000, 'x');
  // A new thread, so its ring is created with this config's 4 KiB.
  std::thread([&] { RLOG_INFO(log, "[{}] {}", huge, 42); }).join();
  ringlog::flush();
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 1);
  const std::string& m = r[0].message;
  CHECK(m.size() < 2048);
  CHECK(m.find("...[truncated]] 42") != std::string::npos);
  CHECK(m.rfind("[xxxx", 0) == 0);
}

TEST_CASE("levels below the logger's threshold are filtered without evaluating arguments") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("levels");
  log.set_level(ringlog::Level::warn);
  int evaluated = 0;
  const auto count = [&evaluated] { return ++evaluated; };
  RLOG_DEBUG(log, "{}", count());
  RLOG_INFO(log, "{}", count());
  RLOG_WARN(log, "{}", count());
  RLOG_CRITICAL(log, "{}", count());
  ringlog::flush();
  CHECK(evaluated == 2);
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 2);
  CHECK(r[0].level == ringlog::Level::warn);
  CHECK(r[1].level == ringlog::Level::critical);
}

TEST_CASE("sync and async loggers coexist and both reach the sinks") {
  ScopedCapture capture;
  ringlog::Logger& async_log = ringlog::get_logger("async-side");
  ringlog::Logger& sync_log = ringlog::get_logger("sync-side");
  sync_log.set_mode(ringlog::Mode::sync);
  RLOG_INFO(sync_log, "sync {}", 1);
  // A synchronous call is written before it returns, without any flush.
  REQUIRE(capture.sink().records().size() == 1);
  CHECK(capture.sink().records()[0].message == "sync 1");
  RLOG_INFO(async_log, "async {}", 2);
  ringlog::flush();
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 2);
  CHECK(r[1].message == "async 2");
  CHECK(r[1].logger == "async-side");
}

TEST_CASE("a statement already registered switches to sync mode and back with its logger") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("switching");
  const auto log_once = [&log](int n) { RLOG_INFO(log, "switch {}", n); };
  log_once(1);  // registers the statement: from here on its calls take the fast path
  ringlog::flush();
  REQUIRE(capture.sink().records().size() == 1);
  log.set_mode(ringlog::Mode::sync);
  log_once(2);
  // Written before the call returned, although the statement's cached ID is this logger's.
  REQUIRE(capture.sink().records().size() == 2);
  CHECK(capture.sink().records()[1].message == "switch 2");
  log.set_mode(ringlog::Mode::async);
  log_once(3);
  ringlog::flush();
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 3);
  CHECK(r[2].message == "switch 3");
}
