// ringlog-cat's command line: what to read, how to print it, which records to keep.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ringlog/level.h"

namespace ringlog::cat {

// Exit statuses, documented in --help. When several apply, the first in this order wins:
// usage, unreadable, corrupt, truncated.
enum ExitCode : int {
  kExitOk = 0,
  kExitUnreadable = 1,  // an input could not be opened/read, or is not a ringlog binary log
  kExitUsage = 2,
  kExitTruncated = 3,  // an input ends inside a chunk or without its writer's end marker
  kExitCorrupt = 4,    // damaged data was skipped (the rest was decoded)
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A --since/--until value. Times without a zone are read in the zone the log prints its times
// in (its header's utc flag), so a time copied from the output selects that record.
class TimePoint {
 public:
  // "2024-05-01", "2024-05-01 12:00", "2024-05-01T12:00:00.5", with an optional "Z" or
  // "+02:00"; or "@1714564800.25" (seconds since 1970, UTC). Throws UsageError.
  static TimePoint parse(const std::string& text);
  // Nanoseconds since 1970 UTC; `utc` says how to read a zone-less time.
  std::int64_t resolve(bool utc) const;

 private:
  std::tm parts_{};
  std::int64_t nanos_ = 0;
  std::optional<std::int64_t> offset_seconds_;  // zone given: UTC + offset
  std::optional<std::int64_t> absolute_ns_;     // "@seconds"
};

struct Options {
  std::vector<std::string> inputs;  // "-" is standard input
  bool json = false;
  bool stats = false;
  bool follow = false;
  bool quiet = false;  // no problem reports on stderr (the exit status still tells)
  std::optional<std::string> pattern;
  std::optional<Level> min_level;
  std::optional<TimePoint> since, until;
  std::vector<std::string> threads, loggers;
  std::optional<std::string> grep;
  bool help = false, version = false;
};

// Throws UsageError with a message fit for stderr.
Options parse_options(int argc, char** argv);

const char* help_text();

}  // namespace ringlog::cat
