// The backend thread: takes every thread's records in timestamp order (TimeMerge), hands them to
// the sinks in batches (SinkDispatch), reports drops, frees the rings of exited threads, and
// serves flush/stop/fork/signal requests between passes.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "backend/backtrace.h"
#include "backend/internal_records.h"
#include "backend/ring_set.h"
#include "backend/sink_dispatch.h"
#include "backend/time_merge.h"
#include "ringlog/detail/record.h"
#include "runtime/runtime.h"

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
  // The same, but flushes only the sinks of logger `logger_id` (Logger::flush()); the records of
  // every logger are drained all the same, since they share the rings.
  void flush_logger(std::uint32_t logger_id);

  // Fork support: parks the thread between two passes with every sink flushed, waiting at most
  // `timeout`; true when parked. resume() lets it go on. See process/fork_handler.cpp.
  bool pause(std::chrono::milliseconds timeout);
  void resume();
  // Crash support, on the backend's own thread inside a fatal-signal handler: skips the record
  // whose delivery crashed, then drain_for_crash(). Never locks the sinks: this thread may hold
  // their lock already. See process/crash_handler.cpp.
  void drain_after_own_crash() noexcept;

 private:
  // Records of one run at most (RecordRun): the hand-back cadence, so a run never holds back
  // the producer's space longer than one record at a time did.
  static constexpr std::size_t kMaxRun = 64;

  struct FlushRequest {
    std::atomic<bool> done{false};
    std::uint32_t logger_id = 0;  // whose sinks to flush; 0: every sink
  };
  // What other threads asked for, taken at the top of each loop.
  struct Control {
    bool stopping = false;
    bool pausing = false;
    bool signalled = false;  // a lock-free request from a signal handler (Runtime::requests)
    std::vector<FlushRequest*> flushes;
  };

  // The loop, step by step.
  void run();
  void enter_thread();
  Control take_control();
  void adopt_new_rings();
  void serve_flushes(const std::vector<FlushRequest*>& requests);
  std::size_t drain_due();
  void housekeeping();
  // Sleeps unless the bell rang since rt_.bell.count() returned `bell_seen`.
  void wait_idle(std::uint32_t bell_seen);
  void finish();

  // Taking records. One merge pass over all rings: records with ticks <= cutoff, at most
  // max_records; returns how many were taken.
  std::size_t drain_pass(std::uint64_t cutoff, std::size_t max_records);
  // Drains until every ring has consumed what was committed when this was called.
  void drain_committed();
  // Delivers the front record of `state`'s ring (`readable`, its peek()) or skips it when
  // damaged, and consumes it.
  void take_front(RingState& state, const SpscRing::Readable& readable);
  // Takes the front record of `state`'s ring (`readable`, its peek(); the ring's merge entry is
  // `front`), with the records after it that may go in the same run (see gather_run()), at most
  // `limit` (> 0) records; returns how many were taken.
  std::size_t take_records(RingState& state, const SpscRing::Readable& readable,
                           TimeMerge::Front front, std::uint64_t cutoff, std::size_t limit);
  // How many records from the start of `readable` can go to the sinks as one run
  // (RecordRun), at most `limit`; 0 when the first cannot (a control record, an unknown site, a
  // logger with a backtrace, a sink that does not take runs). The run ends before a record
  // that another ring's goes before, that is past `cutoff`, that is not a log statement, or
  // that is of another logger. Fills run_sites_ and sets `bytes` to the run's bytes.
  std::size_t gather_run(const SpscRing::Readable& readable, TimeMerge::Front front,
                         std::uint64_t cutoff, std::size_t limit, std::size_t& bytes);
  // Hands the `count` records (`bytes`) from the front of `state`'s ring to its logger's sinks
  // in one call each, then consumes them.
  void deliver_run(RingState& state, const SpscRing::Readable& readable, std::size_t count,
                   std::size_t bytes);
  // Marks `bytes` of `ring` read: handed back to the producer by hand_back() (every few records
  // of a run and at its end), or with ring files after the sinks' next flush.
  void consume(SpscRing& ring, std::size_t bytes) noexcept;
  // Hands what drain_pass() consumed of `ring` back to its producer (not with ring files).
  void hand_back(SpscRing& ring) noexcept;
  // Hands every ring's consumed records back to its producer (they are written).
  void publish_consumed() noexcept;
  // True when some ring holds a quarter of its capacity (consumed or not) not handed back.
  bool a_ring_is_filling() noexcept;
  void process_record(RingState& state, const RecordHeader& header, const std::byte* args);
  void handle_control(RingState& state, const RecordHeader& header, const std::byte* args);

  void report_drops();
  void reap_retired_rings();
  // Flushes the sinks, then wakes the callers of `requests`.
  void complete_flush_requests(const std::vector<FlushRequest*>& requests);
  void request_flush(FlushRequest& request);

  // signal_requests.cpp: the lock-free requests from signal handlers, and the crash drain.
  void serve_signal_requests();
  // Drains every ring, writes the crash report, flushes. The one crash sequence, for a crash on
  // another thread (asked through Runtime::requests) and on this one (drain_after_own_crash()).
  void drain_for_crash();
  void write_crash_report();
  // fork_pause.cpp: parks between two passes while a fork() is under way.
  void park_for_fork();

  Runtime& rt_;
  std::thread thread_;
  // Lives beyond this object (ring_set()): rings survive a stop()/start() cycle.
  RingSet& rings_;
  TimeMerge merge_;
  SinkDispatch dispatch_;
  InternalRecords internal_;
  Backtraces backtraces_;  // records kept per logger (Logger::enable_backtrace())

  // Pacing, backend thread only.
  std::uint32_t bell_seen_last_wait_ = 0;  // rt_.bell.count() the last wait_idle() slept on
  bool records_waiting_ = false;  // the last drain pass left records (not yet due) in rings

  // Control from other threads: flush requests, stop and pause. Requesters ring rt_.bell to
  // wake an idle backend; `wake_` wakes one parked across fork() (park_for_fork()).
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
  // Of a run being delivered, the bytes its sinks are done with (RecordRun::progress): the
  // crash skips the record after them. 0 for a single record.
  std::atomic<std::size_t> in_flight_progress_{0};
  // The call sites of the run being gathered or delivered (RecordRun::sites).
  std::array<const CallSite*, kMaxRun> run_sites_{};

  std::chrono::steady_clock::time_point last_reanchor_;
  std::uint64_t reorder_ticks_ = 0;
  // Config::ring_dir in force: ring space is handed back only after the sinks wrote it.
  const bool release_after_flush_;
  std::uint64_t published_at_flush_ = 0;  // dispatch_.flush_count() at the last publish
};

}  // namespace ringlog::detail
