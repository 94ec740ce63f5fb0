// A text or JSON Lines file whose last line was cut (its writer killed mid-write): a file sink
// opening it ends that line and adds the marker line before the first record of its own.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "sinks/sink_records.h"
#include "sinks/torn_line.h"
#include "support/temp_dir.h"

namespace {

using namespace ringlog::test;

// log_range()'s record as the text sink lays it out (the kv() field appended).
const std::string kRecord = "rec i=0 side=buy\n";

// Starts ringlog with `sink`, logs "rec i=0" and stops: what the file holds afterwards.
std::string after_one_run(const std::string& path, ringlog::SinkPtr sink) {
  ErrorLog errors;
  ringlog::start(quiet_config(errors), {std::move(sink)});
  log_range(0, 1);
  ringlog::stop();
  return read_file(path);
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("a text file sink ends and marks a cut last line before its own lines") {
  TempDir dir;
  const std::string path = dir.file("app.log");
  write_file(path, "rec i=41\nrec i=4");
  CHECK(after_one_run(path, ringlog::file_sink(path)) ==
        std::string("rec i=41\nrec i=4\n") + ringlog::detail::kTornTextMarker + kRecord);
}

TEST_CASE("a JSON Lines file sink marks a cut last line with a JSON object") {
  TempDir dir;
  const std::string path = dir.file("app.jsonl");
  write_file(path, "{\"message\":\"cut");
  const std::string text = after_one_run(path, ringlog::json_file_sink(path));
  const std::string expected_start =
      std::string("{\"message\":\"cut\n") + ringlog::detail::kTornJsonMarker;
  REQUIRE(text.size() > expected_start.size());
  CHECK(text.substr(0, expected_start.size()) == expected_start);
  CHECK(record_numbers(split_lines(text.substr(expected_start.size()))) == range(0, 1));
}

TEST_CASE("a file that ends with a whole line, or is empty, gets no marker") {
  TempDir dir;
  const std::string path = dir.file("app.log");
  SECTION("whole last line") {
    write_file(path, "rec i=41\n");
    CHECK(after_one_run(path, ringlog::file_sink(path)) == "rec i=41\n" + kRecord);
  }
  SECTION("empty") {
    write_file(path, "");
    CHECK(after_one_run(path, ringlog::file_sink(path)) == kRecord);
  }
  SECTION("missing") {
    CHECK(after_one_run(path, ringlog::file_sink(path)) == kRecord);
  }
}

TEST_CASE("a binary log is left as it is: its chunks are not lines") {
  TempDir dir;
  const std::string path = dir.file("app.rlog");
  write_file(path, "x");
  const std::string bytes = after_one_run(path, ringlog::binary_file_sink(path));
  REQUIRE(bytes.size() > 1);
  CHECK(bytes.find("incomplete") == std::string::npos);
}
