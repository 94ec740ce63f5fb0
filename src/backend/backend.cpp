#include "backend/backend.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "ringlog/detail/log_call.h"
#include "ringlog/detail/timestamp.h"
#include "runtime/backend_thread.h"
#include "shm/ring_store.h"

namespace ringlog::detail {
namespace {

// Records one pass may take before the backend looks at control requests again.
constexpr std::size_t kMaxRecordsPerPass = 16384;
// Records of a run from one ring taken before their space is handed back to its producer: one
// store to the line the producer reads per 64 records instead of one per record, while a
// blocked producer still gets space back every few kilobytes.
// A run (RecordRun) is at most this long, so it never spans a hand-back.
constexpr std::size_t kRecordsPerHandBack = 64;

RecordHeader read_header(const std::byte* p) {
  RecordHeader h;
  std::memcpy(&h, p, sizeof h);
  return h;
}

}  // namespace

Backend::Backend(Runtime& runtime)
    : rt_(runtime),
      rings_(ring_set()),
      dispatch_(runtime),
      internal_(runtime.clock),
      backtraces_(dispatch_, internal_),
      release_after_flush_(ring_store_open()) {}

Backend::~Backend() {
  stop();
}

void Backend::start() {
  const double ns_per_tick = rt_.clock.anchor().ns_per_tick;
  reorder_ticks_ = static_cast<std::uint64_t>(
      static_cast<double>(std::chrono::nanoseconds(rt_.config.reorder_window).count()) /
      ns_per_tick);
  last_reanchor_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { run(); });
}

void Backend::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(control_mutex_);
    stop_requested_ = true;
  }
  rt_.bell.ring();
  thread_.join();
}

bool Backend::stop_for(std::chrono::milliseconds timeout) {
  if (!thread_.joinable()) return true;
  {
    std::unique_lock lock(control_mutex_);
    stop_requested_ = true;
    rt_.bell.ring();
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
  FlushRequest request;
  request_flush(request);
}

void Backend::flush_logger(std::uint32_t logger_id) {
  FlushRequest request;
  request.logger_id = logger_id;
  request_flush(request);
}

void Backend::request_flush(FlushRequest& request) {
  if (is_backend_thread() || !thread_.joinable()) return;  // a sink flushing would deadlock
  {
    std::lock_guard lock(control_mutex_);
    flush_requests_.push_back(&request);
  }
  rt_.bell.ring();
  // Acquire pairs with the release in complete_flush_requests(): the sinks' writes are done.
  request.done.wait(false, std::memory_order_acquire);
}

void Backend::run() {
  enter_thread();
  for (;;) {
    // Before looking for work: a ring after this read cuts the sleep below short.
    const std::uint32_t bell_seen = rt_.bell.count();
    Control control = take_control();
    // After reading the requests: a thread that logged its first record (creating its ring)
    // and then asked for a flush, a stop or a crash report has its ring adopted in time.
    adopt_new_rings();
    if (control.signalled) [[unlikely]] {
      serve_signal_requests();
    }
    if (control.pausing && !control.stopping) [[unlikely]] {
      park_for_fork();
    }
    if (control.stopping) {
      // Served by finish(), after the last records.
      std::lock_guard lock(control_mutex_);
      flush_requests_.insert(flush_requests_.end(), control.flushes.begin(), control.flushes.end());
      break;
    }
    if (!control.flushes.empty()) {
      serve_flushes(control.flushes);
      continue;
    }
    const std::size_t taken = drain_due();
    housekeeping();
    if (taken == 0) wait_idle(bell_seen);
  }
  finish();
}

void Backend::enter_thread() {
  set_backend_on_this_thread(this);
  pthread_setname_np(pthread_self(), "ringlog-backend");
  if (rt_.config.backend_cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(rt_.config.backend_cpu, &set);
  if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) {
    report_error("cannot pin the backend to CPU " + std::to_string(rt_.config.backend_cpu));
  }
}

Backend::Control Backend::take_control() {
  Control control;
  // Acquire pairs with the requester's release: e.g. the crash details are visible.
  control.signalled = rt_.requests.pending.load(std::memory_order_acquire) != 0;
  std::lock_guard lock(control_mutex_);
  control.stopping = stop_requested_;
  control.pausing = pause_requested_;
  // Only requests made before this point: their callers' records are committed by now.
  control.flushes.swap(flush_requests_);
  return control;
}

void Backend::adopt_new_rings() {
  ThreadRing* ring = nullptr;
  while (rt_.new_rings.queue.try_dequeue(ring)) {
    rings_.push_back(std::make_unique<RingState>(ring));
  }
}

void Backend::serve_flushes(const std::vector<FlushRequest*>& requests) {
  drain_committed();
  report_drops();
  complete_flush_requests(requests);
}

std::size_t Backend::drain_due() {
  // Records younger than the reorder window wait: a slower thread may still commit an older one.
  const std::uint64_t now = read_ticks();
  return drain_pass(now - std::min(now, reorder_ticks_), kMaxRecordsPerPass);
}

void Backend::housekeeping() {
  const auto now = std::chrono::steady_clock::now();
  dispatch_.flush_if_due(now);
  if (release_after_flush_ && dispatch_.flush_count() != published_at_flush_) publish_consumed();
  if (now - last_reanchor_ >= std::chrono::seconds{1}) {
    rt_.clock.reanchor();
    store_clock(rt_.clock.anchor());  // Config::ring_dir: recovery converts ticks with it
    last_reanchor_ = now;
  }
  report_drops();
  reap_retired_rings();
}

void Backend::wait_idle(std::uint32_t bell_seen) {
  // Until idle_sleep passes or the bell rings: a request, a crash, or a producer whose ring is
  // half full (spsc_ring.h), so a long idle_sleep never leaves a busy ring to fill. A bell that
  // found every waiting record still inside the reorder window (a ring filled that fast) brings
  // the backend back as soon as they are due, not a whole idle_sleep later.
  // The bell rang since the last wait_idle() when the count differs: during that sleep or after
  // it, even before this pass looked for work (which takes no record younger than the window).
  const bool rang = bell_seen != bell_seen_last_wait_;
  bell_seen_last_wait_ = bell_seen;
  auto timeout = rt_.config.idle_sleep;
  if (rang && records_waiting_) timeout = std::min(timeout, rt_.config.reorder_window);
  rt_.bell.sleep(bell_seen, timeout);
}

void Backend::finish() {
  // Producers may still be committing: take everything committed so far, then tell them no
  // backend remains (a blocked producer drops from then on), then take what raced in.
  drain_committed();
  rt_.gate.running.store(false, std::memory_order_release);
  drain_committed();
  report_drops();
  reap_retired_rings();
  std::vector<FlushRequest*> flushes;
  {
    std::lock_guard lock(control_mutex_);
    flushes.swap(flush_requests_);
  }
  complete_flush_requests(flushes);
  set_backend_on_this_thread(nullptr);
  {
    std::lock_guard lock(control_mutex_);
    finished_ = true;
  }
  state_changed_.notify_all();
}

std::size_t Backend::drain_pass(std::uint64_t cutoff, std::size_t max_records) {
  merge_.clear();
  for (std::size_t i = 0; i < rings_.size(); ++i) {
    const auto readable = rings_[i]->ring->ring.peek();
    if (readable.size != 0) merge_.push({read_header(readable.data).ticks, i});
  }
  std::size_t count = 0;
  std::unique_lock<std::mutex> sinks_lock;
  bool runs = false;  // some route takes runs (read under the lock: routes change under it)
  while (!merge_.empty() && count < max_records && merge_.top().ticks <= cutoff) {
    if (!sinks_lock.owns_lock()) {
      sinks_lock = dispatch_.lock();
      runs = dispatch_.any_takes_runs();
    }
    TimeMerge::Front front = merge_.pop();
    RingState& state = *rings_[front.ring];
    SpscRing& ring = state.ring->ring;
    // Not empty: the ring was queued with its front record.
    SpscRing::Readable readable = ring.peek();
    // Stay on this ring while its next record still goes first: with one busy producer (the
    // common case) the heap is not touched per record.
    for (std::size_t since_hand_back = 0;;) {
      std::size_t taken = 1;
      if (runs) {
        taken = take_records(state, readable, front, cutoff,
                             std::min(max_records - count, kRecordsPerHandBack - since_hand_back));
      } else {
        take_front(state, readable);
      }
      count += taken;
      since_hand_back += taken;
      if (since_hand_back == kRecordsPerHandBack) {
        hand_back(ring);
        since_hand_back = 0;
      }
      readable = ring.peek();
      if (readable.size == 0) break;
      front.ticks = read_header(readable.data).ticks;
      if (count < max_records && front.ticks <= cutoff && merge_.goes_first(front)) continue;
      merge_.push(front);
      break;
    }
    hand_back(ring);
  }
  records_waiting_ = !merge_.empty();
  if (release_after_flush_ && count > 0 && a_ring_is_filling()) {
    // Ring files (Config::ring_dir): a record leaves its ring only once the sinks' write(2)
    // returned, so a process killed now has every record either in a file or in a ring. A
    // ring a quarter full is not left waiting for the batch or flush_interval to hand space
    // back: its producer may be about to block.
    dispatch_.flush();
    publish_consumed();
  }
  dispatch_.publish_written();
  return count;
}

std::size_t Backend::take_records(RingState& state, const SpscRing::Readable& readable,
                                  TimeMerge::Front front, std::uint64_t cutoff, std::size_t limit) {
  std::size_t bytes = 0;
  const std::size_t count = gather_run(readable, front, cutoff, limit, bytes);
  if (count == 0) {
    take_front(state, readable);
    return 1;
  }
  deliver_run(state, readable, count, bytes);
  return count;
}

std::size_t Backend::gather_run(const SpscRing::Readable& readable, TimeMerge::Front front,
                                std::uint64_t cutoff, std::size_t limit, std::size_t& bytes) {
  RecordHeader header = read_header(readable.data);
  if (header.site_id >= kFirstControlId) return 0;
  if (header.size < sizeof(RecordHeader) || align_record(header.size) > readable.size) return 0;
  const CallSite* site = find_call_site(header.site_id);
  if (site == nullptr) return 0;  // take_front() reports it
  const Logger* const logger = site->logger;
  const std::uint32_t logger_id = logger != nullptr ? logger->id() : 0;
  if (backtraces_.keeps(logger_id) || !dispatch_.takes_runs(logger_id)) return 0;
  // Within one batch, so the batch is flushed where one record at a time would flush it.
  limit = std::min({limit, kMaxRun, dispatch_.room_in_batch()});
  run_sites_[0] = site;
  bytes = align_record(header.size);
  std::size_t count = 1;
  for (; count < limit; ++count) {
    if (readable.size - bytes < sizeof(RecordHeader)) break;
    header = read_header(readable.data + bytes);
    // A damaged record ends the run: take_front() reports and skips it.
    if (header.size < sizeof(RecordHeader) || align_record(header.size) > readable.size - bytes) {
      break;
    }
    front.ticks = header.ticks;
    if (header.ticks > cutoff || !merge_.goes_first(front)) break;
    if (header.site_id != site->id) {
      if (header.site_id >= kFirstControlId) break;  // a rename, a context: acts in order
      site = find_call_site(header.site_id);
      if (site == nullptr || site->logger != logger) break;
    }
    run_sites_[count] = site;
    bytes += align_record(header.size);
  }
  return count;
}

void Backend::deliver_run(RingState& state, const SpscRing::Readable& readable, std::size_t count,
                          std::size_t bytes) {
  const Logger* logger = run_sites_[0]->logger;
  const RecordRun run{readable.data,          count,
                      run_sites_.data(),      &state.info,
                      state.context.fields(), &rt_.clock.anchor(),
                      &in_flight_progress_};
  // As in take_front(): a crash inside a sink skips the record being written (progress).
  in_flight_progress_.store(0, std::memory_order_relaxed);
  in_flight_.store(&state, std::memory_order_relaxed);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  dispatch_.deliver_run(logger != nullptr ? logger->id() : 0, run);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  in_flight_.store(nullptr, std::memory_order_relaxed);
  in_flight_progress_.store(0, std::memory_order_relaxed);
  consume(state.ring->ring, bytes);
}

void Backend::take_front(RingState& state, const SpscRing::Readable& readable) {
  SpscRing& ring = state.ring->ring;
  const RecordHeader header = read_header(readable.data);
  if (header.size < sizeof(RecordHeader) || align_record(header.size) > readable.size) {
    // Only a bug or memory corruption gets here; skipping what is visible keeps us alive.
    report_error("corrupt record in the ring of thread '" + state.name + "'; skipped");
    consume(ring, readable.size);
    return;
  }
  // Relaxed plus a signal fence: only a signal handler on this thread reads it.
  in_flight_.store(&state, std::memory_order_relaxed);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  process_record(state, header, readable.data + sizeof(RecordHeader));
  std::atomic_signal_fence(std::memory_order_seq_cst);
  in_flight_.store(nullptr, std::memory_order_relaxed);
  consume(ring, align_record(header.size));
}

void Backend::consume(SpscRing& ring, std::size_t bytes) noexcept {
  // Sink::write() returning is not enough with ring files: the layouts buffer a batch in this
  // process's memory, which a kill loses. Space is handed back once the sinks flushed: a batch
  // flush inside the delivery of this record (which it included), or drain_pass()'s last one.
  ring.consume(bytes);
  if (!release_after_flush_) return;  // hand_back() publishes it
  if (dispatch_.flush_count() != published_at_flush_) publish_consumed();
}

void Backend::hand_back(SpscRing& ring) noexcept {
  // Ring files wait for the sinks' flush instead (consume(), publish_consumed()).
  if (!release_after_flush_) ring.publish_consumed();
}

bool Backend::a_ring_is_filling() noexcept {
  return std::any_of(rings_.begin(), rings_.end(), [](const auto& s) {
    return s->ring->ring.used_bytes() >= s->ring->ring.capacity() / 4;
  });
}

void Backend::publish_consumed() noexcept {
  published_at_flush_ = dispatch_.flush_count();
  for (auto& s : rings_) s->ring->ring.publish_consumed();
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
  // Routing: the logger's sinks (SinkRoutes), or its backtrace (Backtraces).
  backtraces_.deliver(LogEvent(*site, state.info, header.ticks, rt_.clock.to_unix_ns(header.ticks),
                               {args, header.size - sizeof(RecordHeader)}, state.context.fields(),
                               &rt_.clock.anchor()));
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
  } else {
    backtraces_.handle_control(header.site_id, args, state.info);
  }
}

void Backend::report_drops() {
  for (auto& s : rings_) {
    const std::uint64_t dropped = s->ring->dropped.load(std::memory_order_relaxed);
    if (dropped == s->drops_reported) continue;
    const std::uint64_t delta = dropped - s->drops_reported;
    s->drops_reported = dropped;
    rt_.counters.dropped_reported.fetch_add(delta, std::memory_order_relaxed);
    const auto lock = dispatch_.lock();
    dispatch_.deliver(internal_.drop_report(s->info, delta));
  }
}

void Backend::reap_retired_rings() {
  std::erase_if(rings_, [](const std::unique_ptr<RingState>& s) {
    // Acquire pairs with the retiring thread's release: all its commits are visible now.
    if (!s->ring->retired.load(std::memory_order_acquire)) return false;
    if (!s->ring->ring.empty_for_consumer()) return false;
    const std::uint64_t dropped = s->ring->dropped.load(std::memory_order_relaxed);
    if (dropped != s->drops_reported) return false;  // report first, reap on the next round
    destroy_thread_ring(s->ring);
    return true;
  });
}

void Backend::complete_flush_requests(const std::vector<FlushRequest*>& requests) {
  {
    const auto lock = dispatch_.lock();
    const bool all = requests.empty() || std::any_of(requests.begin(), requests.end(),
                                                     [](auto* r) { return r->logger_id == 0; });
    if (all) {
      dispatch_.flush();
    } else {
      for (FlushRequest* r : requests) dispatch_.flush_logger(r->logger_id);
    }
  }
  if (release_after_flush_) publish_consumed();
  for (FlushRequest* r : requests) {
    // Release pairs with the waiter's acquire; notify after the store so no wake-up is lost.
    r->done.store(true, std::memory_order_release);
    r->done.notify_one();
  }
}

}  // namespace ringlog::detail
