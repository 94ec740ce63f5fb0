// A buffered writer on a file descriptor that reports failures once, counts them, and says when
// writing works again.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>

#include "ringlog/sinks.h"

namespace ringlog::detail {

class FdWriter {
 public:
  FdWriter() = default;
  FdWriter(const FdWriter&) = delete;
  FdWriter& operator=(const FdWriter&) = delete;
  ~FdWriter();

  // Takes ownership of `fd` (closed on reset/destruction) unless `owned` is false.
  void reset(int fd, std::string label, const SinkContext* context, bool owned = true);
  void close();
  bool is_open() const noexcept { return fd_ >= 0; }

  fmt::memory_buffer& buffer() noexcept { return buffer_; }
  // Writes the whole buffer (retrying short writes and EINTR) and clears it. On failure the
  // bytes are discarded, the failure is reported (the first one in a row) and counted.
  bool flush();
  // Reports a failure of this writer's target with its label, e.g. an open that failed.
  void report_failure(std::string_view what, int error_number);

  std::uint64_t bytes_written() const noexcept { return bytes_written_; }
  std::uint64_t failed_writes() const noexcept { return failed_writes_; }

 private:
  int fd_ = -1;
  bool owned_ = true;
  std::string label_;
  const SinkContext* context_ = nullptr;
  fmt::memory_buffer buffer_;
  std::uint64_t bytes_written_ = 0;
  std::uint64_t failed_writes_ = 0;
  std::uint64_t lost_bytes_ = 0;
  bool failing_ = false;
};

}  // namespace ringlog::detail
