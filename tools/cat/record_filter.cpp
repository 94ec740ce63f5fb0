#include "cat/record_filter.h"

#include <algorithm>
#include <charconv>

#include "cat/usage_error.h"

namespace ringlog::cat {

RecordFilter::RecordFilter(const Selection& options) : options_(options) {
  if (options.grep) {
    regex_t re;
    const int err = regcomp(&re, options.grep->c_str(), REG_EXTENDED | REG_NOSUB);
    if (err != 0) {
      char why[256];
      regerror(err, &re, why, sizeof why);
      throw UsageError("bad --grep '" + *options.grep + "': " + why);
    }
    grep_ = re;
  }
  for (int utc = 0; utc < 2; ++utc) {
    if (options.since) since_[utc] = options.since->resolve(utc != 0);
    if (options.until) until_[utc] = options.until->resolve(utc != 0);
  }
}

RecordFilter::~RecordFilter() {
  if (grep_) regfree(&*grep_);
}

bool RecordFilter::matches(const LogEvent& e, bool utc) {
  if (options_.min_level && e.level() < *options_.min_level) return false;
  const int zone = utc ? 1 : 0;
  if (since_[zone] && e.unix_ns() < *since_[zone]) return false;
  if (until_[zone] && e.unix_ns() >= *until_[zone]) return false;
  if (!options_.loggers.empty() && std::find(options_.loggers.begin(), options_.loggers.end(),
                                             e.site().logger_name) == options_.loggers.end()) {
    return false;
  }
  if (!options_.threads.empty()) {
    const bool any =
        std::any_of(options_.threads.begin(), options_.threads.end(), [&e](const std::string& t) {
          if (t == e.thread().name) return true;
          std::uint64_t tid = 0;
          const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), tid);
          return ec == std::errc{} && end == t.data() + t.size() && tid == e.thread().os_id;
        });
    if (!any) return false;
  }
  if (grep_) {
    message_.assign(e.message());  // regexec needs a C string (it stops at a NUL byte)
    if (regexec(&*grep_, message_.c_str(), 0, nullptr, 0) != 0) return false;
  }
  return true;
}

}  // namespace ringlog::cat
