// The --level, --since/--until, --thread, --logger and --grep filters of ringlog-cat.
#pragma once

#include <regex.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cat/time_point.h"
#include "ringlog/level.h"
#include "ringlog/sinks.h"

namespace ringlog::cat {

// Which records to print; empty means all.
struct Selection {
  std::optional<Level> min_level;
  std::optional<TimePoint> since, until;
  std::vector<std::string> threads, loggers;  // a thread by name or OS id
  std::optional<std::string> grep;            // POSIX extended regex on the message
};

class RecordFilter {
 public:
  // Throws UsageError for a --grep that is not a valid regular expression.
  explicit RecordFilter(const Selection& selection);
  ~RecordFilter();
  RecordFilter(const RecordFilter&) = delete;
  RecordFilter& operator=(const RecordFilter&) = delete;

  // `utc`: how the record's log prints times (for zone-less --since/--until).
  bool matches(const LogEvent& event, bool utc);

 private:
  const Selection& options_;
  std::optional<regex_t> grep_;
  // --since/--until resolved per time zone reading: [utc] = resolved with utc == true.
  std::optional<std::int64_t> since_[2], until_[2];
  std::string message_;  // NUL-terminated copy for regexec
};

}  // namespace ringlog::cat
