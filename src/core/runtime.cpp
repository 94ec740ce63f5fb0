#include "core/runtime.h"

#include <unistd.h>

#include <bit>
#include <stdexcept>
#include <string>

#include "format/text_layout.h"

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
  detail::runtime().sink_errors.fetch_add(1, std::memory_order_relaxed);
  detail::report_error(message);
}

void validate(const Config& c) {
  const auto fail = [](const std::string& what) {
    throw std::invalid_argument("ringlog: invalid Config: " + what);
  };
  if (c.queue_bytes < 4096 || !std::has_single_bit(c.queue_bytes) ||
      c.queue_bytes > (std::size_t{1} << 31)) {
    fail("queue_bytes = " + std::to_string(c.queue_bytes) +
         " (must be a power of two from 4096 to 2^31)");
  }
  if (c.batch_size == 0) fail("batch_size = 0 (must be at least 1)");
  if (c.flush_interval.count() <= 0) {
    fail("flush_interval = " + std::to_string(c.flush_interval.count()) + "ms (must be > 0)");
  }
  if (c.idle_sleep.count() < 0) fail("idle_sleep is negative");
  if (c.reorder_window.count() < 0 || c.reorder_window > std::chrono::seconds{1}) {
    fail("reorder_window = " + std::to_string(c.reorder_window.count()) + "us (must be 0 to 1 s)");
  }
  if (c.shutdown_timeout.count() <= 0) {
    fail("shutdown_timeout = " + std::to_string(c.shutdown_timeout.count()) + "ms (must be > 0)");
  }
  if (c.backend_cpu < -1) fail("backend_cpu = " + std::to_string(c.backend_cpu));
  if (c.default_level > Level::off) fail("default_level is not a Level");
  try {
    detail::TextLayout probe(c.pattern, c.utc_time);
  } catch (const std::invalid_argument& e) {
    fail(std::string("pattern: ") + e.what());
  }
}

}  // namespace ringlog
