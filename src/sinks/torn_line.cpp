#include "sinks/torn_line.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ringlog::detail {

std::string torn_line_repair(const std::string& path, bool json) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  struct stat st {};
  char last = '\n';
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      ::pread(fd, &last, 1, st.st_size - 1) != 1) {
    last = '\n';
  }
  ::close(fd);
  if (last == '\n') return {};
  return std::string("\n") + (json ? kTornJsonMarker : kTornTextMarker);
}

}  // namespace ringlog::detail
