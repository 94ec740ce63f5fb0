#include "cat/time_point.h"

#include <string_view>

#include "cat/usage_error.h"

namespace ringlog::cat {
namespace {

// Reads exactly `digits` digits at text[i]; throws when they are not there.
int take_number(const std::string& text, std::size_t& i, int digits) {
  int v = 0;
  for (int d = 0; d < digits; ++d, ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') {
      throw UsageError("bad time '" + text + "' (expected e.g. 2024-05-01T12:00:00.5Z)");
    }
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

bool take(const std::string& text, std::size_t& i, std::string_view chars) {
  if (i < text.size() && chars.find(text[i]) != std::string_view::npos) {
    ++i;
    return true;
  }
  return false;
}

// Fraction digits after a '.', as nanoseconds.
std::int64_t take_fraction(const std::string& text, std::size_t& i) {
  std::int64_t ns = 0, scale = 100'000'000;
  const std::size_t start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    ns += (text[i] - '0') * scale;
    scale /= 10;
    ++i;
  }
  if (i == start || i - start > 9) throw UsageError("bad fraction of a second in '" + text + "'");
  return ns;
}

}  // namespace

TimePoint TimePoint::parse(const std::string& text) {
  TimePoint t;
  std::size_t i = 0;
  if (take(text, i, "@")) {
    std::int64_t seconds = 0;
    const std::size_t start = i;
    const bool negative = take(text, i, "-");
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 15) {
      seconds = seconds * 10 + (text[i++] - '0');
    }
    if (i == start + (negative ? 1 : 0)) throw UsageError("bad time '" + text + "'");
    std::int64_t ns = take(text, i, ".") ? take_fraction(text, i) : 0;
    if (i != text.size()) throw UsageError("bad time '" + text + "'");
    t.absolute_ns_ = (negative ? -1 : 1) * (seconds * 1'000'000'000 + ns);
    return t;
  }
  t.parts_.tm_year = take_number(text, i, 4) - 1900;
  if (!take(text, i, "-")) throw UsageError("bad time '" + text + "'");
  t.parts_.tm_mon = take_number(text, i, 2) - 1;
  if (!take(text, i, "-")) throw UsageError("bad time '" + text + "'");
  t.parts_.tm_mday = take_number(text, i, 2);
  if (take(text, i, "T ")) {
    t.parts_.tm_hour = take_number(text, i, 2);
    if (!take(text, i, ":")) throw UsageError("bad time '" + text + "'");
    t.parts_.tm_min = take_number(text, i, 2);
    if (take(text, i, ":")) {
      t.parts_.tm_sec = take_number(text, i, 2);
      if (take(text, i, ".")) t.nanos_ = take_fraction(text, i);
    }
  }
  if (take(text, i, "Zz")) {
    t.offset_seconds_ = 0;
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    const int sign = text[i++] == '-' ? -1 : 1;
    const int hours = take_number(text, i, 2);
    take(text, i, ":");
    const int minutes = take_number(text, i, 2);
    t.offset_seconds_ = sign * (hours * 3600 + minutes * 60);
  }
  if (i != text.size() || t.parts_.tm_mon > 11 || t.parts_.tm_mday < 1 || t.parts_.tm_mday > 31 ||
      t.parts_.tm_hour > 23 || t.parts_.tm_min > 59 || t.parts_.tm_sec > 60) {
    throw UsageError("bad time '" + text + "' (expected e.g. 2024-05-01T12:00:00.5Z)");
  }
  return t;
}

std::int64_t TimePoint::resolve(bool utc) const {
  if (absolute_ns_) return *absolute_ns_;
  std::tm parts = parts_;
  std::int64_t seconds;
  if (offset_seconds_) {
    seconds = static_cast<std::int64_t>(timegm(&parts)) - *offset_seconds_;
  } else if (utc) {
    seconds = static_cast<std::int64_t>(timegm(&parts));
  } else {
    parts.tm_isdst = -1;
    seconds = static_cast<std::int64_t>(mktime(&parts));
  }
  return seconds * 1'000'000'000 + nanos_;
}

}  // namespace ringlog::cat
