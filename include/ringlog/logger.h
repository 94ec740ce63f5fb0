// Named loggers: a level threshold, a delivery mode, optionally sinks of their own and a backtrace
// (flight recorder), looked up once and kept by reference.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ringlog/level.h"

namespace ringlog {

// How a logger delivers records.
enum class Mode : std::uint8_t {
  async,  // encode into the thread's ring; the backend formats and writes (default)
  sync,   // format and write in the calling thread, under the sinks' lock
};

class Sink;
using SinkPtr = std::shared_ptr<Sink>;

// Where a logger made with sinks of its own writes (get_logger(name, sinks, routing)).
enum class SinkRouting : std::uint8_t {
  own,             // its own sinks only (default)
  own_and_global,  // its own and the global sinks given to start(); a sink in both, once
};

class Logger {
 public:
  Logger(std::string name, std::uint32_t id, Level level);
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  const std::string& name() const noexcept { return name_; }
  std::uint32_t id() const noexcept { return id_; }

  // Thread-safe; takes effect for calls that start after it. Cost: a short lock (it keeps the
  // level and the backtrace's threshold consistent) and two relaxed stores.
  void set_level(Level level) noexcept;
  Level level() const noexcept { return level_.load(std::memory_order_relaxed); }
  // The runtime filter the macros apply first: one relaxed load and a compare. The byte loaded
  // is the level, or Level::trace while a backtrace is on (records below the level then go to
  // the ring too, and the backend keeps them): a filtered call costs the same either way.
  bool should_log(Level level) const noexcept {
    // Relaxed: a level change need not be ordered with anything else; callers see it soon.
    return level >= threshold_.load(std::memory_order_relaxed);
  }

  // Backtrace (flight recorder). From now on records below this logger's level are encoded
  // like any other (same hot-path cost as a call that is written) and the backend keeps the last
  // `capacity` of them, per logger, instead of writing them. They are written, oldest first,
  // after a line "backtrace of <logger>, N records", each with the field backtrace=true followed
  // by the ringlog::Context fields its thread had when it was logged, when a record at or above
  // `trigger_level` is logged on this logger (before that record), on dump_backtrace(), and on
  // a crash (install_crash_handler()); a dump empties the backtrace.
  // Backend cost per kept record: copying its bytes and its context's text into a slot reused
  // from then on (no formatting); memory: `capacity` slots, each as large as the largest record
  // (and context) kept in it. Asynchronous loggers only: a synchronous logger
  // (set_mode(Mode::sync)) discards records below its level, as without a backtrace.
  // Enabling again replaces capacity and trigger and forgets what was kept; capacity 0 disables.
  // The switch reaches the backend as a control record through this thread's ring, so it takes
  // effect in order with this thread's records (and, by timestamp, other threads'); a record is
  // kept when it is below the logger's level as the backend reads it when it takes the record.
  // Thread-safe; a short lock; creates the thread's ring if needed. Not for the hot path.
  void enable_backtrace(std::size_t capacity, Level trigger_level = Level::error);
  // Stops keeping records (a filtered call is filtered again) and forgets what was kept; in
  // order with this thread's records, like enable_backtrace().
  void disable_backtrace();
  // Writes what the backtrace holds (see enable_backtrace()). Asynchronous: a control record
  // through this thread's ring, so the dump comes after the records this thread logged before;
  // ringlog::flush() after it waits for it. Thread-safe; creates the thread's ring if needed.
  // Cost: that of a log call with no arguments.
  void dump_backtrace() const;
  // Blocks until every record logged on this logger before the call (by any thread) is written
  // and this logger's sinks are flushed; other loggers' sinks keep their batch. Every ring is
  // drained as by ringlog::flush() (records of all loggers share the rings), so the cost is that
  // of a flush() minus the other sinks' flushes. Returns at once when ringlog is not running.
  // Thread-safe; not from inside a sink.
  void flush() const;

  // Thread-safe; switching while other threads log is allowed (each call uses one mode).
  void set_mode(Mode mode) noexcept {
    // Relaxed, like the level: each call reads one of the two and acts on it alone.
    mode_.store(mode, std::memory_order_relaxed);
    async_id_.store(mode == Mode::async ? id_ : id_ | kSyncIdBit, std::memory_order_relaxed);
  }
  Mode mode() const noexcept { return mode_.load(std::memory_order_relaxed); }

  // For the log macros: id() while the logger is asynchronous; while it is synchronous, an ID
  // that no call site caches, so the hot path's one compare of its cached logger ID sends the
  // call to the slow path, which delivers synchronously. Cost: one relaxed load.
  std::uint32_t async_id() const noexcept { return async_id_.load(std::memory_order_relaxed); }

 private:
  // Stores threshold_ from the level and the backtrace state. Caller holds settings_mutex_.
  void update_threshold() noexcept;
  // Sends the backtrace switch to the backend (kControlBacktrace).
  void send_backtrace_switch(std::size_t capacity, Level trigger_level) const;

  std::string name_;
  std::uint32_t id_;
  std::atomic<Level> threshold_;  // what should_log() compares with (see there)
  std::atomic<Level> level_;      // as set; what the backend compares kept records with
  bool backtrace_on_ = false;     // guarded by settings_mutex_
  std::mutex settings_mutex_;     // serialises set_level() and the backtrace switches
  std::atomic<Mode> mode_{Mode::async};
  // Logger IDs are small counters (one per logger created), so this bit is never part of one.
  static constexpr std::uint32_t kSyncIdBit = 0x8000'0000u;
  std::atomic<std::uint32_t> async_id_{id_};
};

// Returns the logger with this name, creating it (at Config::default_level, async) on first use.
// Thread-safe; the reference stays valid for the life of the process. Cost: a hash lookup of the
// name under the registry's lock (O(1) on average, however many loggers exist), but a lock all
// the same: call it once and keep the reference, not on the hot path.
Logger& get_logger(std::string_view name);

// Returns a new logger that writes to `sinks` instead of the global sinks of start() (or as well
// as them, with SinkRouting::own_and_global), e.g.
//   get_logger("audit", {ringlog::file_sink("audit.log")});
// The sinks are chosen at creation: when `name` exists already, returns it if it was created with
// the same sinks (the same SinkPtrs, in the same order) and routing, and otherwise throws
// std::logic_error naming the logger — a logger's records silently going elsewhere than asked
// would be worse than a start-up error (remove_logger() it first to change its sinks). The sinks
// are opened at once when ringlog is running (std::system_error naming the path and reason on
// failure; nothing is created then), else by the next start(); they are closed by stop() and
// opened again by the next start(), like the global ones. A sink may serve several loggers and
// the global list: it is opened, written (once per record) and closed once. A null sink throws
// std::invalid_argument. The backend finds a record's sinks by its logger ID in a vector: no
// cost that grows with the number of loggers. Thread-safe; takes the sinks' lock and the
// registry's lock and may open files: not for the hot path.
Logger& get_logger(std::string_view name, std::vector<SinkPtr> sinks,
                   SinkRouting routing = SinkRouting::own);

// Removes the logger `name` from the registry: get_logger(name) creates a new one afterwards.
// Records logged on it before the call are written (it waits like flush() while ringlog runs;
// records still queued while no backend runs are discarded with it), later calls on a reference
// kept to it are filtered (its level becomes off, its backtrace is disabled), and its own sinks
// that no other logger and not the global list use are flushed and closed. The reference stays
// valid (loggers are never freed). Returns false when no logger has that name. The "root" and
// "ringlog" loggers cannot be removed (std::invalid_argument). Thread-safe; not from a sink.
bool remove_logger(std::string_view name);

// Blocks until every record logged on `logger` before the call is written: logger.flush().
void flush(const Logger& logger);

// Sets logger levels from a spec, the same grammar as the RINGLOG_LEVEL variable that start()
// reads: "info,md=debug,gateway=trace" — a bare level for every logger the spec does not name
// (also those created later; the "ringlog" logger, which reports drops and crashes, only when
// named), NAME=LEVEL for one logger (also if created later). Level names in any case; a later
// entry wins; a spec with a bare level replaces the NAME=LEVEL entries of earlier specs.
// Bad entries are reported through Config::error_handler and skipped, the rest applied; returns
// false when there was one. Thread-safe; takes the registry's lock: not for the hot path.
bool set_levels(std::string_view spec);

// The logger named "root".
Logger& default_logger();

}  // namespace ringlog
