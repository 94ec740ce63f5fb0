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
  // Like stop(), but waits at most `timeout`: returns false, leaving the thread to finish on its
  // own (it is stuck in a sink), when it has not finished by then. Call stop() to join it later.
  bool stop_for(std::chrono::milliseconds timeout);
  // True once the thread has finished (stop() then joins it at once).
  bool finished();
  // Blocks until every record committed before the call has been flushed to the sinks.
  void flush();

  // Fork support: parks the thread between two passes with every sink flushed, waiting at most
  // `timeout`; true when parked. resume() lets it go on. See core/fork_handler.cpp.
  bool pause(std::chrono::milliseconds timeout);
  void resume();
  // Crash support, on the backend's own thread inside a fatal-signal handler: skips the record
  // whose delivery crashed, drains every ring, writes the crash report, flushes. Never locks
  // sinks_mutex: this thread may hold it already. See core/crash_handler.cpp.
  void drain_after_own_crash() noexcept;

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
  void publish_written();
  void adopt_new_rings();
  void report_drops();
  void reap_retired_rings();
  // Flushes the sinks, then wakes the callers of `requests`.
  void complete_flush_requests(const std::vector<FlushRequest*>& requests);
  void wait_idle();
  // backend_requests.cpp: the lock-free requests (Runtime::requests), a fork pause, the report.
  void serve_requests();
  void park_for_fork();
  void write_crash_report();
  // The sinks' lock, or an empty lock while handling this thread's own crash.
  std::unique_lock<std::mutex> lock_sinks();

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
  bool pause_requested_ = false;               // guarded by control_mutex_
  bool paused_ = false;                        // guarded by control_mutex_
  bool finished_ = false;                      // guarded by control_mutex_
  std::condition_variable state_changed_;      // paused_ or finished_ became true

  // The ring whose front record is being delivered, so a crash inside a sink can skip it.
  // Atomic only to order it against a signal handler on this same thread (signal fences).
  std::atomic<RingState*> in_flight_{nullptr};
  bool crash_mode_ = false;  // inside drain_after_own_crash(): sinks_mutex is not ours to take

  std::size_t unflushed_records_ = 0;
  // Records delivered but not yet added to stats().written: one atomic add per drain pass or
  // flush instead of one per record. Both come before any flush() or stop() returns.
  std::uint64_t unpublished_written_ = 0;
  std::chrono::steady_clock::time_point last_flush_;
  std::chrono::steady_clock::time_point last_reanchor_;
  std::uint64_t reorder_ticks_ = 0;
};

// The Backend whose run() is executing on this thread, or nullptr.
extern thread_local Backend* t_current_backend;

}  // namespace ringlog::detail
