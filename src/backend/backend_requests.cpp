// The backend's side of what does not arrive through flush()/stop(): lock-free requests from
// signal handlers (flush soon, drain for a crash), the fork pause, and the crash report.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/crash_report.h"
#include "ringlog/detail/log_call.h"
#include "ringlog/detail/timestamp.h"

namespace ringlog::detail {

std::unique_lock<std::mutex> Backend::lock_sinks() {
  if (crash_mode_) return {};
  return std::unique_lock(rt_.sinks_mutex);
}

void Backend::serve_requests() {
  BackendRequests& requests = rt_.requests;
  const std::uint32_t pending = requests.pending.load(std::memory_order_acquire);
  if ((pending & BackendRequests::kCrashDrain) != 0) {
    drain_committed();
    report_drops();
    {
      const auto lock = lock_sinks();
      write_crash_report();
      flush_sinks();
    }
    requests.pending.fetch_and(~BackendRequests::kCrashDrain, std::memory_order_relaxed);
    // Release: the crashing thread, once it sees the bit, ends the process; all is written.
    requests.done.fetch_or(BackendRequests::kCrashDrain, std::memory_order_release);
  }
  if ((pending & BackendRequests::kFlushSoon) != 0) {
    // Cleared before the work: a signal arriving meanwhile asks again rather than being lost.
    requests.pending.fetch_and(~BackendRequests::kFlushSoon, std::memory_order_relaxed);
    drain_committed();
    const auto lock = lock_sinks();
    flush_sinks();
  }
}

bool Backend::pause(std::chrono::milliseconds timeout) {
  std::unique_lock lock(control_mutex_);
  if (!thread_.joinable() || finished_ || stop_requested_) return false;
  pause_requested_ = true;
  wake_.notify_one();
  if (state_changed_.wait_for(lock, timeout, [this] { return paused_; })) return true;
  // Withdrawn under the lock: the backend either parked already (seen above) or never will.
  pause_requested_ = false;
  return false;
}

void Backend::resume() {
  {
    std::lock_guard lock(control_mutex_);
    pause_requested_ = false;
  }
  wake_.notify_one();
}

void Backend::park_for_fork() {
  {
    // Empty sink buffers, so the child does not inherit (and write again) our buffered lines.
    const auto lock = lock_sinks();
    flush_sinks();
  }
  std::unique_lock lock(control_mutex_);
  if (!pause_requested_) return;  // the requester gave up waiting
  paused_ = true;
  state_changed_.notify_all();
  wake_.wait(lock, [this] { return !pause_requested_; });
  paused_ = false;
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
  std::vector<std::byte> args;
  for (const std::string& line : crash_report_lines(info, thread->name)) {
    args.resize(sizeof(StringLength) + line.size());
    encode_arg(args.data(), std::string_view(line));
    const std::uint64_t ticks = read_ticks();
    deliver(LogEvent(*site, *thread, ticks, rt_.clock.to_unix_ns(ticks), args));
  }
}

void Backend::drain_after_own_crash() noexcept {
  crash_mode_ = true;
  try {
    std::atomic_signal_fence(std::memory_order_seq_cst);
    if (RingState* state = in_flight_.exchange(nullptr, std::memory_order_relaxed)) {
      // Delivering this record crashed: delivering it again would most likely crash again.
      SpscRing& ring = state->ring->ring;
      const auto readable = ring.peek();
      if (readable.size >= sizeof(RecordHeader)) {
        RecordHeader header;
        std::memcpy(&header, readable.data, sizeof header);
        ring.release(std::min(readable.size, align_record(header.size)));
      }
    }
    adopt_new_rings();
    drain_committed();
    report_drops();
    write_crash_report();
    flush_sinks();
  } catch (...) {
    // Out of memory or a throwing sink mid-crash: what was written so far is all we can do.
  }
}

}  // namespace ringlog::detail
