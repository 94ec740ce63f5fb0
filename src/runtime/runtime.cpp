#include "runtime/runtime.h"

#include <unistd.h>

#include <string>

namespace ringlog::detail {

Runtime& runtime() {
  // Leaked on purpose: threads and atexit hooks may still log while statics are destroyed.
  static Runtime* const instance = new Runtime;
  return *instance;
}

void report_error(std::string_view message) noexcept {
  Runtime& rt = runtime();
  try {
    if (rt.config.error_handler) {
      rt.config.error_handler(message);
      return;
    }
  } catch (...) {
    // A throwing handler must not take the backend down; fall through to stderr.
  }
  std::string line = "ringlog: ";
  line.append(message);
  line.push_back('\n');
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace ringlog::detail

namespace ringlog {

void SinkContext::report(std::string_view message) const {
  detail::runtime().counters.sink_errors.fetch_add(1, std::memory_order_relaxed);
  detail::report_error(message);
}

// Relaxed: counters for stats(), only ever summed and read.
void SinkContext::count_error() const noexcept {
  detail::runtime().counters.sink_errors.fetch_add(1, std::memory_order_relaxed);
}

void SinkContext::notify(std::string_view message) const {
  detail::report_error(message);
}

void SinkContext::lost_records(std::uint64_t count) const noexcept {
  detail::runtime().counters.sink_lost_records.fetch_add(count, std::memory_order_relaxed);
}

}  // namespace ringlog
