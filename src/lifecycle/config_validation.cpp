// Config checks, done once by start() before anything is touched.
#include <bit>
#include <stdexcept>
#include <string>

#include "format/text_layout.h"
#include "ringlog/config.h"
#include "ringlog/detail/spsc_ring.h"

namespace ringlog {

void validate(const Config& c) {
  const auto fail = [](const std::string& what) {
    throw std::invalid_argument("ringlog: invalid Config: " + what);
  };
  // The hot path skips its size check for records up to half of kMinRingBytes: the minimum is
  // part of that promise.
  if (c.queue_bytes < detail::kMinRingBytes || !std::has_single_bit(c.queue_bytes) ||
      c.queue_bytes > (std::size_t{1} << 31)) {
    fail("queue_bytes = " + std::to_string(c.queue_bytes) + " (must be a power of two from " +
         std::to_string(detail::kMinRingBytes) + " to 2^31)");
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
  if (c.ring_dir.find('\0') != std::string::npos || c.ring_dir.size() > 3000) {
    fail("ring_dir = \"" + c.ring_dir.substr(0, 64) +
         "\" (must be a directory path without NUL bytes, at most 3000 bytes)");
  }
  if (c.recover_at_start && c.ring_dir.empty()) {
    fail("recover_at_start needs ring_dir (the directory to recover from)");
  }
  try {
    detail::TextLayout probe(c.pattern, c.utc_time);
  } catch (const std::invalid_argument& e) {
    fail(std::string("pattern: ") + e.what());
  }
}

}  // namespace ringlog
