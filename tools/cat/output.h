// ringlog-cat's standard output: one buffer, written in large blocks. A closed pipe
// (ringlog-cat x | head) is not an error: writing stops and closed() turns true.
#pragma once

#include <fmt/format.h>

namespace ringlog::cat {

class Output {
 public:
  // Writes to standard output, or to `fd` (not closed here).
  explicit Output(int fd = 1) : fd_(fd) {}
  fmt::memory_buffer& buffer() { return buffer_; }
  // Writes the buffer out once it holds a block's worth.
  void maybe_flush() {
    if (buffer_.size() >= kBlock) flush();
  }
  // Writes everything buffered. Returns false on a write error other than a closed pipe
  // (reported on stderr).
  bool flush();
  bool closed() const { return closed_; }

 private:
  static constexpr std::size_t kBlock = std::size_t{1} << 16;
  fmt::memory_buffer buffer_;
  bool closed_ = false;
  int fd_;
};

}  // namespace ringlog::cat
