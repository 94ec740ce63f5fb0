// The layout of one record in a thread's ring.
#pragma once

#include <cstdint>

namespace ringlog::detail {

// Every record starts with this header, 8-byte aligned; its argument bytes follow. `size` covers
// header and arguments, before alignment padding. The first word doubles as the ring's padding
// tag (kPaddingTag), so record sizes never reach it.
struct RecordHeader {
  std::uint32_t size;
  std::uint32_t site_id;  // a CallSite ID, or a control tag below
  std::uint64_t ticks;    // read_ticks() at the call
};
static_assert(sizeof(RecordHeader) == 16);

// Site IDs from here up are control records, not log statements (handled by the backend).
inline constexpr std::uint32_t kFirstControlId = 0xFFFF'0000u;
// The thread renamed itself; arguments: one string (the new name).
inline constexpr std::uint32_t kControlThreadName = kFirstControlId + 1;
// The thread's whole context (ringlog::Context) from now on; arguments: one string holding the
// encoded entries (layout in src/context/context_codec.h). Sent on every scope change, so one
// lost record (drop policy) only affects the records up to the next change.
inline constexpr std::uint32_t kControlContext = kFirstControlId + 2;
// Logger::dump_backtrace(); arguments: the Logger's address (loggers are never freed).
inline constexpr std::uint32_t kControlDumpBacktrace = kFirstControlId + 3;
// Logger::enable_backtrace() / disable_backtrace(); arguments: the Logger's address, the
// capacity (std::uint64_t, 0 = off) and the trigger level (std::uint8_t).
inline constexpr std::uint32_t kControlBacktrace = kFirstControlId + 4;

}  // namespace ringlog::detail
