// The --level, --since/--until, --thread, --logger and --grep filters of ringlog-cat.
#pragma once

#include <regex.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cat/options.h"
#include "ringlog/sinks.h"

namespace ringlog::cat {

class RecordFilter {
 public:
  // Throws UsageError for a --grep that is not a valid regular expression.
  explicit RecordFilter(const Options& options);
  ~RecordFilter();
  RecordFilter(const RecordFilter&) = delete;
  RecordFilter& operator=(const RecordFilter&) = delete;

  // `utc`: how the record's log prints times (for zone-less --since/--until).
  bool matches(const LogEvent& event, bool utc);

 private:
  const Options& options_;
  std::optional<regex_t> grep_;
  // --since/--until resolved per time zone reading: [utc] = resolved with utc == true.
  std::optional<std::int64_t> since_[2], until_[2];
  std::string message_;  // NUL-terminated copy for regexec
};

}  // namespace ringlog::cat
