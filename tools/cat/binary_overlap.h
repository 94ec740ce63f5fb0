// --recover --append-binary: the records a killed process's sink already wrote to the binary log
// (the kill came before the ring was told) are found by comparing records, and not appended
// again (docs/reliability.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ringlog/sinks.h"

namespace ringlog::cat {

// What identifies a record across the ring and the binary log: time, level, logger, call site
// (file, line, format), thread and the formatted message.
std::string record_key(const LogEvent& event);

// The keys of the last `max_records` records of the binary log at `path`, oldest first. Empty
// when the file is missing, empty or unreadable (nothing is then skipped). Decodes the file.
std::vector<std::string> last_record_keys(const std::string& path, std::size_t max_records);

// The largest k such that the file's last k records equal the first k recovered ones.
std::size_t already_written(const std::vector<std::string>& file_last,
                            const std::vector<std::string>& recovered);

}  // namespace ringlog::cat
