#include "codec/file_header.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

#ifndef RINGLOG_VERSION
#define RINGLOG_VERSION "unknown"
#endif

namespace ringlog::detail {

FileHeader current_file_header(const std::string& pattern, bool utc, bool append_fields,
                               const ClockAnchor& anchor) {
  FileHeader h;
  h.pid = static_cast<std::uint64_t>(::getpid());
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  h.start_unix_ns = std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
  h.anchor = anchor;
  h.utc = utc;
  h.append_fields = append_fields;
  h.pattern = pattern;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0) h.host = host;
  h.program = program_invocation_short_name;
  h.writer = "ringlog " RINGLOG_VERSION;
  return h;
}

}  // namespace ringlog::detail
