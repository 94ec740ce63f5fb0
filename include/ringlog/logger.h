// Named loggers: a level threshold and a delivery mode, looked up once and kept by reference.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "ringlog/level.h"

namespace ringlog {

// How a logger delivers records.
enum class Mode : std::uint8_t {
  async,  // encode into the thread's ring; the backend formats and writes (default)
  sync,   // format and write in the calling thread, under the sinks' lock
};

class Logger {
 public:
  Logger(std::string name, std::uint32_t id, Level level);
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  const std::string& name() const noexcept { return name_; }
  std::uint32_t id() const noexcept { return id_; }

  // Thread-safe; takes effect for calls that start after it. Cost: one relaxed store.
  void set_level(Level level) noexcept { level_.store(level, std::memory_order_relaxed); }
  Level level() const noexcept { return level_.load(std::memory_order_relaxed); }
  // The runtime filter the macros apply first: one relaxed load and a compare.
  bool should_log(Level level) const noexcept {
    // Relaxed: a level change need not be ordered with anything else; callers see it soon.
    return level >= level_.load(std::memory_order_relaxed);
  }

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
  std::string name_;
  std::uint32_t id_;
  std::atomic<Level> level_;
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
