// Opening log files and noticing when the file behind a path was deleted or replaced, shared by
// the file sinks.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <system_error>

namespace ringlog::detail {

// open(2) for appending (or truncating) with mode 0644; returns -1 and sets errno on failure.
int open_log_file(const std::string& path, bool truncate);
// The exception start() throws for a file that cannot be opened: path and errno's reason.
std::system_error open_error(const std::string& path);

// Which file an open descriptor writes: (device, inode).
struct FileId {
  dev_t device = 0;
  ino_t inode = 0;
};
FileId file_id(int fd) noexcept;

// True when `path` no longer names the file `id` (deleted, moved away by logrotate, replaced).
// False when it still does, and when stat(2) fails for another reason (e.g. EACCES), so a
// file we can still write is not given up on. One stat(2) per call.
bool path_moved_away(const std::string& path, const FileId& id) noexcept;

}  // namespace ringlog::detail
