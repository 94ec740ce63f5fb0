// A sink that blocks (a pipe nobody reads): stop(timeout) still returns, producers waiting for
// ring space (block policy) are released, and nothing is lost once the reader comes back.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <latch>
#include <stdexcept>
#include <string>
#include <thread>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"
#include "support/child_process.h"
#include "support/error_log.h"
#include "support/log_file.h"

using namespace ringlog::test;
using namespace std::chrono_literals;

namespace {

// A named pipe (FIFO) that a file sink writes and nobody reads until read_all().
class Fifo {
 public:
  Fifo() : path_(dir_.file("pipe")) {
    if (::mkfifo(path_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo failed");
    // Non-blocking so this open does not wait for a writer; blocking again for read_all().
    read_fd_ = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (read_fd_ < 0) throw std::runtime_error("cannot open the FIFO");
    ::fcntl(read_fd_, F_SETFL, 0);
  }
  ~Fifo() { ::close(read_fd_); }
  Fifo(const Fifo&) = delete;
  Fifo& operator=(const Fifo&) = delete;

  const std::string& path() const { return path_; }
  // Reads until the writer (the sink) closes its end.
  std::string read_all() const {
    std::string text;
    char buf[65536];
    for (ssize_t n; (n = ::read(read_fd_, buf, sizeof buf)) != 0;) {
      if (n > 0) {
        text.append(buf, static_cast<std::size_t>(n));
      } else if (errno != EINTR) {
        break;
      }
    }
    return text;
  }

 private:
  TempDir dir_;
  std::string path_;
  int read_fd_ = -1;
};

// Sums N over the "dropped N records from thread" lines.
std::uint64_t reported_drops(const std::string& text) {
  std::uint64_t sum = 0;
  for (const std::string& line : lines_of(text)) {
    unsigned long long n = 0;
    const std::size_t at = line.find("dropped ");
    if (at != std::string::npos &&
        std::sscanf(line.c_str() + at, "dropped %llu records", &n) == 1) {
      sum += n;
    }
  }
  return sum;
}

}  // namespace

TEST_CASE("stop(timeout) returns while a sink blocks; the records follow once it unblocks") {
  Fifo pipe;
  ErrorLog errors;
  ringlog::Config config;
  config.pattern = "{message}";
  config.batch_size = 64;  // the backend writes as it goes, and blocks once the pipe is full
  config.error_handler = errors.handler();
  ringlog::start(config, {ringlog::file_sink(pipe.path())});
  constexpr int kRecords = 20'000;  // ~400 KB: far more than a pipe holds (64 KiB)
  ringlog::Logger& log = ringlog::get_logger("stall");
  for (int i = 0; i < kRecords; ++i) RLOG_INFO(log, "rec t=0 i={}", i);

  // Nothing reads the pipe, so the backend cannot finish: stop() must give up in time.
  CHECK_FALSE(ringlog::stop(100ms));
  CHECK_FALSE(ringlog::is_running());
  CHECK(errors.count("did not finish within 100 ms") == 1);
  CHECK_THROWS_AS(ringlog::start(config, {std::make_shared<CaptureSink>()}), std::logic_error);

  // The reader comes back: the detached backend writes everything, then stop() joins it.
  std::string text;
  std::thread reader([&] { text = pipe.read_all(); });
  ringlog::stop();
  reader.join();
  const RecordCheck check = check_records(text);
  CHECK(check.complete(1, kRecords));
  CHECK(check.out_of_order == 0);
}

TEST_CASE("block policy: producers stuck behind a blocked sink are released by stop(timeout)") {
  Fifo pipe;
  ErrorLog errors;
  ringlog::Config config;
  config.pattern = "{message}";
  config.batch_size = 64;
  config.full_policy = ringlog::FullPolicy::block;
  config.error_handler = errors.handler();
  ringlog::start(config, {ringlog::file_sink(pipe.path())});
  const auto dropped_before = ringlog::stats().dropped;
  ringlog::Logger& log = ringlog::get_logger("stall");
  // ~1.2 MB of records: more than its ring (1 MiB) and the pipe hold, so this thread has to
  // wait. Its ring exists, and the backend knows it, before anything blocks.
  constexpr int kAttempts = 50'000;
  std::latch ring_ready(1);
  std::latch go(1);
  std::thread producer([&] {
    ringlog::preallocate();
    ring_ready.count_down();
    go.wait();
    for (int i = 0; i < kAttempts; ++i) RLOG_INFO(log, "rec t=0 i={}", i);
  });
  ring_ready.wait();
  ringlog::flush();  // the backend has adopted the producer's ring
  // ~440 KB of text that fits this thread's ring but not the pipe (64 KiB): the backend
  // cannot finish it while nobody reads.
  constexpr int kPadded = 2000;
  const std::string padding(200, '.');
  for (int i = 0; i < kPadded; ++i) RLOG_INFO(log, "rec t=1 i={} {}", i, padding);
  go.count_down();
  CHECK_FALSE(ringlog::stop(100ms));
  producer.join();  // would hang if the producer kept waiting for the stuck backend

  std::string text;
  std::thread reader([&] { text = pipe.read_all(); });
  ringlog::stop();
  reader.join();
  RecordCheck check = check_records(text);
  const std::uint64_t dropped = ringlog::stats().dropped - dropped_before;
  std::size_t written = 0;  // the producer's records that reached the pipe
  if (const auto it = check.seen.find(0); it != check.seen.end()) {
    for (const int copies : it->second) written += static_cast<std::size_t>(copies);
  }
  INFO("producer: written " << written << ", dropped " << dropped << " of " << kAttempts);
  CHECK(check.seen.count(1) == 1);
  CHECK(check.seen[1].size() == kPadded);  // committed before stop(): all written
  CHECK(dropped > 0);
  CHECK(written + dropped == kAttempts);
  CHECK(reported_drops(text) == dropped);
  CHECK(check.duplicates == 0);
  CHECK(check.out_of_order == 0);
}

TEST_CASE("stop(timeout) returns while another thread's flush() waits for a blocked sink") {
  Fifo pipe;
  ringlog::Config config;
  config.pattern = "{message}";
  ringlog::start(config, {ringlog::file_sink(pipe.path())});
  ringlog::Logger& log = ringlog::get_logger("stall");
  constexpr int kRecords = 20'000;  // ~400 KB: the pipe (64 KiB) cannot take it
  for (int i = 0; i < kRecords; ++i) RLOG_INFO(log, "rec t=0 i={}", i);
  std::latch flushing(1);
  std::thread flusher([&] {
    flushing.count_down();
    ringlog::flush();  // holds ringlog's lifecycle lock until the sink unblocks
  });
  flushing.wait();
  // Usually the flush() above already holds the lock; either way stop() must give up in time.
  CHECK_FALSE(ringlog::stop(100ms));
  std::string text;
  std::thread reader([&] { text = pipe.read_all(); });
  flusher.join();
  ringlog::stop();
  reader.join();
  CHECK(check_records(text).complete(1, kRecords));
}
