// TextLayout on its own: a Config::pattern applied to hand-built records, token by token.
#include "format/text_layout.h"

#include <catch2/catch.hpp>

#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/test_event.h"

using namespace std::string_literals;
using namespace std::string_view_literals;
using ringlog::Field;
using ringlog::LogEvent;
using ringlog::test::kSampleUnixNs;
using ringlog::test::TestRecord;

namespace {

// The line `pattern` gives for `event`, with the defaults of Config (UTC, fields appended).
std::string line(std::string_view pattern, const ringlog::LogEvent& event, bool utc = true,
                 bool append_fields = true, bool colour = false) {
  ringlog::detail::TextLayout layout(pattern, utc, append_fields);
  fmt::memory_buffer out;
  layout.format(event, out, colour);
  return fmt::to_string(out);
}

// The message of `pattern` when the layout refuses it, or nothing when it is accepted.
std::optional<std::string> rejection(std::string_view pattern) {
  try {
    ringlog::detail::TextLayout layout(pattern, true);
  } catch (const std::invalid_argument& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

// Sets TZ for as long as it lives (local-time cases), then restores it.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* tz) {
    if (const char* old = ::getenv("TZ")) saved_ = old;
    ::setenv("TZ", tz, 1);
    ::tzset();
  }
  ~ScopedTimeZone() {
    if (saved_) {
      ::setenv("TZ", saved_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  ScopedTimeZone(const ScopedTimeZone&) = delete;
  ScopedTimeZone& operator=(const ScopedTimeZone&) = delete;

 private:
  std::optional<std::string> saved_;
};

}  // namespace

TEST_CASE("each pattern token writes its own part of the record") {
  const TestRecord r("fill {} at {}", 100, 101.25);
  const auto e = r.event();
  CHECK(line("{time}", e) == "2023-11-14 22:13:20.123456789\n");
  CHECK(line("{date}", e) == "2023-11-14\n");
  CHECK(line("{clock}", e) == "22:13:20.123456789\n");
  CHECK(line("{level}", e) == "INFO \n");
  CHECK(line("{thread}", e) == "md-feed\n");
  CHECK(line("{tid}", e) == "4242\n");
  CHECK(line("{logger}", e) == "gateway\n");
  CHECK(line("{file}", e) == "gateway.cpp\n");
  CHECK(line("{line}", e) == "42\n");
  CHECK(line("{source}", e) == "gateway.cpp:42\n");
  CHECK(line("{function}", e) == "on_fill\n");
  CHECK(line("{message}", e) == "fill 100 at 101.25\n");
  CHECK(line("{fields}", e) == "\n");  // no fields: nothing, not even a space
}

TEST_CASE("the default pattern lays out time, level, thread, logger, source and message") {
  const TestRecord r("fill {} at {}", 100, 101.25);
  CHECK(line(ringlog::Config{}.pattern, r.event()) ==
        "2023-11-14 22:13:20.123456789 INFO  [md-feed] gateway gateway.cpp:42 fill 100 at "
        "101.25\n");
}

TEST_CASE("every level has its fixed-width name") {
  TestRecord r("x");
  const std::vector<std::pair<ringlog::Level, std::string>> names = {
      {ringlog::Level::trace, "TRACE"}, {ringlog::Level::debug, "DEBUG"},
      {ringlog::Level::info, "INFO "},  {ringlog::Level::warn, "WARN "},
      {ringlog::Level::error, "ERROR"}, {ringlog::Level::critical, "CRIT "}};
  for (const auto& [level, name] : names) {
    r.site.level = level;
    CHECK(line("[{level}]", r.event()) == "[" + name + "]\n");
  }
}

TEST_CASE("text around the tokens and doubled braces are written as given") {
  const TestRecord r("m");
  const auto e = r.event();
  CHECK(line("a\t{{{level}}}|b", e) == "a\t{INFO }|b\n");
  CHECK(line("{{message}}", e) == "{message}\n");
  CHECK(line("plain text only", e) == "plain text only\n");
  CHECK(line("", e) == "\n");
}

TEST_CASE("a file without a directory, or with a trailing slash, keeps a sensible name") {
  TestRecord r("m");
  r.site.file = "main.cpp";
  CHECK(line("{file}|{source}", r.event()) == "main.cpp|main.cpp:42\n");
  r.site.file = "/abs/path/to/deep.cpp";
  CHECK(line("{file}", r.event()) == "deep.cpp\n");
  r.site.file = "dir/";
  CHECK(line("[{file}]", r.event()) == "[]\n");
}

TEST_CASE("nanoseconds keep their leading zeros, and times before 1970 count forward") {
  const TestRecord r("m");
  CHECK(line("{time}", r.event(1'700'000'000'000'000'007)) == "2023-11-14 22:13:20.000000007\n");
  CHECK(line("{time}", r.event(0)) == "1970-01-01 00:00:00.000000000\n");
  CHECK(line("{time}", r.event(-1)) == "1969-12-31 23:59:59.999999999\n");
}

TEST_CASE("one layout follows the time from record to record, across seconds and days") {
  const TestRecord r("m");
  ringlog::detail::TextLayout layout("{time}", true);
  fmt::memory_buffer out;
  layout.format(r.event(kSampleUnixNs), out);
  layout.format(r.event(kSampleUnixNs + 1), out);
  layout.format(r.event(kSampleUnixNs + 1'000'000'000), out);
  layout.format(r.event(kSampleUnixNs + 86'400'000'000'000), out);
  layout.format(r.event(kSampleUnixNs), out);  // back in time: no stale cache
  CHECK(fmt::to_string(out) ==
        "2023-11-14 22:13:20.123456789\n"
        "2023-11-14 22:13:20.123456790\n"
        "2023-11-14 22:13:21.123456789\n"
        "2023-11-15 22:13:20.123456789\n"
        "2023-11-14 22:13:20.123456789\n");
}

TEST_CASE("local time follows TZ; UTC ignores it") {
  const TestRecord r("m");
  const ScopedTimeZone tz("XYZ-05:30");  // POSIX form: 5h30 east of UTC, no tz database needed
  CHECK(line("{time}", r.event(), /*utc=*/false) == "2023-11-15 03:43:20.123456789\n");
  CHECK(line("{date}|{clock}", r.event(), /*utc=*/false) == "2023-11-15|03:43:20.123456789\n");
  CHECK(line("{time}", r.event(), /*utc=*/true) == "2023-11-14 22:13:20.123456789\n");
}

TEST_CASE("hostile message, thread, logger and function text is escaped onto one line") {
  TestRecord r("m={}", "ok\n2026-12-02 INFO forged\r\x1b[31m\a\x7f"s + '\0' + "end");
  r.thread.name = "thr\nead";
  r.site.logger_name = "log\tger";
  r.site.function = "fn\x01";
  r.site.file = "dir/fi\x1f le.cpp";
  CHECK(
      line("{thread}|{logger}|{function}|{file}|{message}", r.event()) ==
      R"(thr\nead|log\tger|fn\x01|fi\x1f le.cpp|m=ok\n2026-12-02 INFO forged\r\x1b[31m\x07\x7f\x00end)"
      "\n");
}

TEST_CASE("UTF-8, valid or not, and backslashes pass through a message unchanged") {
  const TestRecord r("{} {} {}", "caf\xc3\xa9 \xe2\x82\xac", "\xff\xfe", R"(C:\dir\n)");
  CHECK(line("{message}", r.event()) == "caf\xc3\xa9 \xe2\x82\xac \xff\xfe C:\\dir\\n\n");
}

TEST_CASE("fields are appended after the line, placed by {fields}, or left out") {
  const TestRecord r("order sent");
  const std::vector<Field> context = {{"order_id", std::int64_t{42}}, {"venue", "XNAS"sv}};
  const auto e = r.event(kSampleUnixNs, context);
  CHECK(line("{level} {message}", e) == "INFO  order sent order_id=42 venue=XNAS\n");
  CHECK(line("{message} |{fields}| end", e) == "order sent | order_id=42 venue=XNAS| end\n");
  CHECK(line("{level} {message}", e, true, /*append_fields=*/false) == "INFO  order sent\n");
  // {fields} in the pattern wins over append_fields=false: the pattern asked for them.
  CHECK(line("{message}{fields}", e, true, false) == "order sent order_id=42 venue=XNAS\n");
  // Without fields the line is unchanged: no trailing space.
  CHECK(line("{level} {message}", r.event()) == "INFO  order sent\n");
}

TEST_CASE("field values of every type print as fmt does; strings quoted when they need it") {
  const TestRecord r("m");
  const std::vector<Field> context = {{"i", std::int64_t{-7}},
                                      {"u", std::uint64_t{18446744073709551615u}},
                                      {"d", 2.5},
                                      {"b", true},
                                      {"plain", "XNAS"sv},
                                      {"space", "a b"sv},
                                      {"empty", ""sv},
                                      {"eq", "k=v"sv},
                                      {"quote", "say \"hi\""sv},
                                      {"nl", "x\ny"sv},
                                      {"bs", R"(C:\d)"sv}};
  CHECK(line("{message}", r.event(kSampleUnixNs, context)) ==
        R"(m i=-7 u=18446744073709551615 d=2.5 b=true plain=XNAS space="a b" empty="" )"
        R"(eq="k=v" quote="say \"hi\"" nl="x\ny" bs="C:\\d")"
        "\n");
}

TEST_CASE("an empty message leaves an empty place; a very long one is written whole") {
  const TestRecord empty("");
  CHECK(line("[{message}]", empty.event()) == "[]\n");
  const TestRecord empty_arg("{}", std::string());
  CHECK(line("[{message}]", empty_arg.event()) == "[]\n");

  const std::string big(200'000, 'x');
  const TestRecord long_one("<{}>", big);
  const std::string text = line("{level} {message}", long_one.event());
  CHECK(text.size() == big.size() + 9);  // "INFO  <" and ">\n" around it
  CHECK(text == "INFO  <" + big + ">\n");
}

TEST_CASE("colour wraps the level only, in the level's own code") {
  TestRecord r("m");
  CHECK(line("{level}|{message}", r.event(), true, true, /*colour=*/true) ==
        "\x1b[32mINFO \x1b[0m|m\n");
  r.site.level = ringlog::Level::error;
  CHECK(line("{level}", r.event(), true, true, true) == "\x1b[31mERROR\x1b[0m\n");
  r.site.level = ringlog::Level::critical;
  CHECK(line("{level}", r.event(), true, true, true) == "\x1b[1;41mCRIT \x1b[0m\n");
  // The same layout with and without colour: each call gets what it asked for.
  ringlog::detail::TextLayout layout("{level}", true);
  fmt::memory_buffer out;
  layout.format(r.event(), out, true);
  layout.format(r.event(), out, false);
  CHECK(fmt::to_string(out) == "\x1b[1;41mCRIT \x1b[0m\nCRIT \n");
}

TEST_CASE("one layout keeps each site's and thread's text apart, and sees a renamed thread") {
  TestRecord a("a");
  TestRecord b("b");
  b.site.logger_name = "risk";
  b.site.line = 7;
  ringlog::detail::TextLayout layout("{thread} {logger} {line} {message}", true);
  fmt::memory_buffer out;
  layout.format(a.event(), out);
  layout.format(b.event(), out);
  a.thread.name = "renamed";
  layout.format(a.event(), out);
  a.thread = {2, 4343, "other"};
  layout.format(a.event(), out);
  CHECK(fmt::to_string(out) ==
        "md-feed gateway 42 a\n"
        "md-feed risk 7 b\n"
        "renamed gateway 42 a\n"
        "other gateway 42 a\n");
}

TEST_CASE("a bad pattern is refused with a message naming the problem") {
  CHECK(rejection("{time} {level") == "unclosed '{' at offset 7");
  CHECK(rejection("{nope}") == "unknown field {nope}");
  CHECK(rejection("{}") == "unknown field {}");
  CHECK(rejection("{Level}") == "unknown field {Level}");  // names are case-sensitive
  CHECK(rejection("{ level}") == "unknown field { level}");
  CHECK(rejection("a}b") == "unmatched '}' at offset 1");
  CHECK(rejection("{message}}") == "unmatched '}' at offset 9");
  CHECK_FALSE(rejection("{{}}").has_value());
  CHECK_FALSE(rejection(ringlog::Config{}.pattern).has_value());
}

// The layout's compiled lines (format/line_program.h) and its cached second, against what a
// fresh layout or fmt itself gives.

TEST_CASE("every precision follows the time across a second, a day and back") {
  const TestRecord r("m");
  const std::int64_t times[] = {kSampleUnixNs,
                                kSampleUnixNs + 876'543'210,  // 22:13:20.999999999
                                kSampleUnixNs + 876'543'211,  // the next second
                                kSampleUnixNs + 86'400'000'000'000,
                                kSampleUnixNs,
                                -1,
                                0};
  const std::vector<std::pair<int, std::vector<std::string>>> expected = {
      {0, {"22:13:20", "22:13:20", "22:13:21", "22:13:20", "22:13:20", "23:59:59", "00:00:00"}},
      {3,
       {"22:13:20.123", "22:13:20.999", "22:13:21.000", "22:13:20.123", "22:13:20.123",
        "23:59:59.999", "00:00:00.000"}},
      {6,
       {"22:13:20.123456", "22:13:20.999999", "22:13:21.000000", "22:13:20.123456",
        "22:13:20.123456", "23:59:59.999999", "00:00:00.000000"}},
      {9,
       {"22:13:20.123456789", "22:13:20.999999999", "22:13:21.000000000", "22:13:20.123456789",
        "22:13:20.123456789", "23:59:59.999999999", "00:00:00.000000000"}}};
  const std::string dates[] = {"2023-11-14", "2023-11-14", "2023-11-14", "2023-11-15",
                               "2023-11-14", "1969-12-31", "1970-01-01"};
  for (const auto& [digits, clocks] : expected) {
    ringlog::detail::TextLayout layout("{time}|{clock}|{date}", true, true, digits);
    fmt::memory_buffer out;
    std::string want;
    for (std::size_t i = 0; i < std::size(times); ++i) {
      layout.format(r.event(times[i]), out);
      want += dates[i] + " " + clocks[i] + "|" + clocks[i] + "|" + dates[i] + "\n";
    }
    INFO("digits " << digits);
    CHECK(fmt::to_string(out) == want);
  }
}

TEST_CASE("the ends of the time range print as a fresh layout prints them") {
  const TestRecord r("m");
  ringlog::detail::TextLayout layout("{time}", true);
  for (const std::int64_t t : {INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1, INT64_MIN}) {
    fmt::memory_buffer out;
    layout.format(r.event(t), out);
    CHECK(fmt::to_string(out) == line("{time}", r.event(t)));
    // The nanoseconds of the second, whatever the date: the fraction is never negative.
    const std::int64_t nanos = ((t % 1'000'000'000) + 1'000'000'000) % 1'000'000'000;
    CHECK(fmt::to_string(out).ends_with(fmt::format(".{:09}\n", nanos)));
  }
}

TEST_CASE("a message of numbers of every kind prints as fmt prints it") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const TestRecord r("{} {} {} {} {} {} {} {} {} {} {} {} {} {} {}", true, false,
                     static_cast<signed char>(-128), static_cast<unsigned char>(255),
                     std::int16_t{-32768}, std::uint16_t{65535}, std::int32_t{-2147483647 - 1},
                     std::uint32_t{4294967295u}, std::int64_t{INT64_MIN}, std::uint64_t{UINT64_MAX},
                     -0.0, 0.1 + 0.2, nan, -inf, 1e-300);
  const std::string want = fmt::format(
      "{} {} {} {} {} {} {} {} {} {} {} {} {} {} {}", true, false, static_cast<signed char>(-128),
      static_cast<unsigned char>(255), std::int16_t{-32768}, std::uint16_t{65535},
      std::int32_t{-2147483647 - 1}, std::uint32_t{4294967295u}, std::int64_t{INT64_MIN},
      std::uint64_t{UINT64_MAX}, -0.0, 0.1 + 0.2, nan, -inf, 1e-300);
  CHECK(line("<{message}>", r.event()) == "<" + want + ">\n");
  // Manual indexes, a field used twice, literals with braces: still the in-place numbers.
  const TestRecord twice("{1}{{x}}{0}-{1}", 7, 2.5);
  CHECK(line("{level} {message}", twice.event()) == "INFO  2.5{x}7-2.5\n");
}

TEST_CASE("numbers with a spec, strings and escapes take the general path, as before") {
  const TestRecord spec("{:>6.2f}|{:#x}", 3.14159, 255);
  CHECK(line("{message}", spec.event()) == "  3.14|0xff\n");
  const TestRecord tab("a\tb {}", 1);  // a literal the layout escapes
  CHECK(line("{message}", tab.event()) == "a\\tb 1\n");
  const TestRecord text("{} {}", 1, "two\nlines");
  CHECK(line("{message}", text.event()) == "1 two\\nlines\n");
}

TEST_CASE("context fields after a message of numbers, and without them, on one layout") {
  const TestRecord r("n={}", 5);
  const std::vector<Field> context = {{"order_id", std::int64_t{42}}};
  ringlog::detail::TextLayout layout("{level} {message}", true);
  fmt::memory_buffer out;
  layout.format(r.event(), out);
  layout.format(r.event(kSampleUnixNs, context), out);
  layout.format(r.event(), out);
  CHECK(fmt::to_string(out) == "INFO  n=5\nINFO  n=5 order_id=42\nINFO  n=5\n");
}

TEST_CASE("a record too short for its site's numbers is reported, not read past its end") {
  TestRecord r("{} {}", 1, 2);
  const auto full = r.event();
  const ringlog::LogEvent cut(r.site, r.thread, 0, kSampleUnixNs, full.args().first(6));
  ringlog::detail::TextLayout layout("{message}", true);
  fmt::memory_buffer out;
  layout.format(full, out);  // compiles the site's line first
  layout.format(cut, out);
  const std::string text = fmt::to_string(out);
  CHECK(text.starts_with("1 2\n<bad record"));
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
}

TEST_CASE("a thread renamed in place, to a name of the same length, gets its new name") {
  TestRecord r("m");
  std::string name = "feed-handler-01";  // 15 bytes: the OS's longest thread name
  r.thread.name = name;
  ringlog::detail::TextLayout layout("[{thread}] {message}", true);
  fmt::memory_buffer out;
  layout.format(r.event(), out);
  name[14] = '2';  // same buffer, same size: only the bytes tell
  layout.format(r.event(), out);
  name = "feed";
  r.thread.name = name;
  layout.format(r.event(), out);
  CHECK(fmt::to_string(out) == "[feed-handler-01] m\n[feed-handler-02] m\n[feed] m\n");
}

TEST_CASE("a site redefined with another format or argument types gets new lines") {
  // ringlog-cat's reader reuses a call site's storage when a file defines it again.
  TestRecord r("a={}", 1);
  TestRecord other("b={} c={}", 2.5, 3);
  ringlog::detail::TextLayout layout("{message}", true);
  fmt::memory_buffer out;
  layout.format(r.event(), out);
  r.site.format = other.site.format;
  r.site.type_code = other.site.type_code;
  r.site.message_code_size = other.site.message_code_size;
  r.site.arg_count = other.site.arg_count;
  layout.format(LogEvent(r.site, r.thread, 0, kSampleUnixNs, other.event().args()), out);
  CHECK(fmt::to_string(out) == "a=1\nb=2.5 c=3\n");
}

TEST_CASE("many sites and threads interleaved: each line as a fresh layout writes it") {
  const std::string pattern = ringlog::Config{}.pattern;
  std::vector<std::unique_ptr<TestRecord>> sites;
  for (int i = 0; i < 300; ++i) {
    sites.push_back(std::make_unique<TestRecord>("site {} value {}", i, i * 0.25));
    sites.back()->site.line = static_cast<std::uint32_t>(i);
    sites.back()->site.level = static_cast<ringlog::Level>(i % 6);
  }
  const std::vector<ringlog::ThreadInfo> threads = {
      {1, 100, "alpha"}, {2, 200, "beta"}, {3, 300, "gamma-thread-15"}};
  ringlog::detail::TextLayout layout(pattern, true);
  std::mt19937 rng(3);
  for (int n = 0; n < 5000; ++n) {
    TestRecord& r = *sites[rng() % sites.size()];
    r.thread = threads[rng() % threads.size()];
    const auto t = kSampleUnixNs + static_cast<std::int64_t>(n) * 7'000'001;
    fmt::memory_buffer out;
    layout.format(r.event(t), out);
    const std::string want = line(pattern, r.event(t));
    if (fmt::to_string(out) != want) {
      INFO("record " << n);
      REQUIRE(fmt::to_string(out) == want);
    }
  }
}
