// Where records go: the sink interface, the record view sinks receive, and the built-in sinks.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ringlog/clock_anchor.h"
#include "ringlog/config.h"
#include "ringlog/detail/call_site.h"
#include "ringlog/field.h"

namespace ringlog {

using detail::CallSite;

namespace detail {
class LogEventAccess;  // the text layout's look at whether message() already ran
}  // namespace detail

// The producing thread as the backend knows it.
struct ThreadInfo {
  std::uint32_t index;    // ringlog's thread number, unique in the process, from 1
  std::uint64_t os_id;    // the kernel's thread id
  std::string_view name;  // set_thread_name(), the OS thread name, or the thread id
};

// One record on its way to the sinks. Valid only during Sink::write(); copy what you keep.
// Everything a sink needs is here without detail:: types: level, time, thread, logger, source,
// the formatted message and the fields (examples/custom_sink/ writes a sink with nothing else).
// Not thread-safe (message() and fields() cache): sinks see it from one thread at a time.
class LogEvent {
 public:
  // `context`: the producing thread's context fields when the record was logged (see
  // ringlog/context.h), already resolved (one entry per key, outermost scope first). `clock`:
  // the anchor `unix_ns` was computed from `ticks` with, or null when the record carries its
  // own wall time (a synchronous logger's record, a decoded one).
  LogEvent(const CallSite& site, const ThreadInfo& thread, std::uint64_t ticks,
           std::int64_t unix_ns, std::span<const std::byte> args,
           std::span<const Field> context = {}, const ClockAnchor* clock = nullptr) noexcept
      : site_(site),
        thread_(thread),
        ticks_(ticks),
        unix_ns_(unix_ns),
        args_(args),
        context_(context),
        clock_(clock) {}

  // The record, as a custom sink reads it. All free (no formatting) but message() and fields().
  Level level() const noexcept { return site_.level; }
  std::int64_t unix_ns() const noexcept { return unix_ns_; }  // wall clock, ns since 1970 UTC
  const ThreadInfo& thread() const noexcept { return thread_; }
  std::string_view logger_name() const noexcept { return site_.logger_name; }
  std::string_view file() const noexcept { return site_.file; }  // as __FILE__ gave it
  std::uint32_t line() const noexcept { return site_.line; }
  std::string_view function() const noexcept { return site_.function; }
  std::string_view format_string() const noexcept { return site_.format; }
  // The rendered message (format string applied to the arguments). Formatted on first use and
  // shared by every sink that asks; malformed arguments render as a "<bad record ...>" note.
  std::string_view message() const;
  // This call's kv() fields, in call order. Decoded on first use and shared by every sink that
  // asks; fields whose bytes are malformed are left out.
  std::span<const Field> fields() const;
  // Context fields in force on the producing thread (ringlog::Context), in scope order, one per
  // key (an inner scope's value replaces an outer one's in place). Empty when none. Free.
  std::span<const Field> context() const noexcept { return context_; }

  // Raw material, for sinks that store records unformatted (the binary log).
  std::uint64_t ticks() const noexcept { return ticks_; }  // raw timestamp (TSC)
  // The anchor unix_ns() was computed with from ticks(); null when the record carries its own
  // wall time (synchronous loggers). Valid during write() only.
  const ClockAnchor* clock() const noexcept { return clock_; }
  // Internal call-site record (detail::CallSite); prefer the accessors above.
  const CallSite& site() const noexcept { return site_; }
  // Encoded arguments: the message's, then the kv() field values (CallSite::field_count).
  std::span<const std::byte> args() const noexcept { return args_; }

 private:
  friend class detail::LogEventAccess;

  const CallSite& site_;
  const ThreadInfo& thread_;
  std::uint64_t ticks_;
  std::int64_t unix_ns_;
  std::span<const std::byte> args_;
  std::span<const Field> context_;
  const ClockAnchor* clock_;
  mutable bool formatted_ = false;
  mutable bool fields_decoded_ = false;
  mutable std::string_view message_;
  mutable std::span<const Field> fields_;
};

// What a sink gets from ringlog when it is opened: the configuration, the clock, and where its
// errors and losses go. The reporting functions may be called from Sink::open/write/flush/close.
struct SinkContext {
  const Config* config = nullptr;
  // The clock calibration start() made just before opening the sinks (a binary log's header).
  ClockAnchor clock{};

  // Reports a run-time error through Config::error_handler and counts it in
  // stats().sink_errors. Report a run of failures once, then count_error() the rest.
  void report(std::string_view message) const;
  // Counts an error in stats().sink_errors without reporting it. Free (one relaxed add).
  void count_error() const noexcept;
  // Passes news that is no error (writing works again) to Config::error_handler; not counted.
  void notify(std::string_view message) const;
  // Counts records this sink was handed but could not store (stats().sink_lost_records).
  void lost_records(std::uint64_t count) const noexcept;
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

// Options of json_lines_layout().
struct JsonOptions {
  // Field names of the OpenTelemetry log data model instead of ringlog's own, for log collectors
  // (docs/collectors.md): {"timestamp":"<ns since 1970, as a string>","severity_text":"INFO",
  // "severity_number":9,"body":"<message>","attributes":{"thread.name":..,"thread.id":..,
  // "code.filepath":..,"code.lineno":..,"code.function":..,"logger.name":..,<context and kv()
  // fields>},"resource":{"service.name":..,"host.name":..}}. Severity numbers: trace 1, debug 5,
  // info 9, warn 13, error 17, critical 21 (text FATAL).
  bool otel = false;
  std::string service_name{};  // otel: "service.name"; empty: the program's name
  std::string host_name{};     // otel: "host.name"; empty: gethostname()
};

// How a sink turns records into bytes. Any layout goes with any target (console, file, rotating
// file), except binary with the console. Make one with pattern_layout(), json_lines_layout() or
// binary_layout(); a plain value, copied into the sink.
// Digits of the second in a text or JSON timestamp: none, 3, 6 or 9 (truncated, not rounded).
enum class TimePrecision : std::uint8_t { seconds, millis, micros, nanos };

struct Layout {
  enum class Kind : std::uint8_t { pattern, json_lines, binary };
  Kind kind = Kind::pattern;
  // Pattern only. Unset: Config's value at start(). `pattern` uses Config::pattern's syntax and
  // is checked at start() (std::invalid_argument naming the bad field).
  std::optional<std::string> pattern;
  std::optional<bool> utc_time;
  std::optional<bool> append_fields;
  // Pattern ({time}, {clock}) and JSON Lines ("time"). Unset: nanoseconds.
  std::optional<TimePrecision> time_precision;
  // JSON Lines only.
  JsonOptions json;
};

// One text line per record laid out by `pattern` (Config::pattern's syntax), with times in UTC
// or local time. Unset arguments take Config's values at start(), as the text sinks always did.
// The text that depends only on the call site and thread is rendered once and reused; the
// second once per second. Colour applies to the console only.
// `precision`: the second's fraction in {time} and {clock} ("12:00:00", ".123", ".123456",
// ".123456789"); unset keeps nanoseconds. Costs nothing per record over the default.
Layout pattern_layout(std::optional<std::string> pattern = std::nullopt,
                      std::optional<bool> utc_time = std::nullopt,
                      std::optional<TimePrecision> precision = std::nullopt);
// JSON Lines: one object per record with "time" (RFC 3339, UTC, nanoseconds), "level", "logger",
// "thread", "tid", "source", "function", "message", and "context" / "fields" objects when the
// record has any. Always valid JSON and UTF-8, whatever the strings hold. Layout::time_precision
// shortens "time" likewise.
Layout json_lines_layout();
// JSON Lines with `options`: with options.otel, the OpenTelemetry names (same cost; the resource
// text is rendered once). `ringlog-cat --json=otel` prints the same lines from a binary log.
Layout json_lines_layout(JsonOptions options);
// Records stored unformatted (about 10 to 25 bytes each) with everything needed to decode them:
// `ringlog-cat` prints them as a text sink with Config::pattern would have. The backend formats
// nothing for it. Self-describing, checksummed chunks (docs/binary-format.md); each file, and
// each segment appended to one, decodes on its own. Files only.
Layout binary_layout();

// Text to stdout or stderr, with Config::pattern.
SinkPtr console_sink(ConsoleStream stream = ConsoleStream::out, Colour colour = Colour::automatic);
// Records to stdout or stderr in `layout`; colour (ANSI, around the level) with the pattern
// layout only. Throws std::invalid_argument for the binary layout: a console is for reading.
SinkPtr console_sink(Layout layout, ConsoleStream stream = ConsoleStream::out,
                     Colour colour = Colour::automatic);

// Text appended to `path` (created if missing), with Config::pattern. Same as
// file_sink(path, pattern_layout()).
SinkPtr file_sink(std::string path);
// Records appended to `path` (created if missing) in `layout`. start() throws std::system_error
// naming the path when it cannot be opened. While running: when the path no longer names the
// open file (deleted, or moved away by logrotate without copytruncate) the sink reports it and
// starts a new file at the path (a binary layout first finishes its segment in the old file);
// a failed write or open is reported once with a count, retried on every flush, and its
// recovery reported. One write(2) per flush; one stat(2) per flush to notice a moved file.
SinkPtr file_sink(std::string path, Layout layout);

// Text to `path` with Config::pattern; before a record would take it past `max_bytes`, path ->
// path.1 -> ... -> path.<max_backups> (the oldest is deleted) and a new path is started, also
// in the middle of a batch. A file is larger than `max_bytes` only when one record alone is, and
// it then holds that record only (or when a rotation fails: the file keeps growing rather than
// lose records). With max_backups == 0 the file is truncated instead. Throws
// std::invalid_argument when max_bytes == 0.
SinkPtr rotating_file_sink(std::string path, std::size_t max_bytes, std::size_t max_backups);
// The same rotation with records in `layout`, and file_sink()'s handling of moved files and
// failed writes. A rename that fails (other than a missing backup) is reported once until a
// rotation works; the current file then keeps growing. A binary layout's files each decode
// alone (its header, definitions and end marker count towards `max_bytes`). One rename(2) per
// backup per rotation.
SinkPtr rotating_file_sink(std::string path, std::size_t max_bytes, std::size_t max_backups,
                           Layout layout);

// How often time_rotating_file_sink() starts a new file. `minute` is meant for trying it out.
enum class RotateEvery : std::uint8_t { minute, hour, day };

// Rotation by time for time_rotating_file_sink(). A file per period, named after it: path
// "logs/app.log" writes "logs/app.2026-12-03.log" (day), "logs/app.2026-12-03T15.log" (hour),
// "logs/app.2026-12-03T15-04.log" (minute); without an extension the stamp ends the name.
struct TimeRotation {
  RotateEvery every = RotateEvery::day;
  // Periods kept on disk, the current one included; older dated files of this path (also from
  // earlier runs) are deleted when a period starts and at start(). 0 keeps every file.
  std::size_t retention = 0;
  // Periods and stamps in UTC, or in the local time zone (TZ, DST included). Unset: Config's
  // utc_time at start(), so names match the times in a pattern layout's lines.
  std::optional<bool> utc;
  // Also a size cap inside a period, as rotating_file_sink() does: path.<stamp>.log ->
  // path.<stamp>.log.1 -> ... .<max_backups>. 0: no cap. Retention removes a period's backups
  // with it.
  std::size_t max_bytes = 0;
  std::size_t max_backups = 0;
};

// Records in `layout` to a dated file per day, hour or minute (see TimeRotation), with
// file_sink()'s handling of moved files and failed writes. The period is the record's timestamp
// (LogEvent::unix_ns), not the time it is written: a record that starts a new period finishes
// the current file (a binary layout's segment included, so every file decodes alone) and goes
// to the new one. Records whose time lies before the current period (a clock stepped back) stay
// in the current file. start() opens the file of the current period, appending when it exists
// (a restart within the period continues it). Failed deletions are reported with path and
// reason, once until one works. Cost per record: one comparison; per period: an open(2), a
// directory listing and an unlink(2) per removed file.
SinkPtr time_rotating_file_sink(std::string path, TimeRotation rotation,
                                Layout layout = pattern_layout());
// Same as time_rotating_file_sink(path, TimeRotation{every, retention}, layout).
SinkPtr time_rotating_file_sink(std::string path, RotateEvery every, std::size_t retention,
                                Layout layout = pattern_layout());

// RFC 5424 syslog over the network or a local socket.
enum class SyslogTransport : std::uint8_t {
  udp,            // one datagram per message (host:port)
  tcp,            // a stream with RFC 6587 octet-counted framing: "LEN SP MESSAGE" (host:port)
  unix_datagram,  // one datagram per message to a Unix socket (path), like /dev/log
  unix_stream,    // a Unix stream socket (path), octet-counted like tcp
};
// RFC 5424 facilities (the PRI's upper bits).
enum class SyslogFacility : std::uint8_t {
  kern = 0,
  user = 1,
  mail = 2,
  daemon = 3,
  auth = 4,
  syslog = 5,
  lpr = 6,
  news = 7,
  uucp = 8,
  cron = 9,
  authpriv = 10,
  ftp = 11,
  local0 = 16,
  local1 = 17,
  local2 = 18,
  local3 = 19,
  local4 = 20,
  local5 = 21,
  local6 = 22,
  local7 = 23,
};

struct SyslogOptions {
  SyslogTransport transport = SyslogTransport::udp;
  std::string host = "127.0.0.1";  // udp, tcp: a name or numeric IPv4/IPv6, resolved at start()
  std::uint16_t port = 514;        // udp, tcp
  std::string path = "/dev/log";   // unix_datagram, unix_stream
  SyslogFacility facility = SyslogFacility::user;
  std::string app_name{};  // APP-NAME; empty: the program's name
  std::string hostname{};  // HOSTNAME; empty: gethostname()
  std::string procid{};    // PROCID; empty: the process id
  std::string msgid{};     // MSGID; empty: "-" (none)
  // SD-ID of the element carrying logger, thread, source, context and kv() fields. 32473 is the
  // enterprise number RFC 5612 reserves for documentation: use your own for production.
  std::string sd_id = "ringlog@32473";
  // Messages waiting for the socket, at most (bytes, framing included). A message that does not
  // fit is dropped and counted in stats().sink_lost_records.
  std::size_t buffer_bytes = std::size_t{1} << 20;
  // A longer message is cut (its MSG first, then its structured data). rsyslog's default
  // $MaxMessageSize is 8 KiB; UDP takes at most 65507.
  std::size_t max_message_bytes = 8192;
  // tcp, unix_stream: reconnection attempts start 10 ms apart and double up to this.
  std::chrono::milliseconds reconnect_max{1000};
  // stop(): how long the sink may wait for a slow or absent collector to take what is buffered
  // before counting it as lost.
  std::chrono::milliseconds close_timeout{1000};
};

// Sends each record as an RFC 5424 message:
//   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID logger=".." thread=".." source=".."
//   key="value" ...] MESSAGE
// PRI = facility * 8 + severity (trace and debug 7, info 6, warn 4, error 3, critical 2); the
// timestamp is the record's own, UTC with microseconds. The context fields, then the kv()
// fields, are SD-PARAMs: a key's bytes that an SD-NAME cannot hold (outside '!'..'~', or '=',
// ']', '"') become '_' and it is cut to 32 bytes. Hostile strings cannot break the framing:
// control bytes in MSG and PARAM-VALUEs are written as text sinks write them (\n, \t, \xNN),
// then '"', '\' and ']' in PARAM-VALUEs are escaped with '\' (RFC 5424 6.3.3); header fields
// keep only '!'..'~' ('_' for the rest). No BOM.
// Runs on the backend like every sink, so it never touches the hot path. Messages go to a
// bounded buffer (buffer_bytes) and from it to a non-blocking socket on every flush (each
// batch, flush_interval, ringlog::flush()): a slow or absent collector costs the backend no
// wait, only memory up to buffer_bytes. tcp/unix_stream reconnect with backoff after the
// collector closes or restarts; a message the peer may have seen only in part is counted as
// lost, never resent. udp counts each ICMP "port unreachable" the kernel reports as an error
// and a lost record (UDP cannot tell more). Failures are reported once per run through
// Config::error_handler, counted in stats().sink_errors, and records dropped in
// stats().sink_lost_records; the recovery is reported. start() throws std::system_error when
// the host cannot be resolved; a collector that is not there yet is retried, not an error.
SinkPtr syslog_sink(SyslogOptions options = {});

// JSON Lines appended to `path`: file_sink(path, json_lines_layout()). Config::pattern does not
// apply.
SinkPtr json_file_sink(std::string path);

// Binary log appended to `path`: file_sink(path, binary_layout()). Appending to an existing file
// adds a segment; `ringlog-cat path` prints it.
SinkPtr binary_file_sink(std::string path);
// Binary log with rotation: rotating_file_sink(path, max_bytes, max_backups, binary_layout()).
// Throws std::invalid_argument when max_bytes == 0.
SinkPtr rotating_binary_file_sink(std::string path, std::size_t max_bytes, std::size_t max_backups);

}  // namespace ringlog
