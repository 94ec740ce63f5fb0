// Per-sink timestamp precision: pattern_layout(pattern, utc, precision) and
// Layout::time_precision on JSON Lines, for each setting, side by side with the default.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sinks/driven_sink.h"
#include "sinks/sink_records.h"
#include "support/temp_dir.h"

namespace {

using namespace ringlog::test;
using ringlog::TimePrecision;

// 2023-11-14 22:13:20.123456789 UTC, and a time just before 1970 (fraction counted upwards).
constexpr std::int64_t kTime = kSampleUnixNs;
constexpr std::int64_t kBefore1970 = -1;

// The lines a file sink with `layout` writes for records at kTime and kBefore1970.
std::vector<std::string> lines_with(const ringlog::Layout& layout) {
  TempDir dir;
  DrivenSink sink(ringlog::file_sink(dir.file("t.log"), layout), kTime);
  sink.write(0, kTime);
  sink.write(1, kBefore1970);
  sink.flush();
  sink.close();
  return read_lines(dir.file("t.log"));
}

ringlog::Layout json_with(TimePrecision precision) {
  ringlog::Layout layout = ringlog::json_lines_layout();
  layout.time_precision = precision;
  return layout;
}

}  // namespace

TEST_CASE("pattern layout: {time} and {clock} carry the digits each precision asks for") {
  const std::string pattern = "{time}|{clock}|{message}";
  CHECK(lines_with(ringlog::pattern_layout(pattern, true, TimePrecision::seconds)) ==
        std::vector<std::string>{"2023-11-14 22:13:20|22:13:20|rec i=0",
                                 "1969-12-31 23:59:59|23:59:59|rec i=1"});
  CHECK(lines_with(ringlog::pattern_layout(pattern, true, TimePrecision::millis)) ==
        std::vector<std::string>{"2023-11-14 22:13:20.123|22:13:20.123|rec i=0",
                                 "1969-12-31 23:59:59.999|23:59:59.999|rec i=1"});
  CHECK(lines_with(ringlog::pattern_layout(pattern, true, TimePrecision::micros)) ==
        std::vector<std::string>{"2023-11-14 22:13:20.123456|22:13:20.123456|rec i=0",
                                 "1969-12-31 23:59:59.999999|23:59:59.999999|rec i=1"});
  CHECK(lines_with(ringlog::pattern_layout(pattern, true, TimePrecision::nanos)) ==
        std::vector<std::string>{"2023-11-14 22:13:20.123456789|22:13:20.123456789|rec i=0",
                                 "1969-12-31 23:59:59.999999999|23:59:59.999999999|rec i=1"});
}

TEST_CASE("pattern layout without a precision keeps nanoseconds, as before") {
  CHECK(lines_with(ringlog::pattern_layout("{time} {message}", true)) ==
        std::vector<std::string>{"2023-11-14 22:13:20.123456789 rec i=0",
                                 "1969-12-31 23:59:59.999999999 rec i=1"});
}

TEST_CASE("JSON Lines: \"time\" carries the digits each precision asks for, default nanoseconds") {
  const auto time_of = [](const std::vector<std::string>& lines) {
    std::vector<std::string> times;
    for (const std::string& line : lines) {
      const std::size_t start = line.find("\"time\":\"") + 8;
      times.push_back(line.substr(start, line.find('"', start) - start));
    }
    return times;
  };
  CHECK(time_of(lines_with(json_with(TimePrecision::seconds))) ==
        std::vector<std::string>{"2023-11-14T22:13:20Z", "1969-12-31T23:59:59Z"});
  CHECK(time_of(lines_with(json_with(TimePrecision::millis))) ==
        std::vector<std::string>{"2023-11-14T22:13:20.123Z", "1969-12-31T23:59:59.999Z"});
  CHECK(time_of(lines_with(json_with(TimePrecision::micros))) ==
        std::vector<std::string>{"2023-11-14T22:13:20.123456Z", "1969-12-31T23:59:59.999999Z"});
  CHECK(
      time_of(lines_with(ringlog::json_lines_layout())) ==
      std::vector<std::string>{"2023-11-14T22:13:20.123456789Z", "1969-12-31T23:59:59.999999999Z"});
}

TEST_CASE("two sinks with different precisions side by side") {
  TempDir dir;
  DrivenSink ms(
      ringlog::file_sink(dir.file("ms.log"),
                         ringlog::pattern_layout("{clock} {message}", true, TimePrecision::millis)),
      kTime);
  DrivenSink ns(
      ringlog::file_sink(dir.file("ns.log"), ringlog::pattern_layout("{clock} {message}")), kTime);
  ms.write(0, kTime);
  ns.write(0, kTime);
  ms.flush();
  ns.flush();
  ms.close();
  ns.close();
  CHECK(read_lines(dir.file("ms.log")) == std::vector<std::string>{"22:13:20.123 rec i=0"});
  // utc_time unset: Config's (UTC by default).
  CHECK(read_lines(dir.file("ns.log")) == std::vector<std::string>{"22:13:20.123456789 rec i=0"});
}
