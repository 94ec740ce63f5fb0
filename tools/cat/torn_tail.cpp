#include "cat/torn_tail.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ringlog::cat {
namespace {

bool write_text(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string reason(const std::string& path) {
  return path + ": " + std::strerror(errno);
}

}  // namespace

int open_for_append(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) error = reason(path);
  return fd;
}

bool read_tail(int fd, std::size_t max_bytes, const std::string& path, FileTail& tail,
               std::string& error) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = reason(path);
    return false;
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  tail.offset = size > max_bytes ? size - max_bytes : 0;
  tail.bytes.resize(static_cast<std::size_t>(size - tail.offset));
  std::size_t done = 0;
  while (done < tail.bytes.size()) {
    const ssize_t n = ::pread(fd, tail.bytes.data() + done, tail.bytes.size() - done,
                              static_cast<off_t>(tail.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = reason(path);
      return false;
    }
    if (n == 0) break;  // shrank meanwhile: what was read is the tail
    done += static_cast<std::size_t>(n);
  }
  tail.bytes.resize(done);
  return true;
}

std::size_t already_written(const FileTail& tail, std::string_view rendered,
                            const std::vector<std::size_t>& ends) {
  const std::string_view bytes(tail.bytes);
  const std::size_t last_newline = bytes.rfind('\n');
  if (last_newline == std::string_view::npos || ends.empty()) return 0;
  const std::string_view complete = bytes.substr(0, last_newline + 1);
  // Earliest line start first: the longest run of records wins. A candidate whose first bytes
  // differ from the first record's is rejected after a few bytes, so this is about linear.
  for (std::size_t start = 0; start < complete.size(); ++start) {
    const bool line_start = start == 0 ? tail.offset == 0 : complete[start - 1] == '\n';
    if (!line_start) continue;
    const std::string_view run = complete.substr(start);
    if (run.size() > rendered.size() || rendered.substr(0, run.size()) != run) continue;
    const auto end = std::lower_bound(ends.begin(), ends.end(), run.size());
    if (end != ends.end() && *end == run.size()) {
      return static_cast<std::size_t>(end - ends.begin()) + 1;
    }
  }
  return 0;
}

bool end_torn_line(int fd, bool json, const std::string& path, std::string& error) {
  struct stat st {};
  char last = '\n';
  if (::fstat(fd, &st) != 0 || (st.st_size > 0 && ::pread(fd, &last, 1, st.st_size - 1) != 1)) {
    error = reason(path);
    return false;
  }
  if (last != '\n' &&
      !write_text(fd, std::string("\n") + (json ? kTornJsonMarker : kTornTextMarker))) {
    error = reason(path);
    return false;
  }
  return true;
}

}  // namespace ringlog::cat
