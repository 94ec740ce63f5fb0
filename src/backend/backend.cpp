#include "backend/backend.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <cstring>
#include <exception>

#include "ringlog/detail/log_call.h"
#include "ringlog/detail/timestamp.h"
#include "ringlog/logger.h"

namespace ringlog::detail {

extern thread_local bool t_is_backend_thread;
thread_local Backend* t_current_backend = nullptr;

namespace {

// Records one pass may take before the backend looks at control requests again.
constexpr std::size_t kMaxRecordsPerPass = 16384;

bool later(const auto& a, const auto& b) {
  return a.ticks > b.ticks;
}

RecordHeader read_header(const std::byte* p) {
  RecordHeader h;
  std::memcpy(&h, p, sizeof h);
  return h;
}

}  // namespace

Backend::Backend(Runtime& runtime) : rt_(runtime), rings_(runtime.rings) {}

Backend::~Backend() {
  stop();
}

void Backend::start() {
  const double ns_per_tick = rt_.clock.anchor().ns_per_tick;
  reorder_ticks_ = static_cast<std::uint64_t>(
      static_cast<double>(std::chrono::nanoseconds(rt_.config.reorder_window).count()) /
      ns_per_tick);
  last_flush_ = last_reanchor_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { run(); });
}

void Backend::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(control_mutex_);
    stop_requested_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

bool Backend::stop_for(std::chrono::milliseconds timeout) {
  if (!thread_.joinable()) return true;
  {
    std::unique_lock lock(control_mutex_);
    stop_requested_ = true;
    wake_.notify_one();
    if (!state_changed_.wait_for(lock, timeout, [this] { return finished_; })) return false;
  }
  thread_.join();
  return true;
}

bool Backend::finished() {
  std::lock_guard lock(control_mutex_);
  return finished_ || !thread_.joinable();
}

void Backend::flush() {
  if (t_is_backend_thread || !thread_.joinable()) return;  // a sink flushing would deadlock
  FlushRequest request;
  {
    std::lock_guard lock(control_mutex_);
    flush_requests_.push_back(&request);
  }
  wake_.notify_one();
  // Acquire pairs with the release in complete_flush_requests(): the sinks' writes are done.
  request.done.wait(false, std::memory_order_acquire);
}

void Backend::run() {
  t_is_backend_thread = true;
  t_current_backend = this;
  pthread_setname_np(pthread_self(), "ringlog-backend");
  if (rt_.config.backend_cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(rt_.config.backend_cpu, &set);
    if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) {
      report_error("cannot pin the backend to CPU " + std::to_string(rt_.config.backend_cpu));
    }
  }
  for (;;) {
    // Acquire pairs with the requester's release: e.g. the crash details are visible.
    const bool signalled = rt_.requests.pending.load(std::memory_order_acquire) != 0;
    bool stopping;
    bool pausing;
    std::vector<FlushRequest*> flushes;
    {
      std::lock_guard lock(control_mutex_);
      stopping = stop_requested_;
      pausing = pause_requested_;
      // Only requests made before this point: their callers' records are committed by now.
      flushes.swap(flush_requests_);
    }
    // After reading the requests: a thread that logged its first record (creating its ring)
    // and then asked for a flush, a stop or a crash report has its ring adopted in time.
    adopt_new_rings();
    if (signalled) [[unlikely]] {
      serve_requests();
    }
    if (pausing && !stopping) [[unlikely]] {
      park_for_fork();
    }
    if (stopping) {
      flush_requests_.insert(flush_requests_.end(), flushes.begin(), flushes.end());
      break;
    }
    if (!flushes.empty()) {
      drain_committed();
      report_drops();
      complete_flush_requests(flushes);
      continue;
    }
    const std::uint64_t now = read_ticks();
    const std::size_t n = drain_pass(now - std::min(now, reorder_ticks_), kMaxRecordsPerPass);
    const auto wall = std::chrono::steady_clock::now();
    if (unflushed_records_ > 0 && wall - last_flush_ >= rt_.config.flush_interval) {
      const auto lock = lock_sinks();
      flush_sinks();
    }
    if (wall - last_reanchor_ >= std::chrono::seconds{1}) {
      rt_.clock.reanchor();
      last_reanchor_ = wall;
    }
    report_drops();
    reap_retired_rings();
    if (n == 0) wait_idle();
  }
  // Stop: producers may still be committing; take everything committed so far, then tell them
  // no backend remains (a blocked producer drops from then on), then take what raced in.
  drain_committed();
  rt_.running.store(false, std::memory_order_release);
  drain_committed();
  report_drops();
  reap_retired_rings();
  std::vector<FlushRequest*> flushes;
  {
    std::lock_guard lock(control_mutex_);
    flushes.swap(flush_requests_);
  }
  complete_flush_requests(flushes);
  t_current_backend = nullptr;
  {
    std::lock_guard lock(control_mutex_);
    finished_ = true;
  }
  state_changed_.notify_all();
}

void Backend::wait_idle() {
  std::unique_lock lock(control_mutex_);
  wake_.wait_for(lock, rt_.config.idle_sleep, [this] {
    return stop_requested_ || pause_requested_ || !flush_requests_.empty();
  });
}

void Backend::adopt_new_rings() {
  ThreadRing* ring = nullptr;
  while (rt_.new_rings.try_dequeue(ring)) rings_.push_back(std::make_unique<RingState>(ring));
}

std::size_t Backend::drain_pass(std::uint64_t cutoff, std::size_t max_records) {
  heap_.clear();
  for (std::size_t i = 0; i < rings_.size(); ++i) {
    const auto readable = rings_[i]->ring->ring.peek();
    if (readable.size != 0) heap_.push_back({read_header(readable.data).ticks, i});
  }
  std::make_heap(heap_.begin(), heap_.end(), [](auto& a, auto& b) { return later(a, b); });
  std::size_t count = 0;
  std::unique_lock sinks_lock(rt_.sinks_mutex, std::defer_lock);
  while (!heap_.empty() && count < max_records && heap_.front().ticks <= cutoff) {
    std::pop_heap(heap_.begin(), heap_.end(), [](auto& a, auto& b) { return later(a, b); });
    const std::size_t index = heap_.back().ring;
    heap_.pop_back();
    RingState& state = *rings_[index];
    SpscRing& ring = state.ring->ring;
    // Stay on this ring while its next record is still the earliest: with one busy producer
    // (the common case) the heap is not touched per record.
    auto readable = ring.peek();
    for (;;) {
      const RecordHeader header = read_header(readable.data);
      if (header.size < sizeof(RecordHeader) || align_record(header.size) > readable.size) {
        // Only a bug or memory corruption gets here; skipping what is visible keeps us alive.
        report_error("corrupt record in the ring of thread '" + state.name + "'; skipped");
        ring.release(readable.size);
      } else {
        if (!sinks_lock.owns_lock() && !crash_mode_) sinks_lock.lock();
        // Relaxed plus a signal fence: only a signal handler on this thread reads it.
        in_flight_.store(&state, std::memory_order_relaxed);
        std::atomic_signal_fence(std::memory_order_seq_cst);
        process_record(state, header, readable.data + sizeof(RecordHeader));
        std::atomic_signal_fence(std::memory_order_seq_cst);
        in_flight_.store(nullptr, std::memory_order_relaxed);
        ring.release(align_record(header.size));
      }
      ++count;
      readable = ring.peek();
      if (readable.size == 0) break;
      const std::uint64_t ticks = read_header(readable.data).ticks;
      if (count < max_records && ticks <= cutoff &&
          (heap_.empty() || !later(HeapEntry{ticks, index}, heap_.front()))) {
        continue;
      }
      heap_.push_back({ticks, index});
      std::push_heap(heap_.begin(), heap_.end(), [](auto& a, auto& b) { return later(a, b); });
      break;
    }
  }
  publish_written();
  return count;
}

void Backend::drain_committed() {
  for (auto& s : rings_) s->flush_target = s->ring->ring.committed_position();
  for (;;) {
    drain_pass(~std::uint64_t{0}, kMaxRecordsPerPass);
    const bool done = std::all_of(rings_.begin(), rings_.end(), [](const auto& s) {
      return s->ring->ring.consumed_position() >= s->flush_target;
    });
    if (done) break;
  }
}

void Backend::process_record(RingState& state, const RecordHeader& header, const std::byte* args) {
  if (header.site_id >= kFirstControlId) {
    handle_control(state, header, args);
    return;
  }
  const CallSite* site = find_call_site(header.site_id);
  if (site == nullptr) {
    report_error("record with unknown call-site id " + std::to_string(header.site_id));
    return;
  }
  const LogEvent event(*site, state.info, header.ticks, rt_.clock.to_unix_ns(header.ticks),
                       {args, header.size - sizeof(RecordHeader)}, state.context.fields());
  deliver(event);
}

void Backend::handle_control(RingState& state, const RecordHeader& header, const std::byte* args) {
  if (header.site_id == kControlThreadName) {
    StringLength len;
    std::memcpy(&len, args, sizeof len);
    state.rename(std::string_view(reinterpret_cast<const char*>(args + sizeof len), len));
  } else if (header.site_id == kControlContext) {
    if (!state.context.assign_record({args, header.size - sizeof(RecordHeader)})) {
      report_error("malformed context record from thread '" + state.name + "'; kept its start");
    }
  }
}

void Backend::deliver(const LogEvent& event) {
  for (std::size_t i = 0; i < rt_.sinks.size(); ++i) {
    Sink& sink = *rt_.sinks[i];
    if (event.level() < sink.level()) continue;
    guarded_sink_call(rt_.sink_faults, sink, i, SinkFaults::Call::write,
                      [&] { sink.write(event); });
  }
  ++unpublished_written_;
  if (++unflushed_records_ >= rt_.config.batch_size) flush_sinks();
}

void Backend::flush_sinks() {
  for (std::size_t i = 0; i < rt_.sinks.size(); ++i) {
    Sink& sink = *rt_.sinks[i];
    guarded_sink_call(rt_.sink_faults, sink, i, SinkFaults::Call::flush, [&] { sink.flush(); });
  }
  unflushed_records_ = 0;
  publish_written();
  last_flush_ = std::chrono::steady_clock::now();
}

void Backend::publish_written() {
  if (unpublished_written_ == 0) return;
  rt_.written.fetch_add(unpublished_written_, std::memory_order_relaxed);
  unpublished_written_ = 0;
}

void Backend::report_drops() {
  static SiteSlot slot;
  static constexpr SourceSite source{__FILE__, "report_drops", __LINE__, Level::warn};
  static const Logger& logger = get_logger("ringlog");
  static constexpr std::string_view kFormat = "dropped {} records from thread '{}'";
  for (auto& s : rings_) {
    const std::uint64_t dropped = s->ring->dropped.load(std::memory_order_relaxed);
    if (dropped == s->drops_reported) continue;
    const std::uint64_t delta = dropped - s->drops_reported;
    s->drops_reported = dropped;
    rt_.dropped_reported.fetch_add(delta, std::memory_order_relaxed);
    const std::uint32_t id = register_call_site(
        slot, source, logger, kFormat, Signature<2, std::uint64_t, std::string_view>::value);
    const std::string_view name = s->name;
    std::byte args[sizeof(std::uint64_t) + sizeof(StringLength) + kThreadNameMax];
    std::byte* end = encode_arg(encode_arg(args, delta), name.substr(0, kThreadNameMax));
    const std::uint64_t ticks = read_ticks();
    const auto lock = lock_sinks();
    deliver(LogEvent(*find_call_site(id), s->info, ticks, rt_.clock.to_unix_ns(ticks),
                     {args, static_cast<std::size_t>(end - args)}));
  }
}

void Backend::reap_retired_rings() {
  std::erase_if(rings_, [](const std::unique_ptr<RingState>& s) {
    // Acquire pairs with the retiring thread's release: all its commits are visible now.
    if (!s->ring->retired.load(std::memory_order_acquire)) return false;
    if (!s->ring->ring.empty_for_consumer()) return false;
    const std::uint64_t dropped = s->ring->dropped.load(std::memory_order_relaxed);
    if (dropped != s->drops_reported) return false;  // report first, reap on the next round
    delete s->ring;
    return true;
  });
}

void Backend::complete_flush_requests(const std::vector<FlushRequest*>& requests) {
  {
    const auto lock = lock_sinks();
    flush_sinks();
  }
  for (FlushRequest* r : requests) {
    // Release pairs with the waiter's acquire; notify after the store so no wake-up is lost.
    r->done.store(true, std::memory_order_release);
    r->done.notify_one();
  }
}

}  // namespace ringlog::detail
