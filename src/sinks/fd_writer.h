// A buffered writer on a file descriptor that reports failures once, counts them, and says when
// writing works again.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "ringlog/sinks.h"

namespace ringlog::detail {

class FdWriter {
 public:
  // What the buffered bytes are. `lines`: records of one line each, ending in '\n' (the text and
  // JSON layouts). A failed write then counts the records it lost, and a record cut part-way is
  // ended with kTornMarker so the next record starts on a line of its own. `opaque`: bytes the
  // writer knows nothing about (the binary log, whose chunks carry their own checksums).
  enum class Framing : std::uint8_t { lines, opaque };
  // Ends a line that a failed write cut part-way: the line is recognisably incomplete.
  static constexpr std::string_view kTornMarker = "...[write failed]\n";

  explicit FdWriter(Framing framing = Framing::lines) noexcept : framing_(framing) {}
  FdWriter(const FdWriter&) = delete;
  FdWriter& operator=(const FdWriter&) = delete;
  ~FdWriter();

  // Takes ownership of `fd` (closed on reset/detach/close/destruction) unless `owned` is false.
  // Failures and losses are reported and counted through `context` (which outlives the writer).
  // A run of failures started before survives a reset: the next good write reports the recovery.
  void reset(int fd, std::string label, const SinkContext* context, bool owned = true);
  // Lets go of the descriptor (after its file was deleted or replaced); buffered bytes stay. A
  // line cut by a failed write is ended with kTornMarker first, if the file takes it.
  void detach();
  // The sink is closing: lets go of the descriptor and, if writes are still failing, reports
  // how many failed and how much was lost.
  void close();
  bool is_open() const noexcept { return fd_ >= 0; }

  fmt::memory_buffer& buffer() noexcept { return buffer_; }
  // Writes the whole buffer (retrying short writes and EINTR) and clears it; with `lines`, a
  // line left cut by an earlier failure is first ended with kTornMarker. On failure the bytes
  // not written are discarded, and the records among them counted as lost
  // (stats().sink_lost_records); the failure is reported (the first one in a row) and counted.
  bool flush();
  // Writes the first `bytes` buffered bytes as flush() does and keeps the rest, moved to the
  // front of the buffer. `bytes` must end a record.
  bool flush_front(std::size_t bytes);
  // Drops the buffered bytes, counting them as lost (the target could not be opened).
  void discard() noexcept { discard_front(buffer_.size()); }
  // Drops the first `bytes` buffered bytes as discard() does and keeps the rest.
  void discard_front(std::size_t bytes) noexcept;
  // Reports a failure of this writer's target with its label, e.g. an open that failed. Only
  // the first failure of a run is reported; the rest are counted.
  void report_failure(std::string_view what, int error_number);

  // Bytes that reached the target (records and markers), since construction.
  std::uint64_t bytes_written() const noexcept { return bytes_written_; }
  std::uint64_t failed_writes() const noexcept { return failed_writes_; }
  std::uint64_t lost_bytes() const noexcept { return lost_bytes_; }

 private:
  // Writes [data, data + size) (retrying short writes and EINTR); returns how many bytes were
  // written and sets `error_number` (0 when all were).
  std::size_t write_all(const char* data, std::size_t size, int& error_number) noexcept;
  // Writes what is left of kTornMarker after a cut line; returns the errno of a failure, or 0.
  int end_torn_line() noexcept;
  // Counts bytes [written, end) of `bytes` as lost, and the records among them; notes a line
  // cut part-way.
  void lose(std::string_view bytes, std::size_t written) noexcept;
  std::string loss_text() const;
  void notify(std::string_view message) const;
  // Removes the first `bytes` buffered bytes, keeping the rest in order.
  void drop_front(std::size_t bytes) noexcept;

  int fd_ = -1;
  bool owned_ = true;
  Framing framing_;
  std::string label_;
  const SinkContext* context_ = nullptr;
  fmt::memory_buffer buffer_;
  std::uint64_t bytes_written_ = 0;
  std::uint64_t failed_writes_ = 0;   // in the current run of failures
  std::uint64_t lost_bytes_ = 0;      // in the current run of failures
  std::uint64_t lost_records_ = 0;    // in the current run of failures (`lines` only)
  std::size_t torn_marker_left_ = 0;  // bytes of kTornMarker the target still has to get
  bool failing_ = false;
};

}  // namespace ringlog::detail
