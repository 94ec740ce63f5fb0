// Start-up configuration: a plain struct, validated once by ringlog::start().
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "ringlog/level.h"

namespace ringlog {

// What a log call does when its thread's ring has no room for the record.
enum class FullPolicy {
  block,  // spin, then yield, until the backend frees space (never drops while a backend runs)
  drop,   // discard the record and count it; the backend reports the count as a log line
};

// Receives every error ringlog reports at run time (sink write failures, recoveries, ...).
// Called on the backend thread (or the logging thread for synchronous loggers); must not log
// through ringlog. The default handler writes one line to stderr.
using ErrorHandler = std::function<void(std::string_view message)>;

struct Config {
  // Bytes of each producer thread's ring. Power of two, at least 4 KiB. A record (16-byte header
  // plus arguments) may use at most half of it; longer string arguments are truncated.
  std::size_t queue_bytes = std::size_t{1} << 20;
  // What a log call does when its ring is full.
  FullPolicy full_policy = FullPolicy::block;
  // Records the backend hands to the sinks before it makes them write (one write per sink).
  std::size_t batch_size = 1024;
  // Longest time a record waits in a sink buffer before it is written. Must be > 0.
  std::chrono::milliseconds flush_interval{100};
  // How long the backend sleeps when no record is due: the longest a record of a quiet thread
  // waits before the sinks get it. 0 = never sleep (burns a core, lowest delay to disk). It is
  // woken at once, whatever the value, by flush and stop requests, fatal signals, and a producer
  // whose ring is half full (so a burst never waits out the sleep). Each wake-up takes a CPU from
  // a producer when there are no spare cores: fewer, longer sleeps disturb them less (with two
  // producers on two cores, 1 ms instead of 200 us took p99.99 from ~60 us to ~2 us).
  std::chrono::microseconds idle_sleep{1000};
  // Records younger than this are held back so records from different threads come out in
  // timestamp order even when a thread was preempted between stamping and committing a record.
  std::chrono::microseconds reorder_window{200};
  // Pins the backend thread to this CPU; -1 = no pinning.
  int backend_cpu = -1;
  // Text layout of every text sink. Fields: {time} {date} {clock} {level} {thread} {tid} {logger}
  // {file} {line} {source} (= file:line) {function} {message} {fields}; "{{" and "}}" are literal
  // braces. {fields} is " key=value" for each context field (ringlog::Context), then each kv()
  // field of the call, values quoted when needed; nothing when there are none.
  std::string pattern = "{time} {level} [{thread}] {logger} {source} {message}";
  // When the pattern has no {fields}: true = put the fields at the end of the line (lines without
  // fields are unchanged), false = leave them out of text output.
  bool append_fields = true;
  // Timestamps in UTC (default, suffix-free) or in the local time zone.
  bool utc_time = true;
  // Level of loggers created without an explicit level. The RINGLOG_LEVEL variable, read by
  // start() (grammar at set_levels() in logger.h), overrides it.
  Level default_level = Level::info;
  // How long the exit hook (return from main or exit() without stop()) and the crash handler
  // wait for the backend to write what was logged. A sink stuck longer than this (a pipe nobody
  // reads) costs the records still queued rather than a process that never ends. Must be > 0.
  std::chrono::milliseconds shutdown_timeout{5000};
  // Rings that outlive the process (docs/reliability.md): when set, start() creates
  // <ring_dir>/<program>.<pid>/ (0700) and every thread ring created from then on lives in a
  // file there (0600), mapped shared, with what a reader needs to decode it; the backend frees
  // ring space only after the sinks wrote it. After a kill -9, `ringlog-cat --recover` writes
  // the records the rings still hold. Use a memory file system (/dev/shm/ringlog). A clean
  // stop() removes the directory. Empty (default) = private memory. The hot path is unchanged;
  // the backend flushes its sinks once per pass instead of per batch.
  std::string ring_dir;
  // With ring_dir: start() first writes to its sinks what dead processes (pid gone, or reused by
  // another program) left in ring_dir, each behind a line "recovered N records from pid P
  // (killed)" (logger "ringlog", warn), then removes their directories. Live processes'
  // directories are never touched. Costs start() the time to read them (hundreds of MB/s).
  bool recover_at_start = false;
  // Receives run-time errors; empty = write them to stderr.
  ErrorHandler error_handler;
};

// Throws std::invalid_argument naming the offending field when `config` is unusable.
void validate(const Config& config);

}  // namespace ringlog
