// A --since/--until time of ringlog-cat.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

namespace ringlog::cat {

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

}  // namespace ringlog::cat
