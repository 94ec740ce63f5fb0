// Shared by the stress tests: how far to scale the counts down, peak memory, and a sink that
// checks every record as it arrives.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "ringlog/ringlog.h"

namespace ringlog::test {

// Divisor for the record counts: $RINGLOG_STRESS_SCALE if set, else 20 under ThreadSanitizer
// and 4 under AddressSanitizer (both slow every record down a lot), else 1.
inline int stress_scale() {
  if (const char* env = std::getenv("RINGLOG_STRESS_SCALE")) {
    const int v = std::atoi(env);
    if (v >= 1) return v;
  }
#if defined(__SANITIZE_THREAD__)
  return 20;
#elif defined(__SANITIZE_ADDRESS__)
  return 4;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
  return 20;
#elif __has_feature(address_sanitizer)
  return 4;
#else
  return 1;
#endif
#else
  return 1;
#endif
}

// A field of /proc/self/status in KiB, e.g. "VmHWM" (peak resident set) or "VmRSS".
inline long proc_status_kib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
  }
  return -1;
}

// Checks records "p=<producer> s=<sequence>" as they arrive: with `gapless`, each producer's
// sequence must be exactly 0, 1, 2, ...; otherwise only strictly increasing (drops allowed).
// Also sums the backend's "dropped N records" reports.
class VerifyingSink final : public Sink {
 public:
  VerifyingSink(int producers, bool gapless)
      : gapless_(gapless),
        next_(static_cast<std::size_t>(producers), 0),
        count_(static_cast<std::size_t>(producers), 0) {}

  void open(const SinkContext&) override {}
  void write(const LogEvent& event) override {
    const std::string_view message = event.message();
    if (event.site().logger_name == "ringlog") {
      unsigned long long n = 0;
      if (std::sscanf(std::string(message).c_str(), "dropped %llu records", &n) == 1) {
        reported_drops_ += n;
      }
      return;
    }
    int p = -1;
    long long s = -1;
    if (std::sscanf(std::string(message).c_str(), "p=%d s=%lld", &p, &s) != 2 || p < 0 ||
        p >= static_cast<int>(next_.size())) {
      ++errors_;
      return;
    }
    const auto i = static_cast<std::size_t>(p);
    // gapless: exactly the next one; otherwise: anything after the last one seen.
    if (gapless_ ? s != next_[i] : s < next_[i]) ++errors_;
    next_[i] = s + 1;
    ++count_[i];
  }
  void flush() override {}

  // Read after stop(): the backend is gone.
  std::uint64_t count(int producer) const { return count_[static_cast<std::size_t>(producer)]; }
  std::uint64_t total() const {
    std::uint64_t t = 0;
    for (const std::uint64_t c : count_) t += c;
    return t;
  }
  std::uint64_t errors() const { return errors_; }
  std::uint64_t reported_drops() const { return reported_drops_; }

 private:
  bool gapless_;
  std::vector<long long> next_;
  std::vector<std::uint64_t> count_;
  std::uint64_t errors_ = 0;
  std::uint64_t reported_drops_ = 0;
};

}  // namespace ringlog::test
