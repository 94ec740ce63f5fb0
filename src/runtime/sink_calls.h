// The one way to call the sinks: each call guarded, so a throwing sink is reported (SinkFaults)
// and never takes its caller down. Used by the backend and by synchronous loggers.
#pragma once

#include <span>

#include "ringlog/logger.h"
#include "ringlog/sinks.h"
#include "runtime/runtime.h"

namespace ringlog::detail {

// Writes `event` to `targets`, each whose level admits it. Caller holds sinks.mutex.
void write_to_targets(SinkSet& sinks, std::span<const SinkTarget> targets,
                      const LogEvent& event) noexcept;
// Writes `event` to the sinks of its logger's route (SinkRoutes) whose level admits it.
// Caller holds sinks.mutex. Cost: the route lookup (a compare and a load) plus the writes;
// inline, as the backend calls it for every record.
inline void write_to_sinks(SinkSet& sinks, const LogEvent& event) noexcept {
  // A call site rebuilt by a decoder has no logger: the global sinks.
  const Logger* logger = event.site().logger;
  write_to_targets(sinks, sinks.routes.targets(logger != nullptr ? logger->id() : 0), event);
}
// Hands `run` to `targets`, every one of which takes runs (SinkRoutes::takes_runs()): one
// guarded call per sink per run. Caller holds sinks.mutex.
void write_run_to_targets(SinkSet& sinks, std::span<const SinkTarget> targets,
                          const RecordRun& run) noexcept;
// Flushes every sink of every route. Caller holds sinks.mutex.
void flush_sinks(SinkSet& sinks) noexcept;
// Flushes `targets`. Caller holds sinks.mutex.
void flush_targets(SinkSet& sinks, std::span<const SinkTarget> targets) noexcept;

}  // namespace ringlog::detail
