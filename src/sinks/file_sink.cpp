#include <cerrno>
#include <string>

#include "sinks/file_open.h"
#include "sinks/text_sink.h"

namespace ringlog {
namespace {

class FileSink final : public detail::TextSink {
 public:
  explicit FileSink(std::string path) : path_(std::move(path)) {}

  void flush() override {
    if (writer_.buffer().size() == 0) return;
    // A log file deleted or moved away (logrotate without copytruncate) would swallow every
    // later line: notice it by inode before each write and start a new file at the path.
    if (writer_.is_open() && detail::path_moved_away(path_, id_)) {
      context_->report("log file '" + path_ + "' was deleted or replaced; reopening the path");
      writer_.detach();
    }
    // After a failed open or a failed write, try the file again: logging resumes by itself once
    // the fault (missing directory, read-only directory, full disk) is cleared.
    if (!writer_.is_open() && !reopen()) {
      writer_.discard();
      return;
    }
    writer_.flush();
  }

 private:
  void open_target(const SinkContext& context) override {
    const int fd = detail::open_log_file(path_, false);
    if (fd < 0) throw detail::open_error(path_);
    writer_.reset(fd, path_, &context);
    id_ = detail::file_id(fd);
  }
  bool reopen() {
    const int fd = detail::open_log_file(path_, false);
    if (fd < 0) {
      writer_.report_failure("cannot reopen log file", errno);
      return false;
    }
    writer_.reset(fd, path_, context_);
    id_ = detail::file_id(fd);
    return true;
  }

  std::string path_;
  detail::FileId id_;
};

}  // namespace

SinkPtr file_sink(std::string path) {
  return std::make_shared<FileSink>(std::move(path));
}

}  // namespace ringlog
