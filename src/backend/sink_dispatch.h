// The backend's side of the sinks: records go to every sink in batches, flushed every
// Config::batch_size records, on request, or after Config::flush_interval; the count of records
// written reaches stats() once per batch instead of once per record.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "delivery/record_run.h"
#include "ringlog/sinks.h"
#include "runtime/runtime.h"

namespace ringlog::detail {

class SinkDispatch {
 public:
  explicit SinkDispatch(Runtime& rt) : rt_(rt) {}

  // The sinks' lock; an empty lock while handling this thread's own crash (crash_mode()), when
  // the crashed frame may hold it already.
  std::unique_lock<std::mutex> lock();
  // From now on lock() takes no lock. For the crash handler only.
  void enter_crash_mode() noexcept { crash_mode_ = true; }

  // Writes one record to its logger's sinks (SinkRoutes); flushes when the batch is full.
  // Caller holds the lock.
  void deliver(const LogEvent& event);
  // The same to the sinks of logger `logger_id`, whatever the event's logger (a backtrace's
  // header line goes where the backtrace goes).
  void deliver_as(std::uint32_t logger_id, const LogEvent& event);
  // True when logger `logger_id`'s sinks all take runs of raw records (deliver_run()).
  bool takes_runs(std::uint32_t logger_id) const noexcept {
    return rt_.sinks.routes.takes_runs(logger_id);
  }
  // True when some logger's sinks all take runs. Caller holds the lock.
  bool any_takes_runs() const noexcept { return rt_.sinks.routes.any_takes_runs(); }
  // Records that still fit in the current batch: a run no longer than this keeps the batch
  // flushed after Config::batch_size records, as one record at a time does.
  std::size_t room_in_batch() const noexcept {
    const std::size_t batch = rt_.config.batch_size;
    return unflushed_records_ < batch ? batch - unflushed_records_ : 1;
  }
  // deliver() of each record of `run`, all of logger `logger_id`, in one call per sink.
  // Caller holds the lock and checked takes_runs(logger_id).
  void deliver_run(std::uint32_t logger_id, const RecordRun& run);
  // Flushes every sink. Caller holds the lock.
  void flush();
  // Flushes the sinks of logger `logger_id` only (the others keep their batch). Caller holds
  // the lock.
  void flush_logger(std::uint32_t logger_id);
  // Flushes when records wait and Config::flush_interval has passed since the last flush.
  void flush_if_due(std::chrono::steady_clock::time_point now);
  // Adds the records delivered since the last call to stats().written.
  void publish_written() noexcept;
  // How many times flush() ran: every record delivered before a flush is written once this
  // changes (the backend hands ring space back then, with Config::ring_dir).
  std::uint64_t flush_count() const noexcept { return flush_count_; }

 private:
  // Counts `records` written; flushes when the batch is full.
  void counted(std::size_t records = 1);

  Runtime& rt_;
  bool crash_mode_ = false;
  std::size_t unflushed_records_ = 0;
  std::uint64_t flush_count_ = 0;
  // Records delivered but not yet added to stats().written. Published by every drain pass and
  // flush, so before any flush() or stop() returns.
  std::uint64_t unpublished_written_ = 0;
  std::chrono::steady_clock::time_point last_flush_ = std::chrono::steady_clock::now();
};

}  // namespace ringlog::detail
