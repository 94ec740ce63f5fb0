#include "cat/output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ringlog::cat {

bool Output::flush() {
  const char* p = buffer_.data();
  std::size_t left = closed_ ? 0 : buffer_.size();
  bool ok = true;
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n > 0) {
      p += n;
      left -= static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      if (n < 0 && errno != EPIPE) {
        std::fprintf(stderr, "ringlog-cat: cannot write output: %s\n", std::strerror(errno));
        ok = false;
      }
      closed_ = true;
      break;
    }
  }
  buffer_.clear();
  return ok;
}

}  // namespace ringlog::cat
