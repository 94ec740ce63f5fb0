// The backend's side of Logger::enable_backtrace() (the flight recorder): records below the
// level of a logger with a backtrace on are kept, raw, in a bounded ring per logger instead of
// being written, and written, marked, when that logger logs at its trigger level, on
// Logger::dump_backtrace() and on a crash.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "backend/internal_records.h"
#include "backend/sink_dispatch.h"
#include "ringlog/detail/call_site.h"
#include "ringlog/detail/thread_ring.h"
#include "ringlog/logger.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

class Backtraces {
 public:
  // The kept records and each logger's settings outlive the Backend, like the rings
  // (ring_set()): a backtrace enabled before a stop()/start() keeps working after it.
  Backtraces(SinkDispatch& dispatch, InternalRecords& internal)
      : dispatch_(dispatch), internal_(internal), rings_(process_rings()) {}

  // Hands `event` to its logger's sinks, or keeps it when that logger has a backtrace on and the
  // event is below its level; writes the backtrace first when the event reaches the trigger
  // level. Caller holds the sinks' lock. Cost while the logger has no backtrace: a compare of
  // its ID with the table's size (and a load, once any logger with a higher ID had one); a kept
  // record: copying its argument bytes into a reused slot.
  void deliver(const LogEvent& event);
  // True when logger `logger_id` keeps a backtrace: its records must go through deliver().
  // Cost: a compare (and a load once any logger with this ID or above had one).
  bool keeps(std::uint32_t logger_id) noexcept { return ring_of(logger_id) != nullptr; }
  // A kControlBacktrace or kControlDumpBacktrace record (`args` its argument bytes) sent by the
  // thread `thread`: configure() or dump(). Other tags are ignored.
  void handle_control(std::uint32_t tag, const std::byte* args, const ThreadInfo& thread);
  // A kControlBacktrace record: `logger` keeps its last `capacity` records below its level from
  // now on (0: none), written when one reaches `trigger`. Forgets what it kept before.
  void configure(const Logger& logger, std::size_t capacity, Level trigger);
  // Writes and forgets what `logger` keeps, after a line naming it, on `thread`'s behalf.
  // Caller holds the sinks' lock.
  void dump(const Logger& logger, const ThreadInfo& thread);
  // dump() for every logger that keeps anything (a crash). No allocation unless a header line
  // needs a larger argument buffer than before.
  void dump_all(const ThreadInfo& thread);

 private:
  // One kept record: what LogEvent needs, copied (the ring space and the thread's name may be
  // reused before the dump).
  struct Kept {
    const CallSite* site = nullptr;
    std::uint64_t ticks = 0;
    std::int64_t unix_ns = 0;
    std::uint32_t thread_index = 0;
    std::uint64_t os_id = 0;
    std::array<char, kThreadNameMax> name{};
    std::size_t name_size = 0;
    std::vector<std::byte> args;  // keeps its capacity: a slot reused costs no allocation
    // The backtrace mark, then the thread's context fields when the record was logged; their
    // keys and string values point into `context_chars` (a vector: moving the slot keeps them).
    std::vector<Field> context;
    std::vector<char> context_chars;
  };
  // A logger's ring of kept records: `count` of them, the newest just before `next`. No slots:
  // no backtrace.
  struct Ring {
    std::vector<Kept> slots;
    std::size_t next = 0;
    std::size_t count = 0;
    Level trigger = Level::off;
    const Logger* logger = nullptr;
  };

  // The ring of `logger` (by its ID), or null when it has no backtrace on.
  Ring* ring_of(std::uint32_t logger_id) noexcept {
    if (logger_id >= rings_.size() || rings_[logger_id].slots.empty()) [[likely]]
      return nullptr;
    return &rings_[logger_id];
  }
  void keep(Ring& ring, const LogEvent& event);
  static void keep_context(Kept& slot, std::span<const Field> context);
  void write_out(Ring& ring, const ThreadInfo& thread);

  // One table per process. Touched only by the backend thread while one runs (and by the
  // crash drain, which runs in its place), like ring_set().
  static std::vector<Ring>& process_rings();

  SinkDispatch& dispatch_;
  InternalRecords& internal_;
  std::vector<Ring>& rings_;  // by logger ID
};

}  // namespace ringlog::detail
