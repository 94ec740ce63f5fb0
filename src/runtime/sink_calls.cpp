#include "runtime/sink_calls.h"

namespace ringlog::detail {

void write_to_targets(SinkSet& sinks, std::span<const SinkTarget> targets,
                      const LogEvent& event) noexcept {
  for (const SinkTarget& target : targets) {
    Sink& sink = *target.sink;
    if (event.level() < sink.level()) continue;
    guarded_sink_call(sinks.faults, sink, target.index, SinkFaults::Call::write,
                      [&] { sink.write(event); });
  }
}

void write_run_to_targets(SinkSet& sinks, std::span<const SinkTarget> targets,
                          const RecordRun& run) noexcept {
  for (const SinkTarget& target : targets) {
    guarded_sink_call(sinks.faults, *target.sink, target.index, SinkFaults::Call::write,
                      [&] { target.runs->write_run(run); });
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
