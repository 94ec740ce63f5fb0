// Logging any type: described structs and enums, standard containers and vocabulary types,
// chrono values, paths, error codes, hex buffers and formatter-only types, through the live
// text path, the binary sink and ringlog-cat (text and JSON).
#include <fmt/chrono.h>
#include <fmt/ranges.h>
#include <fmt/std.h>
#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <list>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <variant>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"
#include "support/log_file.h"
#include "support/ringlog_cat.h"
#include "support/run_command.h"
#include "support/temp_dir.h"
#include "support/trading_types.h"

using ringlog::test::lines_of;
using ringlog::test::ScopedCapture;
using ringlog::test::TempDir;
using namespace std::chrono_literals;

namespace {

// Logs one value with "{}" on a fresh logger and returns the message the sinks got.
template <typename T>
std::string logged(const T& value) {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("types");
  RLOG_INFO(log, "{}", value);
  ringlog::flush();
  const auto records = capture.sink().records();
  REQUIRE(records.size() == 1);
  return records[0].message;
}

}  // namespace

TEST_CASE("described structs print as Name{field: value}, nested and in containers") {
  using namespace trading;
  CHECK(logged(Order{7, Side::buy, 100, 101.25}) ==
        "Order{id: 7, side: buy, qty: 100, px: 101.25}");
  const Book book{"AAPL", Side::sell, {{101.5, 200}, {101.25, 300}}};
  CHECK(logged(book) == R"(Book{symbol: "AAPL", side: sell, levels: [Level{px: 101.5, qty: 200}, )"
                        R"(Level{px: 101.25, qty: 300}]})");
  CHECK(logged(Book{"", Side::buy, {}}) == R"(Book{symbol: "", side: buy, levels: []})");
  CHECK(logged(std::vector<Level>{{1.5, 1}}) == "[Level{px: 1.5, qty: 1}]");
}

TEST_CASE("described enums print by name; unnamed values and undescribed enums as integers") {
  using namespace trading;
  CHECK(logged(Side::sell) == "sell");
  CHECK(logged(static_cast<Side>(9)) == "9");
  CHECK(logged(Venue::xlon) == "7");
  CHECK(logged(std::vector<Side>{Side::buy, Side::sell}) == "[buy, sell]");
  // One-byte enums, signed and unsigned, alone and inside a struct.
  CHECK(logged(Tif::gtc) == "gtc");
  CHECK(logged(Liquidity::removed) == "removed");
  CHECK(logged(static_cast<Liquidity>(-5)) == "-5");
  CHECK(logged(Fill{Tif::ioc, Liquidity::added, 3}) == "Fill{tif: ioc, liquidity: added, qty: 3}");
}

TEST_CASE("standard containers and vocabulary types print as fmt prints them") {
  const std::vector<double> doubles{1.5, 2, -0.25};
  const std::vector<std::string> strings{"a", "quote\"d", "tab\t"};
  const std::vector<std::vector<int>> nested{{1, 2}, {}, {3}};
  const std::array<int, 3> array{1, 2, 3};
  const std::deque<char> chars{'x', 'y'};
  const std::list<long> longs{-1, 0};
  const int raw[] = {4, 5, 6};
  const std::span<const int> span(raw);
  const std::set<std::string> set{"b", "a"};
  const std::map<int, std::string> map{{1, "one"}, {2, "two"}};
  const std::unordered_map<std::string, std::vector<int>> hashed{{"k", {1, 2}}};
  const std::pair<int, std::string> pair{1, "p"};
  const std::tuple<int, char, double, std::string> tuple{1, 'c', 2.5, "t"};
  const std::variant<int, std::string> var_int = 42, var_string = std::string("s");
  const std::variant<std::monostate, int> empty_variant;
  const std::filesystem::path path = "/var/log/app \"x\".log";
  CHECK(logged(doubles) == fmt::format("{}", doubles));
  CHECK(logged(strings) == fmt::format("{}", strings));
  CHECK(logged(nested) == fmt::format("{}", nested));
  CHECK(logged(std::vector<int>{}) == fmt::format("{}", std::vector<int>{}));
  CHECK(logged(array) == fmt::format("{}", array));
  CHECK(logged(chars) == fmt::format("{}", chars));
  CHECK(logged(longs) == fmt::format("{}", longs));
  CHECK(logged(span) == fmt::format("{}", span));
  CHECK(logged(set) == fmt::format("{}", set));
  CHECK(logged(map) == fmt::format("{}", map));
  CHECK(logged(hashed) == fmt::format("{}", hashed));
  CHECK(logged(pair) == fmt::format("{}", pair));
  CHECK(logged(tuple) == fmt::format("{}", tuple));
  CHECK(logged(var_int) == fmt::format("{}", var_int));
  CHECK(logged(var_string) == fmt::format("{}", var_string));
  CHECK(logged(empty_variant) == fmt::format("{}", empty_variant));
  CHECK(logged(path) == fmt::format("{}", path));
  CHECK(logged(std::vector<bool>{true, false}) == "[true, false]");
  // fmt 9 has no optional formatter: ringlog prints what later fmt versions do.
  CHECK(logged(std::optional<int>{5}) == "optional(5)");
  CHECK(logged(std::optional<std::string>{}) == "none");
  CHECK(logged(std::optional<std::string>{"s"}) == R"(optional("s"))");
}

TEST_CASE("chrono durations and system_clock time points") {
  CHECK(logged(42ns) == fmt::format("{}", 42ns));
  CHECK(logged(1500us) == fmt::format("{}", 1500us));
  CHECK(logged(-7ms) == fmt::format("{}", -7ms));
  CHECK(logged(3s) == fmt::format("{}", 3s));
  CHECK(logged(2min) == fmt::format("{}", 2min));
  CHECK(logged(5h) == fmt::format("{}", 5h));
  const std::chrono::duration<double> seconds{1.25};
  CHECK(logged(seconds) == fmt::format("{}", seconds));
  const std::chrono::duration<int, std::ratio<3, 7>> odd{2};
  CHECK(logged(odd) == fmt::format("{}", odd));
  // Time points print in UTC, with the duration's fractional digits.
  const std::chrono::sys_time<std::chrono::nanoseconds> ns{1'700'000'000'123'456'789ns};
  CHECK(logged(ns) == "2023-11-14 22:13:20.123456789");
  const std::chrono::sys_time<std::chrono::milliseconds> ms{-1500ms};
  CHECK(logged(ms) == "1969-12-31 23:59:58.500");
  CHECK(logged(std::chrono::sys_seconds{0s}) == "1970-01-01 00:00:00");
}

TEST_CASE("error codes, hex buffers and text formatted on the caller") {
  CHECK(logged(std::make_error_code(std::errc::no_such_file_or_directory)) == "generic:2");
  const unsigned char packet[] = {0x0a, 0x1b, 0xff, 0x00};
  CHECK(logged(ringlog::hex(packet, sizeof packet)) == "0a 1b ff 00");
  CHECK(logged(ringlog::hex(packet, 0)) == "");
  const std::map<int, int> m{{1, 2}};
  CHECK(logged(ringlog::format_now(m)) == "{1: 2}");
  const std::string long_text(1000, 'x');
  const std::string cut = logged(ringlog::format_now(long_text));
  CHECK(cut.size() == ringlog::FormattedNow::kCapacity);
  CHECK(cut.ends_with("...[truncated]"));
}

TEST_CASE("trivially copyable types with a formatter use it, also over a description") {
  using namespace trading;
  CHECK(logged(Price{10125}) == "$101.25");
  CHECK(logged(Quote{1.5, 1.75}) == "1.5 / 1.75");
  CHECK(logged(std::vector<Price>{{1}, {250}}) == "[$0.01, $2.50]");
  CHECK(logged(std::optional<Price>{Price{5}}) == "optional($0.05)");
}

TEST_CASE("a format spec on a composite value applies to its text") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("types");
  RLOG_INFO(log, "[{:>12}] [{:<8}]", std::vector<int>{1, 2}, trading::Side::buy);
  ringlog::flush();
  REQUIRE(capture.sink().records().size() == 1);
  CHECK(capture.sink().records()[0].message == "[      [1, 2]] [buy     ]");
}

TEST_CASE("values too large for the ring are cut with a visible marker, never overrun") {
  ringlog::Config config;
  config.queue_bytes = 4096;  // records may use half: 2 KiB
  ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("types");
  std::vector<int> big(5000);
  for (int i = 0; i < 5000; ++i) big[static_cast<std::size_t>(i)] = i;
  const std::vector<std::string> words(400, "word");
  const trading::Book book{std::string(3000, 's'), trading::Side::sell, {{1.0, 1}, {2.0, 2}}};
  // A thread of its own, so its ring is created with the small size.
  std::thread([&] {
    RLOG_INFO(log, "{} end", big);
    RLOG_INFO(log, "{} end", words);
    RLOG_INFO(log, "{} {}", book, 77);
  }).join();
  ringlog::flush();
  const auto records = capture.sink().records();
  REQUIRE(records.size() == 3);
  const std::string& ints = records[0].message;
  CHECK(ints.starts_with("[0, 1, 2, 3, "));
  CHECK(ints.ends_with(", ...[truncated]] end"));
  CHECK(ints.size() < 2048 * 4);
  const std::string& strings = records[1].message;
  CHECK(strings.starts_with(R"(["word", "word", )"));
  CHECK(strings.ends_with("...[truncated]] end"));
  // The struct keeps every field: earlier ones keep what fits once the later ones have their
  // least (the enum whole, the vector empty but marked), and the argument after it is whole.
  const std::string& cut = records[2].message;
  CHECK(cut.starts_with(R"(Book{symbol: "ssss)"));
  CHECK(cut.ends_with(R"(s...[truncated]", side: sell, levels: [...[truncated]]} 77)"));
}

TEST_CASE("binary logs decode to the text sink's bytes and to typed JSON without the program") {
  TempDir dir;
  const std::string text = dir.file("app.log"), binary = dir.file("app.rlog");
  const std::string json_sink = dir.file("app.jsonl");
  ringlog::start({}, {ringlog::file_sink(text), ringlog::binary_file_sink(binary),
                      ringlog::json_file_sink(json_sink)});
  ringlog::Logger& log = ringlog::get_logger("types");
  using namespace trading;
  const Book book{"MSFT", Side::buy, {{330.5, 10}}};
  for (int i = 0; i < 3; ++i) {
    RLOG_INFO(log, "order {} book {}", Order{static_cast<std::uint64_t>(i), Side::sell, i, 0.5},
              book);
  }
  RLOG_INFO(log, "enums {} {} {} {}", Side::buy, static_cast<Side>(4), Venue::xnas,
            Fill{Tif::gtc, Liquidity::removed, 9});
  RLOG_INFO(log, "std {} {} {} {} {}", std::map<int, std::string>{{1, "a"}}, std::optional<int>{},
            std::tuple<int, std::string>{2, "b"}, std::variant<int, double>{2.5},
            std::set<int>{3, 1});
  const unsigned char packet[] = {0xde, 0xad};
  RLOG_INFO(log, "misc {} {} {} {} {}", 250ms,
            std::chrono::sys_time<std::chrono::microseconds>{1'000'000'500us},
            std::filesystem::path("/tmp/x"), std::make_error_code(std::errc::timed_out),
            ringlog::hex(packet, 2));
  RLOG_INFO(log, "formatted {} {}", Price{199}, Quote{1, 2});
  RLOG_INFO(log, "more {} {} {} {} {} {}", std::vector<std::string>{"a", "b \"c\""},
            std::vector<int>{}, std::array<int, 2>{1, 2},
            std::list<std::pair<int, std::string>>{{1, "x"}},
            std::vector<std::vector<int>>{{1}, {}}, std::deque<Side>{Side::sell});
  std::vector<int> big(300000, 7);  // more than half of the default 1 MiB ring: cut
  RLOG_INFO(log, "big {}", big);
  ringlog::stop();

  const auto decoded = ringlog::test::run_command(ringlog::test::ringlog_cat_path() + " " + binary);
  CHECK(decoded.exit_code == 0);
  const std::string expected = ringlog::test::read_file(text);
  REQUIRE(lines_of(expected).size() == 9);
  CHECK(decoded.output == expected);
  CHECK(expected.find(R"(more ["a", "b \"c\""] [] [1, 2] [(1, "x")] [[1], []] [sell])") !=
        std::string::npos);
  CHECK(expected.find(", 7, ...[truncated]]") != std::string::npos);

  // The JSON sink's message is the same text, whatever it holds.
  const auto json_messages = ringlog::test::python_json_lines(json_sink, "o[\"message\"][:60]");
  REQUIRE(json_messages.exit_code == 0);
  const auto messages = lines_of(json_messages.output);
  REQUIRE(messages.size() == 9);
  CHECK(messages[0] == R"(order Order{id: 0, side: sell, qty: 0, px: 0.5} book Book{sy)");

  const std::string json = dir.file("app.json");
  REQUIRE(ringlog::test::run_command(ringlog::test::ringlog_cat_path() + " --json " + binary +
                                     " >" + json)
              .exit_code == 0);
  const auto py = ringlog::test::python_json_lines(json, "json.dumps(o[\"args\"])");
  REQUIRE(py.exit_code == 0);
  const auto rows = lines_of(py.output);
  REQUIRE(rows.size() == 9);
  CHECK(rows[2] == R"([{"id": 2, "side": "sell", "qty": 2, "px": 0.5}, )"
                   R"({"symbol": "MSFT", "side": "buy", "levels": [{"px": 330.5, "qty": 10}]}])");
  CHECK(rows[3] == R"(["buy", 4, 1, {"tif": "gtc", "liquidity": "removed", "qty": 9}])");
  CHECK(rows[4] == R"([[[1, "a"]], null, [2, "b"], 2.5, [1, 3]])");
  CHECK(rows[5] == R"(["250ms", "1970-01-01 00:16:40.000500", "/tmp/x", "generic:110", "de ad"])");
  CHECK(rows[6] == R"(["$1.99", "1 / 2"])");
  CHECK(rows[7] == R"([["a", "b \"c\""], [], [1, 2], [[1, "x"]], [[1], []], ["sell"]])");
}
