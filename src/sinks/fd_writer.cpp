#include "sinks/fd_writer.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

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
  if (fd_ >= 0) {
    // Best effort: the next descriptor is a new file, where the marker would mean nothing.
    end_torn_line();
    if (owned_) ::close(fd_);
  }
  fd_ = -1;
  torn_marker_left_ = 0;
}

void FdWriter::close() {
  detach();
  if (!failing_) return;
  failing_ = false;
  notify(fmt::format("'{}' was still failing when the sink closed: {} failed attempts, {}", label_,
                     failed_writes_, loss_text()));
}

void FdWriter::discard_front(std::size_t bytes) noexcept {
  lose({buffer_.data(), bytes}, 0);
  drop_front(bytes);
}

void FdWriter::drop_front(std::size_t bytes) noexcept {
  // memmove: the ranges overlap when more than half the buffer is kept.
  const std::size_t kept = buffer_.size() - bytes;
  std::memmove(buffer_.data(), buffer_.data() + bytes, kept);
  buffer_.resize(kept);
}

void FdWriter::report_failure(std::string_view what, int error_number) {
  ++failed_writes_;
  if (failing_) {
    // Reported once per run of failures; the count says how many followed.
    if (context_ != nullptr) context_->count_error();
    return;
  }
  failing_ = true;
  if (context_ == nullptr) return;
  context_->report(fmt::format("{} '{}': {} (further failures are counted, not repeated)", what,
                               label_, std::strerror(error_number)));
}

void FdWriter::notify(std::string_view message) const {
  if (context_ != nullptr) context_->notify(message);
}

std::size_t FdWriter::write_all(const char* data, std::size_t size, int& error_number) noexcept {
  std::size_t done = 0;
  error_number = fd_ < 0 ? EBADF : 0;
  while (done < size && error_number == 0) {
    const ssize_t n = ::write(fd_, data + done, size - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      error_number = n < 0 ? errno : EIO;
    }
  }
  bytes_written_ += done;
  return done;
}

int FdWriter::end_torn_line() noexcept {
  if (torn_marker_left_ == 0) return 0;
  int error_number = 0;
  const char* rest = kTornMarker.data() + (kTornMarker.size() - torn_marker_left_);
  torn_marker_left_ -= write_all(rest, torn_marker_left_, error_number);
  return error_number;
}

void FdWriter::lose(std::string_view bytes, std::size_t written) noexcept {
  const std::string_view rest = bytes.substr(written);
  lost_bytes_ += rest.size();
  if (framing_ != Framing::lines) return;
  // Every record ends in '\n': the record cut part-way is lost too, and counted here.
  const auto records = static_cast<std::uint64_t>(std::count(rest.begin(), rest.end(), '\n'));
  lost_records_ += records;
  if (context_ != nullptr) context_->lost_records(records);
  if (written > 0 && bytes[written - 1] != '\n') {
    // The file ends in a piece of a record. End it now if the target takes it (a short write
    // followed by an error often leaves room for nothing), else before the next bytes.
    torn_marker_left_ = kTornMarker.size();
    end_torn_line();
  }
}

std::string FdWriter::loss_text() const {
  if (framing_ != Framing::lines) return fmt::format("{} bytes lost", lost_bytes_);
  return fmt::format("{} records lost ({} bytes)", lost_records_, lost_bytes_);
}

bool FdWriter::flush() {
  return flush_front(buffer_.size());
}

bool FdWriter::flush_front(std::size_t bytes) {
  if (bytes == 0) return true;
  const std::string_view front(buffer_.data(), bytes);
  int error_number = fd_ < 0 ? EBADF : end_torn_line();
  std::size_t written = 0;
  if (error_number == 0) written = write_all(front.data(), front.size(), error_number);
  if (error_number != 0) lose(front, written);
  drop_front(bytes);
  if (error_number != 0) {
    report_failure("cannot write log", error_number);
    return false;
  }
  if (failing_) {
    failing_ = false;
    notify(fmt::format("writing '{}' works again after {} failed attempts; {}", label_,
                       failed_writes_, loss_text()));
    failed_writes_ = 0;
    lost_bytes_ = 0;
    lost_records_ = 0;
  }
  return true;
}

}  // namespace ringlog::detail
