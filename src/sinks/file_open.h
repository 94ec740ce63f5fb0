// Opening log files, shared by the file sinks.
#pragma once

#include <cstddef>
#include <string>
#include <system_error>

namespace ringlog::detail {

// open(2) for appending (or truncating) with mode 0644; returns -1 and sets errno on failure.
int open_log_file(const std::string& path, bool truncate);
// Rotation: path.<n-1> -> path.<n> ... path -> path.1, keeping at most `max_backups` (the
// oldest is overwritten). With max_backups == 0 nothing moves.
void shift_backups(const std::string& path, std::size_t max_backups);
// The exception start() throws for a file that cannot be opened: path and errno's reason.
std::system_error open_error(const std::string& path);

}  // namespace ringlog::detail
