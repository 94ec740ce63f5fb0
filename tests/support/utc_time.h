// Times for tests that feed records with chosen timestamps.
#pragma once

#include <cstdint>
#include <ctime>

namespace ringlog::test {

constexpr std::int64_t kSecondNs = 1'000'000'000;

// Nanoseconds since 1970 of a UTC date and time (timegm: no time zone involved).
inline std::int64_t utc_ns(int year, int month, int day, int hour = 0, int minute = 0,
                           int second = 0) {
  tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  return static_cast<std::int64_t>(::timegm(&parts)) * kSecondNs;
}

}  // namespace ringlog::test
