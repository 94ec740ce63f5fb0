// A sink that takes every record and keeps nothing: for the latency programs that measure the
// caller alone, so the backend's cost stays small and constant.
#pragma once

#include "ringlog/ringlog.h"

namespace perf {

class DiscardSink final : public ringlog::Sink {
 public:
  void open(const ringlog::SinkContext&) override {}
  void write(const ringlog::LogEvent&) override {}
  void flush() override {}
};

}  // namespace perf
