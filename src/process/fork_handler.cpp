// fork() in a program that uses ringlog: the child can log.
//
// Only the forking thread exists in the child, so everything another thread might have held or
// been changing at the fork has to be made safe first. prepare() (in the parent, before fork):
//   1. takes the lifecycle lock (no start/stop/flush in flight),
//   2. parks the backend between two passes with every sink flushed (sink buffers are empty,
//      so the child does not write the parent's lines again),
//   3. takes the sinks' lock (no synchronous logger mid-write), the registries' locks and the
//      ring-registration lock (no thread half-way through handing its new ring over).
// Each wait is bounded (kForkWait in all): a sink blocked for longer must not hang fork().
// parent(): releases everything, the backend goes on.
// child(): releases everything; abandons (never frees) the parent's backend and the rings of the
// parent's threads: their queued records belong to the parent, which writes them; starts a new
// backend on the same sinks when ringlog was running. The forking thread gets a fresh ring.
// Parent and child then share the file sinks' open files (O_APPEND: whole batches interleave).
// If prepare() could not make the state safe (a blocked sink), the child forgets the sinks and
// does not log until it calls start() with sinks of its own; it says so once on stderr.
#include <pthread.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <new>
#include <vector>

#include "process/process_hooks.h"

#include "backend/backend_instance.h"
#include "backend/ring_set.h"
#include "frontend/registries.h"
#include "runtime/backend_thread.h"
#include "runtime/deadline_lock.h"
#include "runtime/runtime.h"
#include "shm/ring_store.h"

namespace ringlog::detail {

namespace {

constexpr std::chrono::milliseconds kForkWait{1000};

// What prepare() got hold of. Thread-local: two threads may fork at once.
struct ForkHold {
  bool lifecycle = false;
  bool paused = false;
  bool sinks = false;
  bool no_stalled_backend = false;  // no backend left running by a timed-out stop()
};
thread_local ForkHold t_hold;

// What a child inherits from the parent and must neither use nor free: the parent's backends
// (their threads do not exist here) and the parent's rings (their records are the parent's to
// write). Kept reachable so leak checkers do not report them; copy-on-write pages that are
// never touched again cost no memory.
struct Abandoned {
  std::vector<Backend*> backends;
  std::vector<ThreadRing*> rings;
};
Abandoned& abandoned() {
  static auto* a = new Abandoned;  // leaked on purpose, like runtime()
  return *a;
}

void prepare() {
  ForkHold& hold = t_hold;
  hold = {};
  if (is_backend_thread()) return;  // a sink forking: nothing can be made safe from here
  Runtime& rt = runtime();
  const auto deadline = std::chrono::steady_clock::now() + kForkWait;
  hold.lifecycle = lock_before(rt.lifecycle, deadline);
  if (hold.lifecycle) {
    if (auto& backend = backend_slot()) hold.paused = backend->pause(left_until(deadline));
    const auto& stalled = stalled_backend_slot();
    hold.no_stalled_backend = !stalled || stalled->finished();
  }
  hold.sinks = lock_before(rt.sinks.mutex, deadline);
  // Held only for short, non-blocking sections: a plain lock cannot wait long.
  call_site_registry_mutex().lock();
  logger_registry_mutex().lock();
  rt.new_rings.mutex.lock();
}

// Releases what prepare() took last, in reverse order.
void unlock_registries(Runtime& rt) {
  rt.new_rings.mutex.unlock();
  logger_registry_mutex().unlock();
  call_site_registry_mutex().unlock();
}

void parent() {
  if (is_backend_thread()) return;
  ForkHold& hold = t_hold;
  Runtime& rt = runtime();
  unlock_registries(rt);
  if (hold.sinks) rt.sinks.mutex.unlock();
  if (hold.paused) backend_slot()->resume();
  if (hold.lifecycle) rt.lifecycle.unlock();
}

void child() {
  if (is_backend_thread()) return;
  ForkHold& hold = t_hold;
  Runtime& rt = runtime();
  unlock_registries(rt);
  // The state is consistent when nothing was running, or the backend was parked and no sink
  // call was in progress.
  const bool consistent =
      hold.lifecycle && hold.sinks && hold.no_stalled_backend && (hold.paused || !backend_slot());
  Abandoned& left = abandoned();
  for (auto* slot : {&backend_slot(), &stalled_backend_slot()}) {
    if (*slot) left.backends.push_back(slot->release());
  }
  // The parent's rings, this thread's old one included: the parent writes what they hold.
  t_ring = nullptr;
  // Config::ring_dir: the parent's files stay the parent's; this child's rings are private
  // memory until it calls start() itself (which makes a directory under its own pid).
  forget_ring_store_in_child();
  if (consistent) {
    for (const auto& state : ring_set()) left.rings.push_back(state->ring);
    ring_set().clear();
  } else {
    // The backend may have been changing the vector at the fork: abandon it, do not free it.
    new (&ring_set()) RingSet();
  }
  ThreadRing* pending = nullptr;
  while (rt.new_rings.queue.try_dequeue(pending)) left.rings.push_back(pending);
  if (!hold.lifecycle) new (&rt.lifecycle) std::mutex();
  if (!hold.sinks) new (&rt.sinks.mutex) std::mutex();
  if (consistent) {
    if (rt.gate.running.load(std::memory_order_relaxed)) {
      auto& backend = backend_slot();
      backend = std::make_unique<Backend>(rt);
      backend->start();
    }
  } else {
    rt.gate.running.store(false, std::memory_order_release);
    rt.sinks.routes.abandon();  // a sink may have been mid-call: abandon them
    rt.sinks.open = false;
    static constexpr char kMessage[] =
        "ringlog: fork() while ringlog was busy (a sink blocked for more than 1 s): this child "
        "process does not log until it calls ringlog::start() with sinks of its own\n";
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  }
  if (hold.sinks) rt.sinks.mutex.unlock();
  if (hold.lifecycle) rt.lifecycle.unlock();
}

}  // namespace

void install_fork_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (pthread_atfork(prepare, parent, child) != 0) {
      report_error("cannot register fork handlers: a forked child must not log");
    }
  });
}

}  // namespace ringlog::detail
