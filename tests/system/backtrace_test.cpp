// Backtrace (Logger::enable_backtrace): records below the level are kept per logger and written,
// marked and with the context they were logged in, on the trigger level and on dump_backtrace();
// nothing otherwise; disabling works.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"

using ringlog::test::CaptureSink;
using ringlog::test::ScopedCapture;

namespace {

// "message|context" per record, for exact comparisons.
std::vector<std::string> lines(const CaptureSink& sink) {
  std::vector<std::string> out;
  for (const auto& r : sink.records()) out.push_back(r.message + "|" + r.context);
  return out;
}

}  // namespace

TEST_CASE("a record at the trigger level writes the last N kept records first, oldest first") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("bt-trigger");
  log.set_level(ringlog::Level::info);
  log.enable_backtrace(3, ringlog::Level::error);
  CHECK(log.level() == ringlog::Level::info);
  CHECK(log.should_log(ringlog::Level::debug));  // let through to the ring, kept by the backend
  for (int i = 0; i < 10; ++i) RLOG_DEBUG(log, "debug {}", i);
  RLOG_INFO(log, "info");  // at the level, below the trigger: written, dumps nothing
  RLOG_ERROR(log, "boom");
  RLOG_ERROR(log, "again");  // the backtrace was emptied by the first dump
  ringlog::flush();
  CHECK(lines(capture.sink()) ==
        std::vector<std::string>{"info|", "backtrace of bt-trigger, 3 records|",
                                 "debug 7|backtrace=true", "debug 8|backtrace=true",
                                 "debug 9|backtrace=true", "boom|", "again|"});
}

TEST_CASE("nothing kept is written while the trigger level is not reached") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("bt-quiet");
  log.set_level(ringlog::Level::info);
  log.enable_backtrace(8, ringlog::Level::critical);
  RLOG_TRACE(log, "trace");
  RLOG_DEBUG(log, "debug");
  RLOG_WARN(log, "warn");
  RLOG_ERROR(log, "error");
  ringlog::flush();
  CHECK(lines(capture.sink()) == std::vector<std::string>{"warn|", "error|"});
}

TEST_CASE("dump_backtrace() writes what is kept, in order with the thread's records") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("bt-dump");
  log.set_level(ringlog::Level::warn);
  log.enable_backtrace(4, ringlog::Level::critical);
  RLOG_INFO(log, "kept {}", 1);
  RLOG_DEBUG(log, "kept {}", 2);
  log.dump_backtrace();
  RLOG_INFO(log, "kept {}", 3);  // after the dump: kept again, not dumped
  log.dump_backtrace();
  log.dump_backtrace();  // empty: writes nothing
  ringlog::flush();
  CHECK(lines(capture.sink()) ==
        std::vector<std::string>{"backtrace of bt-dump, 2 records|", "kept 1|backtrace=true",
                                 "kept 2|backtrace=true", "backtrace of bt-dump, 1 records|",
                                 "kept 3|backtrace=true"});
}

TEST_CASE("disable_backtrace() filters again and forgets what was kept") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("bt-disable");
  log.set_level(ringlog::Level::info);
  log.enable_backtrace(4, ringlog::Level::error);
  RLOG_DEBUG(log, "forgotten");
  log.disable_backtrace();
  CHECK_FALSE(log.should_log(ringlog::Level::debug));
  RLOG_DEBUG(log, "filtered");
  RLOG_ERROR(log, "error");
  log.dump_backtrace();
  // No flush() needed: the switches reach the backend in order with this thread's records.
  // set_level() while a backtrace is on keeps the threshold at trace.
  log.enable_backtrace(2, ringlog::Level::error);
  log.set_level(ringlog::Level::warn);
  CHECK(log.should_log(ringlog::Level::trace));
  RLOG_INFO(log, "kept");
  RLOG_ERROR(log, "error 2");
  ringlog::flush();
  CHECK(lines(capture.sink()) == std::vector<std::string>{"error|",
                                                          "backtrace of bt-disable, 1 records|",
                                                          "kept|backtrace=true", "error 2|"});
}

TEST_CASE("a kept record carries its thread's context as it was when the record was logged") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("bt-context");
  log.set_level(ringlog::Level::info);
  log.enable_backtrace(4, ringlog::Level::error);
  {
    ringlog::Context order{{"order_id", 42}, {"venue", "XNAS"}};
    RLOG_DEBUG(log, "in order");
    {
      // Overrides venue, then ends: the backend's copy of the context is replaced twice before
      // the dump, so the kept record must hold its own copy of the text.
      ringlog::Context route{{"venue", "ARCA"}};
      RLOG_DEBUG(log, "routed");
    }
  }
  RLOG_DEBUG(log, "no context");
  ringlog::Context other{{"session", "replaced"}};
  RLOG_ERROR(log, "fail");
  ringlog::flush();
  CHECK(lines(capture.sink()) ==
        std::vector<std::string>{"backtrace of bt-context, 3 records|",
                                 "in order|backtrace=true order_id=42 venue=XNAS",
                                 "routed|backtrace=true order_id=42 venue=ARCA",
                                 "no context|backtrace=true", "fail|session=replaced"});
}

TEST_CASE("a backtrace goes to the logger's own sinks, header included") {
  ScopedCapture global;
  auto own = std::make_shared<CaptureSink>();
  ringlog::Logger& log = ringlog::get_logger("bt-own", {own});
  log.set_level(ringlog::Level::info);
  log.enable_backtrace(2, ringlog::Level::warn);
  RLOG_DEBUG(log, "d");
  RLOG_WARN(log, "w");
  ringlog::flush();
  CHECK(lines(*own) ==
        std::vector<std::string>{"backtrace of bt-own, 1 records|", "d|backtrace=true", "w|"});
  CHECK(global.sink().records().empty());
}

TEST_CASE("a backtrace enabled before a restart keeps working after it, with what it kept") {
  auto sink = std::make_shared<CaptureSink>();
  ringlog::Logger& log = ringlog::get_logger("bt-restart");
  log.set_level(ringlog::Level::info);
  log.enable_backtrace(4, ringlog::Level::error);  // before start(): waits in the ring too
  ringlog::start({}, {sink});
  RLOG_DEBUG(log, "first run");
  ringlog::stop();
  ringlog::start({}, {sink});
  RLOG_DEBUG(log, "second run");
  RLOG_ERROR(log, "error");
  ringlog::stop();
  CHECK(lines(*sink) == std::vector<std::string>{"backtrace of bt-restart, 2 records|",
                                                 "first run|backtrace=true",
                                                 "second run|backtrace=true", "error|"});
  log.disable_backtrace();
}
