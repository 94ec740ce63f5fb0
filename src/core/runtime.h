// Process-wide state shared by the producer slow paths, synchronous loggers and the backend.
#pragma once

#include <concurrentqueue/concurrentqueue.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "backend/ring_state.h"
#include "core/backend_requests.h"
#include "core/sink_faults.h"
#include "core/tsc_clock.h"
#include "ringlog/config.h"
#include "ringlog/detail/thread_ring.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

struct Runtime {
  // Serialises start() and stop().
  // stop(timeout) and the fork hooks wait for it with a deadline (deadline_lock.h): they must not
  // wait forever behind a flush() stuck on a blocked sink.
  std::mutex lifecycle;
  // Held by whoever calls the sinks: the backend for each drain pass, a sync logger per record.
  std::mutex sinks_mutex;
  Config config;               // written by start() only while no backend runs
  std::vector<SinkPtr> sinks;  // guarded by sinks_mutex
  TscClock clock;              // calibrated by start(), re-anchored by the backend
  SinkContext sink_context{&config};
  // Sinks that threw: reported once per run of failures. Guarded by sinks_mutex.
  SinkFaults sink_faults;

  // True while a backend drains the rings. Acquire/release: a producer that sees `false` stops
  // waiting for space, and one that sees `true` may rely on a started backend.
  std::atomic<bool> running{false};
  // Number of start() calls, incremented after `running` is set. A producer that dropped a
  // record because no backend ran holds its ring until this changes (reserve_slow()).
  // Release/acquire: a producer that sees the new count also sees `running` == true.
  std::atomic<std::uint64_t> starts{0};
  // Copies of config fields the producer slow paths read without taking a lock.
  std::atomic<FullPolicy> full_policy{FullPolicy::block};
  std::atomic<std::size_t> queue_bytes{std::size_t{1} << 20};
  // Lock-free requests to the backend from signal handlers (crash, SIGTERM).
  BackendRequests requests;

  // New thread rings, handed from producers to the backend (many producers, one consumer).
  moodycamel::ConcurrentQueue<ThreadRing*> new_rings;
  // Held around the enqueue above, and across fork() by the fork hooks, so a forked child never
  // inherits a half-done enqueue. Once per thread: not on the hot path.
  std::mutex ring_registration;
  // Every adopted ring. Touched only by the backend thread while one runs, else under lifecycle.
  std::vector<std::unique_ptr<RingState>> rings;
  std::atomic<std::uint32_t> next_thread_index{1};

  // Counters for stats(); relaxed, they are only ever summed and read.
  std::atomic<std::uint64_t> dropped_reported{0};
  std::atomic<std::uint64_t> written{0};
  std::atomic<std::uint64_t> sink_errors{0};
  std::atomic<std::uint64_t> sink_lost_records{0};
};

// The one Runtime; created on first use and never destroyed, so it outlives every thread.
Runtime& runtime();

// Writes "ringlog: <message>" through the configured error handler (default: stderr).
void report_error(std::string_view message) noexcept;

}  // namespace ringlog::detail
