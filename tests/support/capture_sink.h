// A sink that keeps every record in memory, for assertions.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <variant>
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
  std::string context;  // LogEvent::context() as "k=v k=v" (strings unquoted), "" when none
  std::string fields;   // LogEvent::fields() the same way
};

// "k=v k=v" for assertions: numbers as fmt prints them, strings as they are.
inline std::string render_fields(std::span<const Field> fields) {
  std::string out;
  for (const Field& f : fields) {
    if (!out.empty()) out.push_back(' ');
    out.append(f.key);
    out.push_back('=');
    std::visit([&out](const auto& v) { out += fmt::format("{}", v); }, f.value);
  }
  return out;
}

class CaptureSink : public Sink {
 public:
  void open(const SinkContext&) override {}
  void write(const LogEvent& e) override {
    std::lock_guard lock(mutex_);
    records_.push_back({std::string(e.message()), std::string(e.thread().name),
                        std::string(e.site().logger_name), e.level(), e.ticks(), e.unix_ns(),
                        render_fields(e.context()), render_fields(e.fields())});
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
