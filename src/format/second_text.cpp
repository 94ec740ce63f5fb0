#include "format/second_text.h"

#include <time.h>

namespace ringlog::detail {

void SecondText::render_second(std::int64_t unix_ns, std::int64_t& nanos) noexcept {
  constexpr std::int64_t kSecond = 1'000'000'000;
  std::int64_t second = unix_ns / kSecond;
  nanos = unix_ns % kSecond;
  if (nanos < 0) {  // before 1970: the second starts earlier
    nanos += kSecond;
    --second;
  }
  const time_t t = static_cast<time_t>(second);
  tm parts{};
  if (utc_) {
    gmtime_r(&t, &parts);
  } else {
    localtime_r(&t, &parts);
  }
  fmt::format_to_n(text_, sizeof text_, "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}",
                   parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, separator_, parts.tm_hour,
                   parts.tm_min, parts.tm_sec);
  // The seconds cut by the ends of the int64 range are not cached: their times take this path
  // every time, and stay right.
  if (second <= INT64_MIN / kSecond || second >= INT64_MAX / kSecond) {
    start_ns_ = INT64_MAX;
    end_ns_ = INT64_MIN;
    return;
  }
  start_ns_ = second * kSecond;
  end_ns_ = start_ns_ + kSecond;
}

}  // namespace ringlog::detail
