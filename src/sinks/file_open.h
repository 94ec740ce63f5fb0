// Opening log files, shared by the file sinks.
#pragma once

#include <string>
#include <system_error>

namespace ringlog::detail {

// open(2) for appending (or truncating) with mode 0644; returns -1 and sets errno on failure.
int open_log_file(const std::string& path, bool truncate);
// The exception start() throws for a file that cannot be opened: path and errno's reason.
std::system_error open_error(const std::string& path);

}  // namespace ringlog::detail
