#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "sinks/file_open.h"
#include "sinks/text_sink.h"

namespace ringlog {
namespace {

class RotatingFileSink final : public detail::TextSink {
 public:
  RotatingFileSink(std::string path, std::size_t max_bytes, std::size_t max_backups)
      : path_(std::move(path)), max_bytes_(max_bytes), max_backups_(max_backups) {
    if (max_bytes_ == 0) throw std::invalid_argument("ringlog: rotating_file_sink max_bytes = 0");
  }

  void flush() override {
    const std::size_t pending = writer_.buffer().size();
    if (pending == 0) return;
    if (writer_.is_open() && file_bytes_ > 0 && file_bytes_ + pending > max_bytes_) rotate();
    if (!writer_.is_open()) reopen();
    if (writer_.flush()) file_bytes_ += pending;
  }

 private:
  void open_target(const SinkContext& context) override {
    const int fd = detail::open_log_file(path_, false);
    if (fd < 0) throw detail::open_error(path_);
    writer_.reset(fd, path_, &context);
    struct stat st {};
    file_bytes_ = ::fstat(fd, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
  }

  std::string backup_name(std::size_t n) const { return path_ + "." + std::to_string(n); }

  void rotate() {
    writer_.close();
    if (max_backups_ > 0) {
      // Oldest first, so no rename overwrites a file that still has to move.
      for (std::size_t i = max_backups_; i > 1; --i) {
        std::rename(backup_name(i - 1).c_str(), backup_name(i).c_str());
      }
      std::rename(path_.c_str(), backup_name(1).c_str());
    }
    // Without backups the file starts over (truncated) instead.
    open_fresh(max_backups_ == 0);
  }

  void reopen() { open_fresh(false); }

  void open_fresh(bool truncate) {
    const int fd = detail::open_log_file(path_, truncate);
    if (fd < 0) {
      writer_.report_failure("cannot open rotated log file", errno);
      return;
    }
    writer_.reset(fd, path_, context_);
    struct stat st {};
    file_bytes_ = ::fstat(fd, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
  }

  std::string path_;
  std::size_t max_bytes_;
  std::size_t max_backups_;
  std::size_t file_bytes_ = 0;
};

}  // namespace

SinkPtr rotating_file_sink(std::string path, std::size_t max_bytes, std::size_t max_backups) {
  return std::make_shared<RotatingFileSink>(std::move(path), max_bytes, max_backups);
}

}  // namespace ringlog
