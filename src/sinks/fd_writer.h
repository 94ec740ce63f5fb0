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

  // Takes ownership of `fd` (closed on reset/detach/close/destruction) unless `owned` is false.
  // A run of failures started before survives a reset: the next good write reports the recovery.
  void reset(int fd, std::string label, const SinkContext* context, bool owned = true);
  // Lets go of the descriptor (after its file was deleted or replaced); buffered bytes stay.
  void detach();
  // The sink is closing: lets go of the descriptor and, if writes are still failing, reports
  // how many failed and how many bytes were lost.
  void close();
  bool is_open() const noexcept { return fd_ >= 0; }

  fmt::memory_buffer& buffer() noexcept { return buffer_; }
  // Writes the whole buffer (retrying short writes and EINTR) and clears it. On failure the
  // bytes are discarded, the failure is reported (the first one in a row) and counted.
  bool flush();
  // Drops the buffered bytes, counting them as lost (the target could not be opened).
  void discard() noexcept;
  // Reports a failure of this writer's target with its label, e.g. an open that failed. Only
  // the first failure of a run is reported; the rest are counted.
  void report_failure(std::string_view what, int error_number);

  std::uint64_t bytes_written() const noexcept { return bytes_written_; }
  std::uint64_t failed_writes() const noexcept { return failed_writes_; }
  std::uint64_t lost_bytes() const noexcept { return lost_bytes_; }

 private:
  int fd_ = -1;
  bool owned_ = true;
  std::string label_;
  const SinkContext* context_ = nullptr;
  fmt::memory_buffer buffer_;
  std::uint64_t bytes_written_ = 0;
  std::uint64_t failed_writes_ = 0;  // in the current run of failures
  std::uint64_t lost_bytes_ = 0;     // in the current run of failures
  bool failing_ = false;
};

}  // namespace ringlog::detail
