#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>

#include "sinks/file_open.h"
#include "sinks/text_sink.h"

namespace ringlog {
namespace detail {

int open_log_file(const std::string& path, bool truncate) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND);
  return ::open(path.c_str(), flags, 0644);
}

void shift_backups(const std::string& path, std::size_t max_backups) {
  if (max_backups == 0) return;
  const auto backup = [&path](std::size_t n) { return path + "." + std::to_string(n); };
  // Oldest first, so no rename overwrites a file that still has to move.
  for (std::size_t i = max_backups; i > 1; --i)
    std::rename(backup(i - 1).c_str(), backup(i).c_str());
  std::rename(path.c_str(), backup(1).c_str());
}

std::system_error open_error(const std::string& path) {
  return std::system_error(errno, std::generic_category(),
                           "ringlog: cannot open log file '" + path + "'");
}

}  // namespace detail

namespace {

class FileSink final : public detail::TextSink {
 public:
  explicit FileSink(std::string path) : path_(std::move(path)) {}

  void flush() override {
    // After a failed open or a failed write, try the file again: logging resumes by itself once
    // the fault (missing directory, full disk) is cleared.
    if (!writer_.is_open() && writer_.buffer().size() > 0) reopen();
    writer_.flush();
  }

 private:
  void open_target(const SinkContext& context) override {
    const int fd = detail::open_log_file(path_, false);
    if (fd < 0) throw detail::open_error(path_);
    writer_.reset(fd, path_, &context);
  }
  void reopen() {
    const int fd = detail::open_log_file(path_, false);
    if (fd < 0) {
      writer_.report_failure("cannot reopen log file", errno);
      return;
    }
    writer_.reset(fd, path_, context_);
  }

  std::string path_;
};

}  // namespace

SinkPtr file_sink(std::string path) {
  return std::make_shared<FileSink>(std::move(path));
}

}  // namespace ringlog
