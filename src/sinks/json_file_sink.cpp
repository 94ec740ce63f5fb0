// JSON Lines file sink: the file handling of file_sink() with the JSON layout.
#include <cerrno>
#include <string>

#include "format/json_layout.h"
#include "ringlog/sinks.h"
#include "sinks/fd_writer.h"
#include "sinks/file_open.h"

namespace ringlog {
namespace {

class JsonFileSink final : public Sink {
 public:
  explicit JsonFileSink(std::string path) : path_(std::move(path)) {}

  void open(const SinkContext& context) override {
    context_ = &context;
    const int fd = detail::open_log_file(path_, false);
    if (fd < 0) throw detail::open_error(path_);
    writer_.reset(fd, path_, &context);
  }
  void write(const LogEvent& event) override {
    layout_.format(event, writer_.buffer());
    // Bound the buffer when single records are huge; normally the batch flush empties it.
    if (writer_.buffer().size() > kMaxBuffered) flush();
  }
  void flush() override {
    // After a failed open or write, try the file again: logging resumes once the fault clears.
    if (!writer_.is_open() && writer_.buffer().size() > 0) reopen();
    writer_.flush();
  }
  void close() override {
    flush();
    writer_.close();
  }

 private:
  static constexpr std::size_t kMaxBuffered = std::size_t{1} << 20;

  void reopen() {
    const int fd = detail::open_log_file(path_, false);
    if (fd < 0) {
      writer_.report_failure("cannot reopen log file", errno);
      return;
    }
    writer_.reset(fd, path_, context_);
  }

  std::string path_;
  const SinkContext* context_ = nullptr;
  detail::JsonLayout layout_;
  detail::FdWriter writer_;
};

}  // namespace

SinkPtr json_file_sink(std::string path) {
  return std::make_shared<JsonFileSink>(std::move(path));
}

}  // namespace ringlog
