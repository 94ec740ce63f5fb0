// The binary sink through the whole pipeline, decoded again: same text as the text sink, every
// argument type, threads and renames, synchronous loggers, rotation, appended runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>
#include <thread>

#include "ringlog/ringlog.h"
#include "support/binary_decode.h"
#include "support/capture_sink.h"
#include "support/rotation_burst.h"
#include "support/temp_dir.h"

using ringlog::detail::ReadIssueKind;
using ringlog::test::decode_file;
using ringlog::test::read_file;
using ringlog::test::TempDir;

namespace {

enum class Side : std::uint8_t { buy = 1, sell = 2 };

// A mixed workload touching every argument type, several threads, a rename and a sync logger.
void log_everything() {
  ringlog::Logger& log = ringlog::get_logger("orders");
  ringlog::Logger& audit = ringlog::get_logger("audit");
  ringlog::set_thread_name("main-thread");
  for (int i = 0; i < 50; ++i) {
    RLOG_INFO(log, "Iteration: {} int: {} double: {}", i, i * 7 - 100, i * 0.1);
  }
  RLOG_DEBUG(log, "hidden {}", 1);  // below the logger's level: not in either file
  RLOG_WARN(log, "types b={} c={} i8={} u8={} i16={} u16={}", true, 'x', std::int8_t{-128},
            std::uint8_t{255}, std::int16_t{INT16_MIN}, std::uint16_t{UINT16_MAX});
  RLOG_ERROR(log, "types i32={} u32={} i64={} u64={}", INT32_MIN, UINT32_MAX, INT64_MIN,
             UINT64_MAX);
  RLOG_CRITICAL(log, "types f={} d={:.17g} ld={} s={} p={} e={}", 1.25f, 2.0 / 3.0, 1.0L / 3.0L,
                std::string("a \"quoted\"\tstring\n"), static_cast<const void*>(&log), Side::sell);
  RLOG_INFO(log, "empty string '{}' and c-string {} and {:>8}|", "", "literal", "right");
  std::thread worker([&] {
    ringlog::set_thread_name("worker");
    for (int i = 0; i < 20; ++i) RLOG_INFO(log, "worker {} price {:.2f}", i, 100 + i * 0.25);
    ringlog::set_thread_name("worker-renamed");
    RLOG_INFO(log, "after rename {}", 1);
  });
  worker.join();
  audit.set_mode(ringlog::Mode::sync);
  RLOG_INFO(audit, "synchronous {}", 42);
  audit.set_mode(ringlog::Mode::async);
  RLOG_INFO(log, "last {}", "record");
}

}  // namespace

TEST_CASE("decoded binary log equals the text file sink's bytes from the same run") {
  TempDir dir;
  const auto text_path = dir.file("app.log"), bin_path = dir.file("app.rlog");
  auto capture = std::make_shared<ringlog::test::CaptureSink>();
  ringlog::Config config;
  config.batch_size = 7;  // many chunks
  SECTION("default layout") {}
  SECTION("every layout field, local time") {
    config.pattern =
        "{date}|{clock}|{level}|{thread}|{tid}|{logger}|{file}|{line}|{source}|"
        "{function}|{{x}}|{message}";
    config.utc_time = false;
  }
  ringlog::start(config,
                 {ringlog::file_sink(text_path), ringlog::binary_file_sink(bin_path), capture});
  log_everything();
  ringlog::stop();
  const std::string text = read_file(text_path);
  const auto decoded = decode_file(bin_path);
  CHECK(decoded.issues.empty());
  REQUIRE(decoded.counters.records == capture->records().size());
  CHECK(decoded.text == text);
  CHECK(decoded.counters.chunks > 5);
  // The records really went through the binary sink: the messages match the live ones.
  const auto live = capture->records();
  for (std::size_t i = 0; i < live.size(); ++i) CHECK(decoded.messages[i] == live[i].message);
  // Compact: at most half the bytes of the text.
  CHECK(std::filesystem::file_size(bin_path) * 2 <= text.size());
}

TEST_CASE("every argument type round-trips with its exact rendering") {
  TempDir dir;
  const auto bin_path = dir.file("types.rlog");
  auto capture = std::make_shared<ringlog::test::CaptureSink>();
  ringlog::start({}, {ringlog::binary_file_sink(bin_path), capture});
  ringlog::Logger& log = ringlog::get_logger("types");
  RLOG_INFO(log, "{} {} {} {}", false, true, 'q', static_cast<signed char>(-5));
  RLOG_INFO(log, "{} {} {} {}", std::int8_t{INT8_MIN}, std::uint8_t{200}, std::int16_t{-300},
            std::uint16_t{60000});
  RLOG_INFO(log, "{} {} {} {}", INT32_MIN, UINT32_MAX, LLONG_MIN, ULLONG_MAX);
  RLOG_INFO(log, "{} {} {:.20Lg} {:a}", 3.5f, -1e-300, 1.0L / 7.0L, 0.1);
  RLOG_INFO(log, "{} {} {}", std::numeric_limits<double>::infinity(), std::nan(""), -0.0);
  RLOG_INFO(log, "{} {}", static_cast<const void*>(nullptr), static_cast<const void*>(&log));
  const char buffer[8] = {'a', 'b', '\0', 'z'};
  RLOG_INFO(log, "[{}] [{}] [{}] [{}]", buffer, std::string(300, 'w'), std::string_view("\0\1", 2),
            static_cast<const char*>(nullptr));
  RLOG_INFO(log, "{:>6}|{:<6}|{:^7}|{:+}|{:#x}|{:08.3f}", 1, 2, "mid", 5, 255u, 3.14159);
  RLOG_INFO(log, "no arguments at all");
  for (int i = 0; i < 2; ++i) RLOG_INFO(log, "unchanged {} {}", 0.0f, 2.5f);  // XOR byte 0x80
  ringlog::stop();
  const auto decoded = decode_file(bin_path);
  CHECK(decoded.issues.empty());
  const auto live = capture->records();
  REQUIRE(decoded.messages.size() == live.size());
  REQUIRE(live.size() == 11);
  for (std::size_t i = 0; i < live.size(); ++i) CHECK(decoded.messages[i] == live[i].message);
  CHECK(decoded.messages[2] == "-2147483648 4294967295 -9223372036854775808 18446744073709551615");
}

TEST_CASE("an appended run adds a segment, and the text matches the text sink's") {
  TempDir dir;
  const auto text_path = dir.file("app.log"), bin_path = dir.file("app.rlog");
  for (int run = 0; run < 2; ++run) {
    ringlog::start({}, {ringlog::file_sink(text_path), ringlog::binary_file_sink(bin_path)});
    RLOG_INFO(ringlog::get_logger("runs"), "run {}", run);
    ringlog::stop();
  }
  const auto decoded = decode_file(bin_path);
  CHECK(decoded.issues.empty());
  CHECK(decoded.counters.segments == 2);
  CHECK(decoded.text == read_file(text_path));
  CHECK(decoded.messages == std::vector<std::string>{"run 0", "run 1"});
}

TEST_CASE("a run without records leaves a valid, empty binary log") {
  TempDir dir;
  const auto bin_path = dir.file("empty.rlog");
  ringlog::start({}, {ringlog::binary_file_sink(bin_path)});
  ringlog::stop();
  const auto decoded = decode_file(bin_path);
  CHECK(decoded.issues.empty());
  CHECK(decoded.counters.segments == 1);
  CHECK(decoded.counters.records == 0);
}

TEST_CASE("a binary log that cannot be opened fails start() with the path and reason") {
  TempDir dir;
  const auto bad = dir.file("missing/dir/app.rlog");
  try {
    ringlog::start({}, {ringlog::binary_file_sink(bad)});
    FAIL("start() accepted an unwritable path");
  } catch (const std::system_error& e) {
    CHECK(std::string(e.what()).find(bad) != std::string::npos);
    CHECK(e.code() == std::errc::no_such_file_or_directory);
  }
  CHECK_FALSE(ringlog::is_running());
  CHECK_THROWS_AS(ringlog::rotating_binary_file_sink(dir.file("x"), 0, 1), std::invalid_argument);
}

TEST_CASE("rotating binary logs stay under max_bytes and each file decodes on its own") {
  TempDir dir;
  const auto path = dir.file("rot.rlog");
  constexpr std::size_t kMax = 2000;
  ringlog::Config config;
  config.batch_size = 3;
  ringlog::start(config, {ringlog::rotating_binary_file_sink(path, kMax, 3)});
  ringlog::Logger& log = ringlog::get_logger("rot");
  for (int i = 0; i < 400; ++i) RLOG_INFO(log, "line {} of {}", i, "the rotation test");
  ringlog::stop();
  namespace fs = std::filesystem;
  std::vector<std::string> all;
  for (const std::string& p : {path + ".3", path + ".2", path + ".1", path}) {
    REQUIRE(fs::exists(p));
    CHECK(fs::file_size(p) <= kMax);
    const auto decoded = decode_file(p);
    INFO(p);
    CHECK(decoded.issues.empty());  // header, definitions and end marker all in this file
    CHECK(decoded.counters.segments == 1);
    CHECK_FALSE(decoded.messages.empty());
    all.insert(all.end(), decoded.messages.begin(), decoded.messages.end());
  }
  CHECK_FALSE(fs::exists(path + ".4"));
  // The newest records, consecutive across the files, ending with the last one.
  REQUIRE_FALSE(all.empty());
  CHECK(all.back() == "line 399 of the rotation test");
  const int first = std::stoi(all.front().substr(5));
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i] ==
          "line " + std::to_string(first + static_cast<int>(i)) + " of the rotation test");
  }
}

TEST_CASE("rotating binary logs cap every file at max_bytes inside a batch, losing nothing") {
  using ringlog::test::RotationBurst;
  TempDir dir;
  const auto path = dir.file("cap.rlog");
  RotationBurst::log_through(ringlog::rotating_binary_file_sink(path, RotationBurst::kMax, 1000));
  namespace fs = std::filesystem;
  ringlog::test::RecordTally tally(RotationBurst::kRecords);
  const auto files = RotationBurst::files(path);
  for (const std::string& file : files) {
    const auto decoded = decode_file(file);
    INFO(file << ": " << fs::file_size(file) << " bytes, " << decoded.messages.size()
              << " records");
    CHECK(decoded.issues.empty());
    // Only the one record larger than max_bytes may make a file larger, and it is alone there.
    CHECK((fs::file_size(file) <= RotationBurst::kMax || decoded.messages.size() == 1));
    for (const std::string& message : decoded.messages) {
      REQUIRE(tally.add(std::stoi(message.substr(4))));
    }
  }
  CHECK(files.size() > 5);
  CHECK(tally.total() == RotationBurst::kRecords);
  CHECK(tally.once() == RotationBurst::kRecords);
}

TEST_CASE("context and kv() fields round-trip: decoded text equals the text sink's") {
  TempDir dir;
  const auto text_path = dir.file("ctx.log"), bin_path = dir.file("ctx.rlog");
  auto capture = std::make_shared<ringlog::test::CaptureSink>();
  ringlog::Config config;
  config.batch_size = 5;  // contexts must be re-sent in each chunk
  SECTION("fields appended") {}
  SECTION("fields placed by the pattern") {
    config.pattern = "{level} {fields} | {message}";
  }
  SECTION("fields left out") {
    config.append_fields = false;
  }
  ringlog::start(config,
                 {ringlog::file_sink(text_path), ringlog::binary_file_sink(bin_path), capture});
  ringlog::Logger& log = ringlog::get_logger("ctx");
  using ringlog::kv;
  RLOG_INFO(log, "no context {}", 0);
  {
    ringlog::Context order{{"order_id", 42}, {"venue", "XNAS"}, {"px", 101.25}};
    for (int i = 0; i < 12; ++i) {
      RLOG_INFO(log, "fill {}", i, kv("qty", 100 + i), kv("side", "buy"), kv("ok", i % 2 == 0));
    }
    std::thread([&log] {
      ringlog::Context other{{"desk", "rates"}, {"neg", -5}, {"big", ~std::uint64_t{0}}};
      for (int i = 0; i < 6; ++i) RLOG_WARN(log, "other {}", i, kv("note", "has \"quotes\""));
    }).join();
    {
      ringlog::Context leg{{"venue", "BATS"}, {"flag", true}};
      RLOG_ERROR(log, "inner", kv("px", 99.5f));
    }
  }
  RLOG_INFO(log, "after {}", 1);
  ringlog::stop();
  const auto decoded = decode_file(bin_path);
  CHECK(decoded.issues.empty());
  REQUIRE(decoded.messages.size() == capture->records().size());
  CHECK(decoded.text == read_file(text_path));
  if (config.append_fields) {
    CHECK(decoded.text.find("order_id=42") != std::string::npos);  // the test tests something
    CHECK(decoded.text.find("desk=rates") != std::string::npos);
  }
}
