// A sink opened and fed by hand, as start() and the backend would, with records at chosen
// times: for tests of time-dependent output without a clock, a backend thread or sleeping.
#pragma once

#include <cstdint>
#include <utility>

#include "ringlog/sinks.h"
#include "runtime/runtime.h"
#include "support/error_log.h"
#include "support/test_event.h"

namespace ringlog::test {

// Errors reported through SinkContext land in `log` while this lives (no start() needed).
class CollectErrors {
 public:
  explicit CollectErrors(ErrorLog& log) { detail::runtime().config.error_handler = log.handler(); }
  ~CollectErrors() { detail::runtime().config.error_handler = nullptr; }
  CollectErrors(const CollectErrors&) = delete;
  CollectErrors& operator=(const CollectErrors&) = delete;
};

// A sink opened as start() opens it when the time is `now` (Config::pattern "{message}" unless
// the layout has its own), fed records "rec i=<i>" at chosen times.
class DrivenSink {
 public:
  DrivenSink(SinkPtr sink, std::int64_t now) : sink_(std::move(sink)) {
    config_.pattern = "{message}";
    context_.config = &config_;
    context_.clock.unix_ns = now;
    sink_->open(context_);
  }
  DrivenSink(const DrivenSink&) = delete;
  DrivenSink& operator=(const DrivenSink&) = delete;

  void write(int i, std::int64_t at) {
    const TestRecord record("rec i={}", i);
    sink_->write(record.event(at));
  }
  void flush() { sink_->flush(); }
  void close() { sink_->close(); }

 private:
  Config config_;
  SinkContext context_;
  SinkPtr sink_;
};

}  // namespace ringlog::test
