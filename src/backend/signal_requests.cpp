// The backend's side of what signal handlers ask for without a lock (flush soon, drain for a
// crash), and the one crash sequence.
#include <algorithm>
#include <cstring>
#include <string>

#include "backend/backend.h"
#include "backend/crash_report.h"

namespace ringlog::detail {

void Backend::serve_signal_requests() {
  SignalRequests& requests = rt_.requests;
  const std::uint32_t pending = requests.pending.load(std::memory_order_acquire);
  if ((pending & SignalRequests::kCrashDrain) != 0) {
    drain_for_crash();
    requests.pending.fetch_and(~SignalRequests::kCrashDrain, std::memory_order_relaxed);
    // Release: the crashing thread, once it sees the bit, ends the process; all is written.
    requests.done.fetch_or(SignalRequests::kCrashDrain, std::memory_order_release);
  }
  if ((pending & SignalRequests::kFlushSoon) != 0) {
    // Cleared before the work: a signal arriving meanwhile asks again rather than being lost.
    requests.pending.fetch_and(~SignalRequests::kFlushSoon, std::memory_order_relaxed);
    drain_committed();
    const auto lock = dispatch_.lock();
    dispatch_.flush();
  }
}

void Backend::drain_for_crash() {
  drain_committed();
  report_drops();
  const auto lock = dispatch_.lock();
  // Every logger's backtrace, before the report: what led up to the crash. Signal safety is the
  // drain's own: on a crash elsewhere this runs on the backend thread, outside any handler,
  // while the crashed thread waits; on the backend's own crash (drain_after_own_crash()) the
  // kept records are plain memory this thread owns and the sinks run without their lock, as for
  // every record of the drain. Writing them allocates nothing once each slot has been used.
  static const ThreadInfo kCrashThread{0, 0, "crash"};
  backtraces_.dump_all(kCrashThread);
  write_crash_report();
  dispatch_.flush();
}

void Backend::write_crash_report() {
  const CallSite* site = crash_call_site();
  if (site == nullptr) return;
  const CrashInfo& info = crash_info();
  const ThreadInfo fallback{0, info.thread_id, info.thread_name};
  const ThreadInfo* thread = &fallback;
  for (const auto& s : rings_) {
    if (s->ring->os_thread_id == info.thread_id) thread = &s->info;
  }
  for (const std::string& line : crash_report_lines(info, thread->name)) {
    dispatch_.deliver(internal_.crash_line(*site, *thread, line));
  }
}

void Backend::drain_after_own_crash() noexcept {
  dispatch_.enter_crash_mode();
  try {
    std::atomic_signal_fence(std::memory_order_seq_cst);
    if (RingState* state = in_flight_.exchange(nullptr, std::memory_order_relaxed)) {
      // Delivering this record crashed: delivering it again would most likely crash again.
      SpscRing& ring = state->ring->ring;
      const auto readable = ring.peek();
      // Of a run (RecordRun), the records before it were written: skip those too.
      const std::size_t done =
          std::min(readable.size, in_flight_progress_.load(std::memory_order_relaxed));
      if (readable.size - done >= sizeof(RecordHeader)) {
        RecordHeader header;
        std::memcpy(&header, readable.data + done, sizeof header);
        ring.release(done + std::min(readable.size - done, align_record(header.size)));
      } else {
        ring.release(done);
      }
    }
    adopt_new_rings();
    drain_for_crash();
  } catch (...) {
    // Out of memory or a throwing sink mid-crash: what was written so far is all we can do.
  }
}

}  // namespace ringlog::detail
