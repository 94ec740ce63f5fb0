#include "format/second_text.h"

#include "format/civil_time.h"

namespace ringlog::detail {

void SecondText::render_second(std::int64_t unix_ns, std::int64_t& nanos) noexcept {
  const std::int64_t second = floor_seconds(unix_ns);
  nanos = unix_ns % kNsPerSecond;
  if (nanos < 0) nanos += kNsPerSecond;  // before 1970: the second starts earlier
  std::tm parts;
  civil_time(second, utc_, parts);  // a year the C library cannot show: zeros, as before
  fmt::format_to_n(text_, sizeof text_, "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}",
                   parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, separator_, parts.tm_hour,
                   parts.tm_min, parts.tm_sec);
  // The seconds cut by the ends of the int64 range are not cached: their times take this path
  // every time, and stay right.
  if (second <= INT64_MIN / kNsPerSecond || second >= INT64_MAX / kNsPerSecond) {
    start_ns_ = INT64_MAX;
    end_ns_ = INT64_MIN;
    return;
  }
  start_ns_ = second * kNsPerSecond;
  end_ns_ = start_ns_ + kNsPerSecond;
}

}  // namespace ringlog::detail
