// What a binary log segment says about the run that wrote it.
#pragma once

#include <cstdint>
#include <string>

#include "ringlog/clock_anchor.h"

namespace ringlog::detail {

struct FileHeader {
  std::uint16_t format_major = 0;  // filled in by the reader
  std::uint16_t format_minor = 0;
  std::uint64_t pid = 0;
  std::int64_t start_unix_ns = 0;  // when the sink opened the file
  ClockAnchor anchor;              // TSC calibration in force when the segment began
  bool utc = true;                 // Config::utc_time of the run
  bool append_fields = true;       // Config::append_fields of the run (format 1.1)
  std::string pattern;             // Config::pattern of the run
  std::string host;
  std::string program;
  std::string writer;  // "ringlog <version>"
};

// The header for this process now: pid, host, program name, start time, plus the arguments.
FileHeader current_file_header(const std::string& pattern, bool utc, bool append_fields,
                               const ClockAnchor& anchor);

}  // namespace ringlog::detail
