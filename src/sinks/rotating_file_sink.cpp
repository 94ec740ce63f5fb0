#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/runtime.h"
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
    if (writer_.is_open() && detail::path_moved_away(path_, id_)) {
      context_->report("log file '" + path_ + "' was deleted or replaced; reopening the path");
      writer_.detach();
    }
    if (writer_.is_open() && file_bytes_ > 0 && file_bytes_ + pending > max_bytes_) rotate();
    // A failed rotation or reopen is retried on every flush until the file can be created.
    if (!writer_.is_open() && !open_fresh(false)) {
      writer_.discard();
      return;
    }
    if (writer_.flush()) file_bytes_ += pending;
  }

 private:
  void open_target(const SinkContext& context) override {
    const int fd = detail::open_log_file(path_, false);
    if (fd < 0) throw detail::open_error(path_);
    writer_.reset(fd, path_, &context);
    track(fd);
  }

  std::string backup_name(std::size_t n) const { return path_ + "." + std::to_string(n); }

  void rotate() {
    if (max_backups_ > 0) {
      // Oldest first, so no rename overwrites a file that still has to move. A missing backup
      // is normal (not rotated that often yet); any other failure is reported once per run.
      bool ok = true;
      for (std::size_t i = max_backups_; i > 1; --i) {
        ok = rename_checked(backup_name(i - 1), backup_name(i)) && ok;
      }
      if (!rename_checked(path_, backup_name(1))) {
        // The current file could not move aside: keep appending to it rather than lose lines.
        return;
      }
      if (ok && rename_failing_) {
        rename_failing_ = false;
        detail::report_error("rotating '" + path_ + "' works again");
      }
      writer_.detach();
      open_fresh(false);
    } else {
      // Without backups the file starts over (truncated) instead.
      writer_.detach();
      open_fresh(true);
    }
  }

  bool rename_checked(const std::string& from, const std::string& to) {
    if (std::rename(from.c_str(), to.c_str()) == 0 || errno == ENOENT) return true;
    if (!rename_failing_) {
      rename_failing_ = true;
      context_->report("cannot rotate '" + from + "' to '" + to + "': " + std::strerror(errno) +
                       " (reported once until a rotation works)");
    }
    return false;
  }

  bool open_fresh(bool truncate) {
    const int fd = detail::open_log_file(path_, truncate);
    if (fd < 0) {
      writer_.report_failure("cannot open rotated log file", errno);
      return false;
    }
    writer_.reset(fd, path_, context_);
    track(fd);
    return true;
  }

  void track(int fd) {
    id_ = detail::file_id(fd);
    struct stat st {};
    file_bytes_ = ::fstat(fd, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
  }

  std::string path_;
  std::size_t max_bytes_;
  std::size_t max_backups_;
  std::size_t file_bytes_ = 0;
  detail::FileId id_;
  bool rename_failing_ = false;
};

}  // namespace

SinkPtr rotating_file_sink(std::string path, std::size_t max_bytes, std::size_t max_backups) {
  return std::make_shared<RotatingFileSink>(std::move(path), max_bytes, max_backups);
}

}  // namespace ringlog
