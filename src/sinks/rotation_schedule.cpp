#include "sinks/rotation_schedule.h"

#include "format/civil_time.h"

#include <time.h>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

namespace ringlog::detail {
namespace {

// "YYYY-MM-DDTHH-MM": 'D' a digit, anything else itself. A period's stamp is a prefix of it.
constexpr std::string_view kStampShape = "DDDD-DD-DDTDD-DD";

std::size_t stamp_length(RotateEvery every) noexcept {
  switch (every) {
    case RotateEvery::minute:
      return 16;
    case RotateEvery::hour:
      return 13;
    case RotateEvery::day:
      break;
  }
  return 10;
}

// The local midnight starting the day `parts` (a broken-down local time) is in, shifted by
// `days`. mktime() applies the time zone's rules for that date, DST included.
std::int64_t local_midnight(tm parts, int days) noexcept {
  parts.tm_mday += days;
  parts.tm_hour = 0;
  parts.tm_min = 0;
  parts.tm_sec = 0;
  parts.tm_isdst = -1;
  return static_cast<std::int64_t>(::mktime(&parts));
}

// [start, end) in seconds of the period holding `second`, whose broken-down time is `parts`.
std::pair<std::int64_t, std::int64_t> period_bounds(RotateEvery every, bool utc,
                                                    std::int64_t second, const tm& parts) {
  const std::int64_t into_hour = parts.tm_min * 60 + parts.tm_sec;
  switch (every) {
    case RotateEvery::minute:
      return {second - parts.tm_sec, second - parts.tm_sec + 60};
    case RotateEvery::hour:
      // Local offsets change on whole hours (or half hours, which this also handles): the local
      // hour started tm_min:tm_sec ago.
      return {second - into_hour, second - into_hour + 3600};
    case RotateEvery::day:
      break;
  }
  if (utc) {
    const std::int64_t start = second - parts.tm_hour * 3600 - into_hour;
    return {start, start + 86400};
  }
  // A local day lasts 23 or 25 hours when DST starts or ends in it.
  return {local_midnight(parts, 0), local_midnight(parts, 1)};
}

}  // namespace

RotationPeriod RotationSchedule::period_of(std::int64_t unix_ns) const {
  const std::int64_t second = floor_seconds(unix_ns);
  std::tm parts;
  civil_time(second, utc_, parts);
  auto [start, end] = period_bounds(every_, utc_, second, parts);
  // Guards against a time zone without that midnight (a DST jump over it): the period still
  // holds the record, and its stamp decides whether a file changes.
  start = std::min(start, second);
  if (end <= second) end = second + 1;
  RotationPeriod period;
  period.start_ns = start * kNsPerSecond;
  period.end_ns = end * kNsPerSecond;
  period.stamp = fmt::format("{:04}-{:02}-{:02}T{:02}-{:02}", parts.tm_year + 1900,
                             parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min);
  period.stamp.resize(stamp_length(every_));
  return period;
}

bool RotationSchedule::is_stamp(std::string_view text) const noexcept {
  if (text.size() != stamp_length(every_)) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kStampShape[i] == 'D' ? !digit : text[i] != kStampShape[i]) return false;
  }
  return true;
}

DatedPath::DatedPath(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  std::string_view name = path;
  if (slash != std::string_view::npos) {
    prefix_.assign(path.data(), slash + 1);
    name = path.substr(slash + 1);
  }
  // "logs/" -> "logs", "/" stays "/", "" -> ".".
  directory_ = prefix_.size() > 1
                   ? prefix_.substr(0, prefix_.size() - 1)
                   : std::string(prefix_.empty() ? 1 : prefix_.size(), prefix_.empty() ? '.' : '/');
  const std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) {
    stem_.assign(name.data(), dot);
    extension_.assign(name.data() + dot, name.size() - dot);
  } else {
    stem_.assign(name.data(), name.size());
  }
}

std::string DatedPath::file_for(std::string_view stamp) const {
  return fmt::format("{}{}.{}{}", prefix_, stem_, stamp, extension_);
}

std::optional<std::string> DatedPath::stamp_of(std::string_view file_name,
                                               const RotationSchedule& schedule) const {
  if (file_name.size() <= stem_.size() + 1 || !file_name.starts_with(stem_) ||
      file_name[stem_.size()] != '.') {
    return std::nullopt;
  }
  std::string_view rest = file_name.substr(stem_.size() + 1);
  const std::size_t stamp_size = stamp_length(schedule.every());
  if (rest.size() < stamp_size || !schedule.is_stamp(rest.substr(0, stamp_size))) {
    return std::nullopt;
  }
  const std::string_view stamp = rest.substr(0, stamp_size);
  rest.remove_prefix(stamp_size);
  if (!rest.starts_with(extension_)) return std::nullopt;
  rest.remove_prefix(extension_.size());
  if (rest.empty()) return std::string(stamp);
  // A size rotation's backup: ".<n>".
  if (rest.size() < 2 || rest[0] != '.') return std::nullopt;
  const bool digits =
      std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? std::optional<std::string>(stamp) : std::nullopt;
}

std::vector<std::string> stale_files(std::vector<DatedFile> files, std::string_view current,
                                     std::size_t keep) {
  std::vector<std::string> stale;
  if (keep == 0) return stale;
  std::set<std::string, std::greater<>> others;
  for (const DatedFile& f : files) {
    if (f.stamp != current) others.insert(f.stamp);
  }
  // The current period counts as one of the `keep`; the newest others fill the rest.
  std::set<std::string, std::less<>> kept{std::string(current)};
  for (const std::string& stamp : others) {
    if (kept.size() >= keep) break;
    kept.insert(stamp);
  }
  for (const DatedFile& f : files) {
    if (kept.find(f.stamp) == kept.end()) stale.push_back(f.name);
  }
  std::sort(stale.begin(), stale.end());
  return stale;
}

}  // namespace ringlog::detail
