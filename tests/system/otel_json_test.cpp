// The OpenTelemetry JSON option end to end: the live JSON sink and ringlog-cat --json=otel give
// the same lines for the same records, and python3's json module reads every field with its
// type.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <thread>

#include <algorithm>
#include "ringlog/ringlog.h"

#include "support/log_file.h"
#include "support/ringlog_cat.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

using ringlog::test::run_command;
using ringlog::test::TempDir;

namespace {

// Logs the same records to a binary log and to an OpenTelemetry JSON file.
void log_sample(const std::string& binary, const std::string& json,
                ringlog::JsonOptions json_options) {
  json_options.otel = true;
  ringlog::start({}, {ringlog::binary_file_sink(binary),
                      ringlog::file_sink(json, ringlog::json_lines_layout(json_options))});
  ringlog::set_thread_name("otel-main");
  ringlog::Logger& log = ringlog::get_logger("orders");
  {
    ringlog::Context order{{"order_id", 42}, {"venue", "XNAS"}};
    RLOG_INFO(log, "fill {} @ {}", 7, 101.25, ringlog::kv("qty", 100), ringlog::kv("ok", true));
  }
  RLOG_TRACE(log, "trace");
  RLOG_DEBUG(log, "debug");
  RLOG_WARN(log, "nasty \"{}\" {}", "quote\\back\nslash\ttab\x01", "\xff\xfe bad utf8",
            ringlog::kv("px", 1e308 * 10), ringlog::kv("neg", -5));
  RLOG_ERROR(log, "error");
  std::thread([&log] { RLOG_CRITICAL(log, "breach on {}", "XNAS"); }).join();
  ringlog::stop();
}

}  // namespace

TEST_CASE("ringlog-cat --json=otel prints the live sink's lines, byte for byte") {
  TempDir dir;
  const auto bin = dir.file("a.rlog"), json = dir.file("a.json");
  ringlog::get_logger("orders").set_level(ringlog::Level::trace);
  SECTION("default resource: the program and host that wrote the log") {
    log_sample(bin, json, {});
    const auto out = run_command(ringlog::test::ringlog_cat_path() + " --json=otel " + bin);
    REQUIRE(out.exit_code == 0);
    CHECK(out.output == ringlog::test::read_file(json));
    CHECK(std::count(out.output.begin(), out.output.end(), '\n') == 6);
  }
  SECTION("resource names given to both") {
    log_sample(bin, json, {.service_name = "gw", .host_name = "box-1"});
    const auto out = run_command(ringlog::test::ringlog_cat_path() +
                                 " --json=otel --service-name gw --host-name box-1 " + bin);
    REQUIRE(out.exit_code == 0);
    CHECK(out.output == ringlog::test::read_file(json));
    CHECK(out.output.find("\"resource\":{\"service.name\":\"gw\",\"host.name\":\"box-1\"}") !=
          std::string::npos);
  }
}

TEST_CASE("every OpenTelemetry field is present with its JSON type, for python3's json") {
  TempDir dir;
  const auto bin = dir.file("a.rlog"), json = dir.file("a.json");
  ringlog::get_logger("orders").set_level(ringlog::Level::trace);
  log_sample(bin, json, {.service_name = "gw", .host_name = "box-1"});
  const auto py = ringlog::test::python_json_lines(
      json,
      "type(o[\"timestamp\"]).__name__, int(o[\"timestamp\"]) > 1.6e18, o[\"severity_text\"], "
      "o[\"severity_number\"], type(o[\"body\"]).__name__, "
      "type(o[\"attributes\"][\"thread.id\"]).__name__, o[\"attributes\"][\"code.lineno\"] > 0, "
      "o[\"attributes\"][\"logger.name\"], o[\"resource\"][\"service.name\"], "
      "o[\"resource\"][\"host.name\"], sorted(o.keys())");
  REQUIRE(py.exit_code == 0);
  const std::string keys =
      "['attributes', 'body', 'resource', 'severity_number', 'severity_text', 'timestamp']";
  const auto row = [&](const char* text, int number) {
    return std::string("str True ") + text + " " + std::to_string(number) +
           " str int True orders gw box-1 " + keys + "\n";
  };
  CHECK(py.output == row("INFO", 9) + row("TRACE", 1) + row("DEBUG", 5) + row("WARN", 13) +
                         row("ERROR", 17) + row("FATAL", 21));
  // Context and kv() fields keep their types; hostile strings come back as logged.
  const auto fields = ringlog::test::python_json_lines(
      json,
      "o[\"attributes\"].get(\"order_id\"), o[\"attributes\"].get(\"venue\"), "
      "o[\"attributes\"].get(\"qty\"), o[\"attributes\"].get(\"ok\"), "
      "o[\"attributes\"].get(\"px\"), o[\"attributes\"].get(\"neg\"), repr(o[\"body\"])");
  INFO(fields.output);
  const auto lines = ringlog::test::read_lines(json);
  REQUIRE(lines.size() == 6);
  CHECK(fields.output.substr(0, fields.output.find('\n')) ==
        "42 XNAS 100 True None None 'fill 7 @ 101.25'");
  CHECK(fields.output.find("None None None None inf -5 'nasty \"quote\\\\back\\nslash\\ttab\\x01\""
                           " \xef\xbf\xbd\xef\xbf\xbd bad utf8'") != std::string::npos);
}
