#include "sinks/fd_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/runtime.h"

namespace ringlog::detail {

FdWriter::~FdWriter() {
  detach();
}

void FdWriter::reset(int fd, std::string label, const SinkContext* context, bool owned) {
  detach();
  fd_ = fd;
  owned_ = owned;
  label_ = std::move(label);
  context_ = context;
}

void FdWriter::detach() {
  if (fd_ >= 0 && owned_) ::close(fd_);
  fd_ = -1;
}

void FdWriter::close() {
  detach();
  if (!failing_) return;
  failing_ = false;
  report_error(
      fmt::format("'{}' was still failing when the sink closed: {} failed attempts, "
                  "{} bytes lost",
                  label_, failed_writes_, lost_bytes_));
}

void FdWriter::discard() noexcept {
  lost_bytes_ += buffer_.size();
  buffer_.clear();
}

void FdWriter::report_failure(std::string_view what, int error_number) {
  ++failed_writes_;
  if (failing_) {
    runtime().sink_errors.fetch_add(1, std::memory_order_relaxed);
    return;  // reported once per run of failures; the count says how many followed
  }
  failing_ = true;
  const std::string msg = fmt::format("{} '{}': {} (further failures are counted, not repeated)",
                                      what, label_, std::strerror(error_number));
  if (context_ != nullptr) {
    context_->report(msg);
  } else {
    runtime().sink_errors.fetch_add(1, std::memory_order_relaxed);
    report_error(msg);
  }
}

bool FdWriter::flush() {
  if (buffer_.size() == 0) return true;
  const char* p = buffer_.data();
  std::size_t left = buffer_.size();
  int error_number = fd_ < 0 ? EBADF : 0;
  while (left > 0 && error_number == 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n > 0) {
      p += n;
      left -= static_cast<std::size_t>(n);
      bytes_written_ += static_cast<std::uint64_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      error_number = n < 0 ? errno : EIO;
    }
  }
  buffer_.clear();
  if (error_number != 0) {
    lost_bytes_ += left;
    report_failure("cannot write log", error_number);
    return false;
  }
  if (failing_) {
    failing_ = false;
    report_error(fmt::format("writing '{}' works again after {} failed attempts ({} bytes lost)",
                             label_, failed_writes_, lost_bytes_));
    failed_writes_ = 0;
    lost_bytes_ = 0;
  }
  return true;
}

}  // namespace ringlog::detail
