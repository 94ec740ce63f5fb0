// Binary log sinks: records are encoded (not formatted) into checksummed chunks, one chunk per
// flush or per 64 KiB. Decode with ringlog-cat; docs/binary-format.md describes the bytes.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>

#include "codec/binary_writer.h"
#include "runtime/backend_thread.h"
#include "runtime/runtime.h"
#include "sinks/fd_writer.h"
#include "sinks/file_open.h"

namespace ringlog {
namespace detail {}  // namespace detail

namespace {

class BinaryFileSink final : public Sink {
 public:
  // max_bytes == 0: one file that grows; else rotate as rotating_file_sink() does.
  BinaryFileSink(std::string path, std::size_t max_bytes, std::size_t max_backups)
      : path_(std::move(path)), max_bytes_(max_bytes), max_backups_(max_backups) {}

  void open(const SinkContext& context) override {
    context_ = &context;
    pattern_ = context.config->pattern;
    utc_ = context.config->utc_time;
    append_fields_ = context.config->append_fields;
    // start() calibrated the clock before opening sinks, and no backend runs yet.
    anchor_ = detail::runtime().clock.anchor();
    const int fd = detail::open_log_file(path_, false);
    if (fd < 0) throw detail::open_error(path_);
    attach(fd);
    start_segment();
    flush();  // the header is on disk before any record: even a crash leaves a valid file
  }

  void write(const LogEvent& event) override {
    // Only the backend computes unix_ns from the runtime clock (and only it may read the clock
    // while it runs); records from synchronous loggers carry their own wall time.
    const detail::ClockAnchor* anchor = nullptr;
    if (detail::is_backend_thread()) {
      anchor_ = detail::runtime().clock.anchor();
      anchor = &anchor_;
    }
    if (need_segment_) start_segment();
    if (max_bytes_ != 0 && segment_has_records_ &&
        file_bytes_ + out_.buffer().size() + writer_.record_bound(event) +
                detail::BinaryWriter::kEndSegmentBytes >
            max_bytes_) {
      rotate();
    }
    if (!writer_.append(event, anchor)) {
      // Handed to this sink but not stored: lost, and counted as such (relaxed: a statistic).
      detail::runtime().counters.sink_lost_records.fetch_add(1, std::memory_order_relaxed);
      context_->report("binary sink '" + path_ + "': a record of '" +
                       std::string(event.site().format) +
                       "' does not match its call site's signature; skipped");
      return;
    }
    segment_has_records_ = true;
    if (out_.buffer().size() > kMaxBuffered) flush();
  }

  void flush() override {
    writer_.end_chunk();
    if (out_.buffer().size() == 0) return;
    // After a failed open or write, try the file again: logging resumes once the fault clears.
    if (!out_.is_open()) reopen(false);
    const std::size_t pending = out_.buffer().size();
    if (out_.flush()) {
      file_bytes_ += pending;
      segment_on_disk_ = true;
    } else {
      // The lost bytes may have held definitions, or the segment's header: send them again.
      writer_.forget_definitions();
      if (!segment_on_disk_) need_segment_ = true;
    }
  }

  void close() override {
    if (!out_.is_open() && out_.buffer().size() == 0) return;
    writer_.end_segment();
    flush();
    out_.close();
  }

 private:
  static constexpr std::size_t kMaxBuffered = std::size_t{1} << 20;

  void attach(int fd) {
    out_.reset(fd, path_, context_);
    struct stat st {};
    file_bytes_ = ::fstat(fd, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
  }

  void start_segment() {
    writer_.begin_segment(detail::current_file_header(pattern_, utc_, append_fields_, anchor_));
    need_segment_ = false;
    segment_has_records_ = false;
    segment_on_disk_ = false;
  }

  void reopen(bool truncate) {
    const int fd = detail::open_log_file(path_, truncate);
    if (fd < 0) {
      out_.report_failure("cannot open binary log file", errno);
      return;
    }
    attach(fd);
  }

  void rotate() {
    writer_.end_segment();
    flush();
    out_.close();
    detail::shift_backups(path_, max_backups_);
    // Without backups the file starts over (truncated) instead.
    reopen(max_backups_ == 0);
    start_segment();
  }

  std::string path_;
  std::size_t max_bytes_;
  std::size_t max_backups_;
  const SinkContext* context_ = nullptr;
  std::string pattern_;
  bool utc_ = true;
  bool append_fields_ = true;
  detail::ClockAnchor anchor_;
  detail::FdWriter out_{detail::FdWriter::Framing::opaque};
  detail::BinaryWriter writer_{out_.buffer()};
  std::size_t file_bytes_ = 0;
  bool need_segment_ = false;
  bool segment_has_records_ = false;
  bool segment_on_disk_ = false;  // the current segment's header reached the file
};

}  // namespace

SinkPtr binary_file_sink(std::string path) {
  return std::make_shared<BinaryFileSink>(std::move(path), 0, 0);
}

SinkPtr rotating_binary_file_sink(std::string path, std::size_t max_bytes,
                                  std::size_t max_backups) {
  if (max_bytes == 0)
    throw std::invalid_argument("ringlog: rotating_binary_file_sink max_bytes = 0");
  return std::make_shared<BinaryFileSink>(std::move(path), max_bytes, max_backups);
}

}  // namespace ringlog
