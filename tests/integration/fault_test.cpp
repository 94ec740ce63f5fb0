// Faults while running: a log file deleted, replaced or impossible to reopen, a full disk, a
// rotation that cannot create its next file, a sink that throws. In every case the other sinks
// keep receiving, the fault is reported once with a count, and logging resumes once it clears.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"
#include "support/child_process.h"
#include "support/error_log.h"
#include "support/log_file.h"

using namespace ringlog::test;

namespace {

// Sinks flush only when the test calls ringlog::flush(), so each flush is one write attempt.
ringlog::Config quiet_config(ErrorLog& errors) {
  ringlog::Config config;
  config.flush_interval = std::chrono::hours{1};
  config.batch_size = 1'000'000;
  config.pattern = "{message}";
  config.error_handler = errors.handler();
  return config;
}

// Logs "rec t=0 i=<first..last-1>" and flushes.
void log_range(int first, int last) {
  ringlog::Logger& log = ringlog::get_logger("faults");
  for (int i = first; i < last; ++i) RLOG_INFO(log, "rec t=0 i={}", i);
  ringlog::flush();
}

// The indexes of "rec t=0 i=..." in `text`, each expected exactly once: true if exactly
// [first, last) are there.
bool holds_exactly(const std::string& text, int first, int last) {
  const RecordCheck check = check_records(text);
  if (check.duplicates != 0 || check.total != static_cast<std::size_t>(last - first)) return false;
  const auto it = check.seen.find(0);
  if (it == check.seen.end()) return first == last;
  for (int i = 0; i < static_cast<int>(it->second.size()); ++i) {
    if (it->second[static_cast<std::size_t>(i)] != (i >= first && i < last ? 1 : 0)) return false;
  }
  return true;
}

// Stops ringlog when a test ends, also when a REQUIRE ends it early.
struct StopAtEnd {
  ~StopAtEnd() { ringlog::stop(); }
};

class ThrowingSink final : public ringlog::Sink {
 public:
  void open(const ringlog::SinkContext&) override {}
  void write(const ringlog::LogEvent&) override {
    if (fail_writes.load()) throw std::runtime_error("disk on fire");
  }
  void flush() override {
    if (fail_flushes.load()) throw 42;  // not even a std::exception
  }
  std::atomic<bool> fail_writes{false};
  std::atomic<bool> fail_flushes{false};
};

}  // namespace

TEST_CASE("a log file deleted while running is recreated; later records go to the new file") {
  TempDir dir;
  const std::string path = dir.file("app.log");
  ErrorLog errors;
  ringlog::start(quiet_config(errors), {ringlog::file_sink(path)});
  const StopAtEnd stop_at_end;
  log_range(0, 100);
  REQUIRE(::unlink(path.c_str()) == 0);
  log_range(100, 200);
  CHECK(holds_exactly(read_file(path), 100, 200));
  CHECK(errors.count("was deleted or replaced; reopening the path") == 1);

  SECTION("and one moved away (logrotate without copytruncate) too") {
    REQUIRE(std::rename(path.c_str(), (path + ".old").c_str()) == 0);
    log_range(200, 300);
    CHECK(holds_exactly(read_file(path + ".old"), 100, 200));
    CHECK(holds_exactly(read_file(path), 200, 300));
    CHECK(errors.count("was deleted or replaced; reopening the path") == 2);
  }
  ringlog::stop();
}

TEST_CASE("a log file that cannot be reopened: reported once with a count; resumes after") {
  TempDir dir;
  const std::string path = dir.file("app.log");
  ErrorLog errors;
  ringlog::start(quiet_config(errors), {ringlog::file_sink(path)});
  const StopAtEnd stop_at_end;
  log_range(0, 100);
  const auto errors_before = ringlog::stats().sink_errors;
  // A directory where the file was: open(2) fails with EISDIR, even for root.
  REQUIRE(::unlink(path.c_str()) == 0);
  REQUIRE(::mkdir(path.c_str(), 0755) == 0);
  log_range(100, 150);
  log_range(150, 200);
  log_range(200, 250);
  CHECK(errors.count("cannot reopen log file") == 1);
  CHECK(errors.count("Is a directory") == 1);
  // The deletion report, then three failed reopen attempts.
  CHECK(ringlog::stats().sink_errors - errors_before == 4);
  REQUIRE(::rmdir(path.c_str()) == 0);
  log_range(250, 300);
  CHECK(holds_exactly(read_file(path), 250, 300));
  CHECK(errors.count("works again after 3 failed attempts") == 1);
  ringlog::stop();
  CHECK(errors.count("still failing") == 0);
  INFO(errors.all());
}

TEST_CASE("a full disk: reported once with a count, the other sinks get every record") {
  ErrorLog errors;
  ScopedCapture capture(quiet_config(errors), {ringlog::file_sink("/dev/full")});
  const auto errors_before = ringlog::stats().sink_errors;
  const auto lost_before = ringlog::stats().sink_lost_records;
  for (int round = 0; round < 10; ++round) log_range(round * 100, round * 100 + 100);
  CHECK(capture.sink().records().size() == 1000);
  CHECK(ringlog::stats().sink_lost_records - lost_before == 1000);
  CHECK(errors.count("cannot write log '/dev/full': No space left on device") == 1);
  CHECK(ringlog::stats().sink_errors - errors_before == 10);
  ringlog::stop();
  CHECK(errors.count("'/dev/full' was still failing when the sink closed: 10 failed attempts, "
                     "1000 records lost") == 1);
  INFO(errors.all());
}

TEST_CASE("a sink that throws: reported once with a count, the others keep receiving") {
  ErrorLog errors;
  auto throwing = std::make_shared<ThrowingSink>();
  ScopedCapture capture(quiet_config(errors), {throwing});
  const auto errors_before = ringlog::stats().sink_errors;
  throwing->fail_writes = true;
  log_range(0, 100);
  log_range(100, 200);
  throwing->fail_writes = false;
  log_range(200, 300);
  CHECK(capture.sink().records().size() == 300);
  CHECK(errors.count("sink #0 threw from write(): disk on fire") == 1);
  CHECK(errors.count("sink #0 write() works again after 200 failed calls") == 1);
  CHECK(ringlog::stats().sink_errors - errors_before == 200);

  SECTION("one whose flush always throws is reported once, and again at stop") {
    throwing->fail_flushes = true;
    for (int round = 0; round < 5; ++round) log_range(300 + round * 10, 310 + round * 10);
    CHECK(errors.count("sink #0 threw from flush(): an exception not derived from") == 1);
    CHECK(capture.sink().records().size() == 350);
    ringlog::stop();
    CHECK(errors.count("sink #0 flush() was still failing at stop") == 1);
  }
  INFO(errors.all());
}

TEST_CASE("a rotating sink whose next file cannot be created: reported once, resumes after") {
  TempDir dir;
  const std::string sub = dir.file("logs");
  REQUIRE(::mkdir(sub.c_str(), 0755) == 0);
  const std::string path = sub + "/app.log";
  ErrorLog errors;
  ringlog::start(quiet_config(errors), {ringlog::rotating_file_sink(path, 2000, 2)});
  const StopAtEnd stop_at_end;
  log_range(0, 200);  // about 2700 bytes in one batch: it rotates part-way
  log_range(200, 210);
  REQUIRE(::access((path + ".1").c_str(), F_OK) == 0);
  CHECK(holds_exactly(read_file(path + ".1") + read_file(path), 0, 210));
  // The directory disappears: the current file is gone and no new one can be created.
  REQUIRE(std::rename(sub.c_str(), (sub + ".moved").c_str()) == 0);
  log_range(210, 220);
  log_range(220, 230);
  CHECK(errors.count("cannot open rotated log file") == 1);
  REQUIRE(::mkdir(sub.c_str(), 0755) == 0);
  log_range(230, 240);
  CHECK(holds_exactly(read_file(path), 230, 240));
  CHECK(errors.count("works again after 2 failed attempts") == 1);

  SECTION("backup names taken by directories: the file keeps growing, reported once") {
    // Non-empty directories: app.log.1 cannot move to app.log.2, app.log cannot become .1.
    for (const char* backup : {".1", ".2"}) {
      REQUIRE(::mkdir((path + backup).c_str(), 0755) == 0);
      REQUIRE(::mkdir((path + backup + "/keep").c_str(), 0755) == 0);
    }
    log_range(240, 440);  // would rotate
    log_range(440, 450);
    log_range(450, 460);
    CHECK(errors.count("cannot rotate") == 1);
    CHECK(holds_exactly(read_file(path), 230, 460));
    for (const char* backup : {".1", ".2"}) {
      REQUIRE(::rmdir((path + backup + "/keep").c_str()) == 0);
      REQUIRE(::rmdir((path + backup).c_str()) == 0);
    }
    log_range(460, 470);
    CHECK(errors.count("rotating '" + path + "' works again") == 1);
    CHECK(holds_exactly(read_file(path), 460, 470));
  }
  ringlog::stop();
  INFO(errors.all());
}
