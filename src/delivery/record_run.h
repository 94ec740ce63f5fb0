// A run of raw records handed to a sink in one call: consecutive records of one thread's ring,
// of one logger, that the backend would otherwise hand over one LogEvent and one Sink::write()
// at a time. Internal: the built-in sinks that can take runs (binary file sinks, rotating or not)
// implement RunSink; the backend finds out once per route (SinkRoutes) and gives every other sink,
// user sinks included, one LogEvent per record as before.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>

#include "ringlog/clock_anchor.h"
#include "ringlog/detail/call_site.h"
#include "ringlog/detail/record.h"
#include "ringlog/detail/spsc_ring.h"
#include "ringlog/field.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

struct RecordRun {
  // `count` records back to back, as in the ring: a RecordHeader, the argument bytes, padding
  // to align_record(size). Every one is a log statement's (no control record), of a known call
  // site, of the same logger, and not held for a backtrace.
  const std::byte* records;
  std::size_t count;
  const CallSite* const* sites;  // sites[i]: record i's call site
  const ThreadInfo* thread;      // the thread that logged them, as LogEvent::thread()
  std::span<const Field> context;
  const ClockAnchor* clock;  // converts their ticks to wall time, as LogEvent::clock()
  // Bytes of `records` the sink has finished with: the sink stores the offset of each record
  // before it starts on it, so a crash inside the sink skips that record only (the backend's
  // crash handler reads it on this same thread, hence relaxed stores and no fence needed
  // beyond the compiler's: see Backend::drain_after_own_crash()).
  std::atomic<std::size_t>* progress;
};

// A sink that takes runs. Called like Sink::write(): from one thread at a time, under the
// sinks' lock, guarded against exceptions.
class RunSink {
 public:
  // Decided before open() and fixed for the sink's life: true when write_run() may be used.
  virtual bool takes_runs() const noexcept = 0;
  // The same as Sink::write() of each record in order (those below the sink's level skipped).
  virtual void write_run(const RecordRun& run) = 0;

 protected:
  ~RunSink() = default;
};

}  // namespace ringlog::detail
