// The RFC 5424 message syslog_sink() sends: header, structured data, escaping, cutting.
#include <catch2/catch.hpp>

#include <string>

#include "sinks/syslog_message.h"
#include "support/test_event.h"

namespace {

// `count` times 'x', then "é" (2 bytes). Built with append(): GCC 12 warns (-Wrestrict, a false
// positive) on std::string + literal here.
std::string xs_then_e_acute(std::size_t count) {
  std::string text(count, 'x');
  text.append("\xc3\xa9");
  return text;
}

using ringlog::detail::SyslogHeader;
using ringlog::detail::SyslogMessage;

SyslogHeader header() {
  return SyslogHeader{.facility = ringlog::SyslogFacility::local0,
                      .hostname = "gw1",
                      .app_name = "trader",
                      .procid = "77",
                      .msgid = "-",
                      .sd_id = "ringlog@32473"};
}

std::string format(const ringlog::LogEvent& event, std::size_t max_bytes = 8192) {
  SyslogMessage message(header(), max_bytes);
  fmt::memory_buffer out;
  message.format(event, out);
  return fmt::to_string(out);
}

}  // namespace

TEST_CASE("a record becomes one RFC 5424 message with its fields as structured data") {
  ringlog::test::TestRecord record("fill {} @ {}", 100, 101.25);
  const ringlog::Field context[] = {{"venue", std::string_view("XNAS")}, {"n", std::int64_t{-3}}};
  // 2023-11-14 22:13:20.123456789 UTC; local0 (16) * 8 + info (6) = 134.
  CHECK(format(record.event(ringlog::test::kSampleUnixNs, context)) ==
        "<134>1 2023-11-14T22:13:20.123456Z gw1 trader 77 - [ringlog@32473 logger=\"gateway\" "
        "thread=\"md-feed\" source=\"gateway.cpp:42\" venue=\"XNAS\" n=\"-3\"] fill 100 @ 101.25");
}

TEST_CASE("severity follows the level") {
  using ringlog::Level;
  using ringlog::detail::syslog_severity;
  CHECK(syslog_severity(Level::trace) == 7);
  CHECK(syslog_severity(Level::debug) == 7);
  CHECK(syslog_severity(Level::info) == 6);
  CHECK(syslog_severity(Level::warn) == 4);
  CHECK(syslog_severity(Level::error) == 3);
  CHECK(syslog_severity(Level::critical) == 2);
}

TEST_CASE("hostile strings cannot break the message or its structured data") {
  ringlog::test::TestRecord record("{}", std::string_view("a\nb\r\x1b]0;\"x\\"));
  record.thread.name = "t]\"\\";
  const ringlog::Field context[] = {
      {"bad key=]\"\x01long-long-long-long-long-long-long-key", std::string_view("v\n]\"\\")}};
  const std::string m = format(record.event(ringlog::test::kSampleUnixNs, context));
  INFO(m);
  CHECK(m.find('\n') == std::string::npos);
  CHECK(m.find('\x1b') == std::string::npos);
  CHECK(m.find("thread=\"t\\]\\\"\\\\\"") != std::string::npos);
  // SD-NAME: '_' for ' ', '=', ']', '"' and control bytes; at most 32 bytes.
  CHECK(m.find(" bad_key____long-long-long-long-l=\"v\\\\n\\]\\\"\\\\\"]") != std::string::npos);
  // MSG: control bytes as text sinks write them; '"', '\' and ']' need no escaping there.
  CHECK(m.ends_with("] a\\nb\\r\\x1b]0;\"x\\"));
}

TEST_CASE("header fields keep only printable ASCII and RFC 5424's lengths") {
  using ringlog::detail::syslog_header_field;
  CHECK(syslog_header_field("", 48) == "-");
  CHECK(syslog_header_field("my app\n\xc3\xa9", 48) == "my_app___");
  CHECK(syslog_header_field(std::string(60, 'a'), 48) == std::string(48, 'a'));
}

TEST_CASE("a message longer than the limit loses the end of MSG, then its structured data") {
  ringlog::test::TestRecord record("{}", xs_then_e_acute(1000));
  const std::string cut = format(record.event(), 500);
  CHECK(cut.size() == 500);
  CHECK(cut.find("[ringlog@32473 ") != std::string::npos);

  const std::string long_value(600, 'v');
  ringlog::test::TestRecord small("short message");
  const ringlog::Field context[] = {{"big", std::string_view(long_value)}};
  const std::string no_sd = format(small.event(ringlog::test::kSampleUnixNs, context), 500);
  CHECK(no_sd == "<134>1 2023-11-14T22:13:20.123456Z gw1 trader 77 - - short message");
}

TEST_CASE("a cut never ends inside a UTF-8 sequence") {
  // "é" is 2 bytes; put its first byte exactly at the limit.
  ringlog::test::TestRecord probe("{}", std::string_view("x"));
  const std::size_t prefix = format(probe.event()).size() - 1;  // bytes before MSG
  ringlog::test::TestRecord record("{}", xs_then_e_acute(500 - prefix - 1));
  const std::string cut = format(record.event(), 500);
  CHECK(cut.size() == 499);
  CHECK(cut.back() == 'x');
}
