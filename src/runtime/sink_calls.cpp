#include "runtime/sink_calls.h"

#include "ringlog/logger.h"

namespace ringlog::detail {

void write_to_sinks(SinkSet& sinks, const LogEvent& event) noexcept {
  // A call site rebuilt by a decoder has no logger: the global sinks.
  const Logger* logger = event.site().logger;
  write_to_targets(sinks, sinks.routes.targets(logger != nullptr ? logger->id() : 0), event);
}

void write_to_targets(SinkSet& sinks, std::span<const SinkTarget> targets,
                      const LogEvent& event) noexcept {
  for (const SinkTarget& target : targets) {
    Sink& sink = *target.sink;
    if (event.level() < sink.level()) continue;
    guarded_sink_call(sinks.faults, sink, target.index, SinkFaults::Call::write,
                      [&] { sink.write(event); });
  }
}

void flush_sinks(SinkSet& sinks) noexcept {
  flush_targets(sinks, sinks.routes.all());
}

void flush_targets(SinkSet& sinks, std::span<const SinkTarget> targets) noexcept {
  for (const SinkTarget& target : targets) {
    Sink& sink = *target.sink;
    guarded_sink_call(sinks.faults, sink, target.index, SinkFaults::Call::flush,
                      [&] { sink.flush(); });
  }
}

}  // namespace ringlog::detail
