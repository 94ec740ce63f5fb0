// File targets under logrotate and broken rotation, whatever the layout.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "sinks/sink_records.h"
#include "support/temp_dir.h"

namespace {

using namespace ringlog::test;

struct StopAtEnd {
  ~StopAtEnd() { ringlog::stop(); }
};

}  // namespace

TEST_CASE("a JSON Lines file moved away is reopened at its path; later records go there") {
  TempDir dir;
  ErrorLog errors;
  const std::string path = dir.file("app.jsonl");
  ringlog::start(quiet_config(errors), {ringlog::json_file_sink(path)});
  const StopAtEnd stop_at_end;
  log_range(0, 100);
  REQUIRE(std::rename(path.c_str(), (path + ".old").c_str()) == 0);
  log_range(100, 200);
  ringlog::stop();
  CHECK(record_numbers(json_messages(path + ".old")) == range(0, 100));
  CHECK(record_numbers(json_messages(path)) == range(100, 200));
  CHECK(errors.count("was deleted or replaced; reopening the path") == 1);
}

TEST_CASE("a binary log moved away: the old file ends cleanly and a new one starts at the path") {
  TempDir dir;
  ErrorLog errors;
  const std::string path = dir.file("app.rlog");
  ringlog::start(quiet_config(errors), {ringlog::binary_file_sink(path)});
  const StopAtEnd stop_at_end;
  log_range(0, 100);
  REQUIRE(std::rename(path.c_str(), (path + ".old").c_str()) == 0);
  log_range(100, 200);
  log_range(200, 300);
  ringlog::stop();
  // The batch in hand when the move is noticed was encoded for the old file and finishes it.
  const std::vector<int> old_numbers = record_numbers(binary_messages(path + ".old"));
  const std::vector<int> new_numbers = record_numbers(binary_messages(path));
  CHECK(old_numbers == range(0, 200));
  CHECK(new_numbers == range(200, 300));
  CHECK(errors.count("was deleted or replaced; reopening the path") == 1);
}

TEST_CASE("binary rotation whose backup path is a directory: reported once, nothing lost") {
  TempDir dir;
  ErrorLog errors;
  const std::string path = dir.file("app.rlog");
  // rename(2) cannot replace a non-empty directory with a file, even for root.
  REQUIRE(::mkdir((path + ".1").c_str(), 0755) == 0);
  std::ofstream(path + ".1/keep") << "x";
  ringlog::start(quiet_config(errors), {ringlog::rotating_binary_file_sink(path, 1024, 1)});
  const StopAtEnd stop_at_end;
  const auto errors_before = ringlog::stats().sink_errors;
  for (int batch = 0; batch < 4; ++batch) log_range(batch * 100, batch * 100 + 100);
  ringlog::stop();
  CHECK(errors.count("cannot rotate '" + path + "' to '" + path + ".1'") == 1);
  CHECK(errors.count("reported once until a rotation works") == 1);
  // Every failed attempt (one per batch at most) is counted.
  CHECK(ringlog::stats().sink_errors - errors_before >= 2);
  // The file kept growing instead: every record is there, in segments that decode.
  CHECK(record_numbers(binary_messages(path)) == range(0, 400));
}

TEST_CASE("text rotation whose backup path is a directory: reported once, nothing lost") {
  TempDir dir;
  ErrorLog errors;
  const std::string path = dir.file("app.log");
  REQUIRE(::mkdir((path + ".1").c_str(), 0755) == 0);
  std::ofstream(path + ".1/keep") << "x";
  ringlog::start(quiet_config(errors), {ringlog::rotating_file_sink(path, 512, 1)});
  const StopAtEnd stop_at_end;
  for (int batch = 0; batch < 4; ++batch) log_range(batch * 100, batch * 100 + 100);
  ringlog::stop();
  CHECK(errors.count("cannot rotate '" + path + "' to '" + path + ".1'") == 1);
  CHECK(record_numbers(read_lines(path)) == range(0, 400));
}
