// Context and kv() fields in the text layout and in the JSON Lines sink. JSON output is checked
// with Python's json module (strict), not by comparing strings alone.
#include <catch2/catch.hpp>

#include <fstream>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"
#include "support/pattern_match.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

using ringlog::Context;
using ringlog::kv;
using ringlog::test::matches;
using ringlog::test::read_lines;
using ringlog::test::TempDir;

TEST_CASE("text: fields follow the message as key=value; lines without any are unchanged") {
  TempDir dir;
  const std::string path = dir.file("app.log");
  ringlog::start({}, {ringlog::file_sink(path)});
  ringlog::Logger& log = ringlog::get_logger("gw");
  RLOG_INFO(log, "plain {}", 1);
  {
    Context c{{"order_id", 42}, {"venue", "XNAS"}};
    RLOG_INFO(log, "accepted", kv("px", 101.25), kv("qty", 100u));
  }
  RLOG_INFO(log, "only kv", kv("ok", true));
  ringlog::stop();
  const auto lines = read_lines(path);
  REQUIRE(lines.size() == 3);
  CHECK(matches("####-##-## ##:##:##.######### INFO  [*] gw context_output_test.cpp:% plain 1",
                lines[0]));
  CHECK(lines[1].ends_with(" accepted order_id=42 venue=XNAS px=101.25 qty=100"));
  CHECK(lines[2].ends_with(" only kv ok=true"));
}

TEST_CASE("text: values that need it are quoted and escaped, so a line stays one line") {
  TempDir dir;
  const std::string path = dir.file("quoted.log");
  ringlog::Config config;
  config.pattern = "{message}";
  ringlog::start(config, {ringlog::file_sink(path)});
  ringlog::Logger& log = ringlog::get_logger("q");
  {
    Context c{{"user name", "Ann \"A\" Lee"}, {"empty", ""}, {"path", "C:\\x=1"}};
    RLOG_INFO(log, "m", kv("note", "two\nlines\t\x01"), kv("plain", "abc"));
  }
  ringlog::stop();
  const auto lines = read_lines(path);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        R"(m "user name"="Ann \"A\" Lee" empty="" path="C:\\x=1" note="two\nlines\t\x01" )"
        R"(plain=abc)");
}

TEST_CASE("text: {fields} places the fields; append_fields=false leaves them out") {
  TempDir dir;
  const std::string placed = dir.file("placed.log"), omitted = dir.file("omitted.log");
  ringlog::Logger& log = ringlog::get_logger("p");
  ringlog::Config config;
  config.pattern = "[{level}]{fields} | {message}";
  ringlog::start(config, {ringlog::file_sink(placed)});
  {
    Context c{{"a", 1}};
    RLOG_WARN(log, "x", kv("b", 2));
  }
  RLOG_WARN(log, "y");
  ringlog::stop();
  config = {};
  config.pattern = "{message}";
  config.append_fields = false;
  ringlog::start(config, {ringlog::file_sink(omitted)});
  {
    Context c{{"a", 1}};
    RLOG_WARN(log, "x", kv("b", 2));
  }
  ringlog::stop();
  CHECK(read_lines(placed) == std::vector<std::string>{"[WARN ] a=1 b=2 | x", "[WARN ] | y"});
  CHECK(read_lines(omitted) == std::vector<std::string>{"x"});
}

namespace {

// Parses every line of `path` strictly with Python's json module and prints, per line, the
// record as a canonical ASCII JSON array: [level, logger, thread, message, context, fields,
// function, source, tid, time-as-ns]. Fails (non-zero exit) on any invalid line or time.
ringlog::test::CommandResult parse_json_lines(const TempDir& dir, const std::string& path) {
  const std::string script = dir.file("parse.py");
  std::ofstream(script) << R"PY(
import calendar, json, re, sys
TIME = re.compile(r'^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{9})Z$')
for raw in open(sys.argv[1], 'rb'):
    text = raw.decode('utf-8')            # must be valid UTF-8
    assert text.endswith('\n') and '\n' not in text[:-1]
    obj = json.loads(text, strict=True)   # must be valid JSON, no raw control characters
    m = TIME.match(obj['time'])
    assert m, obj['time']
    secs = calendar.timegm(tuple(int(g) for g in m.groups()[:6]))
    ns = secs * 1000000000 + int(m.group(7))
    print(json.dumps([obj['level'], obj['logger'], obj['thread'], obj['message'],
                      obj.get('context'), obj.get('fields'), obj['function'], obj['source'],
                      obj['tid'], ns], ensure_ascii=True, sort_keys=True))
)PY";
  return ringlog::test::run_command("python3 " + script + " " + path);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(text.substr(start, nl - start));
  }
  return lines;
}

}  // namespace

TEST_CASE("json sink: one valid object per record, hostile strings included") {
  TempDir dir;
  const std::string path = dir.file("app.jsonl");
  auto capture = std::make_shared<ringlog::test::CaptureSink>();
  ringlog::start({}, {ringlog::json_file_sink(path), capture});
  ringlog::Logger& log = ringlog::get_logger("gw \"json\"");
  const std::string hostile = std::string("q\"b\\s/n\nt\tc\x01 nul") + '\0' + "bad\xff\xc3(end";
  std::thread([&] {
    ringlog::set_thread_name("md\"\n\x7f");
    RLOG_INFO(log, "plain {}", 1);
    {
      Context c{{"order_id", 42}, {"venue", "XNAS"}, {"note", hostile}, {"k\"ey\n", -5}};
      RLOG_ERROR(log, "msg {}", hostile, kv("px", 101.25), kv("s", hostile));
    }
    RLOG_WARN(log, "nums", kv("nan", std::numeric_limits<double>::quiet_NaN()),
              kv("inf", -std::numeric_limits<double>::infinity()), kv("big", 1e300), kv("u", ~0ull),
              kv("i", -9223372036854775807ll - 1), kv("b", false), kv("dup", 1), kv("dup", 2));
  }).join();
  ringlog::stop();
  const auto result = parse_json_lines(dir, path);
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  const auto lines = split_lines(result.output);
  const auto records = capture->records();
  REQUIRE(lines.size() == 3);
  REQUIRE(records.size() == 3);
  // The decoded time is the record's wall-clock time, to the nanosecond.
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(lines[i].ends_with(", " + std::to_string(records[i].unix_ns) + "]"));
  }
  const std::string thread = R"("md\"\n\u007f")";
  const std::string logger = R"("gw \"json\"")";
  const std::string hostile_json = R"("q\"b\\s/n\nt\tc\u0001 nul\u0000bad\ufffd\ufffd(end")";
  CHECK(lines[0].starts_with(R"(["INFO", )" + logger + ", " + thread +
                             R"(, "plain 1", null, null, )"));
  CHECK(lines[1].starts_with(R"(["ERROR", )" + logger + ", " + thread +
                             R"(, "msg q\"b\\s/n\nt\tc\u0001 nul\u0000bad)"
                             R"(\ufffd\ufffd(end", {"k\"ey\n": -5, "note": )" +
                             hostile_json +
                             R"(, "order_id": 42, "venue": "XNAS"}, {"px": 101.25, "s": )" +
                             hostile_json + "}, "));
  CHECK(lines[2].starts_with(R"(["WARN", )" + logger + ", " + thread +
                             R"(, "nums", null, {"b": false, "big": 1e+300, )"
                             R"("dup": 2, "i": -9223372036854775808, "inf": "-inf", "nan": "nan", )"
                             R"("u": 18446744073709551615}, )"));
  CHECK(matches(R"(*, "context_output_test.cpp:%", %, %])", lines[0]));
}
