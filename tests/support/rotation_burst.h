// The rotation-cap scenario shared by the text and binary rotating sinks' tests: 3000 records in
// one batch (so rotation has to happen inside it), one of them alone larger than max_bytes, then
// every rotated file read back and every record counted.
#pragma once

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "ringlog/ringlog.h"

namespace ringlog::test {

struct RotationBurst {
  static constexpr std::size_t kMax = 4096;  // the sink's max_bytes
  static constexpr int kRecords = 3000;
  static constexpr int kHuge = 1000;  // this record alone is larger than kMax

  // Logs "rec <i> <padding>" for every record through `sink`, in one batch, then stops.
  static void log_through(SinkPtr sink) {
    Config config;
    config.batch_size = 1'000'000;  // one batch, one flush at stop
    config.flush_interval = std::chrono::hours{1};
    start(config, {std::move(sink)});
    Logger& log = get_logger("cap");
    for (int i = 0; i < kRecords; ++i) {
      RLOG_INFO(log, "rec {} {}", i, i == kHuge ? std::string(2 * kMax, 'x') : std::string());
    }
    stop();
  }

  // `path`, `path`.1, `path`.2, ... while they exist.
  static std::vector<std::string> files(const std::string& path) {
    std::vector<std::string> out;
    for (std::size_t n = 0;; ++n) {
      std::string file = n == 0 ? path : path + "." + std::to_string(n);
      if (!std::filesystem::exists(file)) return out;
      out.push_back(std::move(file));
    }
  }
};

// How often each record number was read back.
class RecordTally {
 public:
  explicit RecordTally(int records) : seen_(static_cast<std::size_t>(records), 0) {}
  // Counts record `i`; false when `i` is not a record number.
  bool add(int i) {
    if (i < 0 || static_cast<std::size_t>(i) >= seen_.size()) return false;
    ++seen_[static_cast<std::size_t>(i)];
    ++total_;
    return true;
  }
  std::size_t total() const { return total_; }
  // How many records were read exactly once.
  std::size_t once() const {
    return static_cast<std::size_t>(std::count(seen_.begin(), seen_.end(), 1));
  }

 private:
  std::vector<int> seen_;
  std::size_t total_ = 0;
};

}  // namespace ringlog::test
