// start(), flush(), stop() and the counters: the public face of the backend.
#include <memory>
#include <stdexcept>

#include "backend/backend.h"
#include "core/runtime.h"
#include "ringlog/ringlog.h"

namespace ringlog {
namespace detail {
extern thread_local bool t_is_backend_thread;
}  // namespace detail

namespace {

// Guarded by runtime().lifecycle.
std::unique_ptr<detail::Backend>& backend_slot() {
  static auto* slot = new std::unique_ptr<detail::Backend>;  // leaked: see runtime()
  return *slot;
}

void close_all(const std::vector<SinkPtr>& sinks, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    try {
      sinks[i]->close();
    } catch (...) {
      // Closing after a failed start: the start error is the one worth reporting.
    }
  }
}

}  // namespace

void start(const Config& config, std::vector<SinkPtr> sinks) {
  validate(config);
  for (const SinkPtr& s : sinks) {
    if (!s) throw std::invalid_argument("ringlog: start() was given a null sink");
  }
  detail::Runtime& rt = detail::runtime();
  std::lock_guard lifecycle(rt.lifecycle);
  if (rt.running.load(std::memory_order_relaxed)) {
    throw std::logic_error("ringlog: start() called while already running; call stop() first");
  }
  std::lock_guard sinks_lock(rt.sinks_mutex);
  rt.config = config;
  // Calibrated before the sinks open, so a sink may record the calibration (the binary sink's
  // file header does). No backend runs now, so nothing reads the clock concurrently.
  rt.clock.calibrate();
  std::size_t opened = 0;
  try {
    for (; opened < sinks.size(); ++opened) sinks[opened]->open(rt.sink_context);
  } catch (...) {
    close_all(sinks, opened);
    throw;
  }
  rt.sinks = std::move(sinks);
  rt.full_policy.store(config.full_policy, std::memory_order_relaxed);
  rt.queue_bytes.store(config.queue_bytes, std::memory_order_relaxed);
  auto& backend = backend_slot();
  backend = std::make_unique<detail::Backend>(rt);
  // Release: a producer that sees running == true also sees the policy stored above.
  rt.running.store(true, std::memory_order_release);
  backend->start();
}

void flush() {
  if (detail::t_is_backend_thread) return;  // from inside a sink: would wait for itself
  detail::Runtime& rt = detail::runtime();
  std::lock_guard lifecycle(rt.lifecycle);
  if (auto& backend = backend_slot()) backend->flush();
}

void stop() {
  if (detail::t_is_backend_thread) return;
  detail::Runtime& rt = detail::runtime();
  std::lock_guard lifecycle(rt.lifecycle);
  auto& backend = backend_slot();
  if (!backend) return;
  backend->stop();  // drains, flushes, clears `running`
  backend.reset();
  std::lock_guard sinks_lock(rt.sinks_mutex);
  close_all(rt.sinks, rt.sinks.size());
  rt.sinks.clear();
}

bool is_running() noexcept {
  return detail::runtime().running.load(std::memory_order_acquire);
}

Stats stats() noexcept {
  detail::Runtime& rt = detail::runtime();
  return {rt.dropped_reported.load(std::memory_order_relaxed),
          rt.written.load(std::memory_order_relaxed),
          rt.sink_errors.load(std::memory_order_relaxed)};
}

}  // namespace ringlog
