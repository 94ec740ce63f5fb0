// The one way to call the sinks: each call guarded, so a throwing sink is reported (SinkFaults)
// and never takes its caller down. Used by the backend and by synchronous loggers.
#pragma once

#include <span>

#include "ringlog/sinks.h"
#include "runtime/runtime.h"

namespace ringlog::detail {

// Writes `event` to the sinks of its logger's route (SinkRoutes) whose level admits it.
// Caller holds sinks.mutex. Cost: the route lookup (a compare and a load) plus the writes.
void write_to_sinks(SinkSet& sinks, const LogEvent& event) noexcept;
// Writes `event` to `targets`, each whose level admits it. Caller holds sinks.mutex.
void write_to_targets(SinkSet& sinks, std::span<const SinkTarget> targets,
                      const LogEvent& event) noexcept;
// Flushes every sink of every route. Caller holds sinks.mutex.
void flush_sinks(SinkSet& sinks) noexcept;
// Flushes `targets`. Caller holds sinks.mutex.
void flush_targets(SinkSet& sinks, std::span<const SinkTarget> targets) noexcept;

}  // namespace ringlog::detail
