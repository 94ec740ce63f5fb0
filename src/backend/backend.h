// The backend thread: drains every thread's ring in timestamp order, hands records to the sinks
// in batches, reports drops, frees the rings of exited threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "backend/ring_state.h"
#include "core/runtime.h"
#include "ringlog/detail/record.h"

namespace ringlog::detail {

class Backend {
 public:
  explicit Backend(Runtime& runtime);
  ~Backend();

  // Starts the thread. The runtime's config, sinks and clock must be set.
  void start();
  // Asks the thread to drain everything, flush, and exit; joins it.
  void stop();
  // Blocks until every record committed before the call has been flushed to the sinks.
  void flush();

 private:
  struct FlushRequest {
    std::atomic<bool> done{false};
  };

  void run();
  // One merge pass over all rings: records with ticks <= cutoff, at most max_records.
  std::size_t drain_pass(std::uint64_t cutoff, std::size_t max_records);
  // Drains until every ring has consumed what was committed when this was called.
  void drain_committed();
  void process_record(RingState& state, const RecordHeader& header, const std::byte* args);
  void handle_control(RingState& state, const RecordHeader& header, const std::byte* args);
  void deliver(const LogEvent& event);
  void flush_sinks();  // caller holds rt_.sinks_mutex
  void adopt_new_rings();
  void report_drops();
  void reap_retired_rings();
  // Flushes the sinks, then wakes the callers of `requests`.
  void complete_flush_requests(const std::vector<FlushRequest*>& requests);
  void wait_idle();

  Runtime& rt_;
  std::thread thread_;
  // Lives in the runtime so rings survive a stop()/start() cycle.
  std::vector<std::unique_ptr<RingState>>& rings_;
  struct HeapEntry {
    std::uint64_t ticks;
    std::size_t ring;
  };
  std::vector<HeapEntry> heap_;

  // Control from other threads: flush requests and stop, with a condition variable to wake an
  // idle backend (the hot path never signals it).
  std::mutex control_mutex_;
  std::condition_variable wake_;
  std::vector<FlushRequest*> flush_requests_;  // guarded by control_mutex_
  bool stop_requested_ = false;                // guarded by control_mutex_

  std::size_t unflushed_records_ = 0;
  std::chrono::steady_clock::time_point last_flush_;
  std::chrono::steady_clock::time_point last_reanchor_;
  std::uint64_t reorder_ticks_ = 0;
};

}  // namespace ringlog::detail
