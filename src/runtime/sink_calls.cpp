#include "runtime/sink_calls.h"

namespace ringlog::detail {

void write_to_sinks(SinkSet& sinks, const LogEvent& event) noexcept {
  for (std::size_t i = 0; i < sinks.list.size(); ++i) {
    Sink& sink = *sinks.list[i];
    if (event.level() < sink.level()) continue;
    guarded_sink_call(sinks.faults, sink, i, SinkFaults::Call::write, [&] { sink.write(event); });
  }
}

void flush_sinks(SinkSet& sinks) noexcept {
  for (std::size_t i = 0; i < sinks.list.size(); ++i) {
    Sink& sink = *sinks.list[i];
    guarded_sink_call(sinks.faults, sink, i, SinkFaults::Call::flush, [&] { sink.flush(); });
  }
}

}  // namespace ringlog::detail
