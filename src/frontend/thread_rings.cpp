// Producer-side slow paths: creating and retiring a thread's ring, and a full ring.
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <thread>

#include "ringlog/detail/log_call.h"
#include "ringlog/detail/record.h"
#include "ringlog/ringlog.h"
#include "runtime/alt_stack.h"
#include "runtime/backend_thread.h"
#include "runtime/runtime.h"
#include "shm/ring_store.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace ringlog::detail {
namespace {

// Runs at thread exit: hands the ring to the backend to drain and free.
struct RingRetirer {
  ThreadRing* ring = nullptr;
  ~RingRetirer() {
    if (ring == nullptr) return;
    t_ring = nullptr;
    t_thread_exited = true;
    // Release: every record this thread committed is visible to a backend that sees `retired`.
    ring->retired.store(true, std::memory_order_release);
  }
  static inline thread_local bool t_thread_exited = false;
};

thread_local RingRetirer t_retirer;

void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

}  // namespace

ThreadRing* create_thread_ring() {
  Runtime& rt = runtime();
  const std::size_t capacity = rt.gate.queue_bytes.load(std::memory_order_relaxed);
  // In a ring file when Config::ring_dir is in force (the hot path cannot tell the difference),
  // else, or when the file cannot be made, in private memory.
  ThreadRing* ring = create_ring_in_store(capacity);
  if (ring == nullptr) ring = new ThreadRing(capacity);
  ring->ring.set_consumer_bell(&rt.bell);  // the Runtime outlives every ring
  ring->os_thread_id = static_cast<std::uint64_t>(::syscall(SYS_gettid));
  ring->index = rt.new_rings.next_thread_index.fetch_add(1, std::memory_order_relaxed);
  if (pthread_getname_np(pthread_self(), ring->name, sizeof ring->name) != 0 ||
      ring->name[0] == '\0') {
    std::snprintf(ring->name, sizeof ring->name, "%llu",
                  static_cast<unsigned long long>(ring->os_thread_id));
  }
  seal_ring_file(*ring);
  t_ring = ring;
  // A thread that logs again from a later thread_local destructor gets a ring that is never
  // retired (a small leak at exit) rather than one the backend could free under it.
  if (!RingRetirer::t_thread_exited) t_retirer.ring = ring;
  {
    std::lock_guard lock(rt.new_rings.mutex);
    rt.new_rings.queue.enqueue(ring);
  }
  on_thread_ring_created();  // an alternate signal stack if the crash handler is installed
  return ring;
}

namespace {

[[gnu::cold]] std::byte* drop(ThreadRing& tr) noexcept {
  // Only this thread writes its counter; relaxed suffices for a number the backend reports.
  tr.dropped.store(tr.dropped.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  return nullptr;
}

}  // namespace

std::byte* reserve_slow(ThreadRing& tr, std::size_t bytes) noexcept {
  Runtime& rt = runtime();
  if (tr.ring.producer_held()) {
    // Acquire pairs with the release increment in start(): a new count means a backend was
    // started since the drop, so logging resumes; the same count, the cut goes on.
    if (rt.gate.starts.load(std::memory_order_acquire) == tr.held_since_start) return drop(tr);
    tr.ring.resume_producer();
    if (std::byte* p = tr.ring.reserve(bytes)) return p;
  }
  // Read before `running` below: if a start() slips in between, the count we keep is already
  // stale and the next call resumes, instead of holding the ring through a whole run.
  const std::uint64_t starts = rt.gate.starts.load(std::memory_order_acquire);
  if (rt.gate.full_policy.load(std::memory_order_relaxed) == FullPolicy::block &&
      !is_backend_thread()) {
    for (unsigned spins = 0;; ++spins) {
      // Without a backend nobody frees space: waiting would hang, so the record is dropped.
      if (!rt.gate.running.load(std::memory_order_acquire)) break;
      if (spins < 256) {
        cpu_relax();
      } else {
        std::this_thread::yield();
      }
      if (std::byte* p = tr.ring.reserve(bytes)) return p;
    }
  }
  // Dropped with no backend running (stop() under way, or none started): drop everything this
  // thread logs until the next start(), so the cut is clean. A stopping backend's final drain
  // would otherwise free space and let single later records through. Acquire pairs with the
  // release stores of `false` (backend stop, timed-out stop) and `true` (start()).
  if (!rt.gate.running.load(std::memory_order_acquire)) {
    tr.held_since_start = starts;
    tr.ring.hold_producer();
  }
  return drop(tr);
}

void destroy_thread_ring(ThreadRing* ring) noexcept {
  if (ring->file != nullptr) {
    destroy_ring_file(ring);
  } else {
    delete ring;
  }
}

}  // namespace ringlog::detail

namespace ringlog {

void preallocate() {
  if (detail::t_ring == nullptr) detail::create_thread_ring();
}

void set_thread_name(std::string_view name) {
  using namespace detail;
  ThreadRing* tr = t_ring != nullptr ? t_ring : create_thread_ring();
  // The name travels through the ring as a control record, so it changes exactly between the
  // records logged before and after this call, with no shared mutable string.
  const std::string_view kept = name.substr(0, kThreadNameMax - 1);
  const std::size_t size = record_size(kept);
  const std::size_t bytes = align_record(size);
  std::byte* p = tr->ring.reserve(bytes);
  if (p == nullptr) p = reserve_slow(*tr, bytes);
  if (p == nullptr) return;
  write_record(p, size, kControlThreadName, read_ticks(), kept);
  tr->ring.commit(bytes);
  store_thread_name(*tr, kept);  // a ring file keeps the latest name for recovery
}

}  // namespace ringlog
