// The JSON layout's OpenTelemetry option: names, types, severity numbers, attributes, escaping.
#include <catch2/catch.hpp>

#include <string>

#include "format/json_layout.h"
#include "format/otel_json.h"
#include "support/test_event.h"

namespace {

std::string otel_line(const ringlog::LogEvent& event) {
  ringlog::detail::JsonLayout layout(
      {.otel = true, .service_name = "gateway-svc", .host_name = "h\"1"});
  fmt::memory_buffer out;
  layout.format(event, out);
  return fmt::to_string(out);
}

}  // namespace

TEST_CASE(
    "a record in OpenTelemetry names: timestamp in ns, severity, body, attributes, resource") {
  ringlog::test::TestRecord record("fill {} @ {}", 100, 101.25);
  const ringlog::Field context[] = {{"order_id", std::int64_t{42}},
                                    {"venue", std::string_view("XNAS")}};
  CHECK(otel_line(record.event(ringlog::test::kSampleUnixNs, context)) ==
        "{\"timestamp\":\"1700000000123456789\",\"severity_text\":\"INFO\",\"severity_number\":9,"
        "\"body\":\"fill 100 @ 101.25\",\"attributes\":{\"thread.name\":\"md-feed\","
        "\"thread.id\":4242,\"code.filepath\":\"src/order/gateway.cpp\",\"code.lineno\":42,"
        "\"code.function\":\"on_fill\",\"logger.name\":\"gateway\",\"order_id\":42,"
        "\"venue\":\"XNAS\"},\"resource\":{\"service.name\":\"gateway-svc\","
        "\"host.name\":\"h\\\"1\"}}\n");
}

TEST_CASE("severity numbers follow the OpenTelemetry mapping") {
  using ringlog::Level;
  using ringlog::detail::otel_severity_number;
  using ringlog::detail::otel_severity_text;
  CHECK(otel_severity_number(Level::trace) == 1);
  CHECK(otel_severity_number(Level::debug) == 5);
  CHECK(otel_severity_number(Level::info) == 9);
  CHECK(otel_severity_number(Level::warn) == 13);
  CHECK(otel_severity_number(Level::error) == 17);
  CHECK(otel_severity_number(Level::critical) == 21);
  CHECK(otel_severity_text(Level::critical) == "FATAL");
  CHECK(otel_severity_text(Level::warn) == "WARN");
}

TEST_CASE("a field named like an attribute replaces it; a repeated key appears once, last value") {
  ringlog::test::TestRecord record("m");
  const ringlog::Field context[] = {{"thread.name", std::string_view("ctx-thread")},
                                    {"k", std::int64_t{1}},
                                    {"k", std::int64_t{2}}};
  const std::string line = otel_line(record.event(ringlog::test::kSampleUnixNs, context));
  CHECK(line.find("\"thread.name\":\"md-feed\"") == std::string::npos);
  CHECK(line.find("\"thread.name\":\"ctx-thread\"") != std::string::npos);
  CHECK(line.find("\"k\":1") == std::string::npos);
  CHECK(line.find("\"k\":2") != std::string::npos);
}

TEST_CASE("hostile strings and a time before 1970 stay valid JSON") {
  ringlog::test::TestRecord record("{}", std::string_view("a\"b\\c\nd\x01\xff"));
  const std::string line = otel_line(record.event(-1'500'000'000));
  CHECK(line.starts_with("{\"timestamp\":\"-1500000000\","));
  CHECK(line.find("\"body\":\"a\\\"b\\\\c\\nd\\u0001\xef\xbf\xbd\"") != std::string::npos);
  CHECK(line.find('\n') == line.size() - 1);
}
