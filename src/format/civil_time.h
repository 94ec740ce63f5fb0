// Unix time to calendar time, the one way: whole seconds by floor division (a time before 1970
// belongs to the second that starts earlier) and the broken-down date in UTC or the local zone.
// Shared by the text layouts' second cache, the rotation schedule and ringlog-cat's summary.
#pragma once

#include <cstdint>
#include <ctime>

namespace ringlog::detail {

inline constexpr std::int64_t kNsPerSecond = 1'000'000'000;

// The second holding `unix_ns` (rounded toward minus infinity).
constexpr std::int64_t floor_seconds(std::int64_t unix_ns) noexcept {
  return unix_ns / kNsPerSecond - (unix_ns % kNsPerSecond < 0 ? 1 : 0);
}

// `second` (since 1970) broken down in UTC or in the process's time zone (TZ, DST included)
// into `parts`. Returns false, `parts` zeroed, when the C library cannot represent that year.
// Thread-safe (gmtime_r / localtime_r); costs a time-zone lookup when local.
bool civil_time(std::int64_t second, bool utc, std::tm& parts) noexcept;

}  // namespace ringlog::detail
