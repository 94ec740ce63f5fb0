#include "sinks/file_open.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace ringlog::detail {

int open_log_file(const std::string& path, bool truncate) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND);
  return ::open(path.c_str(), flags, 0644);
}

std::system_error open_error(const std::string& path) {
  return std::system_error(errno, std::generic_category(),
                           "ringlog: cannot open log file '" + path + "'");
}

FileId file_id(int fd) noexcept {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return {};
  return {st.st_dev, st.st_ino};
}

bool path_moved_away(const std::string& path, const FileId& id) noexcept {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return errno == ENOENT || errno == ENOTDIR;
  return st.st_dev != id.device || st.st_ino != id.inode;
}

}  // namespace ringlog::detail
