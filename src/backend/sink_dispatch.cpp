#include "backend/sink_dispatch.h"

#include "runtime/sink_calls.h"

namespace ringlog::detail {

std::unique_lock<std::mutex> SinkDispatch::lock() {
  if (crash_mode_) return {};
  return std::unique_lock(rt_.sinks.mutex);
}

void SinkDispatch::deliver(const LogEvent& event) {
  write_to_sinks(rt_.sinks, event);
  counted();
}

void SinkDispatch::deliver_as(std::uint32_t logger_id, const LogEvent& event) {
  write_to_targets(rt_.sinks, rt_.sinks.routes.targets(logger_id), event);
  counted();
}

void SinkDispatch::deliver_run(std::uint32_t logger_id, const RecordRun& run) {
  write_run_to_targets(rt_.sinks, rt_.sinks.routes.targets(logger_id), run);
  counted(run.count);
}

void SinkDispatch::counted(std::size_t records) {
  unpublished_written_ += records;
  unflushed_records_ += records;
  if (unflushed_records_ >= rt_.config.batch_size) flush();
}

void SinkDispatch::flush() {
  flush_sinks(rt_.sinks);
  ++flush_count_;
  unflushed_records_ = 0;
  publish_written();
  last_flush_ = std::chrono::steady_clock::now();
}

void SinkDispatch::flush_logger(std::uint32_t logger_id) {
  flush_targets(rt_.sinks, rt_.sinks.routes.targets(logger_id));
  publish_written();
}

void SinkDispatch::flush_if_due(std::chrono::steady_clock::time_point now) {
  if (unflushed_records_ == 0 || now - last_flush_ < rt_.config.flush_interval) return;
  const auto held = lock();
  flush();
}

void SinkDispatch::publish_written() noexcept {
  if (unpublished_written_ == 0) return;
  rt_.counters.written.fetch_add(unpublished_written_, std::memory_order_relaxed);
  unpublished_written_ = 0;
}

}  // namespace ringlog::detail
