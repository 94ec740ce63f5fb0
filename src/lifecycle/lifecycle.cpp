// start(), flush(), stop() and the counters: the public face of the backend.
#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "backend/backend_instance.h"
#include "frontend/level_spec.h"
#include "frontend/ring_files.h"
#include "process/process_hooks.h"
#include "recovery/adoption.h"
#include "ringlog/detail/rate_limit.h"
#include "ringlog/ringlog.h"
#include "runtime/backend_thread.h"
#include "runtime/deadline_lock.h"
#include "runtime/runtime.h"
#include "shm/ring_store.h"

namespace ringlog {
namespace {

void close_all(const std::vector<Sink*>& sinks, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    try {
      sinks[i]->close();
    } catch (...) {
      // Closing after a failed start: the start error is the one worth reporting.
    }
  }
}

// The sinks start() opens: the global ones, then the loggers' own (get_logger(name, sinks)) that
// are not also global. Caller holds rt.sinks.mutex.
std::vector<Sink*> sinks_to_open(const detail::Runtime& rt, const std::vector<SinkPtr>& global) {
  std::vector<Sink*> out;
  for (const SinkPtr& s : global) out.push_back(s.get());
  for (const detail::SinkTarget& t : rt.sinks.routes.all()) {
    if (std::find(out.begin(), out.end(), t.sink) == out.end()) out.push_back(t.sink);
  }
  return out;
}

// After the backend is gone: closes every sink, global and the loggers' own (reporting failures),
// and forgets the global ones; the loggers keep theirs, opened again by the next start().
void close_sinks_after_stop(detail::Runtime& rt) {
  std::lock_guard sinks_lock(rt.sinks.mutex);
  for (const detail::SinkTarget& t : rt.sinks.routes.all()) {
    try {
      t.sink->close();
    } catch (const std::exception& e) {
      rt.sinks.context.report("sink #" + std::to_string(t.index) +
                              " threw from close(): " + e.what());
    } catch (...) {
      rt.sinks.context.report("sink #" + std::to_string(t.index) + " threw from close()");
    }
  }
  rt.sinks.faults.report_still_failing();
  rt.sinks.routes.clear_global();
  rt.sinks.open = false;
}

// Waits for the backend (running, or left stalled by a timed stop) to finish, at most `timeout`
// (forever when empty). On time: joins it and closes the sinks. Caller holds rt.lifecycle.
// `asked` is the caller's own timeout, for the report.
bool stop_locked(detail::Runtime& rt, std::optional<std::chrono::milliseconds> timeout,
                 std::chrono::milliseconds asked = {}) {
  auto& running = detail::backend_slot();
  auto& stalled = detail::stalled_backend_slot();
  std::unique_ptr<detail::Backend>& backend = running ? running : stalled;
  if (!backend) return true;
  if (!timeout) {
    backend->stop();
  } else if (!backend->stop_for(*timeout)) {
    if (&backend == &running) {
      // Producers waiting for space (block policy) would wait for a stuck sink: let them drop
      // (counted) instead. Release as in start(): pairs with the producers' acquire.
      rt.gate.running.store(false, std::memory_order_release);
      stalled = std::move(running);
      detail::report_error("stop(): the backend did not finish within " +
                           std::to_string(asked.count()) +
                           " ms (a sink is blocked); it finishes on its own once the sink "
                           "unblocks, and records still queued are written then");
    }
    return false;
  }
  backend.reset();
  close_sinks_after_stop(rt);
  // Every ring is drained and written: nothing left to recover.
  detail::close_ring_store();
  return true;
}

}  // namespace

void start(const Config& config, std::vector<SinkPtr> sinks) {
  validate(config);
  for (const SinkPtr& s : sinks) {
    if (!s) throw std::invalid_argument("ringlog: start() was given a null sink");
  }
  detail::Runtime& rt = detail::runtime();
  std::lock_guard lifecycle(rt.lifecycle);
  if (rt.gate.running.load(std::memory_order_relaxed)) {
    throw std::logic_error("ringlog: start() called while already running; call stop() first");
  }
  if (auto& stalled = detail::stalled_backend_slot()) {
    if (!stalled->finished()) {
      throw std::logic_error(
          "ringlog: start(): the backend of an earlier timed-out stop() is still blocked in a "
          "sink; call stop() (waits for it) or retry once the sink unblocks");
    }
    stop_locked(rt, std::nullopt);  // joins it and closes its sinks
  }
  std::lock_guard sinks_lock(rt.sinks.mutex);
  rt.config = config;
  detail::apply_level_environment();  // RINGLOG_LEVEL beats Config::default_level
  // Calibrated before the sinks open, so a sink may record the calibration (the binary sink's
  // file header does). No backend runs now, so nothing reads the clock concurrently.
  rt.clock.calibrate();
  // For RLOG_<LEVEL>_EVERY intervals. Relaxed: a rate, not a publication of other data.
  detail::g_ticks_per_ns.store(1.0 / rt.clock.anchor().ns_per_tick, std::memory_order_relaxed);
  rt.sinks.context.clock = rt.clock.anchor();
  const std::vector<Sink*> opening = sinks_to_open(rt, sinks);
  std::size_t opened = 0;
  try {
    for (; opened < opening.size(); ++opened) opening[opened]->open(rt.sinks.context);
  } catch (...) {
    close_all(opening, opened);
    throw;
  }
  rt.sinks.routes.set_global(std::move(sinks));
  rt.sinks.open = true;
  // Config::ring_dir: dead processes' records first (recover_at_start), then this run's files.
  if (config.recover_at_start) detail::adopt_dead_ring_dirs(rt, config.ring_dir);
  if (!config.ring_dir.empty()) detail::open_ring_files(config, rt.clock.anchor());
  rt.gate.full_policy.store(config.full_policy, std::memory_order_relaxed);
  rt.gate.queue_bytes.store(config.queue_bytes, std::memory_order_relaxed);
  auto& backend = detail::backend_slot();
  backend = std::make_unique<detail::Backend>(rt);
  // Release: a producer that sees running == true also sees the policy stored above.
  rt.gate.running.store(true, std::memory_order_release);
  // Release, after `running`: pairs with the acquire in reserve_slow(); a producer holding its
  // ring since an earlier count resumes, and one that reads this count also reads running.
  rt.gate.starts.fetch_add(1, std::memory_order_release);
  backend->start();
  detail::install_exit_hook();
  detail::install_fork_handlers();
}

void flush() {
  if (detail::is_backend_thread()) return;  // from inside a sink: would wait for itself
  detail::Runtime& rt = detail::runtime();
  std::lock_guard lifecycle(rt.lifecycle);
  if (auto& backend = detail::backend_slot()) backend->flush();
}

void Logger::flush() const {
  if (detail::is_backend_thread()) return;  // from inside a sink: would wait for itself
  detail::Runtime& rt = detail::runtime();
  std::lock_guard lifecycle(rt.lifecycle);
  if (auto& backend = detail::backend_slot()) backend->flush_logger(id());
}

void flush(const Logger& logger) {
  logger.flush();
}

void stop() {
  if (detail::is_backend_thread()) return;
  detail::Runtime& rt = detail::runtime();
  std::lock_guard lifecycle(rt.lifecycle);
  stop_locked(rt, std::nullopt);
}

bool stop(std::chrono::milliseconds timeout) {
  if (detail::is_backend_thread()) return false;
  detail::Runtime& rt = detail::runtime();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // Timed too: another thread's flush() may hold the lock while it waits for a blocked sink.
  if (!detail::lock_before(rt.lifecycle, deadline)) return false;
  std::unique_lock lifecycle(rt.lifecycle, std::adopt_lock);
  return stop_locked(rt, detail::left_until(deadline), timeout);
}

bool is_running() noexcept {
  return detail::runtime().gate.running.load(std::memory_order_acquire);
}

Stats stats() noexcept {
  detail::Runtime& rt = detail::runtime();
  return {rt.counters.dropped_reported.load(std::memory_order_relaxed),
          rt.counters.written.load(std::memory_order_relaxed),
          rt.counters.sink_errors.load(std::memory_order_relaxed),
          rt.counters.sink_lost_records.load(std::memory_order_relaxed)};
}

}  // namespace ringlog
