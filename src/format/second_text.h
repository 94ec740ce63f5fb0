// The date and time of day of a wall-clock second, rendered once and reused while the second
// lasts: both layouts print a timestamp per record, and records arrive many per second.
#pragma once

#include <cstdint>
#include <string_view>

#include "ringlog/sinks.h"

#include <fmt/format.h>

#include "format/buffer_append.h"
#include "format/number_text.h"

namespace ringlog::detail {

class SecondText {
 public:
  // `separator` goes between date and time ('T' for RFC 3339, ' ' for text); `utc` false means
  // the local time zone.
  SecondText(char separator, bool utc) noexcept : separator_(separator), utc_(utc) {}

  // "YYYY-MM-DD?HH:MM:SS" for the second holding `unix_ns`; `nanos` gets the rest (0..1e9-1,
  // also before 1970). Within the second last rendered: two compares and a subtraction.
  std::string_view render(std::int64_t unix_ns, std::int64_t& nanos) noexcept {
    if (unix_ns >= start_ns_ && unix_ns < end_ns_) [[likely]] {
      nanos = unix_ns - start_ns_;
      return {text_, kLength};
    }
    render_second(unix_ns, nanos);
    return {text_, kLength};
  }

  static constexpr std::size_t kLength = 19;

 private:
  // Renders the second holding `unix_ns`, sets `nanos`, and caches the second.
  void render_second(std::int64_t unix_ns, std::int64_t& nanos) noexcept;

  char separator_;
  bool utc_;
  // The nanoseconds of the cached second: [start_ns_, end_ns_). Empty until the first render.
  std::int64_t start_ns_ = INT64_MAX;
  std::int64_t end_ns_ = INT64_MIN;
  char text_[kLength + 1] = {};
};

// Writes ".<digits>" of `nanos` (0..1e9-1), truncated to `digits` (0, 3, 6 or 9; 0 writes
// nothing), at `p` (10 bytes of room); returns the end. The fraction of a second a layout's
// timestamp precision asks for.
inline char* write_fraction(char* p, std::int64_t nanos, int digits) noexcept {
  const auto n = static_cast<std::uint32_t>(nanos);
  switch (digits) {
    case 3:
      *p = '.';
      return write_three_digits(p + 1, n / 1'000'000);
    case 6:
      *p = '.';
      return write_padded<4>(p + 1, n / 1'000);
    case 9: {
      const std::uint32_t first = n / 100'000'000;
      p[0] = '.';
      p[1] = static_cast<char>('0' + first);
      return write_padded<6>(p + 2, n - first * 100'000'000);
    }
    default:
      return p;
  }
}

// write_fraction() appended to `out`.
inline void append_fraction(fmt::memory_buffer& out, std::int64_t nanos, int digits) {
  const std::size_t old = out.size();
  out.resize(old + 10);
  out.resize(
      static_cast<std::size_t>(write_fraction(out.data() + old, nanos, digits) - out.data()));
}

// Fractional digits of a TimePrecision: 0, 3, 6 or 9 (the only ones write_fraction writes).
constexpr int fraction_digits(TimePrecision precision) noexcept {
  return 3 * static_cast<int>(precision);
}

}  // namespace ringlog::detail
