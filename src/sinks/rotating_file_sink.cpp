#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "runtime/runtime.h"
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
    write_out(writer_.buffer().size());
    // A failed rotation leaves the file growing until the next batch tries again: one attempt
    // per batch, not one per record.
    rotation_failed_ = false;
  }

 private:
  // Rotation is decided per record, not per batch, so max_bytes is a cap: the records before
  // this one go to the current file and this one starts the next. Only a record larger than
  // max_bytes makes a file larger, and it is alone in it.
  void record_added(std::size_t start) override {
    const std::size_t end = writer_.buffer().size();
    if (file_bytes_ + end > max_bytes_ && file_bytes_ + start > 0 && writer_.is_open() &&
        !rotation_failed_) {
      write_out(start);
      rotate();
    }
  }

  // Writes the first `bytes` buffered bytes to the current file, reopening the path first when
  // it is gone. A failed reopen is retried on every flush until the file can be created.
  void write_out(std::size_t bytes) {
    if (bytes == 0) return;
    if (writer_.is_open() && detail::path_moved_away(path_, id_)) {
      context_->report("log file '" + path_ + "' was deleted or replaced; reopening the path");
      writer_.detach();
    }
    if (!writer_.is_open() && !open_fresh(false)) {
      writer_.discard_front(bytes);
      return;
    }
    const std::uint64_t written_before = writer_.bytes_written();
    writer_.flush_front(bytes);
    // What reached the file, also when a write fails part-way.
    file_bytes_ += writer_.bytes_written() - written_before;
  }

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
        rotation_failed_ = true;
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
  bool rotation_failed_ = false;  // in this batch: no further attempt until the next one
};

}  // namespace

SinkPtr rotating_file_sink(std::string path, std::size_t max_bytes, std::size_t max_backups) {
  return std::make_shared<RotatingFileSink>(std::move(path), max_bytes, max_backups);
}

}  // namespace ringlog
