// Rotation by time without files: periods and stamps for given times (UTC, and local time made
// deterministic with a POSIX TZ rule set in this process), dated names, and retention's choice.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <time.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sinks/rotation_schedule.h"
#include "support/utc_time.h"

using ringlog::RotateEvery;
using ringlog::detail::DatedFile;
using ringlog::detail::DatedPath;
using ringlog::detail::RotationSchedule;
using ringlog::detail::stale_files;

using ringlog::test::utc_ns;

namespace {

constexpr std::int64_t kSecond = ringlog::test::kSecondNs;
constexpr std::int64_t kHour = 3600 * kSecond;

// Sets TZ for the scope (a POSIX rule, so no time zone database is needed).
class ScopedTz {
 public:
  explicit ScopedTz(const char* tz) {
    if (const char* old = ::getenv("TZ")) saved_ = old;
    ::setenv("TZ", tz, 1);
    ::tzset();
  }
  ~ScopedTz() {
    if (saved_) {
      ::setenv("TZ", saved_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

 private:
  std::optional<std::string> saved_;
};

}  // namespace

TEST_CASE("daily UTC periods change at midnight, to the nanosecond") {
  const RotationSchedule daily(RotateEvery::day, true);
  const std::int64_t midnight = utc_ns(2026, 12, 4);
  const auto before = daily.period_of(midnight - 1);
  CHECK(before.stamp == "2026-12-03");
  CHECK(before.start_ns == utc_ns(2026, 12, 3));
  CHECK(before.end_ns == midnight);
  const auto after = daily.period_of(midnight);
  CHECK(after.stamp == "2026-12-04");
  CHECK(after.start_ns == midnight);
  CHECK(after.end_ns == utc_ns(2026, 12, 5));
  // New year, and before 1970 (the second is floored, not truncated towards zero).
  CHECK(daily.period_of(utc_ns(2027, 1, 1) - 1).stamp == "2026-12-31");
  CHECK(daily.period_of(-1).stamp == "1969-12-31");
  CHECK(daily.period_of(-1).end_ns == 0);
}

TEST_CASE("hourly and minute UTC periods and their stamps") {
  const RotationSchedule hourly(RotateEvery::hour, true);
  const auto p = hourly.period_of(utc_ns(2026, 12, 3, 15, 59, 59) + 999'999'999);
  CHECK(p.stamp == "2026-12-03T15");
  CHECK(p.start_ns == utc_ns(2026, 12, 3, 15));
  CHECK(p.end_ns == utc_ns(2026, 12, 3, 16));
  CHECK(hourly.period_of(utc_ns(2026, 12, 3, 16)).stamp == "2026-12-03T16");
  CHECK(hourly.period_of(utc_ns(2026, 12, 3, 23, 30)).end_ns == utc_ns(2026, 12, 4));

  const RotationSchedule minutely(RotateEvery::minute, true);
  const auto m = minutely.period_of(utc_ns(2026, 12, 3, 15, 4, 30));
  CHECK(m.stamp == "2026-12-03T15-04");
  CHECK(m.start_ns == utc_ns(2026, 12, 3, 15, 4));
  CHECK(m.end_ns == utc_ns(2026, 12, 3, 15, 5));
}

TEST_CASE("local daily periods follow TZ, including the 25-hour day when DST ends") {
  const ScopedTz tz("EST5EDT,M3.2.0,M11.1.0");  // US Eastern: DST ends 2026-11-01 at 02:00 EDT
  const RotationSchedule daily(RotateEvery::day, false);
  // 2026-11-01 00:00 EDT is 04:00Z; 2026-11-02 00:00 EST is 05:00Z.
  const auto dst_end = daily.period_of(utc_ns(2026, 11, 1, 12));
  CHECK(dst_end.stamp == "2026-11-01");
  CHECK(dst_end.start_ns == utc_ns(2026, 11, 1, 4));
  CHECK(dst_end.end_ns == utc_ns(2026, 11, 2, 5));
  CHECK(dst_end.end_ns - dst_end.start_ns == 25 * kHour);
  // DST starts 2026-03-08: a 23-hour day.
  const auto dst_start = daily.period_of(utc_ns(2026, 3, 8, 12));
  CHECK(dst_start.end_ns - dst_start.start_ns == 23 * kHour);
  // Just before local midnight (04:59:59Z in winter) is still the previous local day.
  CHECK(daily.period_of(utc_ns(2026, 12, 4, 4, 59, 59)).stamp == "2026-12-03");
  CHECK(daily.period_of(utc_ns(2026, 12, 4, 5)).stamp == "2026-12-04");
}

TEST_CASE("local hourly periods: a repeated hour keeps its stamp, a half-hour zone its offset") {
  {
    const ScopedTz tz("EST5EDT,M3.2.0,M11.1.0");
    const RotationSchedule hourly(RotateEvery::hour, false);
    // 01:30 EDT (05:30Z) and 01:30 EST (06:30Z) are both local hour 01.
    const auto first = hourly.period_of(utc_ns(2026, 11, 1, 5, 30));
    CHECK(first.stamp == "2026-11-01T01");
    CHECK(first.end_ns == utc_ns(2026, 11, 1, 6));
    CHECK(hourly.period_of(first.end_ns).stamp == "2026-11-01T01");
    CHECK(hourly.period_of(utc_ns(2026, 11, 1, 7)).stamp == "2026-11-01T02");
  }
  {
    const ScopedTz tz("IST-5:30");  // UTC+05:30, no DST
    const RotationSchedule hourly(RotateEvery::hour, false);
    const auto p = hourly.period_of(utc_ns(2026, 12, 3, 9, 29, 59));  // 14:59:59 local
    CHECK(p.stamp == "2026-12-03T14");
    CHECK(p.end_ns == utc_ns(2026, 12, 3, 9, 30));
  }
}

TEST_CASE("dated names put the stamp before the extension") {
  CHECK(DatedPath("logs/app.log").file_for("2026-12-03") == "logs/app.2026-12-03.log");
  CHECK(DatedPath("logs/app.log").directory() == "logs");
  CHECK(DatedPath("app").file_for("2026-12-03T15") == "app.2026-12-03T15");
  CHECK(DatedPath("app").directory() == ".");
  CHECK(DatedPath("/var/log/a.b.jsonl").file_for("2026-12-03") == "/var/log/a.b.2026-12-03.jsonl");
  CHECK(DatedPath("/app.log").directory() == "/");
  CHECK(DatedPath("d.x/.hidden").file_for("2026-12-03") == "d.x/.hidden.2026-12-03");
}

TEST_CASE("only names of this path's own scheme are recognised as its dated files") {
  const DatedPath path("logs/app.log");
  const RotationSchedule daily(RotateEvery::day, true);
  const RotationSchedule hourly(RotateEvery::hour, true);
  CHECK(path.stamp_of("app.2026-12-03.log", daily) == "2026-12-03");
  CHECK(path.stamp_of("app.2026-12-03.log.2", daily) == "2026-12-03");
  CHECK(path.stamp_of("app.2026-12-03T15.log", hourly) == "2026-12-03T15");
  const std::vector<std::string> foreign = {
      "app.log",
      "app.2026-12-03T15.log",
      "app.2026-12-3.log",
      "app.2026-12-03.txt",
      "app.2026-12-03.log.bak",
      "app.2026-12-03.log.",
      "other.2026-12-03.log",
      "xapp.2026-12-03.log",
      "app.2026-12-03.logx",
      "app.2026_12_03.log",
      "app.2026-12-03",
      "app.2026-12-03.log.1a",
  };
  for (const std::string& name : foreign) {
    INFO(name);
    CHECK_FALSE(path.stamp_of(name, daily).has_value());
  }
  CHECK_FALSE(path.stamp_of("app.2026-12-03.log", hourly).has_value());
}

TEST_CASE("retention removes exactly the files of the oldest periods beyond the count") {
  const std::vector<DatedFile> files = {
      {"app.2026-12-01.log", "2026-12-01"}, {"app.2026-11-30.log", "2026-11-30"},
      {"app.2026-12-03.log", "2026-12-03"}, {"app.2026-12-02.log", "2026-12-02"},
      {"app.2026-11-29.log", "2026-11-29"}, {"app.2026-11-29.log.1", "2026-11-29"},
  };
  CHECK(stale_files(files, "2026-12-03", 3) == std::vector<std::string>{"app.2026-11-29.log",
                                                                        "app.2026-11-29.log.1",
                                                                        "app.2026-11-30.log"});
  CHECK(stale_files(files, "2026-12-03", 1) ==
        std::vector<std::string>{"app.2026-11-29.log", "app.2026-11-29.log.1", "app.2026-11-30.log",
                                 "app.2026-12-01.log", "app.2026-12-02.log"});
  CHECK(stale_files(files, "2026-12-03", 5).empty());
  CHECK(stale_files(files, "2026-12-03", 0).empty());  // 0 keeps everything
  // The current period is never removed, even when files of later periods exist (clock set back).
  CHECK(stale_files(files, "2026-11-29", 2) ==
        std::vector<std::string>{"app.2026-11-30.log", "app.2026-12-01.log", "app.2026-12-02.log"});
}
