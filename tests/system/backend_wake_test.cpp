// The backend sleeps idle_sleep between drains; what must cut that sleep short: a ring passing
// half full, a full ring with a blocked producer, flush(). Each case runs with an idle_sleep of an
// hour, so only the wake-up can make it finish; a missing wake-up shows as a missed deadline of
// a minute, or as the test's timeout where the wait is inside ringlog (a hang detector, not a
// speed check).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "ringlog/ringlog.h"

namespace {

using namespace std::chrono_literals;

constexpr auto kHangDeadline = 60s;

// Counts records and lets a test wait for a count.
class CountingSink : public ringlog::Sink {
 public:
  void open(const ringlog::SinkContext&) override {}
  void write(const ringlog::LogEvent&) override {
    std::lock_guard lock(mutex_);
    ++count_;
    changed_.notify_all();
  }
  void flush() override {}

  // True once at least `n` records arrived; false if kHangDeadline passed first.
  bool wait_for_count(std::uint64_t n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kHangDeadline, [&] { return count_ >= n; });
  }
  std::uint64_t count() {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t count_ = 0;
};

constexpr std::size_t kRingBytes = 64 * 1024;
// About 220 bytes a record: some 290 fill a ring.
const std::string kPayload(200, 'x');
constexpr int kRecordsPerRing = static_cast<int>(kRingBytes / 220);

ringlog::Config sleepy_config(ringlog::FullPolicy policy) {
  ringlog::Config config;
  config.queue_bytes = kRingBytes;
  config.full_policy = policy;
  config.idle_sleep = std::chrono::hours{1};
  return config;  // reorder_window stays at its default: woken records may not be due yet
}

// Starts ringlog with one CountingSink and stops it at scope exit.
struct Started {
  std::shared_ptr<CountingSink> sink = std::make_shared<CountingSink>();
  explicit Started(const ringlog::Config& config) { ringlog::start(config, {sink}); }
  ~Started() { ringlog::stop(); }
};

}  // namespace

TEST_CASE("a ring passing half full wakes a sleeping backend before it fills") {
  Started started(sleepy_config(ringlog::FullPolicy::drop));
  ringlog::Logger& log = ringlog::get_logger("wake_half");
  const std::uint64_t dropped_before = ringlog::stats().dropped;
  // Three quarters of a ring: past half (the producer rings the bell), short of full (no drop).
  const int logged = kRecordsPerRing * 3 / 4;
  for (int i = 0; i < logged; ++i) RLOG_INFO(log, "{} {}", i, kPayload);
  // The records before the half mark are taken within the reorder window of the bell, not after
  // the hour of idle_sleep.
  REQUIRE(started.sink->wait_for_count(kRecordsPerRing / 3));
  CHECK(ringlog::stats().dropped == dropped_before);
}

TEST_CASE("a producer blocked on a full ring wakes a sleeping backend") {
  Started started(sleepy_config(ringlog::FullPolicy::block));
  ringlog::Logger& log = ringlog::get_logger("wake_full");
  const std::uint64_t dropped_before = ringlog::stats().dropped;
  // Ten rings' worth from one thread: without a wake each fill would wait out idle_sleep.
  const int logged = kRecordsPerRing * 10;
  for (int i = 0; i < logged; ++i) RLOG_INFO(log, "{} {}", i, kPayload);
  ringlog::flush();
  CHECK(started.sink->count() == static_cast<std::uint64_t>(logged));
  CHECK(ringlog::stats().dropped == dropped_before);
}

TEST_CASE("flush() wakes a sleeping backend and returns with every record written") {
  Started started(sleepy_config(ringlog::FullPolicy::block));
  ringlog::Logger& log = ringlog::get_logger("wake_flush");
  RLOG_INFO(log, "one {}", 1);
  RLOG_INFO(log, "two {}", 2);
  ringlog::flush();
  CHECK(started.sink->count() == 2);
}
