// ringlog: asynchronous, allocation-free logging for latency-critical C++20 programs.
//
//   ringlog::start(cfg, {ringlog::file_sink("app.log")});
//   ringlog::Logger& log = ringlog::get_logger("gateway");
//   RLOG_INFO(log, "order {} filled {} @ {:.2f}", id, qty, px);
//   ringlog::stop();
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "ringlog/config.h"
#include "ringlog/context.h"
#include "ringlog/crash.h"
#include "ringlog/detail/log_call.h"
#include "ringlog/detail/rate_limit.h"
#include "ringlog/level.h"
#include "ringlog/logger.h"
#include "ringlog/sinks.h"

namespace ringlog {

// Validates `config`, opens every sink and starts the backend thread. Throws
// std::invalid_argument (bad config), std::system_error (a sink cannot open: the message names
// the path and reason) or std::logic_error (already running); on any throw nothing is started.
// Records logged before start() wait in their rings and are written now.
void start(const Config& config, std::vector<SinkPtr> sinks);

// Blocks until every record logged (by any thread) before the call has been handed to the OS by
// every sink. Returns at once when no backend runs. Safe to call from any thread but a sink.
void flush();

// Drains every ring, flushes and closes the sinks, joins the backend. A second call, or a call
// before start(), does nothing. Records logged after stop() wait in their rings (dropped and
// counted once a ring is full) until the next start().
void stop();

// stop() that gives up waiting after `timeout` (a sink blocked on a pipe nobody reads, a hung
// network mount). Returns true when stopped as stop() would. Returns false when the backend is
// still busy: it goes on, detached, and writes what is queued once the sink unblocks; threads
// waiting for ring space (block policy) drop their records (counted) instead of waiting; the
// sinks are closed by a later stop() (which waits for it) or start() (throws std::logic_error
// while it is still blocked). Thread-safe like stop(); never blocks much longer than `timeout`,
// also when another thread's flush() is waiting for the blocked sink.
bool stop(std::chrono::milliseconds timeout);

// Creates the calling thread's ring now (a heap allocation and, for the first thread, a
// registration), so the thread's first log call does not. Idempotent.
void preallocate();

// Names the calling thread in every record it logs from now on (truncated to 31 bytes).
void set_thread_name(std::string_view name);

// True between a successful start() and stop().
bool is_running() noexcept;

// Process-wide counters since the process started. Relaxed reads, no lock: a few loads.
struct Stats {
  std::uint64_t dropped;      // records discarded because a ring was full or no backend ran
  std::uint64_t written;      // records handed to the sinks by the backend and sync loggers
                              // (also those a sink then failed to store: sink_lost_records)
  std::uint64_t sink_errors;  // failed sink writes/opens/flushes
  // Records a built-in text or JSON sink was handed but could not store (a failed or short
  // write, a file that could not be opened), once per sink that lost them. A record cut
  // part-way counts as lost. Not counted: binary sinks and user sinks.
  std::uint64_t sink_lost_records;
};
Stats stats() noexcept;

}  // namespace ringlog

// RLOG_<LEVEL>(logger, "format {}", args...): the format string is checked at compile time.
// Below RINGLOG_ACTIVE_LEVEL a call compiles to nothing; below the logger's level it costs one
// load and a branch, and its arguments are not evaluated. An enabled call reads the TSC before
// its arguments are computed (detail/timestamp.h, read_call_ticks()).
#define RINGLOG_LOG_(lvl, logger, format, ...)                                          \
  do {                                                                                  \
    if constexpr (::ringlog::compiled_in(lvl)) {                                        \
      const ::ringlog::Logger& ringlog_logger_ = (logger);                              \
      if (ringlog_logger_.should_log(lvl)) {                                            \
        static constexpr ::ringlog::detail::SourceSite ringlog_source_{                 \
            __FILE__, __builtin_FUNCTION(), __LINE__, lvl};                             \
        static constinit ::ringlog::detail::SiteSlot ringlog_slot_;                     \
        const std::uint64_t ringlog_ticks_ = ::ringlog::detail::read_call_ticks();      \
        ::ringlog::detail::log_call(ringlog_logger_, ringlog_slot_, ringlog_source_,    \
                                    ringlog_ticks_, format __VA_OPT__(, ) __VA_ARGS__); \
      }                                                                                 \
    }                                                                                   \
  } while (false)

#define RLOG_TRACE(logger, ...) RINGLOG_LOG_(::ringlog::Level::trace, logger, __VA_ARGS__)
#define RLOG_DEBUG(logger, ...) RINGLOG_LOG_(::ringlog::Level::debug, logger, __VA_ARGS__)
#define RLOG_INFO(logger, ...) RINGLOG_LOG_(::ringlog::Level::info, logger, __VA_ARGS__)
#define RLOG_WARN(logger, ...) RINGLOG_LOG_(::ringlog::Level::warn, logger, __VA_ARGS__)
#define RLOG_ERROR(logger, ...) RINGLOG_LOG_(::ringlog::Level::error, logger, __VA_ARGS__)
#define RLOG_CRITICAL(logger, ...) RINGLOG_LOG_(::ringlog::Level::critical, logger, __VA_ARGS__)

// Rate-limited and once-only calls, per call site and across all threads:
//   RLOG_<LEVEL>_EVERY(logger, interval, "format {}", args...)  at most one record per interval
//                                                               (a std::chrono duration)
//   RLOG_<LEVEL>_EVERY_N(logger, n, "format {}", args...)       the 1st, (n+1)th, ... call
//   RLOG_<LEVEL>_ONCE(logger, "format {}", args...)             the first call only
// A record that passes after suppressed calls carries their count as the field
// kv("suppressed", count) (text: "suppressed=4211" after the message). A call below the
// logger's level costs what a plain one does and does not count; a suppressed call costs a few
// loads and one relaxed atomic add (EVERY also reads the TSC) and evaluates no argument.
#define RINGLOG_EMIT_LIMITED_(lvl, logger_ref, suppressed, format, ...)                       \
  do {                                                                                        \
    const std::uint64_t ringlog_ticks_ = ::ringlog::detail::read_call_ticks();                \
    if ((suppressed) == 0) [[likely]] {                                                       \
      static constexpr ::ringlog::detail::SourceSite ringlog_source_{                         \
          __FILE__, __builtin_FUNCTION(), __LINE__, lvl};                                     \
      static constinit ::ringlog::detail::SiteSlot ringlog_slot_;                             \
      ::ringlog::detail::log_call(logger_ref, ringlog_slot_, ringlog_source_, ringlog_ticks_, \
                                  format __VA_OPT__(, ) __VA_ARGS__);                         \
    } else {                                                                                  \
      static constexpr ::ringlog::detail::SourceSite ringlog_source_{                         \
          __FILE__, __builtin_FUNCTION(), __LINE__, lvl};                                     \
      static constinit ::ringlog::detail::SiteSlot ringlog_slot_;                             \
      ::ringlog::detail::log_call(logger_ref, ringlog_slot_, ringlog_source_, ringlog_ticks_, \
                                  format __VA_OPT__(, ) __VA_ARGS__,                          \
                                  ::ringlog::kv("suppressed", (suppressed)));                 \
    }                                                                                         \
  } while (false)

#define RINGLOG_LOG_LIMITED_(lvl, logger, limiter_type, admit_call, format, ...) \
  do {                                                                           \
    if constexpr (::ringlog::compiled_in(lvl)) {                                 \
      const ::ringlog::Logger& ringlog_logger_ = (logger);                       \
      if (ringlog_logger_.should_log(lvl)) {                                     \
        static constinit ::ringlog::detail::limiter_type ringlog_limiter_;       \
        std::uint64_t ringlog_suppressed_ = 0;                                   \
        if (ringlog_limiter_.admit_call) {                                       \
          RINGLOG_EMIT_LIMITED_(lvl, ringlog_logger_, ringlog_suppressed_,       \
                                format __VA_OPT__(, ) __VA_ARGS__);              \
        }                                                                        \
      }                                                                          \
    }                                                                            \
  } while (false)

#define RINGLOG_LOG_EVERY_(lvl, logger, interval, ...)                                 \
  RINGLOG_LOG_LIMITED_(lvl, logger, EveryInterval,                                     \
                       admit(std::chrono::nanoseconds(interval), ringlog_suppressed_), \
                       __VA_ARGS__)
#define RINGLOG_LOG_EVERY_N_(lvl, logger, n, ...) \
  RINGLOG_LOG_LIMITED_(lvl, logger, EveryN, admit((n), ringlog_suppressed_), __VA_ARGS__)
#define RINGLOG_LOG_ONCE_(lvl, logger, ...) \
  RINGLOG_LOG_LIMITED_(lvl, logger, Once, admit(), __VA_ARGS__)

#define RLOG_TRACE_EVERY(logger, interval, ...) \
  RINGLOG_LOG_EVERY_(::ringlog::Level::trace, logger, interval, __VA_ARGS__)
#define RLOG_DEBUG_EVERY(logger, interval, ...) \
  RINGLOG_LOG_EVERY_(::ringlog::Level::debug, logger, interval, __VA_ARGS__)
#define RLOG_INFO_EVERY(logger, interval, ...) \
  RINGLOG_LOG_EVERY_(::ringlog::Level::info, logger, interval, __VA_ARGS__)
#define RLOG_WARN_EVERY(logger, interval, ...) \
  RINGLOG_LOG_EVERY_(::ringlog::Level::warn, logger, interval, __VA_ARGS__)
#define RLOG_ERROR_EVERY(logger, interval, ...) \
  RINGLOG_LOG_EVERY_(::ringlog::Level::error, logger, interval, __VA_ARGS__)
#define RLOG_CRITICAL_EVERY(logger, interval, ...) \
  RINGLOG_LOG_EVERY_(::ringlog::Level::critical, logger, interval, __VA_ARGS__)

#define RLOG_TRACE_EVERY_N(logger, n, ...) \
  RINGLOG_LOG_EVERY_N_(::ringlog::Level::trace, logger, n, __VA_ARGS__)
#define RLOG_DEBUG_EVERY_N(logger, n, ...) \
  RINGLOG_LOG_EVERY_N_(::ringlog::Level::debug, logger, n, __VA_ARGS__)
#define RLOG_INFO_EVERY_N(logger, n, ...) \
  RINGLOG_LOG_EVERY_N_(::ringlog::Level::info, logger, n, __VA_ARGS__)
#define RLOG_WARN_EVERY_N(logger, n, ...) \
  RINGLOG_LOG_EVERY_N_(::ringlog::Level::warn, logger, n, __VA_ARGS__)
#define RLOG_ERROR_EVERY_N(logger, n, ...) \
  RINGLOG_LOG_EVERY_N_(::ringlog::Level::error, logger, n, __VA_ARGS__)
#define RLOG_CRITICAL_EVERY_N(logger, n, ...) \
  RINGLOG_LOG_EVERY_N_(::ringlog::Level::critical, logger, n, __VA_ARGS__)

#define RLOG_TRACE_ONCE(logger, ...) RINGLOG_LOG_ONCE_(::ringlog::Level::trace, logger, __VA_ARGS__)
#define RLOG_DEBUG_ONCE(logger, ...) RINGLOG_LOG_ONCE_(::ringlog::Level::debug, logger, __VA_ARGS__)
#define RLOG_INFO_ONCE(logger, ...) RINGLOG_LOG_ONCE_(::ringlog::Level::info, logger, __VA_ARGS__)
#define RLOG_WARN_ONCE(logger, ...) RINGLOG_LOG_ONCE_(::ringlog::Level::warn, logger, __VA_ARGS__)
#define RLOG_ERROR_ONCE(logger, ...) RINGLOG_LOG_ONCE_(::ringlog::Level::error, logger, __VA_ARGS__)
#define RLOG_CRITICAL_ONCE(logger, ...) \
  RINGLOG_LOG_ONCE_(::ringlog::Level::critical, logger, __VA_ARGS__)
