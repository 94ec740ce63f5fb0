// Runs of raw records (RecordRun) reach a plain binary file sink in one call; a rotating binary
// file sink takes them one LogEvent at a time. The same workload logged through each must decode
// to the same text: runs split where the logger's route changes, leave a backtrace logger's
// records to the backtrace, and stop at control records (a rename, a context change).
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "ringlog/context.h"
#include "ringlog/ringlog.h"
#include "support/binary_decode.h"
#include "support/temp_dir.h"

using ringlog::test::decode_file;
using ringlog::test::TempDir;

namespace {

// No time, no thread id, no logger name: what differs between two runs of the same workload.
constexpr const char* kPattern = "{level} [{thread}] {source} {message}";

enum class Delivery { runs, one_by_one };

// The binary sink of `delivery`: a plain file takes runs; a rotating file (which needs each
// record's size) is written one LogEvent at a time, the generic path.
ringlog::SinkPtr binary_sink(const std::string& path, Delivery delivery) {
  if (delivery == Delivery::runs) return ringlog::binary_file_sink(path);
  return ringlog::rotating_binary_file_sink(path, std::size_t{1} << 30, 1);
}

ringlog::Config config_with(std::size_t batch_size) {
  ringlog::Config config;
  config.pattern = kPattern;
  config.batch_size = batch_size;
  return config;
}

// Decoded text of the file, checked to be clean.
std::string decoded_text(const std::string& path) {
  const auto decoded = decode_file(path);
  CHECK(decoded.issues.empty());
  return decoded.text;
}

constexpr int kLongRunRecords = 20000;

std::size_t lines_with(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// Two loggers with their own binary files, interleaved on one thread in stretches of 1 to 7
// records, so runs must end wherever the logger changes.
void log_two_routes(ringlog::Logger& a, ringlog::Logger& b) {
  ringlog::set_thread_name("routes");
  for (int i = 0; i < 400; ++i) {
    if ((i / (1 + i % 7)) % 2 == 0) {
      RLOG_INFO(a, "to a {} {}", i, i * 0.5);
    } else {
      RLOG_WARN(b, "to b {} {}", i, -i);
    }
  }
}

// One binary file for everything; logger `bt` keeps a backtrace of its debug records while `n`
// logs normally on the same thread; `bt`'s errors write the backtrace out.
void log_with_backtrace(ringlog::Logger& bt, ringlog::Logger& n) {
  ringlog::set_thread_name("backtrace");
  bt.set_level(ringlog::Level::info);
  bt.enable_backtrace(4, ringlog::Level::error);
  for (int i = 0; i < 300; ++i) {
    RLOG_INFO(n, "normal {}", i);
    if (i % 3 == 0) RLOG_DEBUG(bt, "kept {}", i);
    RLOG_INFO(n, "normal again {}", i);
    if (i % 50 == 49) RLOG_ERROR(bt, "trigger {}", i);
  }
  bt.disable_backtrace();
}

// One logger, one file; thread renames and context scopes change what the records carry in
// the middle of what would otherwise be one run.
void log_with_controls(ringlog::Logger& log) {
  ringlog::set_thread_name("before");
  for (int i = 0; i < 300; ++i) {
    RLOG_INFO(log, "record {} of {}", i, 300);
    if (i % 37 == 5) ringlog::set_thread_name(fmt::format("renamed-{}", i));
    if (i % 41 == 7) {
      ringlog::Context ctx{{"order_id", i}, {"venue", "XNAS"}};
      RLOG_INFO(log, "in scope {}", i);
      RLOG_INFO(log, "still in scope {}", i);
    }
  }
}

// Three call sites taking turns (no record has the site of the one before), one with a string
// long enough for a two-byte record length: with a large batch, runs that span several 64 KiB
// chunks and grow the sink's buffer as they go.
void log_long_runs(ringlog::Logger& log) {
  ringlog::set_thread_name("long");
  const std::string wide(150, 'w');
  for (int i = 0; i < kLongRunRecords; ++i) {
    switch (i % 3) {
      case 0:
        RLOG_INFO(log, "count {} half {}", i, i * 0.5);
        break;
      case 1:
        RLOG_INFO(log, "wide {} {}", i, wide);
        break;
      default:
        RLOG_WARN(log, "id {} tag {}", static_cast<std::uint64_t>(i) << 40, "t");
        break;
    }
  }
}

}  // namespace

TEST_CASE("runs split where the route changes: each logger's file decodes as one by one") {
  const std::size_t batch = GENERATE(std::size_t{1024}, std::size_t{5});
  TempDir dir;
  std::string text[2][2];  // [delivery][logger]
  for (const Delivery delivery : {Delivery::runs, Delivery::one_by_one}) {
    const int d = static_cast<int>(delivery);
    const std::string tag = fmt::format("{}-{}", d, batch);
    const std::string pa = dir.file(fmt::format("a{}.rlog", tag));
    const std::string pb = dir.file(fmt::format("b{}.rlog", tag));
    ringlog::Logger& a = ringlog::get_logger(fmt::format("a{}", tag), {binary_sink(pa, delivery)});
    ringlog::Logger& b = ringlog::get_logger(fmt::format("b{}", tag), {binary_sink(pb, delivery)});
    ringlog::start(config_with(batch), {});
    log_two_routes(a, b);
    ringlog::stop();
    ringlog::remove_logger(fmt::format("a{}", tag));
    ringlog::remove_logger(fmt::format("b{}", tag));
    text[d][0] = decoded_text(pa);
    text[d][1] = decoded_text(pb);
  }
  CHECK(lines_with(text[0][0], "to b") == 0);
  CHECK(lines_with(text[0][1], "to a") == 0);
  CHECK(lines_with(text[0][0], "to a") + lines_with(text[0][1], "to b") == 400);
  CHECK(text[0][0] == text[1][0]);
  CHECK(text[0][1] == text[1][1]);
}

TEST_CASE("runs leave a backtrace logger's records to its backtrace, as one by one") {
  const std::size_t batch = GENERATE(std::size_t{1024}, std::size_t{5});
  TempDir dir;
  ringlog::Logger& bt = ringlog::get_logger("bt");
  ringlog::Logger& n = ringlog::get_logger("n");
  std::string text[2];
  for (const Delivery delivery : {Delivery::runs, Delivery::one_by_one}) {
    const std::string path = dir.file(fmt::format("bt{}.rlog", static_cast<int>(delivery)));
    ringlog::start(config_with(batch), {binary_sink(path, delivery)});
    log_with_backtrace(bt, n);
    ringlog::stop();
    text[static_cast<int>(delivery)] = decoded_text(path);
  }
  // Six triggers, each after the 4 newest of the debug records kept since the last one.
  CHECK(lines_with(text[0], "trigger") == 6);
  CHECK(lines_with(text[0], "kept") == 6 * 4);
  CHECK(lines_with(text[0], "backtrace=true") == 6 * 4);
  CHECK(lines_with(text[0], "normal") == 600);
  CHECK(text[0] == text[1]);
}

TEST_CASE("runs stop at a rename or a context change, as one by one") {
  const std::size_t batch = GENERATE(std::size_t{1024}, std::size_t{5});
  TempDir dir;
  ringlog::Logger& log = ringlog::get_logger("controls");
  std::string text[2];
  for (const Delivery delivery : {Delivery::runs, Delivery::one_by_one}) {
    const std::string path = dir.file(fmt::format("c{}.rlog", static_cast<int>(delivery)));
    ringlog::start(config_with(batch), {binary_sink(path, delivery)});
    log_with_controls(log);
    ringlog::stop();
    text[static_cast<int>(delivery)] = decoded_text(path);
  }
  // Record 6 follows the rename at 5; record 5 does not.
  CHECK(lines_with(text[0], "[before]") == 6);
  CHECK(lines_with(text[0], "order_id=7") == 2);
  CHECK(lines_with(text[0], "order_id") == 2 * 8);
  CHECK(text[0] == text[1]);
}

TEST_CASE(
    "runs longer than a chunk, each record of another site than the last, decode as one by one") {
  TempDir dir;
  ringlog::Logger& log = ringlog::get_logger("long");
  std::string text[2];
  std::set<std::uint64_t> chunks[2];
  for (const Delivery delivery : {Delivery::runs, Delivery::one_by_one}) {
    const int d = static_cast<int>(delivery);
    const std::string path = dir.file(fmt::format("long{}.rlog", d));
    ringlog::Config config = config_with(4096);
    config.queue_bytes = std::size_t{1} << 24;  // every record fits: none dropped or blocked
    ringlog::start(config, {binary_sink(path, delivery)});
    log_long_runs(log);
    ringlog::stop();
    const auto decoded = decode_file(path);
    CHECK(decoded.issues.empty());
    text[d] = decoded.text;
    chunks[d].insert(decoded.chunk_offsets.begin(), decoded.chunk_offsets.end());
  }
  CHECK(lines_with(text[0], "count ") + lines_with(text[0], "wide ") + lines_with(text[0], "id ") ==
        kLongRunRecords);
  // About 1.2 MB of records: many chunks, sealed in the middle of runs.
  CHECK(chunks[0].size() >= 10);
  CHECK(text[0] == text[1]);
}
