// time_rotating_file_sink() driven by hand with records at chosen times (no start(), no clock,
// no sleeping): files split at day and hour boundaries by the records' own timestamps, for each
// layout; retention; restarts; a missing directory; and once through start() with real time.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "sinks/driven_sink.h"
#include "sinks/sink_records.h"
#include "support/ringlog_cat.h"
#include "support/temp_dir.h"
#include "support/utc_time.h"

namespace {

using namespace ringlog::test;
using ringlog::RotateEvery;
using ringlog::TimeRotation;

constexpr std::int64_t kSecond = kSecondNs;

// The names in `dir`, sorted.
std::vector<std::string> files_in(const TempDir& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

void touch(const std::string& path) {
  std::ofstream(path) << "from an earlier run\n";
}

// ringlog-cat's output for `path` alone, as record numbers; empty when it fails.
std::vector<int> cat_numbers(const std::string& path) {
  const CommandResult result = run_command(ringlog_cat_path() + " " + path);
  if (result.exit_code != 0) return {};
  return record_numbers(split_lines(result.output));
}

std::vector<int> json_numbers(const std::string& path) {
  return record_numbers(json_messages(path));
}

}  // namespace

TEST_CASE("daily text rotation splits one batch at UTC midnight by the records' own times") {
  TempDir dir;
  const std::int64_t midnight = utc_ns(2026, 12, 4);
  DrivenSink sink(ringlog::time_rotating_file_sink(dir.file("app.log"), RotateEvery::day, 0),
                  midnight - 60 * kSecond);
  sink.write(0, midnight - 100'000'000);
  sink.write(1, midnight - 1);
  sink.write(2, midnight);  // the first nanosecond of the new day
  sink.write(3, midnight + 1);
  sink.flush();
  sink.close();
  CHECK(files_in(dir) == std::vector<std::string>{"app.2026-12-03.log", "app.2026-12-04.log"});
  CHECK(record_numbers(read_lines(dir.file("app.2026-12-03.log"))) == range(0, 2));
  CHECK(record_numbers(read_lines(dir.file("app.2026-12-04.log"))) == range(2, 4));
}

TEST_CASE("hourly JSON Lines rotation: every file valid JSON per line, records in their hour") {
  TempDir dir;
  const std::int64_t t0 = utc_ns(2026, 12, 3, 14, 59, 59);
  DrivenSink sink(ringlog::time_rotating_file_sink(dir.file("app.jsonl"), RotateEvery::hour, 0,
                                                   ringlog::json_lines_layout()),
                  t0);
  sink.write(0, t0);
  sink.write(1, utc_ns(2026, 12, 3, 15));
  sink.flush();
  sink.write(2, utc_ns(2026, 12, 3, 15, 59, 59));
  sink.write(3, utc_ns(2026, 12, 3, 17, 0, 1));  // an hour without records leaves no file
  sink.flush();
  sink.close();
  CHECK(files_in(dir) == std::vector<std::string>{"app.2026-12-03T14.jsonl",
                                                  "app.2026-12-03T15.jsonl",
                                                  "app.2026-12-03T17.jsonl"});
  CHECK(json_numbers(dir.file("app.2026-12-03T14.jsonl")) == range(0, 1));
  CHECK(json_numbers(dir.file("app.2026-12-03T15.jsonl")) == range(1, 3));
  CHECK(json_numbers(dir.file("app.2026-12-03T17.jsonl")) == range(3, 4));
}

TEST_CASE("binary rotation by time: ringlog-cat decodes each dated file on its own") {
  TempDir dir;
  const std::int64_t midnight = utc_ns(2026, 12, 4);
  DrivenSink sink(ringlog::time_rotating_file_sink(dir.file("md.rlog"), RotateEvery::day, 0,
                                                   ringlog::binary_layout()),
                  midnight - kSecond);
  for (int i = 0; i < 5; ++i) sink.write(i, midnight - kSecond + i);
  // The same call site again after the split: its definition must be in the new file too.
  for (int i = 5; i < 9; ++i) sink.write(i, midnight + i);
  sink.flush();
  sink.write(9, utc_ns(2026, 12, 5, 8));
  sink.flush();
  sink.close();
  CHECK(files_in(dir) ==
        std::vector<std::string>{"md.2026-12-03.rlog", "md.2026-12-04.rlog", "md.2026-12-05.rlog"});
  CHECK(cat_numbers(dir.file("md.2026-12-03.rlog")) == range(0, 5));
  CHECK(cat_numbers(dir.file("md.2026-12-04.rlog")) == range(5, 9));
  CHECK(cat_numbers(dir.file("md.2026-12-05.rlog")) == range(9, 10));
  CHECK(record_numbers(binary_messages(dir.file("md.2026-12-04.rlog"))) == range(5, 9));
}

TEST_CASE("retention deletes exactly the oldest dated files beyond the count, nothing else") {
  TempDir dir;
  ErrorLog errors;
  const CollectErrors collect(errors);
  // Files from earlier runs, and names that are not this sink's to delete.
  for (const char* name :
       {"app.2026-11-27.log", "app.2026-11-28.log", "app.2026-11-28.log.1", "app.2026-11-30.log",
        "app.log", "app.2026-11-01.txt", "other.2026-11-01.log", "app.2026-11-01T10.log",
        "app.2026-11-01.log.old", "xapp.2026-11-01.log"}) {
    touch(dir.file(name));
  }
  std::filesystem::create_directory(dir.file("app.2026-11-02.log"));  // a directory: not ours
  TimeRotation rotation;
  rotation.every = RotateEvery::day;
  rotation.retention = 3;
  DrivenSink sink(ringlog::time_rotating_file_sink(dir.file("app.log"), rotation),
                  utc_ns(2026, 12, 1, 9));
  const std::vector<std::string> foreign = {"app.2026-11-01.log.old",
                                            "app.2026-11-01.txt",
                                            "app.2026-11-01T10.log",
                                            "app.2026-11-02.log",
                                            "app.log",
                                            "other.2026-11-01.log",
                                            "xapp.2026-11-01.log"};
  const auto with_foreign = [&](std::vector<std::string> dated) {
    dated.insert(dated.end(), foreign.begin(), foreign.end());
    std::sort(dated.begin(), dated.end());
    return dated;
  };
  // Opened on 12-01: that day plus the two newest earlier ones stay.
  CHECK(files_in(dir) == with_foreign({"app.2026-11-28.log", "app.2026-11-28.log.1",
                                       "app.2026-11-30.log", "app.2026-12-01.log"}));
  sink.write(0, utc_ns(2026, 12, 1, 10));
  sink.write(1, utc_ns(2026, 12, 2, 10));
  CHECK(files_in(dir) ==
        with_foreign({"app.2026-11-30.log", "app.2026-12-01.log", "app.2026-12-02.log"}));
  sink.write(2, utc_ns(2026, 12, 3, 10));
  sink.flush();
  sink.close();
  CHECK(files_in(dir) ==
        with_foreign({"app.2026-12-01.log", "app.2026-12-02.log", "app.2026-12-03.log"}));
  CHECK(record_numbers(read_lines(dir.file("app.2026-12-01.log"))) == range(0, 1));
  CHECK(record_numbers(read_lines(dir.file("app.2026-12-03.log"))) == range(2, 3));
  CHECK(errors.messages().empty());
}

TEST_CASE("a restart within the period appends to its dated file, text and binary") {
  TempDir dir;
  const std::int64_t morning = utc_ns(2026, 12, 3, 9);
  for (int run = 0; run < 2; ++run) {
    DrivenSink text(ringlog::time_rotating_file_sink(dir.file("app.log"), RotateEvery::day, 2),
                    morning + run * 3600 * kSecond);
    DrivenSink binary(ringlog::time_rotating_file_sink(dir.file("app.rlog"), RotateEvery::day, 2,
                                                       ringlog::binary_layout()),
                      morning + run * 3600 * kSecond);
    for (int i = run * 3; i < run * 3 + 3; ++i) {
      text.write(i, morning + run * 3600 * kSecond + i);
      binary.write(i, morning + run * 3600 * kSecond + i);
    }
    text.flush();
    binary.flush();
    text.close();
    binary.close();
  }
  CHECK(files_in(dir) == std::vector<std::string>{"app.2026-12-03.log", "app.2026-12-03.rlog"});
  CHECK(record_numbers(read_lines(dir.file("app.2026-12-03.log"))) == range(0, 6));
  CHECK(cat_numbers(dir.file("app.2026-12-03.rlog")) == range(0, 6));
}

TEST_CASE("local-time daily rotation follows TZ: the day changes at local midnight") {
  const char* saved = std::getenv("TZ");
  const std::optional<std::string> old_tz =
      saved ? std::optional<std::string>(saved) : std::nullopt;
  ::setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);  // a POSIX rule: no time zone database needed
  ::tzset();
  TempDir dir;
  TimeRotation rotation;
  rotation.utc = false;
  const std::int64_t local_midnight = utc_ns(2026, 12, 4, 5);  // 00:00 EST
  DrivenSink sink(ringlog::time_rotating_file_sink(dir.file("app.log"), rotation),
                  local_midnight - 3600 * kSecond);
  sink.write(0, utc_ns(2026, 12, 4, 1));  // 2026-12-03 20:00 local, already 12-04 in UTC
  sink.write(1, local_midnight - 1);
  sink.write(2, local_midnight);
  sink.flush();
  sink.close();
  if (old_tz) {
    ::setenv("TZ", old_tz->c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
  CHECK(files_in(dir) == std::vector<std::string>{"app.2026-12-03.log", "app.2026-12-04.log"});
  CHECK(record_numbers(read_lines(dir.file("app.2026-12-03.log"))) == range(0, 2));
  CHECK(record_numbers(read_lines(dir.file("app.2026-12-04.log"))) == range(2, 3));
}

TEST_CASE("a size cap inside the period: backups carry the stamp and leave with it") {
  TempDir dir;
  TimeRotation rotation;
  rotation.retention = 1;
  rotation.max_bytes = 20;  // "rec i=N\n" is 8 bytes: two records per file
  rotation.max_backups = 5;
  const std::int64_t day1 = utc_ns(2026, 12, 3, 12);
  DrivenSink sink(ringlog::time_rotating_file_sink(dir.file("app.log"), rotation), day1);
  for (int i = 0; i < 5; ++i) sink.write(i, day1 + i);
  sink.flush();
  CHECK(files_in(dir) == std::vector<std::string>{"app.2026-12-03.log", "app.2026-12-03.log.1",
                                                  "app.2026-12-03.log.2"});
  CHECK(record_numbers(read_lines(dir.file("app.2026-12-03.log.2"))) == range(0, 2));
  CHECK(record_numbers(read_lines(dir.file("app.2026-12-03.log"))) == range(4, 5));
  sink.write(5, utc_ns(2026, 12, 4, 0));
  sink.flush();
  sink.close();
  CHECK(files_in(dir) == std::vector<std::string>{"app.2026-12-04.log"});
}

TEST_CASE("a new period whose directory is gone is reported with the path; writing resumes") {
  TempDir dir;
  ErrorLog errors;
  const CollectErrors collect(errors);
  const std::string logs = dir.file("logs");
  std::filesystem::create_directory(logs);
  const std::int64_t day1 = utc_ns(2026, 12, 3, 12);
  DrivenSink sink(ringlog::time_rotating_file_sink(logs + "/app.log", RotateEvery::day, 0), day1);
  sink.write(0, day1);
  sink.flush();
  std::filesystem::remove_all(logs);
  sink.write(1, utc_ns(2026, 12, 4, 1));  // the new day's file cannot be created
  REQUIRE(errors.count("cannot open rotated log file '" + logs + "/app.2026-12-04.log'") == 1);
  CHECK(errors.count("No such file or directory") == 1);
  std::filesystem::create_directory(logs);
  sink.write(2, utc_ns(2026, 12, 4, 2));
  sink.flush();  // opens the day's file now: nothing was lost
  sink.close();
  CHECK(record_numbers(read_lines(logs + "/app.2026-12-04.log")) == range(1, 3));
  CHECK(errors.count("works again") == 1);
}

TEST_CASE("a sink whose directory is missing at start throws naming the dated path") {
  TempDir dir;
  const std::string missing = dir.file("missing") + "/app.log";
  try {
    DrivenSink sink(ringlog::time_rotating_file_sink(missing, RotateEvery::day, 3),
                    utc_ns(2026, 12, 3, 12));
    FAIL("open() did not throw");
  } catch (const std::system_error& e) {
    CHECK(std::string(e.what()).find(dir.file("missing") + "/app.2026-12-03.log'") !=
          std::string::npos);
    CHECK(e.code() == std::errc::no_such_file_or_directory);
  }
}

TEST_CASE("started through ringlog::start(), records go to the file of today's UTC date") {
  TempDir dir;
  ErrorLog errors;
  ringlog::start(quiet_config(errors),
                 {ringlog::time_rotating_file_sink(dir.file("live.log"), RotateEvery::hour, 2)});
  log_range(0, 10);
  ringlog::stop();
  // The hour may turn while the records are logged: then there are two files, in order.
  std::vector<int> numbers;
  const std::vector<std::string> names = files_in(dir);
  REQUIRE(!names.empty());
  for (const std::string& name : names) {
    CHECK(name.starts_with("live.20"));
    CHECK(name.ends_with(".log"));
    CHECK(name.size() == std::string("live.2026-12-03T15.log").size());
    const std::vector<int> part = record_numbers(read_lines(dir.file(name)));
    numbers.insert(numbers.end(), part.begin(), part.end());
  }
  CHECK(names.size() <= 2);
  CHECK(numbers == range(0, 10));
  CHECK(errors.messages().empty());
}
