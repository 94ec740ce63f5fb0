// A sink that keeps every record in memory, for assertions.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "ringlog/ringlog.h"

namespace ringlog::test {

struct Captured {
  std::string message;
  std::string thread;
  std::string logger;
  Level level;
  std::uint64_t ticks;
  std::int64_t unix_ns;
};

class CaptureSink : public Sink {
 public:
  void open(const SinkContext&) override {}
  void write(const LogEvent& e) override {
    std::lock_guard lock(mutex_);
    records_.push_back({std::string(e.message()), std::string(e.thread().name),
                        std::string(e.site().logger_name), e.level(), e.ticks(), e.unix_ns()});
  }
  void flush() override { ++flushes_; }
  std::vector<Captured> records() const {
    std::lock_guard lock(mutex_);
    return records_;
  }
  int flushes() const { return flushes_; }

 private:
  mutable std::mutex mutex_;
  std::vector<Captured> records_;
  std::atomic<int> flushes_{0};
};

// Starts ringlog with one CaptureSink (plus `extra`) and stops it at scope exit.
class ScopedCapture {
 public:
  explicit ScopedCapture(Config config = {}, std::vector<SinkPtr> extra = {})
      : sink_(std::make_shared<CaptureSink>()) {
    extra.push_back(sink_);
    start(config, std::move(extra));
  }
  ~ScopedCapture() { stop(); }
  CaptureSink& sink() { return *sink_; }

 private:
  std::shared_ptr<CaptureSink> sink_;
};

}  // namespace ringlog::test
