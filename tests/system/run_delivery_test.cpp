// Runs of raw records (RecordRun) reach a binary file sink, plain or rotating, in one call; a
// sink on a route with a sink that takes no runs gets one LogEvent at a time. The same workload
// logged through each must decode to the same text: runs split where the logger's route changes,
// leave a backtrace logger's records to the backtrace, stop at control records (a rename, a
// context change), and a rotating file switches between the records where one by one does.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "delivery/record_run.h"
#include "ringlog/context.h"
#include "ringlog/ringlog.h"
#include "sinks/driven_sink.h"
#include "support/binary_decode.h"
#include "support/temp_dir.h"
#include "support/test_event.h"
#include "support/utc_time.h"

using ringlog::test::decode_file;
using ringlog::test::TempDir;

namespace {

// No time, no thread id, no logger name: what differs between two runs of the same workload.
constexpr const char* kPattern = "{level} [{thread}] {source} {message}";

enum class Delivery { runs, one_by_one };

// Takes no runs: a route holding it hands every sink one LogEvent per record.
class DiscardSink final : public ringlog::Sink {
 public:
  void open(const ringlog::SinkContext&) override {}
  void write(const ringlog::LogEvent&) override {}
  void flush() override {}
};

bool takes_runs(const ringlog::SinkPtr& sink) {
  const auto* run_sink = dynamic_cast<const ringlog::detail::RunSink*>(sink.get());
  return run_sink != nullptr && run_sink->takes_runs();
}

// The sinks of a route with `sink` written to by `delivery`: alone, it takes runs; beside a
// sink that takes none, one LogEvent at a time (the generic path).
std::vector<ringlog::SinkPtr> route_of(ringlog::SinkPtr sink, Delivery delivery) {
  CHECK(takes_runs(sink));
  if (delivery == Delivery::runs) return {std::move(sink)};
  return {std::move(sink), std::make_shared<DiscardSink>()};
}

std::vector<ringlog::SinkPtr> binary_sink(const std::string& path, Delivery delivery) {
  return route_of(ringlog::binary_file_sink(path), delivery);
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
    ringlog::Logger& a = ringlog::get_logger(fmt::format("a{}", tag), binary_sink(pa, delivery));
    ringlog::Logger& b = ringlog::get_logger(fmt::format("b{}", tag), binary_sink(pb, delivery));
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
    ringlog::start(config_with(batch), binary_sink(path, delivery));
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
    ringlog::start(config_with(batch), binary_sink(path, delivery));
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
    ringlog::start(config, binary_sink(path, delivery));
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

namespace {

constexpr std::size_t kCap = 2048;
constexpr int kRotatingRecords = 3000;

// Records of two sites taking turns, numbered in order, and one record alone larger than kCap.
void log_numbered(ringlog::Logger& log) {
  ringlog::set_thread_name("rotating");
  const std::string huge(kCap + 100, 'h');
  for (int i = 0; i < kRotatingRecords; ++i) {
    if (i == kRotatingRecords / 2) {
      RLOG_INFO(log, "n={} huge {}", i, huge);
    } else if (i % 2 == 0) {
      RLOG_INFO(log, "n={} even {}", i, i * 0.25);
    } else {
      RLOG_WARN(log, "n={} odd", i);
    }
  }
}

// The record numbers ("n=<i>") of `messages`.
std::vector<int> numbers_in(const std::vector<std::string>& messages) {
  std::vector<int> numbers;
  for (const std::string& message : messages) numbers.push_back(std::stoi(message.substr(2)));
  return numbers;
}

}  // namespace

TEST_CASE("a rotating binary file takes runs and rotates within them as one by one") {
  TempDir dir;
  ringlog::Logger& log = ringlog::get_logger("rotating");
  std::vector<int> numbers[2];
  std::size_t files[2] = {0, 0};
  for (const Delivery delivery : {Delivery::runs, Delivery::one_by_one}) {
    const int d = static_cast<int>(delivery);
    const std::string path = dir.file(fmt::format("rot{}.rlog", d));
    ringlog::Config config = config_with(1024);
    config.queue_bytes = std::size_t{1} << 22;  // every record fits: none dropped or blocked
    ringlog::start(config,
                   route_of(ringlog::rotating_binary_file_sink(path, kCap, 1000), delivery));
    log_numbered(log);
    ringlog::stop();
    // Oldest first: path.N ... path.1, path.
    std::vector<std::string> paths;
    for (std::size_t n = 1000; n >= 1; --n) {
      const std::string backup = fmt::format("{}.{}", path, n);
      if (std::filesystem::exists(backup)) paths.push_back(backup);
    }
    paths.push_back(path);
    files[d] = paths.size();
    for (const std::string& file : paths) {
      // Each file decodes on its own, cleanly, and stays within the cap unless it holds one
      // record alone.
      const auto decoded = decode_file(file);
      CHECK(decoded.issues.empty());
      CHECK(!decoded.messages.empty());
      if (std::filesystem::file_size(file) > kCap) {
        CHECK(decoded.messages.size() == 1);
      }
      const std::vector<int> in_file = numbers_in(decoded.messages);
      numbers[d].insert(numbers[d].end(), in_file.begin(), in_file.end());
    }
  }
  // 3000 records of ~10 bytes and one of 2 KiB in 2 KiB files: several rotations per batch.
  CHECK(files[0] >= 10);
  std::vector<int> expected(kRotatingRecords);
  for (int i = 0; i < kRotatingRecords; ++i) expected[static_cast<std::size_t>(i)] = i;
  // Nothing lost or written twice across files, in order.
  CHECK(numbers[0] == expected);
  CHECK(numbers[1] == expected);
}

namespace {

using ringlog::test::kSecondNs;

// A run of `count` records of `record`'s site numbered from `first`, one `step_ns` apart from
// `at_ns` by `clock` (ticks are ns), as the backend hands a sink.
class HandRun {
 public:
  HandRun(const ringlog::test::TestRecord& record, const ringlog::ClockAnchor& clock, int first,
          int count, std::int64_t at_ns, std::int64_t step_ns)
      : record_(record) {
    for (int i = 0; i < count; ++i) {
      const auto ticks = static_cast<std::uint64_t>(at_ns + i * step_ns - clock.unix_ns);
      const std::size_t size = ringlog::detail::record_size(ringlog::detail::to_stored(first + i));
      const std::size_t start = bytes_.size();
      bytes_.resize(start + ringlog::detail::align_record(size));
      ringlog::detail::write_record(bytes_.data() + start, size, record.site.id, ticks,
                                    ringlog::detail::to_stored(first + i));
      sites_.push_back(&record.site);
    }
    run_ = {bytes_.data(), sites_.size(), sites_.data(), &record.thread, {}, &clock, &progress_};
  }
  const ringlog::detail::RecordRun& run() const { return run_; }
  // Record `i`'s LogEvent, as the backend would build it.
  ringlog::LogEvent event(std::size_t i) const {
    std::size_t offset = 0;
    for (std::size_t k = 0; k < i; ++k) {
      ringlog::detail::RecordHeader header;
      std::memcpy(&header, bytes_.data() + offset, sizeof header);
      offset += ringlog::detail::align_record(header.size);
    }
    ringlog::detail::RecordHeader header;
    std::memcpy(&header, bytes_.data() + offset, sizeof header);
    const std::span<const std::byte> args(bytes_.data() + offset + sizeof header,
                                          header.size - sizeof header);
    return ringlog::LogEvent(record_.site, record_.thread, header.ticks,
                             run_.clock->to_unix_ns(header.ticks), args, {}, run_.clock);
  }

 private:
  const ringlog::test::TestRecord& record_;
  std::vector<std::byte> bytes_;
  std::vector<const ringlog::CallSite*> sites_;
  std::atomic<std::size_t> progress_{0};
  ringlog::detail::RecordRun run_{};
};

}  // namespace

TEST_CASE("a time-rotated binary file takes runs and switches files within them as one by one") {
  // Driven by hand (no clock, no backend): runs of 64 records 97 s apart from 2023-11-14
  // 22:13:20 UTC cross several hours, each run some; the same records are written one by one to
  // another sink, and each hour's file must hold the same records.
  TempDir dir;
  ringlog::test::TestRecord record("rec i={}", 0);
  record.site.id = 5;  // the only site these sinks see
  const ringlog::ClockAnchor clock{0, ringlog::test::kSampleUnixNs - 123'456'789, 1.0};
  const std::int64_t start_ns = ringlog::test::kSampleUnixNs;
  constexpr int kRuns = 8;
  constexpr int kPerRun = 64;
  constexpr std::int64_t kStep = 97 * kSecondNs;
  ringlog::TimeRotation hourly;
  hourly.every = ringlog::RotateEvery::hour;
  hourly.utc = true;
  for (const Delivery delivery : {Delivery::runs, Delivery::one_by_one}) {
    const std::string path = dir.file(fmt::format("t{}/app.rlog", static_cast<int>(delivery)));
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    ringlog::SinkPtr sink =
        ringlog::time_rotating_file_sink(path, hourly, ringlog::binary_layout());
    REQUIRE(takes_runs(sink));
    auto* run_sink = dynamic_cast<ringlog::detail::RunSink*>(sink.get());
    ringlog::test::DrivenSink driven(sink, start_ns);
    for (int r = 0; r < kRuns; ++r) {
      const HandRun run(record, clock, r * kPerRun, kPerRun, start_ns + r * kPerRun * kStep, kStep);
      if (delivery == Delivery::runs) {
        run_sink->write_run(run.run());
      } else {
        for (std::size_t i = 0; i < kPerRun; ++i) sink->write(run.event(i));
      }
      driven.flush();
    }
    driven.close();
  }
  // 512 records over 512 * 97 s: about 14 hours, a file each, the same in both directories.
  std::set<std::string> names[2];
  for (int d = 0; d < 2; ++d) {
    for (const auto& entry : std::filesystem::directory_iterator(dir.file(fmt::format("t{}", d)))) {
      names[d].insert(entry.path().filename().string());
    }
  }
  CHECK(names[0].size() >= 13);
  CHECK(names[0] == names[1]);
  int next = 0;
  for (const std::string& name : names[0]) {
    const auto runs = decode_file(dir.file("t0/" + name));
    const auto one_by_one = decode_file(dir.file("t1/" + name));
    CHECK(runs.issues.empty());
    CHECK(!runs.messages.empty());
    CHECK(runs.text == one_by_one.text);
    // In order, none lost or repeated, each in its own hour's file.
    for (const std::string& message : runs.messages) {
      CHECK(message == fmt::format("rec i={}", next++));
    }
  }
  CHECK(next == kRuns * kPerRun);
}
