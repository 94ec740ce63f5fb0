// The one way to call the sinks: each call guarded, so a throwing sink is reported (SinkFaults)
// and never takes its caller down. Used by the backend and by synchronous loggers.
#pragma once

#include "ringlog/sinks.h"
#include "runtime/runtime.h"

namespace ringlog::detail {

// Writes `event` to every sink whose level admits it. Caller holds sinks.mutex.
void write_to_sinks(SinkSet& sinks, const LogEvent& event) noexcept;
// Flushes every sink. Caller holds sinks.mutex.
void flush_sinks(SinkSet& sinks) noexcept;

}  // namespace ringlog::detail
