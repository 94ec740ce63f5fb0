// Per-logger sinks (get_logger(name, sinks)): exact routing with many loggers and threads, a
// shared sink written once, own plus global sinks, flushing and removing one logger, sync mode,
// loggers made before start() and across stop()/start().
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"
#include "support/log_file.h"
#include "support/temp_dir.h"

using ringlog::test::CaptureSink;
using ringlog::test::ScopedCapture;

namespace {

// A CaptureSink that counts opens and closes.
class LifeSink : public CaptureSink {
 public:
  void open(const ringlog::SinkContext& c) override {
    ++opens;
    CaptureSink::open(c);
  }
  void close() override { ++closes; }
  std::atomic<int> opens{0};
  std::atomic<int> closes{0};
};

std::vector<std::string> messages(const CaptureSink& sink) {
  std::vector<std::string> out;
  for (const auto& r : sink.records()) out.push_back(r.message);
  return out;
}

std::map<std::string, int> count_by_logger(const CaptureSink& sink) {
  std::map<std::string, int> out;
  for (const auto& r : sink.records()) ++out[r.logger];
  return out;
}

}  // namespace

TEST_CASE("a logger with its own file sink writes only there, and the others never do") {
  ringlog::test::TempDir dir;
  ScopedCapture global;
  ringlog::Logger& audit =
      ringlog::get_logger("audit", {ringlog::file_sink(dir.file("audit.log"))});
  ringlog::Logger& app = ringlog::get_logger("app-routing");
  RLOG_INFO(audit, "user {} logged in", 7);
  RLOG_INFO(app, "order {}", 1);
  RLOG_INFO(audit, "user {} logged out", 7);
  ringlog::flush();
  const auto lines = ringlog::test::lines_of(ringlog::test::read_file(dir.file("audit.log")));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("audit") != std::string::npos);
  CHECK(lines[0].find("user 7 logged in") != std::string::npos);
  CHECK(lines[1].find("user 7 logged out") != std::string::npos);
  CHECK(messages(global.sink()) == std::vector<std::string>{"order 1"});
  // Loggers outlive a run: the next start() would open audit.log again, in a removed directory.
  CHECK(ringlog::remove_logger("audit"));
}

TEST_CASE("many loggers with their own sinks, logged from several threads: exact counts") {
  constexpr int kLoggers = 12;
  constexpr int kThreads = 3;
  constexpr int kPerThread = 2400;  // a multiple of kLoggers: every logger gets the same count
  ScopedCapture global;
  std::vector<std::shared_ptr<CaptureSink>> sinks;
  std::vector<ringlog::Logger*> loggers;
  for (int i = 0; i < kLoggers; ++i) {
    sinks.push_back(std::make_shared<CaptureSink>());
    // Every third logger keeps the global sinks: only those reach the global capture.
    const auto routing =
        i % 3 == 0 ? ringlog::SinkRouting::own_and_global : ringlog::SinkRouting::own;
    loggers.push_back(&ringlog::get_logger("many-" + std::to_string(i), {sinks.back()}, routing));
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kPerThread; ++n) {
        ringlog::Logger& log = *loggers[static_cast<std::size_t>((n + t) % kLoggers)];
        RLOG_INFO(log, "t {} n {}", t, n);
      }
    });
  }
  for (auto& th : threads) th.join();
  ringlog::flush();
  int to_global = 0;
  for (int i = 0; i < kLoggers; ++i) {
    const auto counts = count_by_logger(*sinks[static_cast<std::size_t>(i)]);
    const int expected = kThreads * kPerThread / kLoggers;
    REQUIRE(counts.size() == 1);
    CHECK(counts.at("many-" + std::to_string(i)) == expected);
    if (i % 3 == 0) to_global += expected;
  }
  CHECK(static_cast<int>(global.sink().records().size()) == to_global);
}

TEST_CASE("a sink shared by several loggers and the global list is written once per record") {
  auto shared = std::make_shared<LifeSink>();
  ringlog::start({}, {shared});
  ringlog::Logger& a = ringlog::get_logger("shared-a", {shared});
  ringlog::Logger& b = ringlog::get_logger("shared-b", {shared, shared});  // listed twice
  ringlog::Logger& c =
      ringlog::get_logger("shared-c", {shared}, ringlog::SinkRouting::own_and_global);
  ringlog::Logger& g = ringlog::get_logger("shared-global");
  RLOG_INFO(a, "a");
  RLOG_INFO(b, "b");
  RLOG_INFO(c, "c");
  RLOG_INFO(g, "g");
  ringlog::flush();
  CHECK(messages(*shared) == std::vector<std::string>{"a", "b", "c", "g"});
  ringlog::stop();
  CHECK(shared->opens == 1);
  CHECK(shared->closes == 1);
}

TEST_CASE("own plus global sinks: each record reaches both") {
  ScopedCapture global;
  auto own = std::make_shared<CaptureSink>();
  ringlog::Logger& log =
      ringlog::get_logger("both-routes", {own}, ringlog::SinkRouting::own_and_global);
  RLOG_WARN(log, "to both {}", 1);
  ringlog::flush();
  CHECK(messages(*own) == std::vector<std::string>{"to both 1"});
  CHECK(messages(global.sink()) == std::vector<std::string>{"to both 1"});
}

TEST_CASE("get_logger with sinks on an existing name: same sinks return it, others throw") {
  auto s1 = std::make_shared<CaptureSink>();
  auto s2 = std::make_shared<CaptureSink>();
  ringlog::Logger& first = ringlog::get_logger("conflict", {s1});
  CHECK(&ringlog::get_logger("conflict", {s1}) == &first);
  CHECK(&ringlog::get_logger("conflict") == &first);  // a plain lookup finds it
  CHECK_THROWS_AS(ringlog::get_logger("conflict", {s2}), std::logic_error);
  CHECK_THROWS_AS(ringlog::get_logger("conflict", {s1}, ringlog::SinkRouting::own_and_global),
                  std::logic_error);
  ringlog::get_logger("conflict-plain");
  CHECK_THROWS_AS(ringlog::get_logger("conflict-plain", {s1}), std::logic_error);
  CHECK_THROWS_AS(ringlog::get_logger("conflict-null", {nullptr}), std::invalid_argument);
}

TEST_CASE("a sink that cannot open while running: get_logger throws and creates nothing") {
  ScopedCapture global;
  ringlog::test::TempDir dir;
  CHECK_THROWS_AS(
      ringlog::get_logger("bad-open", {ringlog::file_sink(dir.file("no/such/dir.log"))}),
      std::system_error);
  // The name is still free: a working sink can be given now.
  auto ok = std::make_shared<CaptureSink>();
  ringlog::Logger& log = ringlog::get_logger("bad-open", {ok});
  RLOG_INFO(log, "works");
  ringlog::flush();
  CHECK(messages(*ok) == std::vector<std::string>{"works"});
}

TEST_CASE("a logger made before start() opens its sinks at start() and again after a restart") {
  auto own = std::make_shared<LifeSink>();
  ringlog::Logger& log = ringlog::get_logger("early", {own});
  CHECK(own->opens == 0);
  RLOG_INFO(log, "before start");  // waits in the ring
  auto global = std::make_shared<CaptureSink>();
  ringlog::start({}, {global});
  CHECK(own->opens == 1);
  RLOG_INFO(log, "first run");
  ringlog::stop();
  CHECK(own->closes == 1);
  ringlog::start({}, {global});
  CHECK(own->opens == 2);
  RLOG_INFO(log, "second run");
  ringlog::stop();
  CHECK(own->closes == 2);
  CHECK(messages(*own) == std::vector<std::string>{"before start", "first run", "second run"});
  CHECK(global->records().empty());
}

TEST_CASE("flushing one logger writes its records to its file") {
  ringlog::test::TempDir dir;
  ringlog::Config config;
  config.flush_interval = std::chrono::hours{1};  // only an explicit flush writes
  config.batch_size = 1 << 20;
  ScopedCapture global(config);
  ringlog::Logger& log = ringlog::get_logger("flush-one", {ringlog::file_sink(dir.file("f.log"))});
  RLOG_INFO(log, "one");
  log.flush();
  CHECK(ringlog::test::lines_of(ringlog::test::read_file(dir.file("f.log"))).size() == 1);
  RLOG_INFO(log, "two");
  ringlog::flush(log);
  CHECK(ringlog::test::lines_of(ringlog::test::read_file(dir.file("f.log"))).size() == 2);
  // Only that logger's sinks: another logger's file keeps its batch until its own flush.
  ringlog::Logger& other =
      ringlog::get_logger("flush-other", {ringlog::file_sink(dir.file("other.log"))});
  RLOG_INFO(other, "other");
  RLOG_INFO(log, "three");
  log.flush();
  CHECK(ringlog::test::lines_of(ringlog::test::read_file(dir.file("f.log"))).size() == 3);
  CHECK(ringlog::test::read_file(dir.file("other.log")).empty());
  other.flush();
  CHECK(ringlog::test::lines_of(ringlog::test::read_file(dir.file("other.log"))).size() == 1);
  CHECK(ringlog::remove_logger("flush-one"));
  CHECK(ringlog::remove_logger("flush-other"));
}

TEST_CASE("remove_logger: queued records are written, its unshared sinks closed, the name freed") {
  auto mine = std::make_shared<LifeSink>();
  auto shared = std::make_shared<LifeSink>();
  ScopedCapture global;
  ringlog::Logger& old = ringlog::get_logger("removable", {mine, shared});
  ringlog::get_logger("keeps-shared", {shared});
  for (int i = 0; i < 100; ++i) RLOG_INFO(old, "queued {}", i);
  REQUIRE(ringlog::remove_logger("removable"));
  CHECK(mine->records().size() == 100);  // written before the removal returned
  CHECK(mine->closes == 1);              // no one else uses it
  CHECK(shared->closes == 0);            // "keeps-shared" still does
  CHECK(shared->records().size() == 100);
  RLOG_ERROR(old, "after removal");  // filtered: the level is off
  ringlog::Logger& fresh = ringlog::get_logger("removable");
  CHECK(&fresh != &old);
  RLOG_INFO(fresh, "fresh");
  ringlog::flush();
  CHECK(mine->records().size() == 100);
  CHECK(messages(global.sink()) == std::vector<std::string>{"fresh"});
  CHECK_FALSE(ringlog::remove_logger("no-such-logger"));
  CHECK_THROWS_AS(ringlog::remove_logger("root"), std::invalid_argument);
}

TEST_CASE("a synchronous logger writes to its own sinks only") {
  ScopedCapture global;
  auto own = std::make_shared<CaptureSink>();
  ringlog::Logger& log = ringlog::get_logger("sync-own", {own});
  log.set_mode(ringlog::Mode::sync);
  RLOG_INFO(log, "sync {}", 1);
  // Synchronous: written before the call returns, no flush needed.
  CHECK(messages(*own) == std::vector<std::string>{"sync 1"});
  const int flushes = own->flushes();
  CHECK(flushes >= 1);
  ringlog::Logger& other = ringlog::get_logger("sync-global");
  other.set_mode(ringlog::Mode::sync);
  RLOG_INFO(other, "global {}", 2);
  CHECK(messages(global.sink()) == std::vector<std::string>{"global 2"});
  CHECK(own->flushes() == flushes);  // not flushed for another logger's record
  CHECK(messages(*own).size() == 1);
}
