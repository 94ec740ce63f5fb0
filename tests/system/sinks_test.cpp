// Text sinks, layouts and the errors users hit: bad paths, full disks, bad configuration.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <system_error>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"
#include "support/pattern_match.h"
#include "support/rotation_burst.h"
#include "support/temp_dir.h"

using ringlog::test::matches;
using ringlog::test::read_lines;
using ringlog::test::TempDir;

TEST_CASE("file sink writes the default layout: time with ns, level, thread, logger, source") {
  TempDir dir;
  const std::string path = dir.file("app.log");
  ringlog::start({}, {ringlog::file_sink(path)});
  ringlog::set_thread_name("md-feed");
  ringlog::Logger& log = ringlog::get_logger("gateway");
  RLOG_INFO(log, "order {} filled {} @ {:.2f}", 42, 100, 101.255);
  RLOG_ERROR(log, "reject {}", "no margin");
  ringlog::stop();
  const auto lines = read_lines(path);
  REQUIRE(lines.size() == 2);
  CHECK(
      matches("####-##-## ##:##:##.######### INFO  [md-feed] gateway sinks_test.cpp:% "
              "order 42 filled 100 @ 101.25",
              lines[0]));
  CHECK(lines[1].find(" ERROR [md-feed] gateway ") != std::string::npos);
  CHECK(lines[1].ends_with("reject no margin"));
}

TEST_CASE("a custom pattern lays out exactly the fields asked for") {
  TempDir dir;
  const std::string path = dir.file("custom.log");
  ringlog::Config config;
  config.pattern = "{level}|{logger}|{file}|{function}|{{literal}}|{message}";
  ringlog::start(config, {ringlog::file_sink(path)});
  RLOG_WARN(ringlog::get_logger("fmt"), "x={}", 1);
  ringlog::stop();
  const auto lines = read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(matches("WARN |fmt|sinks_test.cpp|*|{literal}|x=1", lines[0]));
}

TEST_CASE("an unwritable path fails start() with the path and the reason, starting nothing") {
  TempDir dir;
  const std::string bad = dir.file("no/such/dir/app.log");
  try {
    ringlog::start({}, {ringlog::file_sink(dir.file("ok.log")), ringlog::file_sink(bad)});
    FAIL("start() accepted an unwritable path");
  } catch (const std::system_error& e) {
    CHECK(std::string(e.what()).find(bad) != std::string::npos);
    CHECK(e.code() == std::errc::no_such_file_or_directory);
  }
  CHECK_FALSE(ringlog::is_running());
  // Nothing half-started: a correct start afterwards works.
  ringlog::start({}, {ringlog::file_sink(dir.file("ok.log"))});
  CHECK(ringlog::is_running());
  ringlog::stop();
}

TEST_CASE("a full disk is reported once with a count, and logging carries on") {
  std::mutex m;
  std::vector<std::string> errors;
  ringlog::Config config;
  config.error_handler = [&](std::string_view msg) {
    std::lock_guard lock(m);
    errors.emplace_back(msg);
  };
  auto capture = std::make_shared<ringlog::test::CaptureSink>();
  const auto errors_before = ringlog::stats().sink_errors;
  ringlog::start(config, {ringlog::file_sink("/dev/full"), capture});
  ringlog::Logger& log = ringlog::get_logger("disk");
  for (int i = 0; i < 5; ++i) {
    RLOG_INFO(log, "record {}", i);
    ringlog::flush();  // one failed write per flush
  }
  ringlog::stop();
  CHECK(capture->records().size() == 5);  // the other sink got everything
  std::lock_guard lock(m);
  // Once when it starts failing, once at close with the count.
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].find("/dev/full") != std::string::npos);
  CHECK(errors[0].find("No space left on device") != std::string::npos);
  CHECK(errors[1].find("still failing when the sink closed: 5 failed attempts") !=
        std::string::npos);
  CHECK(ringlog::stats().sink_errors - errors_before >= 5);
}

TEST_CASE("invalid configuration is rejected at start() naming the field") {
  const auto rejects = [](auto mutate, const char* field) {
    ringlog::Config c;
    mutate(c);
    try {
      ringlog::start(c, {});
      ringlog::stop();
      return false;
    } catch (const std::invalid_argument& e) {
      return std::string(e.what()).find(field) != std::string::npos;
    }
  };
  CHECK(rejects([](auto& c) { c.queue_bytes = 0; }, "queue_bytes"));
  CHECK(rejects([](auto& c) { c.queue_bytes = 100000; }, "queue_bytes"));  // not a power of 2
  CHECK(rejects([](auto& c) { c.queue_bytes = 1024; }, "queue_bytes"));    // too small
  CHECK(rejects([](auto& c) { c.batch_size = 0; }, "batch_size"));
  CHECK(
      rejects([](auto& c) { c.flush_interval = std::chrono::milliseconds{0}; }, "flush_interval"));
  CHECK(rejects([](auto& c) { c.reorder_window = std::chrono::seconds{5}; }, "reorder_window"));
  CHECK(rejects([](auto& c) { c.pattern = "{time} {nope}"; }, "{nope}"));
  CHECK(rejects([](auto& c) { c.pattern = "{message"; }, "unclosed"));
  CHECK_FALSE(ringlog::is_running());
  CHECK_THROWS_AS(ringlog::start({}, {nullptr}), std::invalid_argument);
}

TEST_CASE("flush and stop twice, start twice, and logging outside start/stop are defined") {
  ringlog::stop();   // before start: nothing happens
  ringlog::flush();  // before start: returns at once
  ringlog::Logger& log = ringlog::get_logger("lifecycle");
  RLOG_INFO(log, "before start {}", 1);  // buffered in the ring
  auto capture = std::make_shared<ringlog::test::CaptureSink>();
  ringlog::start({}, {capture});
  CHECK_THROWS_AS(ringlog::start({}, {}), std::logic_error);
  RLOG_INFO(log, "while running {}", 2);
  ringlog::flush();
  ringlog::flush();
  ringlog::stop();
  ringlog::stop();
  const auto r = capture->records();
  REQUIRE(r.size() == 2);
  CHECK(r[0].message == "before start 1");
  CHECK(r[1].message == "while running 2");
}

TEST_CASE("rotating file sink keeps at most N backups of at most max_bytes each") {
  TempDir dir;
  const std::string path = dir.file("rot.log");
  ringlog::Config config;
  config.batch_size = 1;  // one write per record, so rotation points are exact
  ringlog::start(config, {ringlog::rotating_file_sink(path, 1000, 2)});
  ringlog::Logger& log = ringlog::get_logger("rot");
  for (int i = 0; i < 100; ++i) RLOG_INFO(log, "line {:04}", i);
  ringlog::stop();
  namespace fs = std::filesystem;
  CHECK(fs::exists(path));
  CHECK(fs::exists(path + ".1"));
  CHECK(fs::exists(path + ".2"));
  CHECK_FALSE(fs::exists(path + ".3"));
  for (const auto& p : {path, path + ".1", path + ".2"}) CHECK(fs::file_size(p) <= 1000);
  // The newest lines are in the live file, the ones before them in .1.
  const auto live = read_lines(path);
  REQUIRE_FALSE(live.empty());
  CHECK(live.back().ends_with("line 0099"));
  const auto previous = read_lines(path + ".1");
  REQUIRE_FALSE(previous.empty());
  const auto first_live = live.front().substr(live.front().size() - 4);
  const auto last_prev = previous.back().substr(previous.back().size() - 4);
  CHECK(std::stoi(first_live) == std::stoi(last_prev) + 1);
}

TEST_CASE("a rotating file sink caps every file at max_bytes inside a batch, losing nothing") {
  using ringlog::test::RotationBurst;
  TempDir dir;
  const std::string path = dir.file("cap.log");
  RotationBurst::log_through(ringlog::rotating_file_sink(path, RotationBurst::kMax, 1000));

  namespace fs = std::filesystem;
  ringlog::test::RecordTally tally(RotationBurst::kRecords);
  std::size_t over_cap = 0;
  const auto files = RotationBurst::files(path);
  for (const std::string& file : files) {
    const auto lines = read_lines(file);
    const std::size_t size = fs::file_size(file);
    if (size > RotationBurst::kMax) over_cap = std::max(over_cap, size - RotationBurst::kMax);
    // Only the one record larger than max_bytes may make a file larger, and it is alone there.
    INFO(file << ": " << size << " bytes, " << lines.size() << " lines");
    CHECK((size <= RotationBurst::kMax || lines.size() == 1));
    for (const std::string& line : lines) {
      const auto at = line.find(" rec ");
      REQUIRE(at != std::string::npos);
      REQUIRE(tally.add(std::stoi(line.substr(at + 5))));
    }
  }
  CHECK(files.size() > 20);
  CHECK(tally.total() == RotationBurst::kRecords);
  CHECK(tally.once() == RotationBurst::kRecords);
  // Over the cap only by the huge record's own excess.
  CHECK(over_cap < 2 * RotationBurst::kMax);
}
