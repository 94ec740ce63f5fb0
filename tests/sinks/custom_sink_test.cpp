// A sink written outside the library, against the public API only (examples/custom_sink/),
// sees the same record as the built-in layouts.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "custom_sink/csv_sink.h"
#include "sinks/sink_records.h"
#include "support/temp_dir.h"

namespace {

using namespace ringlog::test;

// RFC 4180 fields of one CSV row (quoted fields, inner quotes doubled; no newlines inside).
std::vector<std::string> csv_fields(const std::string& row) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < row.size(); ++i) {
    const char c = row[i];
    if (quoted && c == '"' && i + 1 < row.size() && row[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

TEST_CASE("the example CSV sink sees the message and fields the text layout writes") {
  TempDir dir;
  ErrorLog errors;
  const std::string csv = dir.file("app.csv");
  const std::string text = dir.file("app.log");
  ringlog::start(quiet_config(errors),
                 {std::make_shared<example::CsvSink>(csv),
                  ringlog::file_sink(text, ringlog::pattern_layout("{level}|{message}|{fields}"))});
  ringlog::Logger& log = ringlog::get_logger("orders");
  {
    const ringlog::Context scope{{"session", 7}};
    RLOG_WARN(log, "order {} rejected: \"{}\", {}", 4, "price band", 2.5, ringlog::kv("qty", 300),
              ringlog::kv("side", "sell"));
  }
  RLOG_INFO(log, "plain {}", true);
  ringlog::stop();

  const std::vector<std::string> rows = read_lines(csv);
  const std::vector<std::string> lines = read_lines(text);
  REQUIRE(rows.size() == 3);  // header + 2
  REQUIRE(lines.size() == 2);
  CHECK(rows[0] == "unix_ns,level,thread,logger,source,message,fields");
  for (std::size_t i = 0; i < 2; ++i) {
    const std::vector<std::string> row = csv_fields(rows[i + 1]);
    REQUIRE(row.size() == 7);
    CAPTURE(rows[i + 1], lines[i]);
    CHECK(std::stoll(row[0]) > 0);
    CHECK(row[3] == "orders");
    CHECK(row[4].find("custom_sink_test.cpp:") != std::string::npos);
    // The text layout writes "{level}|{message}|" then " key=value" per field.
    const std::string fields = row[6].empty() ? "" : " " + row[6];
    CHECK(lines[i] == row[1] + "|" + row[5] + "|" + fields);
  }
  CHECK(csv_fields(rows[1])[5] == "order 4 rejected: \"price band\", 2.5");
  CHECK(csv_fields(rows[1])[6] == "session=7 qty=300 side=sell");
  CHECK(errors.messages().empty());
}
