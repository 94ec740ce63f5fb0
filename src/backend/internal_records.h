// Records ringlog logs about itself (dropped records, crash reports). Each is built the way a log
// call builds one, through a registered call site of the "ringlog" logger and the same argument
// encoding, so every sink and the binary log's decoder treat it like any other record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ringlog/detail/call_site.h"
#include "ringlog/sinks.h"
#include "runtime/tsc_clock.h"

namespace ringlog::detail {

class InternalRecords {
 public:
  explicit InternalRecords(const TscClock& clock) : clock_(clock) {}

  // Each returns an event timestamped now, valid until the next call.

  // "dropped <count> records from thread '<name>'", a warning on the dropping thread.
  LogEvent drop_report(const ThreadInfo& thread, std::uint64_t count);
  // "backtrace of <logger>, <count> records", the line before a dumped backtrace (backtrace.h).
  LogEvent backtrace_header(const ThreadInfo& thread, std::string_view logger, std::size_t count);
  // One line of a crash report, under `site` (backend/crash_report.h).
  LogEvent crash_line(const CallSite& site, const ThreadInfo& thread, std::string_view line);

 private:
  template <typename... Args>
  LogEvent make(const CallSite& site, const ThreadInfo& thread, const Args&... args);

  const TscClock& clock_;
  std::vector<std::byte> args_;  // the last event's argument bytes
};

}  // namespace ringlog::detail
