// ringlog-cat's command line: what to read, how to print it, which records to keep.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cat/record_filter.h"
#include "cat/usage_error.h"

namespace ringlog::cat {

// Exit statuses, documented in --help. When several apply, the first in this order wins:
// usage, unreadable, corrupt, truncated.
enum ExitCode : int {
  kExitOk = 0,
  kExitUnreadable = 1,  // an input could not be opened/read, or is not a ringlog binary log
  kExitUsage = 2,
  kExitTruncated = 3,  // an input ends inside a chunk or without its writer's end marker
  kExitCorrupt = 4,    // damaged data was skipped (the rest was decoded)
};

struct Options {
  std::vector<std::string> inputs;  // "-" is standard input
  bool json = false;
  bool otel = false;         // --json=otel: OpenTelemetry log data model names
  std::string service_name;  // --service-name (otel): else each input's program
  std::string host_name;     // --host-name (otel): else each input's host
  bool stats = false;
  bool follow = false;
  bool quiet = false;  // no problem reports on stderr (the exit status still tells)
  std::optional<std::string> pattern;
  std::optional<std::string> recover;        // --recover DIR (cat/recover.h)
  std::optional<std::string> append;         // --append FILE (text or --json), with --recover
  std::optional<std::string> append_binary;  // --append-binary FILE, with --recover
  Selection select;                          // --level, --since/--until, --thread, --logger, --grep
  bool help = false, version = false;
};

// Throws UsageError with a message fit for stderr.
Options parse_options(int argc, char** argv);

const char* help_text();

}  // namespace ringlog::cat
