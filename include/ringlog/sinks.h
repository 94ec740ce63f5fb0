// Where records go: the sink interface, the record view sinks receive, and the built-in sinks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "ringlog/config.h"
#include "ringlog/detail/call_site.h"
#include "ringlog/field.h"

namespace ringlog {

using detail::CallSite;

// The producing thread as the backend knows it.
struct ThreadInfo {
  std::uint32_t index;    // ringlog's thread number, unique in the process, from 1
  std::uint64_t os_id;    // the kernel's thread id
  std::string_view name;  // set_thread_name(), the OS thread name, or the thread id
};

// One record on its way to the sinks. Valid only during Sink::write(); copy what you keep.
class LogEvent {
 public:
  // `context`: the producing thread's context fields when the record was logged (see
  // ringlog/context.h), already resolved (one entry per key, outermost scope first).
  LogEvent(const CallSite& site, const ThreadInfo& thread, std::uint64_t ticks,
           std::int64_t unix_ns, std::span<const std::byte> args,
           std::span<const Field> context = {}) noexcept
      : site_(site),
        thread_(thread),
        ticks_(ticks),
        unix_ns_(unix_ns),
        args_(args),
        context_(context) {}

  const CallSite& site() const noexcept { return site_; }
  Level level() const noexcept { return site_.level; }
  const ThreadInfo& thread() const noexcept { return thread_; }
  std::uint64_t ticks() const noexcept { return ticks_; }     // raw timestamp (TSC)
  std::int64_t unix_ns() const noexcept { return unix_ns_; }  // wall clock, ns since 1970 UTC
  // Encoded arguments: the message's, then the kv() field values (CallSite::field_count).
  std::span<const std::byte> args() const noexcept { return args_; }
  // Context fields in force on the producing thread (ringlog::Context), in scope order, one per
  // key (an inner scope's value replaces an outer one's in place). Empty when none. Free.
  std::span<const Field> context() const noexcept { return context_; }
  // This call's kv() fields, in call order. Decoded on first use and shared by every sink that
  // asks; fields whose bytes are malformed are left out.
  std::span<const Field> fields() const;

  // The rendered message (format string applied to the arguments). Formatted on first use and
  // shared by every sink that asks; malformed arguments render as a "<bad record ...>" note.
  std::string_view message() const;

 private:
  const CallSite& site_;
  const ThreadInfo& thread_;
  std::uint64_t ticks_;
  std::int64_t unix_ns_;
  std::span<const std::byte> args_;
  std::span<const Field> context_;
  mutable bool formatted_ = false;
  mutable bool fields_decoded_ = false;
  mutable std::string_view message_;
  mutable std::span<const Field> fields_;
};

// What a sink gets from ringlog when it is opened.
struct SinkContext {
  const Config* config;
  // Reports a run-time error through Config::error_handler.
  void report(std::string_view message) const;
};

// Base of every sink. All calls come from one thread at a time (the backend, or a synchronous
// logger's caller under the sinks' lock), so implementations need no locking of their own.
class Sink {
 public:
  virtual ~Sink() = default;
  // Called by start(). Throws std::system_error naming the path and reason when the sink cannot
  // work (nothing is started then).
  virtual void open(const SinkContext& context) = 0;
  // Takes one record; may buffer it.
  virtual void write(const LogEvent& event) = 0;
  // Hands buffered bytes to the OS. Errors are reported, not thrown.
  virtual void flush() = 0;
  // Called by stop() after the last flush.
  virtual void close() {}

  // Records below `level` are not handed to this sink (default: all). Set it before start().
  void set_level(Level level) noexcept { level_ = level; }
  Level level() const noexcept { return level_; }

 private:
  Level level_ = Level::trace;
};

using SinkPtr = std::shared_ptr<Sink>;

enum class ConsoleStream { out, err };
enum class Colour { automatic, always, never };  // automatic = only when the stream is a TTY

// Text to stdout or stderr.
SinkPtr console_sink(ConsoleStream stream = ConsoleStream::out, Colour colour = Colour::automatic);
// Text appended to `path` (created if missing).
SinkPtr file_sink(std::string path);
// Text to `path`; before a record would take it past `max_bytes`, path -> path.1 -> ... ->
// path.<max_backups> (the oldest is deleted) and a new path is started, also in the middle of a
// batch. A file is larger than `max_bytes` only when one record alone is, and it then holds
// that record only (or when a rotation fails: the file keeps growing rather than lose records).
SinkPtr rotating_file_sink(std::string path, std::size_t max_bytes, std::size_t max_backups);
// JSON Lines appended to `path` (created if missing): one object per record with "time" (RFC 3339,
// UTC, nanoseconds), "level", "logger", "thread", "tid", "source", "function", "message", and
// "context" / "fields" objects when the record has any. Always valid JSON and UTF-8, whatever the
// strings hold. Config::pattern does not apply.
SinkPtr json_file_sink(std::string path);

// Binary log appended to `path` (created if missing): records are stored unformatted, about 10
// to 25 bytes each, with everything needed to decode them; `ringlog-cat path` prints them as
// the file sink would have. The backend formats nothing for it. Self-describing, checksummed
// chunks; format in docs/binary-format.md. Appending to an existing file adds a segment.
SinkPtr binary_file_sink(std::string path);
// Binary log with rotation as rotating_file_sink(): before a record would take `path` past
// `max_bytes` (its header, definitions and end marker included), path -> path.1 -> ... ->
// path.<max_backups> and a new, self-describing file starts. Each file decodes on its own. Throws
// std::invalid_argument when max_bytes == 0.
SinkPtr rotating_binary_file_sink(std::string path, std::size_t max_bytes, std::size_t max_backups);

}  // namespace ringlog
