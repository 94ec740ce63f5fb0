// Process-wide state shared by the producer slow paths, synchronous loggers, the backend and the
// process hooks. The bottom layer of src/: it includes nothing else from src/ but runtime/.
#pragma once

#include <concurrentqueue/concurrentqueue.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "ringlog/config.h"
#include "ringlog/detail/consumer_bell.h"
#include "ringlog/detail/thread_ring.h"
#include "ringlog/sinks.h"
#include "runtime/signal_requests.h"
#include "runtime/sink_faults.h"
#include "runtime/sink_routes.h"
#include "runtime/tsc_clock.h"

namespace ringlog::detail {

// What producers read without a lock to decide whether and how they may write.
struct ProducerGate {
  // True while a backend drains the rings. Acquire/release: a producer that sees `false` stops
  // waiting for space, and one that sees `true` may rely on a started backend.
  std::atomic<bool> running{false};
  // Number of start() calls, incremented after `running` is set. A producer that dropped a
  // record because no backend ran holds its ring until this changes (reserve_slow()).
  // Release/acquire: a producer that sees the new count also sees `running` == true.
  std::atomic<std::uint64_t> starts{0};
  // Copies of Config fields; relaxed: written by start() before the release of `running`.
  std::atomic<FullPolicy> full_policy{FullPolicy::block};
  std::atomic<std::size_t> queue_bytes{std::size_t{1} << 20};
};

// New thread rings, handed from producers to the backend (many producers, one consumer).
struct RingHandoff {
  moodycamel::ConcurrentQueue<ThreadRing*> queue;
  // Held around the enqueue, and across fork() by the fork hooks, so a forked child never
  // inherits a half-done enqueue. Once per thread: not on the hot path.
  std::mutex mutex;
  std::atomic<std::uint32_t> next_thread_index{1};
};

// The sinks of the current run and who may call them.
struct SinkSet {
  // Held by whoever calls the sinks: the backend for each drain pass, a sync logger per record.
  std::mutex mutex;
  // The global sinks and the loggers' own, and which logger writes to which. Guarded by mutex.
  SinkRoutes routes;
  // True from start() (every sink opened) to stop() (every sink closed): a logger created with
  // sinks of its own meanwhile opens them at once. Guarded by mutex.
  bool open = false;
  // Sinks that threw: reported once per run of failures. Guarded by mutex.
  SinkFaults faults;
  SinkContext context;
};

// Counters for stats(); relaxed: they are only ever summed and read.
struct Counters {
  std::atomic<std::uint64_t> dropped_reported{0};
  std::atomic<std::uint64_t> written{0};
  std::atomic<std::uint64_t> sink_errors{0};
  std::atomic<std::uint64_t> sink_lost_records{0};
};

struct Runtime {
  Runtime() { sinks.context.config = &config; }

  // Serialises start() and stop().
  // stop(timeout) and the fork hooks wait for it with a deadline (deadline_lock.h): they must not
  // wait forever behind a flush() stuck on a blocked sink.
  std::mutex lifecycle;
  Config config;   // written by start() only while no backend runs
  TscClock clock;  // calibrated by start(), re-anchored by the backend
  ProducerGate gate;
  RingHandoff new_rings;
  SinkSet sinks;
  // Lock-free requests to the backend from signal handlers (crash, SIGTERM).
  SignalRequests requests;
  // The backend sleeps on it between drains; every ring, the requests above and the control
  // requests (flush, stop, pause) ring it.
  ConsumerBell bell;
  Counters counters;
};

// The one Runtime; created on first use and never destroyed, so it outlives every thread.
Runtime& runtime();

// Writes "ringlog: <message>" through the configured error handler (default: stderr).
void report_error(std::string_view message) noexcept;

}  // namespace ringlog::detail
