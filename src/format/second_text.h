// The date and time of day of a wall-clock second, rendered once and reused while the second
// lasts: both layouts print a timestamp per record, and records arrive many per second.
#pragma once

#include <time.h>

#include <cstdint>
#include <string_view>

#include "ringlog/sinks.h"

#include <fmt/format.h>

#include "format/buffer_append.h"

namespace ringlog::detail {

class SecondText {
 public:
  // `separator` goes between date and time ('T' for RFC 3339, ' ' for text); `utc` false means
  // the local time zone.
  SecondText(char separator, bool utc) noexcept : separator_(separator), utc_(utc) {}

  // "YYYY-MM-DD?HH:MM:SS" for the second holding `unix_ns`; `nanos` gets the rest (0..1e9-1,
  // also before 1970).
  std::string_view render(std::int64_t unix_ns, std::int64_t& nanos) noexcept {
    std::int64_t second = unix_ns / 1'000'000'000;
    nanos = unix_ns % 1'000'000'000;
    if (nanos < 0) {
      nanos += 1'000'000'000;
      --second;
    }
    if (second != cached_second_) {
      const time_t t = static_cast<time_t>(second);
      tm parts{};
      if (utc_) {
        gmtime_r(&t, &parts);
      } else {
        localtime_r(&t, &parts);
      }
      fmt::format_to_n(text_, sizeof text_, "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}",
                       parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, separator_,
                       parts.tm_hour, parts.tm_min, parts.tm_sec);
      cached_second_ = second;
    }
    return {text_, kLength};
  }

  static constexpr std::size_t kLength = 19;

 private:
  char separator_;
  bool utc_;
  std::int64_t cached_second_ = INT64_MIN;
  char text_[kLength + 1] = {};
};

// Appends ".<digits>" of `nanos` (0..1e9-1), truncated to `digits` (0, 3, 6 or 9; 0 appends
// nothing): the fraction of a second a layout's timestamp precision asks for.
inline void append_fraction(fmt::memory_buffer& out, std::int64_t nanos, int digits) {
  constexpr std::uint64_t kDivisor[10] = {
      1'000'000'000, 100'000'000, 10'000'000, 1'000'000, 100'000, 10'000, 1'000, 100, 10, 1};
  if (digits <= 0) return;
  out.push_back('.');
  append_digits(out, static_cast<std::uint64_t>(nanos) / kDivisor[digits], digits);
}

// Fractional digits of a TimePrecision: 0, 3, 6 or 9.
constexpr int fraction_digits(TimePrecision precision) noexcept {
  return 3 * static_cast<int>(precision);
}

}  // namespace ringlog::detail
